package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"orewatch/internal/core"
)

type enterprises struct{ c conn }

const enterpriseCols = `uscc, name, province, city, segments, minerals, registered_on, ledger_status, compliance_program, address, extra, updated_at`

func (r enterprises) Upsert(ctx context.Context, e *core.Enterprise) (bool, error) {
	db := r.c.db
	hashed := *e
	hashed.UpdatedAt = time.Time{} // the hash covers content, not bookkeeping
	h := rowHash(hashed)
	now := db.now()
	var n int64
	err := r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`INSERT INTO enterprises (`+enterpriseCols+`, row_hash, import_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (uscc) DO UPDATE SET name = excluded.name, province = excluded.province, city = excluded.city,
				segments = excluded.segments, minerals = excluded.minerals, registered_on = excluded.registered_on,
				ledger_status = excluded.ledger_status, compliance_program = excluded.compliance_program,
				address = excluded.address, extra = excluded.extra, updated_at = excluded.updated_at, row_hash = excluded.row_hash,
				import_id = excluded.import_id
			WHERE enterprises.row_hash <> excluded.row_hash`),
			string(e.USCC), e.Name, e.Province, e.City, joinList(e.Segments), joinList(e.Minerals), e.RegisteredOn,
			string(e.Status), e.ComplianceProgram, e.Address, encodeExtra(e.Extra), db.tsArg(now), h, core.ImportFrom(ctx))
		if err != nil {
			return db.translate(fmt.Errorf("upsert enterprise %s: %w", e.USCC, err))
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, err
	}
	if n > 0 {
		e.UpdatedAt = now.UTC()
	}
	return n > 0, nil
}

func scanEnterprise(sc interface{ Scan(...any) error }) (*core.Enterprise, error) {
	var e core.Enterprise
	var uscc, segs, mins, status, extra string
	err := sc.Scan(&uscc, &e.Name, &e.Province, &e.City, &segs, &mins, &e.RegisteredOn, &status,
		&e.ComplianceProgram, &e.Address, &extra, scanTime{&e.UpdatedAt})
	if err != nil {
		return nil, err
	}
	e.USCC = core.USCC(uscc)
	e.Segments = splitList[core.Segment](segs)
	e.Minerals = splitList[string](mins)
	e.Status = core.LedgerStatus(status)
	if e.Extra, err = decodeExtra(extra); err != nil {
		return nil, err
	}
	return &e, nil
}

func (r enterprises) Get(ctx context.Context, uscc core.USCC) (*core.Enterprise, error) {
	db := r.c.db
	row := r.c.reader().QueryRowContext(ctx, db.rebind(`SELECT `+enterpriseCols+` FROM enterprises WHERE uscc = ?`), string(uscc))
	e, err := scanEnterprise(row)
	if err == sql.ErrNoRows {
		return nil, core.Errorf(core.ENOTFOUND, "enterprise %s is not in the ledger", uscc)
	}
	if err != nil {
		return nil, db.translate(fmt.Errorf("get enterprise %s: %w", uscc, err))
	}
	return e, nil
}

func (r enterprises) List(ctx context.Context, f core.EnterpriseFilter) ([]*core.Enterprise, int, error) {
	db := r.c.db
	var w where
	if f.Province != "" {
		w.add("province = ?", f.Province)
	}
	if f.Segment != "" {
		w.add(`segments LIKE ? ESCAPE '\'`, "%|"+likeEscape(string(f.Segment))+"|%")
	}
	if f.Mineral != "" {
		w.add(`minerals LIKE ? ESCAPE '\'`, "%|"+likeEscape(f.Mineral)+"|%")
	}
	if f.Status != "" {
		w.add("ledger_status = ?", string(f.Status))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := "%" + likeEscape(q) + "%"
		w.add(`(name LIKE ? ESCAPE '\' OR uscc LIKE ? ESCAPE '\')`, p, p)
	}
	var total int
	if err := r.c.reader().QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM enterprises`+w.String()), w.args...).Scan(&total); err != nil {
		return nil, 0, db.translate(fmt.Errorf("count enterprises: %w", err))
	}
	rows, err := r.c.reader().QueryContext(ctx, db.rebind(`SELECT `+enterpriseCols+` FROM enterprises`+w.String()+` ORDER BY uscc`+page(f.Offset, f.Limit)), w.args...)
	if err != nil {
		return nil, 0, db.translate(fmt.Errorf("list enterprises: %w", err))
	}
	defer rows.Close()
	var out []*core.Enterprise
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list enterprises: %w", err)
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

func (r enterprises) AddStatus(ctx context.Context, c core.StatusChange) (bool, error) {
	db := r.c.db
	if !c.Status.Valid() {
		return false, core.FieldErrorf("status", "unknown ledger status %q (active, suspended, closed)", c.Status)
	}
	if c.EffectiveOn.IsZero() {
		return false, core.FieldErrorf("effective_on", "a status change needs the date it takes effect")
	}
	if c.RecordedAt.IsZero() {
		c.RecordedAt = db.now()
	}
	var n int64
	err := r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`INSERT INTO enterprise_status (uscc, status, effective_on, reason, recorded_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (uscc, effective_on, status) DO NOTHING`),
			string(c.USCC), string(c.Status), c.EffectiveOn, c.Reason, db.tsArg(c.RecordedAt))
		if err != nil {
			return db.translate(fmt.Errorf("add status of %s: %w", c.USCC, err))
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

func (r enterprises) History(ctx context.Context, uscc core.USCC) ([]core.StatusChange, error) {
	db := r.c.db
	rows, err := r.c.reader().QueryContext(ctx, db.rebind(`SELECT uscc, status, effective_on, reason, recorded_at
		FROM enterprise_status WHERE uscc = ? ORDER BY effective_on, recorded_at`), string(uscc))
	if err != nil {
		return nil, db.translate(fmt.Errorf("status history of %s: %w", uscc, err))
	}
	defer rows.Close()
	var out []core.StatusChange
	for rows.Next() {
		var c core.StatusChange
		var u, s string
		if err := rows.Scan(&u, &s, &c.EffectiveOn, &c.Reason, scanTime{&c.RecordedAt}); err != nil {
			return nil, fmt.Errorf("status history of %s: %w", uscc, err)
		}
		c.USCC, c.Status = core.USCC(u), core.LedgerStatus(s)
		out = append(out, c)
	}
	return out, rows.Err()
}
