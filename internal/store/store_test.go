package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"orewatch/internal/core"
	"orewatch/internal/store"
	"orewatch/internal/store/postgres"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/sqlstore"
	"orewatch/internal/store/storetest"
)

func TestMigrationFilesPaired(t *testing.T) {
	sq, err := sqlstore.LoadMigrations(sqlite.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	pg, err := sqlstore.LoadMigrations(postgres.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	if len(sq) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(sq), len(pg))
	}
	for i := range sq {
		if sq[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %q, postgres %q", i+1, sq[i].Name, pg[i].Name)
		}
	}
}

// column is one column as both databases can describe it.
type column struct {
	Table, Name, Class string
	NotNull            bool
}

// classOf maps declared types to the kinds the code relies on: what is an
// integer must be an integer on both sides, what is text text (SQLite keeps
// dates and timestamps as text).
func classOf(dialect, typ string) string {
	typ = strings.ToLower(typ)
	switch {
	case strings.Contains(typ, "int"):
		return "integer"
	case typ == "boolean" || typ == "bool":
		return "integer" // SQLite stores booleans as 0/1
	case strings.Contains(typ, "text") || strings.Contains(typ, "char") || typ == "date" || strings.Contains(typ, "timestamp"):
		return "text"
	case typ == "blob" || typ == "bytea":
		return "bytes"
	}
	return typ
}

func sqliteColumns(t *testing.T, db *sql.DB) []column {
	rows, err := db.Query(`SELECT m.name, p.name, p.type, p."notnull" FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		var typ string
		if err := rows.Scan(&c.Table, &c.Name, &typ, &c.NotNull); err != nil {
			t.Fatal(err)
		}
		c.Class = classOf("sqlite", typ)
		out = append(out, c)
	}
	return out
}

func postgresColumns(t *testing.T, db *sql.DB) []column {
	rows, err := db.Query(`SELECT table_name, column_name, data_type, is_nullable = 'NO' FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, column_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		var typ string
		if err := rows.Scan(&c.Table, &c.Name, &typ, &c.NotNull); err != nil {
			t.Fatal(err)
		}
		c.Class = classOf("postgres", typ)
		out = append(out, c)
	}
	return out
}

// TestSchemaParity migrates both databases and compares every table and
// column: a migration written for one and forgotten for the other fails.
func TestSchemaParity(t *testing.T) {
	url := storetest.PostgresSchemaURL(t)
	ctx := context.Background()
	sq, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	pg, err := postgres.Open(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	for _, db := range []*sqlstore.DB{sq, pg} {
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	a := sqliteColumns(t, rawSQLite(t, sq))
	b := postgresColumns(t, rawSQLite(t, pg))
	if len(a) == 0 {
		t.Fatal("no SQLite columns read")
	}
	key := func(c column) string { return c.Table + "." + c.Name }
	am, bm := map[string]column{}, map[string]column{}
	for _, c := range a {
		am[key(c)] = c
	}
	for _, c := range b {
		bm[key(c)] = c
	}
	var keys []string
	for k := range am {
		keys = append(keys, k)
	}
	for k := range bm {
		if _, ok := am[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		x, okx := am[k]
		y, oky := bm[k]
		switch {
		case !okx:
			t.Errorf("%s exists only on PostgreSQL", k)
		case !oky:
			t.Errorf("%s exists only on SQLite", k)
		case x.Class != y.Class:
			t.Errorf("%s: SQLite %s, PostgreSQL %s", k, x.Class, y.Class)
		case x.NotNull != y.NotNull && !strings.HasSuffix(k, ".version"):
			// SQLite reports INTEGER PRIMARY KEY as nullable; PostgreSQL does not.
			t.Errorf("%s: NOT NULL differs (SQLite %v, PostgreSQL %v)", k, x.NotNull, y.NotNull)
		}
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "n.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// A newer binary left migration 999 behind.
	if _, err := rawSQLite(t, db).Exec(`INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', 'x', '2030-01-01')`); err != nil {
		t.Fatal(err)
	}
	_, err = db.Migrate(ctx)
	var tooNew *sqlstore.ErrSchemaTooNew
	if !asTooNew(err, &tooNew) || tooNew.Database != 999 {
		t.Fatalf("Migrate on a newer schema returned %v, want ErrSchemaTooNew", err)
	}
}

func TestDetectsEditedMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "e.db")
	db, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	orig, _ := sqlstore.LoadMigrations(sqlite.Migrations())
	edited := fstest.MapFS{}
	for _, m := range orig {
		body := m.SQL
		if m.Version == 1 {
			body += "\n-- edited after release\n"
		}
		edited[m.Name+".sql"] = &fstest.MapFile{Data: []byte(body)}
	}
	raw, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	d := sqlite.Dialect()
	d.Migrations = edited
	again := sqlstore.New(rawSQLite(t, raw), d, sqlstore.Options{})
	_, err = again.Migrate(ctx)
	if core.ErrorCode(err) != core.ECONFLICT || !strings.Contains(err.Error(), "changed after it was applied") {
		t.Fatalf("Migrate with an edited migration returned %v", err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://ow:s3cret@db:5432/orewatch?sslmode=disable": "postgres://ow:REDACTED@db:5432/orewatch?sslmode=disable",
		"postgres://postgres@127.0.0.1:5432/test":               "postgres://postgres@127.0.0.1:5432/test",
		"postgres://db/x": "postgres://db/x",
	} {
		if got := store.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func rawSQLite(t *testing.T, db *sqlstore.DB) *sql.DB { t.Helper(); return db.SQL() }

func asTooNew(err error, target **sqlstore.ErrSchemaTooNew) bool { return errors.As(err, target) }
