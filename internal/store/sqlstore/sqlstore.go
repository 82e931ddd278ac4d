// Package sqlstore implements core.Store over database/sql with hand-written
// SQL that runs unchanged on SQLite and PostgreSQL (and is kept to the subset
// CockroachDB also speaks). The few differences live in Dialect. It imports
// no driver: internal/store/sqlite and internal/store/postgres open the
// connections and hand them in.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"orewatch/internal/core"
)

// Dialect is what differs between the databases.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// Numbered placeholders ($1, $2) instead of "?".
	Numbered bool
	// Migrations holds NNNN_name.sql files.
	Migrations fs.FS
	// TranslateError maps a driver error to a core error, or returns nil
	// when it does not recognise it.
	TranslateError func(error) error
}

// DB is a core.Store over one or two connection pools: SQLite gets a
// single-connection writer pool next to a reader pool, PostgreSQL uses one
// pool for both.
type DB struct {
	w, r    *sql.DB
	dialect Dialect
	now     func() time.Time
	stop    func()
	// auditKey keys the audit chain; nil leaves it plain SHA-256.
	auditKey *core.AuditKey
	// stmts are the writer pool's prepared statements, lent to its
	// transactions.
	stmts *prepared
	// group, when set, runs write transactions in groups (groupCommit).
	group *groupCommit
}

// Options configure New.
type Options struct {
	// Reader is a separate pool for reads outside transactions; nil means
	// the writer pool serves reads too.
	Reader *sql.DB
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Stop, when set, is called by Close before the pools close: it ends
	// the store's background work.
	Stop func()
	// GroupCommit runs concurrent write transactions as one, each in a
	// savepoint (groupCommit): for a store with a single writer.
	GroupCommit bool
}

// New wraps open pools. It does not migrate; call Migrate first.
func New(w *sql.DB, d Dialect, o Options) *DB {
	db := &DB{w: w, r: o.Reader, dialect: d, now: o.Now, stop: o.Stop, stmts: newPrepared(w)}
	if db.r == nil {
		db.r = w
	}
	if db.now == nil {
		db.now = time.Now
	}
	if o.GroupCommit {
		db.group = newGroupCommit(db)
	}
	return db
}

var _ core.Store = (*DB)(nil)

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn is one view of the database: the pools (outside a transaction, where
// every write gets a transaction of its own) or a transaction.
type conn struct {
	db *DB
	q  querier // set inside WithTx
}

func (c conn) reader() querier {
	if c.q != nil {
		return c.q
	}
	return c.db.r
}

// write runs fn in the caller's transaction or, outside one, in a new one.
func (c conn) write(ctx context.Context, fn func(q querier) error) error {
	if c.q != nil {
		return fn(c.q)
	}
	if g := c.db.group; g != nil {
		return g.run(ctx, func(r core.Repos) error { return fn(r.(txRepos).c.q) })
	}
	return c.db.inTx(ctx, func(tx *sql.Tx) error { return fn(c.db.stmts.forTx(tx)) })
}

func (db *DB) Enterprises() core.EnterpriseRepo   { return enterprises{conn{db: db}} }
func (db *DB) Licences() core.LicenceRepo         { return licences{conn{db: db}} }
func (db *DB) Declarations() core.DeclarationRepo { return declarations{conn{db: db}} }

type txRepos struct{ c conn }

func (t txRepos) Enterprises() core.EnterpriseRepo   { return enterprises{t.c} }
func (t txRepos) Licences() core.LicenceRepo         { return licences{t.c} }
func (t txRepos) Declarations() core.DeclarationRepo { return declarations{t.c} }

// WithTx runs fn in one transaction on the writer pool.
func (db *DB) WithTx(ctx context.Context, fn func(core.Repos) error) error {
	if db.group != nil {
		return db.group.run(ctx, fn)
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return fn(txRepos{conn{db: db, q: db.stmts.forTx(tx)}})
	})
}

func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	// Statements first met in this transaction are prepared on the pool
	// once it is over (this runs after the rollback below), when its
	// connection is free again.
	defer db.stmts.promote(ctx)
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return db.translate(fmt.Errorf("begin transaction: %w", err))
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return db.translate(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// Ping checks both pools.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	if db.r != db.w {
		if err := db.r.PingContext(ctx); err != nil {
			return fmt.Errorf("ping database readers: %w", err)
		}
	}
	return nil
}

// Close closes the pools.
func (db *DB) Close() error {
	if db.stop != nil {
		db.stop()
	}
	if db.group != nil {
		db.group.close()
	}
	db.stmts.close()
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// SQL returns the writer pool, for tests and tools that inspect the schema.
func (db *DB) SQL() *sql.DB { return db.w }

// ReaderSQL is the pool that serves reads outside transactions, for tests
// and checks of its settings.
func (db *DB) ReaderSQL() *sql.DB { return db.r }

// Dialect returns the dialect the store was opened with.
func (db *DB) Dialect() Dialect { return db.dialect }

// rebind turns "?" placeholders into "$n" for PostgreSQL. Queries are
// written by hand in this package, so "?" never appears inside a literal.
func (db *DB) rebind(q string) string {
	if !db.dialect.Numbered || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// translate maps driver errors to core errors at the store's edge.
func (db *DB) translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &core.Error{Code: core.ENOTFOUND, Message: "not found"}
	}
	if db.dialect.TranslateError != nil {
		if t := db.dialect.TranslateError(err); t != nil {
			return t
		}
	}
	return err
}
