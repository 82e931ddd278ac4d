package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"orewatch/internal/core"
)

func (db *DB) Alerts() core.AlertRepo    { return alerts{conn{db: db}} }
func (t txRepos) Alerts() core.AlertRepo { return alerts{t.c} }

type alerts struct{ c conn }

const alertCols = "id, subject_type, subject_id, code, score, summary, summary_zh, evidence, province, status, reason, created_at, updated_at"

func (r alerts) Raise(ctx context.Context, a *core.Alert) (bool, error) {
	db := r.c.db
	h := rowHash([]any{a.SubjectType, a.SubjectID, a.Code, a.Score, a.Summary, a.SummaryZh, a.Evidence, a.Province})
	now := db.tsArg(db.now())
	var n int64
	err := r.c.write(ctx, func(q querier) error {
		// Status and reason are not in the update: triage survives re-analysis.
		res, err := q.ExecContext(ctx, db.rebind(`INSERT INTO alerts (id, subject_type, subject_id, code, score, summary, summary_zh, evidence, province, status, reason, row_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET score = excluded.score, summary = excluded.summary, summary_zh = excluded.summary_zh,
				evidence = excluded.evidence, province = excluded.province, row_hash = excluded.row_hash, updated_at = excluded.updated_at
			WHERE alerts.row_hash <> excluded.row_hash`),
			a.ID, a.SubjectType, a.SubjectID, a.Code, a.Score, a.Summary, a.SummaryZh, a.Evidence, a.Province, core.AlertNew, h, now, now)
		if err != nil {
			return db.translate(fmt.Errorf("raise alert %s: %w", a.ID, err))
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

func scanAlert(sc interface{ Scan(...any) error }) (*core.Alert, error) {
	var a core.Alert
	err := sc.Scan(&a.ID, &a.SubjectType, &a.SubjectID, &a.Code, &a.Score, &a.Summary, &a.SummaryZh, &a.Evidence, &a.Province,
		&a.Status, &a.Reason, scanTime{&a.CreatedAt}, scanTime{&a.UpdatedAt})
	return &a, err
}

func (r alerts) Get(ctx context.Context, id string) (*core.Alert, error) {
	a, err := scanAlert(r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT `+alertCols+` FROM alerts WHERE id = ?`), id))
	if err == sql.ErrNoRows {
		return nil, core.Errorf(core.ENOTFOUND, "no alert %s", id)
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("get alert %s: %w", id, err))
	}
	return a, nil
}

func (r alerts) List(ctx context.Context, f core.AlertFilter) ([]*core.Alert, int, error) {
	db := r.c.db
	var w where
	for _, c := range []struct{ col, v string }{{"status", f.Status}, {"code", f.Code}, {"subject_type", f.SubjectType},
		{"subject_id", f.SubjectID}, {"province", f.Province}} {
		if c.v != "" {
			w.add(c.col+" = ?", c.v)
		}
	}
	if f.MinScore > 0 {
		w.add("score >= ?", f.MinScore)
	}
	if f.MaxScore > 0 {
		w.add("score <= ?", f.MaxScore)
	}
	if len(f.HSCodes) > 0 {
		codes, args := hsIn("hs_code", f.HSCodes)
		w.add(`subject_type = 'declaration' AND subject_id IN (SELECT declaration_no FROM declaration_items WHERE `+codes+`)`, args...)
	}
	if f.Enterprise != "" {
		w.add(`((subject_type = 'enterprise' AND subject_id = ?) OR
			(subject_type = 'declaration' AND subject_id IN (SELECT declaration_no FROM declaration_items WHERE exporter_uscc = ?)))`,
			string(f.Enterprise), string(f.Enterprise))
	}
	order, err := alertOrder(f)
	if err != nil {
		return nil, 0, err
	}
	if !f.ChangedAfter.IsZero() {
		w.add("updated_at > ?", db.tsArg(f.ChangedAfter))
		order = " ORDER BY updated_at, id"
	}
	if !f.RaisedFrom.IsZero() {
		w.add("created_at >= ?", db.tsArg(f.RaisedFrom))
	}
	if !f.RaisedTo.IsZero() {
		w.add("created_at < ?", db.tsArg(f.RaisedTo))
	}
	var total int
	if err := r.c.reader().QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM alerts`+w.String()), w.args...).Scan(&total); err != nil {
		return nil, 0, db.translate(fmt.Errorf("count alerts: %w", err))
	}
	var out []*core.Alert
	err = r.c.all(ctx, `SELECT `+alertCols+` FROM alerts`+w.String()+order+page(f.Offset, f.Limit),
		func(sc interface{ Scan(...any) error }) error {
			a, err := scanAlert(sc)
			out = append(out, a)
			return err
		}, w.args...)
	return out, total, err
}

func (r alerts) SetStatus(ctx context.Context, id, status, reason string, at time.Time) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`UPDATE alerts SET status = ?, reason = ?, updated_at = ? WHERE id = ?`), status, reason, db.tsArg(at), id)
		if err != nil {
			return db.translate(fmt.Errorf("set status of alert %s: %w", id, err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "no alert %s", id)
		}
		return nil
	})
}

// alertOrder is the ORDER BY of a sort: a column from a fixed list, never
// text from the request.
func alertOrder(f core.AlertFilter) (string, error) {
	cols := map[string]struct {
		col  string
		desc bool
	}{"": {"score", true}, "score": {"score", true}, "raised": {"created_at", true}, "changed": {"updated_at", true},
		"code": {"code", false}, "subject": {"subject_id", false}, "province": {"province", false}, "status": {"status", false}}
	c, ok := cols[f.Sort]
	if !ok {
		return "", core.FieldErrorf("sort", "unknown sort %q (score, raised, changed, code, subject, province, status)", f.Sort)
	}
	dir := " ASC"
	if c.desc != f.Reverse {
		dir = " DESC"
	}
	return " ORDER BY " + c.col + dir + ", id", nil
}
