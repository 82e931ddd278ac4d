package postgres_test

import (
	"context"
	"testing"

	"orewatch/internal/core"
	"orewatch/internal/store/postgres"
	"orewatch/internal/store/storetest"
)

func openTest(t *testing.T) core.Store {
	t.Helper()
	db, err := postgres.Open(context.Background(), storetest.PostgresSchemaURL(t), nil)
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
