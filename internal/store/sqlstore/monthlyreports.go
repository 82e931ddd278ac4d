package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"orewatch/internal/core"
)

func (db *DB) MonthlyReports() core.MonthlyReportRepo    { return monthlyReports{conn{db: db}} }
func (t txRepos) MonthlyReports() core.MonthlyReportRepo { return monthlyReports{t.c} }

type monthlyReports struct{ c conn }

const monthlyCols = "uscc, month, material, opening, received, produced, consumed, shipped, exported, closing, filed_by, source, filed_at"

func scanMonthly(sc interface{ Scan(...any) error }) (*core.MonthlyReport, error) {
	var m core.MonthlyReport
	var uscc string
	if err := sc.Scan(&uscc, &m.Month, &m.Material, &m.Opening, &m.Received, &m.Produced, &m.Consumed, &m.Shipped, &m.Exported, &m.Closing,
		&m.FiledBy, &m.Source, scanTime{&m.FiledAt}); err != nil {
		return nil, err
	}
	m.USCC = core.USCC(uscc)
	return &m, nil
}

func (r monthlyReports) Put(ctx context.Context, m *core.MonthlyReport) (changed bool, err error) {
	db := r.c.db
	err = r.c.write(ctx, func(q querier) error {
		before, err := scanMonthly(q.QueryRowContext(ctx, db.rebind(`SELECT `+monthlyCols+` FROM monthly_reports WHERE uscc = ? AND month = ? AND material = ?`),
			string(m.USCC), m.Month, m.Material))
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return db.translate(fmt.Errorf("read report %s %s %s: %w", m.USCC, m.Month, m.Material, err))
		case before.Opening == m.Opening && before.Received == m.Received && before.Produced == m.Produced && before.Consumed == m.Consumed &&
			before.Shipped == m.Shipped && before.Exported == m.Exported && before.Closing == m.Closing:
			return nil
		}
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO monthly_reports (`+monthlyCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (uscc, month, material) DO UPDATE SET opening = excluded.opening, received = excluded.received, produced = excluded.produced,
			consumed = excluded.consumed, shipped = excluded.shipped, exported = excluded.exported, closing = excluded.closing,
			filed_by = excluded.filed_by, source = excluded.source, filed_at = excluded.filed_at`),
			string(m.USCC), m.Month, m.Material, m.Opening, m.Received, m.Produced, m.Consumed, m.Shipped, m.Exported, m.Closing,
			m.FiledBy, m.Source, db.tsArg(m.FiledAt)); err != nil {
			return db.translate(fmt.Errorf("file report %s %s %s: %w", m.USCC, m.Month, m.Material, err))
		}
		changed = true
		return nil
	})
	return changed, err
}

func (r monthlyReports) Get(ctx context.Context, uscc core.USCC, month, material string) (*core.MonthlyReport, error) {
	m, err := scanMonthly(r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT `+monthlyCols+` FROM monthly_reports WHERE uscc = ? AND month = ? AND material = ?`),
		string(uscc), month, material))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, core.Errorf(core.ENOTFOUND, "no report of %s for %s filed by %s", material, month, uscc)
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("read report: %w", err))
	}
	return m, nil
}

func (r monthlyReports) List(ctx context.Context, f core.MonthlyReportFilter) ([]*core.MonthlyReport, error) {
	var w where
	if f.USCC != "" {
		w.add("uscc = ?", string(f.USCC))
	}
	if f.Province != "" {
		w.add("uscc IN (SELECT uscc FROM enterprises WHERE province = ?)", f.Province)
	}
	if f.From != "" {
		w.add("month >= ?", f.From)
	}
	if f.To != "" {
		w.add("month <= ?", f.To)
	}
	if f.Material != "" {
		w.add("material = ?", f.Material)
	}
	limit := f.Limit
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	var out []*core.MonthlyReport
	err := r.c.all(ctx, `SELECT `+monthlyCols+` FROM monthly_reports`+w.String()+fmt.Sprintf(` ORDER BY uscc, month, material LIMIT %d`, limit),
		func(sc interface{ Scan(...any) error }) error {
			m, err := scanMonthly(sc)
			if err != nil {
				return err
			}
			out = append(out, m)
			return nil
		}, w.args...)
	return out, err
}
