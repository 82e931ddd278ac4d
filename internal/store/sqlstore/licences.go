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
	return l, nil
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
