// Package sqlite opens OreWatch's embedded store: SQLite through the pure-Go
// modernc.org/sqlite driver, so the binary needs no cgo and no C toolchain.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the embedded migration files.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

// Dialect is SQLite's dialect for sqlstore.
func Dialect() sqlstore.Dialect {
	return sqlstore.Dialect{Name: "sqlite", Migrations: Migrations(), TranslateError: translateError}
}

// FileName is the database file inside the data directory.
const FileName = "orewatch.db"

// Open opens (creating if needed) the database file at path, or an
// in-memory database when path is ":memory:". WAL lets readers work while
// the single writer connection writes; busy_timeout makes a second process
// wait instead of failing; foreign keys are off in SQLite unless asked for.
func Open(ctx context.Context, path string, now func() time.Time) (*sqlstore.DB, error) {
	return OpenWith(ctx, path, Options{Now: now})
}

// Options tune an embedded store.
type Options struct {
	Now func() time.Time
	// CacheMiB bounds the page caches of all the store's connections
	// together: half for the writer, the rest shared by the readers.
	// DefaultCacheMiB when zero.
	CacheMiB int
}

// DefaultCacheMiB is the page cache of a store, all connections together.
// An hour of mixed load on a server grew its resident memory as the
// caches filled (192 MiB then: 128 for the writer, 16 for each of four
// readers); the file's pages stay in the kernel's cache for all of them,
// and a 68 MB bundle (50,000 declarations) imported in 12.3 s with 32 MiB
// for the writer as with 128 (12.4 s).
const DefaultCacheMiB = 64

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, o Options) (*sqlstore.DB, error) {
	now := o.Now
	cache := o.CacheMiB
	if cache <= 0 {
		cache = DefaultCacheMiB
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	writerKiB, readerKiB := cache*1024/2, max(cache*1024/2/readers, 2048)
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	params := url.Values{}
	// 8 KiB pages halve the WAL frames a commit writes (each costs two
	// pwrite calls; 16 KiB wrote more than it saved); they apply to new
	// databases.
	for _, p := range []string{"page_size(8192)", "journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)", fmt.Sprintf("cache_size(-%d)", writerKiB)} {
		params.Add("_pragma", p)
	}
	params.Set("_txlock", "immediate")
	var dsn string
	// The writer does not checkpoint: checkpointer does, from a reader
	// connection on the other core, so a commit costs its WAL append only.
	writerOnly := "&_pragma=wal_autocheckpoint%280%29"
	if path == ":memory:" {
		// A named shared-cache memory database, so the reader and writer
		// pools see the same data.
		dsn = fmt.Sprintf("file:orewatch-%d?mode=memory&cache=shared&%s", time.Now().UnixNano(), params.Encode())
	} else {
		dsn = "file:" + filepath.ToSlash(path) + "?" + params.Encode()
	}
	w, err := sql.Open("sqlite", dsn+writerOnly)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1) // one writer: SQLite serialises writes anyway
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", readerDSN(dsn, writerKiB, readerKiB))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(readers)
	// Every reader stays open: database/sql keeps two idle by default and
	// closes the others after each use, so that under load connections
	// were opened again and again, each parsing the schema and filling a
	// page cache from nothing.
	r.SetMaxIdleConns(readers)
	var stop func()
	if path != ":memory:" {
		stop = checkpointer(r, path+"-wal")
	}
	db := sqlstore.New(w, Dialect(), sqlstore.Options{Reader: r, Now: now, Stop: stop, GroupCommit: true})
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// checkpointInterval is how often checkpointer looks at the WAL. It
// copies the WAL back into the database file once it holds walCheckpoint
// bytes and the writes pause (walQuiet), once it passes walLimit whatever
// the writes do, or checkpointAtMost after the last copy. Every second, as
// before, each checkpoint's syncs stalled the one writer's appends for
// tens of milliseconds: lodgings paced at half their rate had a p99 of
// 90 ms, 7 ms without checkpoints (`orewatch bench lodge`). The sizes
// keep the WAL to tens of megabytes while a large import runs, as the
// second did.
var (
	checkpointInterval       = time.Second
	walCheckpoint      int64 = 16 << 20
	checkpointAtMost         = 30 * time.Second
)

// walLimit is the WAL size from which checkpointer truncates it. PASSIVE
// checkpoints copy the WAL back but never reset it while a reader holds a
// snapshot, and a server under steady reads always has one: an hour of
// mixed load left a 153 MB WAL beside a 53 MB database.
var walLimit int64 = 64 << 20

// walQuiet is the lull in writes a truncating checkpoint waits for, and
// walHardLimit the WAL size past which it waits for none.
var (
	walQuiet           = 250 * time.Millisecond
	walHardLimit int64 = 1 << 30
)

// checkpointer runs PASSIVE checkpoints (which never block the writer or
// readers) until the returned function is called, and a TRUNCATE one when
// the WAL has grown past walLimit: it waits (busy_timeout) for the readers
// of the moment to finish, which takes milliseconds, and empties the file.
func checkpointer(r *sql.DB, wal string) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(checkpointInterval)
		defer t.Stop()
		last := time.Now()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fi, err := os.Stat(wal)
				if err != nil || fi.Size() == 0 {
					continue
				}
				// A checkpoint's syncs stall the writer's appends: from
				// walCheckpoint it waits for a lull, from walLimit (or after
				// checkpointAtMost) for none.
				quiet := time.Since(fi.ModTime()) >= walQuiet
				if !(fi.Size() >= walCheckpoint && quiet || fi.Size() > walLimit || time.Since(last) >= checkpointAtMost) {
					continue
				}
				last = time.Now()
				if _, err := r.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil && ctx.Err() == nil {
					slog.Warn("sqlite checkpoint", "mode", "PASSIVE", "err", err)
				}
				// The truncating one holds the writer back while it runs: it
				// waits for a lull in the writes, unless the WAL has grown
				// past all measure. What the passive one copied it need not.
				if fi.Size() > walLimit && (quiet || fi.Size() > walHardLimit) {
					truncate(ctx, r)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// truncateWait is how long a TRUNCATE checkpoint waits for the readers of
// the moment: it holds the writer back while it waits, so the wait is a
// few milliseconds, and a checkpoint that does not get its moment is tried
// again at the next look. Waiting the connection's ten seconds stalled
// lodgings for 80 ms whenever the WAL passed walLimit under load.
const truncateWait = 5 * time.Millisecond

// truncate empties the WAL if the readers let it within truncateWait.
func truncate(ctx context.Context, r *sql.DB) {
	c, err := r.Conn(ctx)
	if err != nil {
		return
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", truncateWait.Milliseconds())); err != nil {
		return
	}
	// The connection goes back to the pool with its usual patience.
	defer c.ExecContext(context.WithoutCancel(ctx), "PRAGMA busy_timeout = 10000") //nolint:errcheck
	var busy, logged, done int
	if err := c.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done); err != nil && ctx.Err() == nil {
		slog.Warn("sqlite checkpoint", "mode", "TRUNCATE", "err", err)
	}
}

func translateError(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return &core.Error{Code: core.ECONFLICT, Message: "already exists"}
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return &core.Error{Code: core.EINVALID, Message: "refers to something that does not exist"}
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL, sqlite3.SQLITE_CONSTRAINT_CHECK:
		return &core.Error{Code: core.EINVALID, Message: "a required value is missing or invalid"}
	}
	return nil
}

// readerDSN is the readers' connection string: deferred transactions and
// their share of the page cache. The file's pages are in the kernel's
// cache for all of them; five connections of 128 MiB grew a server by
// hundreds of MiB as its database grew (the soak test).
func readerDSN(dsn string, writerKiB, readerKiB int) string {
	return strings.Replace(strings.Replace(dsn, "_txlock=immediate", "_txlock=deferred", 1),
		fmt.Sprintf("cache_size%%28-%d%%29", writerKiB), fmt.Sprintf("cache_size%%28-%d%%29", readerKiB), 1)
}
