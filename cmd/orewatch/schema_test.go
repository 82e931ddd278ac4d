package main

import (
	"context"
	"path/filepath"
	"testing"

	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/sqlstore"
)

// bumpSchema records a migration from the future, as a newer OreWatch
// would leave behind.
func bumpSchema(t *testing.T, path string) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL().Exec(`INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, '0099_future', 'x', '2030-01-01')`); err != nil {
		t.Fatal(err)
	}
}

func openData(t *testing.T, dir string) *sqlstore.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, sqlite.FileName), nil)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
