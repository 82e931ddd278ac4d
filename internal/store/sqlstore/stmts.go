package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// maxPrepared bounds the statements kept prepared on the writer pool. The
// store's queries are literals, but filters build a few by their
// arguments; past the bound, new ones are prepared per transaction only.
const maxPrepared = 1024

// prepared holds the writer pool's statements. A transaction borrows one
// through Tx.StmtContext, which reuses what is already prepared on the
// transaction's connection: a lodging runs about twenty statements, and
// preparing them again in every transaction was a fifth of its time. A
// statement cannot be prepared on the pool while a transaction holds its
// only connection (SQLite's writer), so one met first inside a
// transaction is prepared there and promoted to the pool after it ends.
type prepared struct {
	pool    *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
}

func newPrepared(pool *sql.DB) *prepared {
	return &prepared{pool: pool, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

func (p *prepared) get(query string) *sql.Stmt {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.stmts[query]
	if st == nil && len(p.stmts)+len(p.pending) < maxPrepared {
		p.pending[query] = true
	}
	return st
}

// promote prepares on the pool the statements transactions met first.
// Errors leave a statement to be prepared per transaction.
func (p *prepared) promote(ctx context.Context) {
	p.mu.Lock()
	var qs []string
	for q := range p.pending {
		qs = append(qs, q)
	}
	clear(p.pending)
	p.mu.Unlock()
	if len(qs) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	for _, q := range qs {
		st, err := p.pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		p.mu.Lock()
		if p.stmts[q] == nil {
			p.stmts[q], st = st, nil
		}
		p.mu.Unlock()
		if st != nil {
			st.Close()
		}
	}
}

func (p *prepared) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for q, st := range p.stmts {
		st.Close()
		delete(p.stmts, q)
	}
}

func (p *prepared) forTx(tx *sql.Tx) *stmtCache {
	return &stmtCache{Tx: tx, pool: p, stmts: map[string]*sql.Stmt{}}
}

// stmtCache holds one transaction's statements: an import batch runs the
// same upsert thousands of times, and parsing the SQL each time was a
// fifth of its cost. The transaction closes them.
type stmtCache struct {
	*sql.Tx
	pool  *prepared
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if ps := c.pool.get(query); ps != nil {
		st = c.Tx.StmtContext(ctx, ps)
	} else {
		var err error
		if st, err = c.Tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := c.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.prepare(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.prepare(ctx, query)
	if err != nil {
		// The plain call reports the same error through Row.Scan.
		return c.Tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
