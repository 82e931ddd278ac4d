package versions_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"orewatch/internal/core"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/versions"
)

// TestCount: a new record is stored with its first version, an identical
// one counts unchanged and keeps nothing, an amended one keeps the state
// it replaced (once, before its first change here) and the new one.
func TestCount(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), sqlite.FileName), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var tally versions.Tally
	count := func(prev, next *core.Party, changed bool) {
		t.Helper()
		if err := db.WithTx(ctx, func(r core.Repos) error {
			return versions.Count(ctx, r, &tally, core.VersionParty, next.ID, prev, next, changed, "officer", "test", now)
		}); err != nil {
			t.Fatal(err)
		}
	}
	a := &core.Party{ID: "P1", Name: "Harbour Resources Ltd", Country: "HK"}
	b := &core.Party{ID: "P1", Name: "Harbour Resources Limited", Country: "HK"}
	count(nil, a, true) // new
	count(a, a, false)  // sent again
	count(a, b, true)   // amended
	imported := &core.Party{ID: "P2", Name: "Kowloon Metals", Country: "HK"}
	count(imported, &core.Party{ID: "P2", Name: "Kowloon Metals Ltd", Country: "HK"}, true) // stored by an import, first changed here
	if tally != (versions.Tally{Stored: 1, Amended: 2, Unchanged: 1}) {
		t.Errorf("tally %+v", tally)
	}
	for id, want := range map[string]int{"P1": 2, "P2": 2} {
		if vs, err := db.Versions().List(ctx, core.VersionParty, id); err != nil || len(vs) != want {
			t.Errorf("%s: %d versions, want %d (%v)", id, len(vs), want, err)
		}
	}
}
