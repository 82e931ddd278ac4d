package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"orewatch/internal/core"
	"orewatch/internal/store/postgres"
	"orewatch/internal/store/sqlite"
)

// EachStore runs fn as a sub-test on a fresh, migrated SQLite store and,
// when PostgresEnv is set, on a fresh PostgreSQL schema (skipped, saying
// why, otherwise): for packages whose behaviour involves the store.
func EachStore(t *testing.T, fn func(t *testing.T, s core.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		fn(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		db, err := postgres.Open(context.Background(), PostgresSchemaURL(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		fn(t, db)
	})
}
