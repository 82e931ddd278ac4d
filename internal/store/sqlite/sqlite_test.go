package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"orewatch/internal/core"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/storetest"
)

func openTest(t *testing.T) core.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) { storetest.Run(t, openTest) }
