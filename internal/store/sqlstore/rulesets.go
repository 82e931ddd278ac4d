package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"orewatch/internal/core"
)

func (db *DB) RuleSets() core.RuleSetRepo    { return ruleSets{conn{db: db}} }
func (t txRepos) RuleSets() core.RuleSetRepo { return ruleSets{t.c} }

type ruleSets struct{ c conn }

func (r ruleSets) Apply(ctx context.Context, rs *core.RuleSet) (bool, error) {
	db := r.c.db
	files, err := json.Marshal(rs.Files)
	if err != nil {
		return false, err
	}
	applied := false
	err = r.c.write(ctx, func(q querier) error {
		var seq int64
		var version string
		err := q.QueryRowContext(ctx, `SELECT seq, version FROM rule_sets ORDER BY seq DESC LIMIT 1`).Scan(&seq, &version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return db.translate(fmt.Errorf("read the newest rule set: %w", err))
		case version == rs.Version:
			return nil
		}
		now := db.now()
		// Two servers applying at once both read the same newest: one
		// insert wins, the other changes nothing.
		res, err := q.ExecContext(ctx, db.rebind(`INSERT INTO rule_sets (seq, version, files, rules, applied_by, applied_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING`), seq+1, rs.Version, string(files), rs.Rules, rs.AppliedBy, db.tsArg(now))
		if err != nil {
			return db.translate(fmt.Errorf("apply rule set %s: %w", rs.Version, err))
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n > 0 {
			applied, rs.Seq, rs.AppliedAt = true, seq+1, now.UTC()
		}
		return nil
	})
	return applied, err
}

func (r ruleSets) Latest(ctx context.Context) (*core.RuleSet, error) {
	var rs core.RuleSet
	var files string
	err := r.c.reader().QueryRowContext(ctx, `SELECT seq, version, files, rules, applied_by, applied_at FROM rule_sets ORDER BY seq DESC LIMIT 1`).
		Scan(&rs.Seq, &rs.Version, &files, &rs.Rules, &rs.AppliedBy, scanTime{&rs.AppliedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, core.Errorf(core.ENOTFOUND, "no rule set applied")
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("read the newest rule set: %w", err))
	}
	if err := json.Unmarshal([]byte(files), &rs.Files); err != nil {
		return nil, fmt.Errorf("rule set %d: %w", rs.Seq, err)
	}
	return &rs, nil
}
