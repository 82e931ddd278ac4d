package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"orewatch/internal/core"
)

func (db *DB) SignIns() core.SignInRepo    { return signIns{conn{db: db}} }
func (t txRepos) SignIns() core.SignInRepo { return signIns{t.c} }

type signIns struct{ c conn }

func (r signIns) AddFailures(ctx context.Context, keys []string, at time.Time) error {
	if len(keys) == 0 {
		return nil
	}
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		args := make([]any, 0, 2*len(keys))
		for _, k := range keys {
			args = append(args, k, db.tsArg(at))
		}
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO sign_in_failures (key, at) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", len(keys)), ", ")), args...); err != nil {
			return db.translate(fmt.Errorf("record sign-in failures: %w", err))
		}
		return nil
	})
}

func (r signIns) Failures(ctx context.Context, key string, since time.Time) ([]time.Time, error) {
	var out []time.Time
	err := r.c.all(ctx, `SELECT at FROM sign_in_failures WHERE key = ? AND at > ? ORDER BY at`, func(sc interface{ Scan(...any) error }) error {
		var t time.Time
		if err := sc.Scan(scanTime{&t}); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	}, key, r.c.db.tsArg(since))
	return out, err
}

func (r signIns) ClearFailures(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		args := make([]any, len(keys))
		for i, k := range keys {
			args[i] = k
		}
		if _, err := q.ExecContext(ctx, db.rebind(`DELETE FROM sign_in_failures WHERE key IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(keys)), ", ")+`)`), args...); err != nil {
			return db.translate(fmt.Errorf("clear sign-in failures: %w", err))
		}
		return nil
	})
}

func (r signIns) PruneFailures(ctx context.Context, before time.Time) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, db.rebind(`DELETE FROM sign_in_failures WHERE at < ?`), db.tsArg(before)); err != nil {
			return db.translate(fmt.Errorf("prune sign-in failures: %w", err))
		}
		return nil
	})
}
