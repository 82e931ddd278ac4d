package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"orewatch/internal/core"
)

// Migration is one up-only schema step, NNNN_name.sql.
type Migration struct {
	Version  int
	Name     string
	SQL      string
	Checksum string // sha256 of the file, hex
}

var migrationName = regexp.MustCompile(`^(\d{4})_([a-z0-9_]+)\.sql$`)

// LoadMigrations reads and orders the migrations of a dialect. Versions must
// run 1, 2, 3 … without gaps, so that the SQLite and PostgreSQL sets can be
// compared number by number.
func LoadMigrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration file %q: name must be NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		v, _ := strconv.Atoi(m[1])
		sum := sha256.Sum256(b)
		ms = append(ms, Migration{Version: v, Name: strings.TrimSuffix(path.Base(e.Name()), ".sql"), SQL: string(b), Checksum: hex.EncodeToString(sum[:])})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d (no gaps or duplicates)", m.Name, i+1)
		}
	}
	return ms, nil
}

// ErrSchemaTooNew is returned when the database was migrated by a newer
// OreWatch: running against it could corrupt data the newer version wrote.
type ErrSchemaTooNew struct{ Database, Binary int }

func (e *ErrSchemaTooNew) Error() string {
	return fmt.Sprintf("database schema version %d is newer than this binary's %d: upgrade OreWatch", e.Database, e.Binary)
}

// MigrationStatus says where a database stands.
type MigrationStatus struct {
	Current int         // newest applied version
	Latest  int         // newest version this binary knows
	Pending []Migration // not yet applied
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	checksum TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// Status compares the applied migrations with the embedded ones, checking
// every applied migration's checksum: an edited migration is an error, not
// something to paper over.
func (db *DB) Status(ctx context.Context) (MigrationStatus, error) {
	ms, err := LoadMigrations(db.dialect.Migrations)
	if err != nil {
		return MigrationStatus{}, err
	}
	st := MigrationStatus{Latest: len(ms)}
	if _, err := db.w.ExecContext(ctx, createMigrationsTable); err != nil {
		return st, fmt.Errorf("create schema_migrations: %w", err)
	}
	rows, err := db.w.QueryContext(ctx, `SELECT version, checksum FROM schema_migrations ORDER BY version`)
	if err != nil {
		return st, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		var sum string
		if err := rows.Scan(&v, &sum); err != nil {
			return st, fmt.Errorf("read schema_migrations: %w", err)
		}
		if v > st.Current {
			st.Current = v
		}
		applied[v] = true
		if v > len(ms) {
			continue
		}
		if ms[v-1].Checksum != sum {
			return st, core.Errorf(core.ECONFLICT, "migration %s was changed after it was applied (checksum %s, database has %s)", ms[v-1].Name, ms[v-1].Checksum[:12], sum[:min(12, len(sum))])
		}
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	if st.Current > st.Latest {
		return st, &ErrSchemaTooNew{Database: st.Current, Binary: st.Latest}
	}
	for _, m := range ms {
		if !applied[m.Version] {
			st.Pending = append(st.Pending, m)
		}
	}
	return st, nil
}

// Migrate applies pending migrations, each in its own transaction, and
// returns the ones applied.
func (db *DB) Migrate(ctx context.Context) ([]Migration, error) {
	st, err := db.Status(ctx)
	if err != nil {
		return nil, err
	}
	var done []Migration
	for _, m := range st.Pending {
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			for _, stmt := range splitStatements(m.SQL) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migration %s: %w\n%s", m.Name, err, stmt)
				}
			}
			_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)`),
				m.Version, m.Name, m.Checksum, db.now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return done, err
		}
		done = append(done, m)
	}
	return done, nil
}

// SchemaVersion is the newest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// splitStatements splits a migration on ";" at line ends. Migrations are
// plain DDL without procedural bodies, so this is enough and keeps each
// driver's multi-statement quirks out of the way.
func splitStatements(s string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}
