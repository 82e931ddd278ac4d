package live_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/live"
	"orewatch/internal/risk"
	"orewatch/internal/simulate"
	"orewatch/internal/store/sqlite"
)

// shipped is the reference data every test judges with.
type shipped struct {
	cat   *catalog.Catalog
	lists []*core.ListEntry
	ref   *risk.Reference
}

func loadShipped(tb testing.TB) shipped {
	tb.Helper()
	cat, err := catalog.Load(data.FS)
	if err != nil {
		tb.Fatal(err)
	}
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		tb.Fatal(err)
	}
	ref, err := risk.LoadReference(data.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return shipped{cat, lists, ref}
}

func (s shipped) deps(st core.Store) analysis.Deps {
	return analysis.Deps{Store: st, Catalog: s.cat, Lists: s.lists, Risk: s.ref, Actor: audit.Actor{Name: "test"}}
}

// world writes and reads a simulated world.
func (s shipped) world(tb testing.TB, seed uint64, scale float64) *bundle.Bundle {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "world")
	if _, err := simulate.Write(dir, s.cat, simulate.Options{Seed: seed, Scale: scale}); err != nil {
		tb.Fatal(err)
	}
	return readWorld(tb, dir)
}

func readWorld(tb testing.TB, dir string) *bundle.Bundle {
	tb.Helper()
	b, err := bundle.Read(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// openSQLite is a fresh, migrated embedded store.
func openSQLite(tb testing.TB) core.Store {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), sqlite.FileName), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

// newDetectors starts live detectors on st, quietly.
func newDetectors(tb testing.TB, s shipped, st core.Store) *live.Detectors {
	tb.Helper()
	det, err := live.New(context.Background(), s.deps(st), 0, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	return det
}

// byDeclaration groups a bundle's items by declaration, in file order.
func byDeclaration(items []*core.DeclarationItem) (map[string][]*core.DeclarationItem, []string) {
	by := map[string][]*core.DeclarationItem{}
	var nos []string
	for _, it := range items {
		if by[it.DeclarationNo] == nil {
			nos = append(nos, it.DeclarationNo)
		}
		by[it.DeclarationNo] = append(by[it.DeclarationNo], it)
	}
	return by, nos
}

func codes(fs []core.Finding) string {
	var cs []string
	for _, f := range fs {
		if !slices.Contains(cs, f.Code) {
			cs = append(cs, f.Code)
		}
	}
	sort.Strings(cs)
	return strings.Join(cs, ",")
}
