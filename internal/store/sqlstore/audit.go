package sqlstore

import (
	"context"
	"fmt"
	"time"

	"orewatch/internal/core"
)

func (db *DB) Audit() core.AuditRepo { return audit{conn{db: db}} }

// SetAuditKey keys the audit rows appended from now on (rows from
// k.Since); call it once, before the store is used.
func (db *DB) SetAuditKey(k *core.AuditKey) { db.auditKey = k }
func (t txRepos) Audit() core.AuditRepo     { return audit{t.c} }

type audit struct{ c conn }

func (r audit) Append(ctx context.Context, e *core.AuditEntry) error {
	db := r.c.db
	if e.At.IsZero() {
		e.At = db.now()
	}
	// Microseconds: what both databases keep, so the hash verifies later.
	e.At = e.At.UTC().Truncate(time.Microsecond)
	return r.c.write(ctx, func(q querier) error {
		lock := ""
		if db.dialect.Name == "postgres" {
			lock = " FOR UPDATE"
		}
		var seq int64
		var prev string
		if err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`+lock).Scan(&seq, &prev); err != nil {
			return db.translate(fmt.Errorf("read audit head: %w", err))
		}
		e.Seq, e.Prev = seq+1, prev
		e.Hash = db.auditKey.ChainHash(e)
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO audit_log (seq, at, actor, agency, action, object, before_digest, after_digest, detail, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), e.Seq, db.tsArg(e.At), e.Actor, e.Agency, e.Action, e.Object, e.Before, e.After, e.Detail, e.Prev, e.Hash); err != nil {
			return db.translate(fmt.Errorf("append audit row: %w", err))
		}
		if _, err := q.ExecContext(ctx, db.rebind(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`), e.Seq, e.Hash); err != nil {
			return db.translate(fmt.Errorf("advance audit head: %w", err))
		}
		return nil
	})
}

func (r audit) List(ctx context.Context, from, to time.Time) ([]*core.AuditEntry, error) {
	db := r.c.db
	var w where
	if !from.IsZero() {
		w.add("at >= ?", db.tsArg(from))
	}
	if !to.IsZero() {
		w.add("at < ?", db.tsArg(to))
	}
	return r.list(ctx, w)
}

func (r audit) ForObject(ctx context.Context, object string) ([]*core.AuditEntry, error) {
	var w where
	w.add("object = ?", object)
	return r.list(ctx, w)
}

func (r audit) list(ctx context.Context, w where) ([]*core.AuditEntry, error) {
	var out []*core.AuditEntry
	err := r.c.all(ctx, `SELECT seq, at, actor, agency, action, object, before_digest, after_digest, detail, prev_hash, hash FROM audit_log`+
		w.String()+` ORDER BY seq`, func(sc interface{ Scan(...any) error }) error {
		var e core.AuditEntry
		if err := sc.Scan(&e.Seq, scanTime{&e.At}, &e.Actor, &e.Agency, &e.Action, &e.Object, &e.Before, &e.After, &e.Detail, &e.Prev, &e.Hash); err != nil {
			return err
		}
		out = append(out, &e)
		return nil
	}, w.args...)
	return out, err
}

func (r audit) Head(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := r.c.reader().QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &hash)
	return seq, hash, r.c.db.translate(err)
}
