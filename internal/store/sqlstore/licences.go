package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"orewatch/internal/core"
)

type licences struct{ c conn }

const licenceCols = `licence_no, exporter_uscc, status, uses, valid_from, valid_to, hs_code, control_code, goods_name,
	quantity, unit, destination, consignee_name, end_user_name, end_use, extra`

func (r licences) Upsert(ctx context.Context, l *core.Licence) (bool, error) {
	db := r.c.db
	h := rowHash(l)
	var n int64
	err := r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`INSERT INTO licences (`+licenceCols+`, row_hash, updated_at, import_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (licence_no) DO UPDATE SET exporter_uscc = excluded.exporter_uscc, status = excluded.status,
				uses = excluded.uses, valid_from = excluded.valid_from, valid_to = excluded.valid_to, hs_code = excluded.hs_code,
				control_code = excluded.control_code, goods_name = excluded.goods_name, quantity = excluded.quantity,
				unit = excluded.unit, destination = excluded.destination, consignee_name = excluded.consignee_name,
				end_user_name = excluded.end_user_name, end_use = excluded.end_use, extra = excluded.extra,
				row_hash = excluded.row_hash, updated_at = excluded.updated_at, import_id = excluded.import_id
			WHERE licences.row_hash <> excluded.row_hash`),
			l.No, string(l.ExporterUSCC), string(l.Status), string(l.Uses), l.ValidFrom, l.ValidTo, l.HSCode, l.ControlCode,
			l.GoodsName, l.Quantity, l.Unit, l.Destination, l.ConsigneeName, l.EndUserName, l.EndUse, encodeExtra(l.Extra),
			h, db.tsArg(db.now()), core.ImportFrom(ctx))
		if err != nil {
			return db.translate(fmt.Errorf("upsert licence %s: %w", l.No, err))
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

func scanLicence(sc interface{ Scan(...any) error }) (*core.Licence, error) {
	var l core.Licence
	var exp, status, uses, extra string
	err := sc.Scan(&l.No, &exp, &status, &uses, &l.ValidFrom, &l.ValidTo, &l.HSCode, &l.ControlCode, &l.GoodsName,
		&l.Quantity, &l.Unit, &l.Destination, &l.ConsigneeName, &l.EndUserName, &l.EndUse, &extra)
	if err != nil {
		return nil, err
	}
	l.ExporterUSCC, l.Status, l.Uses = core.USCC(exp), core.LicenceStatus(status), core.LicenceUses(uses)
	if l.Extra, err = decodeExtra(extra); err != nil {
		return nil, err
	}
	return &l, nil
}

func (r licences) Get(ctx context.Context, no string) (*core.Licence, error) {
	db := r.c.db
	l, err := scanLicence(r.c.reader().QueryRowContext(ctx, db.rebind(`SELECT `+licenceCols+` FROM licences WHERE licence_no = ?`), no))
	if err == sql.ErrNoRows {
		return nil, core.Errorf(core.ENOTFOUND, "licence %s does not exist", no)
	}
	if err != nil {
		return nil, db.translate(fmt.Errorf("get licence %s: %w", no, err))
	}
	err = r.c.all(ctx, `SELECT licence_no, seq, status, effective_on, reason, actor, recorded_at FROM licence_changes
		WHERE licence_no = ? ORDER BY seq`, func(sc interface{ Scan(...any) error }) error {
		var c core.LicenceChange
		if err := sc.Scan(&c.LicenceNo, &c.Seq, &c.Status, &c.EffectiveOn, &c.Reason, &c.Actor, scanTime{&c.RecordedAt}); err != nil {
			return err
		}
		l.Changes = append(l.Changes, c)
		return nil
	}, no)
	if err != nil {
		return nil, err
	}
	return l, nil
}

func (r licences) Change(ctx context.Context, c *core.LicenceChange, today core.Date) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		var n int
		if err := q.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM licences WHERE licence_no = ?`), c.LicenceNo).Scan(&n); err != nil {
			return db.translate(fmt.Errorf("find licence %s: %w", c.LicenceNo, err))
		}
		if n == 0 {
			return core.Errorf(core.ENOTFOUND, "licence %s does not exist", c.LicenceNo)
		}
		var seq sql.NullInt64
		if err := q.QueryRowContext(ctx, db.rebind(`SELECT MAX(seq) FROM licence_changes WHERE licence_no = ?`), c.LicenceNo).Scan(&seq); err != nil {
			return db.translate(fmt.Errorf("number the change of licence %s: %w", c.LicenceNo, err))
		}
		c.Seq = int(seq.Int64) + 1
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO licence_changes (licence_no, seq, status, effective_on, reason, actor, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), c.LicenceNo, c.Seq, string(c.Status), c.EffectiveOn, c.Reason, c.Actor, db.tsArg(c.RecordedAt)); err != nil {
			return db.translate(fmt.Errorf("record change of licence %s: %w", c.LicenceNo, err))
		}
		// The status column is the licence's today, whatever order the
		// changes were recorded in.
		rows, err := q.QueryContext(ctx, db.rebind(`SELECT status, effective_on FROM licence_changes WHERE licence_no = ?`), c.LicenceNo)
		if err != nil {
			return db.translate(fmt.Errorf("read changes of licence %s: %w", c.LicenceNo, err))
		}
		l := core.Licence{}
		for rows.Next() {
			var ch core.LicenceChange
			if err := rows.Scan(&ch.Status, &ch.EffectiveOn); err != nil {
				rows.Close()
				return db.translate(err)
			}
			l.Changes = append(l.Changes, ch)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.translate(err)
		}
		if _, err := q.ExecContext(ctx, db.rebind(`UPDATE licences SET status = ? WHERE licence_no = ?`), string(l.StatusOn(today)), c.LicenceNo); err != nil {
			return db.translate(fmt.Errorf("set status of licence %s: %w", c.LicenceNo, err))
		}
		return nil
	})
}

func (r licences) List(ctx context.Context, f core.LicenceFilter) ([]*core.Licence, int, error) {
	db := r.c.db
	var w where
	if f.ExporterUSCC != "" {
		w.add("exporter_uscc = ?", string(f.ExporterUSCC))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if !f.ValidOn.IsZero() {
		w.add("valid_from <= ? AND valid_to >= ?", f.ValidOn, f.ValidOn)
	}
	if f.Province != "" {
		w.add("exporter_uscc IN (SELECT uscc FROM enterprises WHERE province = ?)", f.Province)
	}
	var total int
	if err := r.c.reader().QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM licences`+w.String()), w.args...).Scan(&total); err != nil {
		return nil, 0, db.translate(fmt.Errorf("count licences: %w", err))
	}
	rows, err := r.c.reader().QueryContext(ctx, db.rebind(`SELECT `+licenceCols+` FROM licences`+w.String()+` ORDER BY licence_no`+page(f.Offset, f.Limit)), w.args...)
	if err != nil {
		return nil, 0, db.translate(fmt.Errorf("list licences: %w", err))
	}
	defer rows.Close()
	var out []*core.Licence
	for rows.Next() {
		l, err := scanLicence(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list licences: %w", err)
		}
		out = append(out, l)
	}
	return out, total, rows.Err()
}
