// Package postgres opens OreWatch's scale-out store: PostgreSQL through
// pgx's database/sql driver, sharing all SQL with the embedded store.
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the embedded migration files.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}

// Dialect is PostgreSQL's dialect for sqlstore.
func Dialect() sqlstore.Dialect {
	return sqlstore.Dialect{Name: "postgres", Numbered: true, Migrations: Migrations(), TranslateError: translateError}
}

// Open connects to the database at a postgres:// URL. Unknown URL
// parameters (search_path, application_name) are sent as run-time settings.
func Open(ctx context.Context, url string, now func() time.Time) (*sqlstore.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := sqlstore.New(db, Dialect(), sqlstore.Options{Now: now})
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.Ping(pctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return s, nil
}

var _ = stdlib.GetDefaultDriver // registers the "pgx" driver

func translateError(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		if unreachable(err) {
			return &core.Error{Code: core.EUNAVAILABLE, Message: "the database cannot be reached; retry shortly"}
		}
		return nil
	}
	// Class 08 (connection exception) and 57P01-57P03 (the server shutting
	// down or starting): a restart, not a fault of the request.
	if strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" {
		return &core.Error{Code: core.EUNAVAILABLE, Message: "the database is restarting; retry shortly"}
	}
	switch pe.Code {
	case "23505":
		return &core.Error{Code: core.ECONFLICT, Message: "already exists"}
	case "23503":
		return &core.Error{Code: core.EINVALID, Message: "refers to something that does not exist"}
	case "23502", "23514", "22P02", "22007", "22008":
		return &core.Error{Code: core.EINVALID, Message: "a required value is missing or invalid"}
	}
	return nil
}

// unreachable says whether err is the database being out of reach: no
// connection could be made, or the one in use broke.
func unreachable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET)
}
