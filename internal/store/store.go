// Package store picks and opens the configured store: the embedded SQLite
// file by default, PostgreSQL when the database URL says so. Only cmd calls
// it; everything else sees core.Store.
package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"orewatch/internal/store/postgres"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/sqlstore"
)

// Location says where the data lives.
type Location struct {
	// DatabaseURL is a postgres:// URL; empty means the embedded store.
	DatabaseURL string
	// DataDir holds the embedded database file (and, later, attachments).
	DataDir string
	// SQLiteCacheMiB bounds the embedded store's page caches
	// (sqlite.DefaultCacheMiB when zero).
	SQLiteCacheMiB int
}

// IsPostgres reports whether the URL names PostgreSQL.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Describe is a human description of where data lives, without secrets.
func (l Location) Describe() string {
	if l.DatabaseURL != "" {
		return "PostgreSQL " + Redact(l.DatabaseURL)
	}
	return "SQLite " + filepath.Join(l.DataDir, sqlite.FileName)
}

// Open opens the store; it does not migrate.
func Open(ctx context.Context, l Location, now func() time.Time) (*sqlstore.DB, error) {
	switch {
	case l.DatabaseURL == "":
		return sqlite.OpenWith(ctx, filepath.Join(l.DataDir, sqlite.FileName), sqlite.Options{Now: now, CacheMiB: l.SQLiteCacheMiB})
	case IsPostgres(l.DatabaseURL):
		return postgres.Open(ctx, l.DatabaseURL, now)
	case strings.HasPrefix(l.DatabaseURL, "sqlite:"):
		return sqlite.OpenWith(ctx, strings.TrimPrefix(strings.TrimPrefix(l.DatabaseURL, "sqlite:"), "//"), sqlite.Options{Now: now, CacheMiB: l.SQLiteCacheMiB})
	}
	return nil, fmt.Errorf("database URL %q: want postgres://… or sqlite:PATH (or none for the embedded store)", Redact(l.DatabaseURL))
}

// OpenMigrated opens the store and applies pending migrations, refusing a
// schema newer than this binary.
func OpenMigrated(ctx context.Context, l Location, now func() time.Time) (*sqlstore.DB, []sqlstore.Migration, error) {
	db, err := Open(ctx, l, now)
	if err != nil {
		return nil, nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrate %s: %w", l.Describe(), err)
	}
	return db, applied, nil
}

// Redact hides the password in a database URL.
func Redact(url string) string {
	i := strings.Index(url, "://")
	if i < 0 {
		return url
	}
	rest := url[i+3:]
	at := strings.LastIndex(strings.SplitN(rest, "/", 2)[0], "@")
	if at < 0 {
		return url
	}
	cred := rest[:at]
	if c := strings.Index(cred, ":"); c >= 0 {
		cred = cred[:c] + ":REDACTED"
	}
	return url[:i+3] + cred + rest[at:]
}
