package analysis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/risk"
	"orewatch/internal/simulate"
	"orewatch/internal/store/sqlite"
)

// TestUnstoredEqualsStored: an analysis that keeps no store reads the
// bundle alone and must give what importing it into an empty store and
// reading it back gives — every declaration's findings, every alert, the
// rejected rows and the counts — on a world with EPCIS documents, one of
// them invalid, one captured twice, and party links and list entries
// written twice.
func TestUnstoredEqualsStored(t *testing.T) {
	ctx := context.Background()
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := risk.LoadReference(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "world")
	if _, err := simulate.Write(dir, cat, simulate.Options{Seed: 11, Scale: 0.3}); err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob(filepath.Join(dir, "epcis", "*.json"))
	if err != nil || len(docs) < 2 {
		t.Fatalf("documents %v: %v", docs, err)
	}
	doc, err := os.ReadFile(docs[0])
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("epcis/zz-again.json", doc)
	bad := bytes.Replace(doc, []byte(`"action":"ADD"`), []byte(`"action":"MADE"`), 1)
	if bytes.Equal(bad, doc) {
		t.Fatal("no ADD action to spoil")
	}
	write("epcis/zz-invalid.json", bad)
	appendLines := func(name string, n int, edit func(string) string) {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Split(bytes.TrimRight(raw, "\n"), []byte("\n"))
		if len(lines) < n+1 {
			t.Fatalf("%s has %d lines", name, len(lines))
		}
		for _, l := range lines[1 : n+1] {
			raw = append(raw, edit(string(l))+"\n"...)
		}
		write(name, raw)
	}
	appendLines("party_links.csv", 3, func(l string) string { return l })
	appendLines("entity_lists.csv", 1, func(l string) string { return l })

	run := func(stored bool) []byte {
		b, err := bundle.Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		d := analysis.Deps{Catalog: cat, Lists: lists, Risk: ref, Actor: audit.Actor{Name: "test"}}
		if stored {
			db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), sqlite.FileName), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			d.Store = db
		}
		res, err := analysis.Run(ctx, d, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		out, err := json.MarshalIndent(map[string]any{"declarations": res.Declarations, "alerts": res.Alerts,
			"rejected": b.Rejected, "files": b.Files, "imported": res.Imported, "leakage": res.Leakage}, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	stored, unstored := run(true), run(false)
	if !bytes.Contains(stored, []byte("zz-invalid.json")) || !bytes.Contains(stored, []byte(`"unchanged": 3`)) {
		t.Fatalf("the world does not exercise what it should:\n%.3000s", stored)
	}
	if !bytes.Equal(stored, unstored) {
		a, b := bytes.Split(stored, []byte("\n")), bytes.Split(unstored, []byte("\n"))
		for i := range min(len(a), len(b)) {
			if !bytes.Equal(a[i], b[i]) {
				t.Fatalf("line %d differs:\nstored   %s\nunstored %s", i+1, a[i], b[i])
			}
		}
		t.Fatalf("stored %d lines, unstored %d", len(a), len(b))
	}
}
