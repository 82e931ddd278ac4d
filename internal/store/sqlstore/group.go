package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"orewatch/internal/core"
)

// groupCommit runs the embedded store's write transactions in groups: the
// store has one writer, so concurrent callers queue for it anyway, and
// each commit appends its pages to the WAL. While one group runs, the
// calls that arrive wait and then run together in the next transaction,
// each inside a savepoint of its own: a call that fails is rolled back to
// its savepoint alone, and every call of a group is told its result only
// once the group has committed. Measured with `orewatch bench lodge`
// (docs/performance.md).
type groupCommit struct {
	db *DB

	mu      sync.Mutex
	wake    *sync.Cond
	queue   []*txCall
	closed  bool
	stopped chan struct{}
}

// maxGroup bounds a group: a call waits for at most this many others.
const maxGroup = 64

type txCall struct {
	ctx      context.Context
	fn       func(core.Repos) error
	err      error
	panicked any
	done     chan struct{}
}

var errClosed = errors.New("the store is closed")

func newGroupCommit(db *DB) *groupCommit {
	g := &groupCommit{db: db, stopped: make(chan struct{})}
	g.wake = sync.NewCond(&g.mu)
	go g.loop()
	return g
}

// run queues fn for the next group and waits for the group's end.
func (g *groupCommit) run(ctx context.Context, fn func(core.Repos) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := &txCall{ctx: ctx, fn: fn, done: make(chan struct{})}
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return errClosed
	}
	g.queue = append(g.queue, c)
	g.wake.Signal()
	g.mu.Unlock()
	// Waiting past the caller's deadline would not help it: its call may
	// already be inside the group's transaction. A call still queued when
	// its context ends is skipped.
	<-c.done
	if c.panicked != nil {
		panic(c.panicked)
	}
	return c.err
}

// close runs the calls already queued, then stops the loop.
func (g *groupCommit) close() {
	g.mu.Lock()
	g.closed = true
	g.wake.Signal()
	g.mu.Unlock()
	<-g.stopped
}

func (g *groupCommit) loop() {
	defer close(g.stopped)
	for {
		g.mu.Lock()
		for len(g.queue) == 0 && !g.closed {
			g.wake.Wait()
		}
		if len(g.queue) == 0 {
			g.mu.Unlock()
			return
		}
		n := min(len(g.queue), maxGroup)
		batch := g.queue[:n:n]
		g.queue = append([]*txCall(nil), g.queue[n:]...)
		g.mu.Unlock()
		g.commit(batch)
		for _, c := range batch {
			close(c.done)
		}
	}
}

// commit runs a group in one transaction and sets each call's result.
func (g *groupCommit) commit(batch []*txCall) {
	db := g.db
	live := batch[:0:0]
	for _, c := range batch {
		if err := c.ctx.Err(); err != nil {
			c.err = err
			continue
		}
		live = append(live, c)
	}
	if len(live) == 0 {
		return
	}
	// The transaction is the group's, not one caller's: a caller's
	// cancelled context must not roll back the others' work (SQLite
	// rolls back the whole transaction of an interrupted write).
	ctx := context.Background()
	defer db.stmts.promote(ctx)
	fail := func(err error) {
		for _, c := range live {
			if c.err == nil && c.panicked == nil {
				c.err = err
			}
		}
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		fail(db.translate(fmt.Errorf("begin transaction: %w", err)))
		return
	}
	repos := txRepos{conn{db: db, q: detached{db.stmts.forTx(tx)}}}
	alone := len(live) == 1
	ok := 0
	for _, c := range live {
		if !alone {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT grouped"); err != nil {
				_ = tx.Rollback()
				fail(db.translate(fmt.Errorf("savepoint: %w", err)))
				return
			}
		}
		c.panicked, c.err = call(c, repos)
		if c.err == nil && c.panicked == nil {
			ok++
			if !alone {
				if _, err := tx.ExecContext(ctx, "RELEASE grouped"); err != nil {
					_ = tx.Rollback()
					fail(db.translate(fmt.Errorf("release savepoint: %w", err)))
					return
				}
			}
			continue
		}
		if alone {
			_ = tx.Rollback()
			return
		}
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO grouped"); err != nil {
			_ = tx.Rollback()
			fail(db.translate(fmt.Errorf("roll back to savepoint: %w", err)))
			return
		}
		if _, err := tx.ExecContext(ctx, "RELEASE grouped"); err != nil {
			_ = tx.Rollback()
			fail(db.translate(fmt.Errorf("release savepoint: %w", err)))
			return
		}
	}
	if ok == 0 {
		_ = tx.Rollback()
		return
	}
	if err := tx.Commit(); err != nil {
		fail(db.translate(fmt.Errorf("commit: %w", err)))
	}
}

// call runs one call's fn, catching its panic for its own goroutine.
func call(c *txCall, r core.Repos) (panicked any, err error) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	return nil, c.fn(r)
}

// detached runs a grouped transaction's statements whatever their
// caller's context says: see commit.
type detached struct{ q querier }

func (d detached) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.q.ExecContext(context.WithoutCancel(ctx), query, args...)
}

func (d detached) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.q.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (d detached) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.q.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}
