package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"orewatch/internal/core"
)

type declarations struct{ c conn }

const declarationCols = `declaration_no, item_no, declared_at, exporter_uscc, exporter_name, producer_uscc, agent_uscc,
	customs_office, transport_mode, bill_of_lading, containers, trade_mode, trading_country, destination_country,
	consignee_name, consignee_country, consignee_address, licence_no, hs_code, goods_name, goods_spec, quantity, unit,
	net_weight_kg, gross_weight_kg, packages, unit_price, total_value, currency, incoterm, origin_country, remarks, extra`

func (r declarations) Upsert(ctx context.Context, d *core.DeclarationItem) (bool, error) {
	db := r.c.db
	h := rowHash(d)
	var n int64
	err := r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`INSERT INTO declaration_items (`+declarationCols+`, row_hash, updated_at, import_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (declaration_no, item_no) DO UPDATE SET declared_at = excluded.declared_at,
				exporter_uscc = excluded.exporter_uscc, exporter_name = excluded.exporter_name,
				producer_uscc = excluded.producer_uscc, agent_uscc = excluded.agent_uscc,
				customs_office = excluded.customs_office, transport_mode = excluded.transport_mode,
				bill_of_lading = excluded.bill_of_lading, containers = excluded.containers, trade_mode = excluded.trade_mode,
				trading_country = excluded.trading_country, destination_country = excluded.destination_country,
				consignee_name = excluded.consignee_name, consignee_country = excluded.consignee_country,
				consignee_address = excluded.consignee_address, licence_no = excluded.licence_no, hs_code = excluded.hs_code,
				goods_name = excluded.goods_name, goods_spec = excluded.goods_spec, quantity = excluded.quantity,
				unit = excluded.unit, net_weight_kg = excluded.net_weight_kg, gross_weight_kg = excluded.gross_weight_kg,
				packages = excluded.packages, unit_price = excluded.unit_price, total_value = excluded.total_value,
				currency = excluded.currency, incoterm = excluded.incoterm, origin_country = excluded.origin_country,
				remarks = excluded.remarks, extra = excluded.extra, row_hash = excluded.row_hash, updated_at = excluded.updated_at,
				import_id = excluded.import_id
			WHERE declaration_items.row_hash <> excluded.row_hash`),
			d.DeclarationNo, d.ItemNo, d.DeclaredAt, string(d.ExporterUSCC), d.ExporterName, string(d.ProducerUSCC),
			string(d.AgentUSCC), d.CustomsOffice, d.TransportMode, d.BillOfLading, joinList(d.Containers), d.TradeMode,
			d.TradingCountry, d.DestinationCountry, d.ConsigneeName, d.ConsigneeCountry, d.ConsigneeAddress, d.LicenceNo,
			d.HSCode, d.GoodsName, d.GoodsSpec, d.Quantity, d.Unit, d.NetWeightKg, d.GrossWeightKg, d.Packages,
			d.UnitPrice, d.TotalValue, d.Currency, d.Incoterm, d.OriginCountry, d.Remarks, encodeExtra(d.Extra),
			h, db.tsArg(db.now()), core.ImportFrom(ctx))
		if err != nil {
			return db.translate(fmt.Errorf("upsert declaration %s item %d: %w", d.DeclarationNo, d.ItemNo, err))
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

func scanDeclaration(sc interface{ Scan(...any) error }) (*core.DeclarationItem, error) {
	var d core.DeclarationItem
	var exp, prod, agent, containers, extra string
	err := sc.Scan(&d.DeclarationNo, &d.ItemNo, &d.DeclaredAt, &exp, &d.ExporterName, &prod, &agent,
		&d.CustomsOffice, &d.TransportMode, &d.BillOfLading, &containers, &d.TradeMode, &d.TradingCountry,
		&d.DestinationCountry, &d.ConsigneeName, &d.ConsigneeCountry, &d.ConsigneeAddress, &d.LicenceNo, &d.HSCode,
		&d.GoodsName, &d.GoodsSpec, &d.Quantity, &d.Unit, &d.NetWeightKg, &d.GrossWeightKg, &d.Packages,
		&d.UnitPrice, &d.TotalValue, &d.Currency, &d.Incoterm, &d.OriginCountry, &d.Remarks, &extra)
	if err != nil {
		return nil, err
	}
	d.ExporterUSCC, d.ProducerUSCC, d.AgentUSCC = core.USCC(exp), core.USCC(prod), core.USCC(agent)
	d.Containers = splitList[string](containers)
	if d.Extra, err = decodeExtra(extra); err != nil {
		return nil, err
	}
	return &d, nil
}

func (r declarations) Get(ctx context.Context, no string, item int) (*core.DeclarationItem, error) {
	db := r.c.db
	d, err := scanDeclaration(r.c.reader().QueryRowContext(ctx,
		db.rebind(`SELECT `+declarationCols+` FROM declaration_items WHERE declaration_no = ? AND item_no = ?`), no, item))
	if err == sql.ErrNoRows {
		return nil, core.Errorf(core.ENOTFOUND, "declaration %s item %d does not exist", no, item)
	}
	if err != nil {
		return nil, db.translate(fmt.Errorf("get declaration %s item %d: %w", no, item, err))
	}
	return d, nil
}

func (r declarations) List(ctx context.Context, f core.DeclarationFilter) ([]*core.DeclarationItem, int, error) {
	db := r.c.db
	var w where
	if f.DeclarationNo != "" {
		w.add("declaration_no = ?", f.DeclarationNo)
	}
	if f.ExporterUSCC != "" {
		w.add("exporter_uscc = ?", string(f.ExporterUSCC))
	}
	if f.LicenceNo != "" {
		w.add("licence_no = ?", f.LicenceNo)
	}
	if f.HSPrefix != "" {
		w.add(`hs_code LIKE ? ESCAPE '\'`, likeEscape(f.HSPrefix)+"%")
	}
	if !f.From.IsZero() {
		w.add("declared_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("declared_at <= ?", f.To)
	}
	if f.Destination != "" {
		w.add("destination_country = ?", f.Destination)
	}
	if f.Province != "" {
		w.add("exporter_uscc IN (SELECT uscc FROM enterprises WHERE province = ?)", f.Province)
	}
	order := " ORDER BY declared_at, declaration_no, item_no"
	if f.Newest {
		order = " ORDER BY declared_at DESC, declaration_no DESC, item_no"
	}
	var total int
	if err := r.c.reader().QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM declaration_items`+w.String()), w.args...).Scan(&total); err != nil {
		return nil, 0, db.translate(fmt.Errorf("count declarations: %w", err))
	}
	rows, err := r.c.reader().QueryContext(ctx, db.rebind(`SELECT `+declarationCols+` FROM declaration_items`+w.String()+
		order+page(f.Offset, f.Limit)), w.args...)
	if err != nil {
		return nil, 0, db.translate(fmt.Errorf("list declarations: %w", err))
	}
	defer rows.Close()
	var out []*core.DeclarationItem
	for rows.Next() {
		d, err := scanDeclaration(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list declarations: %w", err)
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

func (r declarations) Monthly(ctx context.Context, hsCodes []string, province string) ([]core.MonthlyExport, error) {
	if len(hsCodes) == 0 {
		return nil, nil
	}
	db := r.c.db
	codes, args := hsIn("hs_code", hsCodes)
	scope := ""
	if province != "" {
		scope = ` AND exporter_uscc IN (SELECT uscc FROM enterprises WHERE province = ?)`
		args = append(args, province)
	}
	// CAST … AS TEXT gives YYYY-MM-DD from SQLite's text and PostgreSQL's
	// DATE alike.
	rows, err := r.c.reader().QueryContext(ctx, db.rebind(`SELECT substr(CAST(declared_at AS TEXT), 1, 7) AS month, destination_country, hs_code,
		exporter_uscc, SUM(net_weight_kg), COUNT(*) FROM declaration_items WHERE `+codes+scope+`
		GROUP BY substr(CAST(declared_at AS TEXT), 1, 7), destination_country, hs_code, exporter_uscc ORDER BY 1, 2, 3, 4`), args...)
	if err != nil {
		return nil, db.translate(fmt.Errorf("monthly exports: %w", err))
	}
	defer rows.Close()
	var out []core.MonthlyExport
	for rows.Next() {
		var m core.MonthlyExport
		var kg int64
		var exporter string
		if err := rows.Scan(&m.Month, &m.Destination, &m.HSCode, &exporter, &kg, &m.Items); err != nil {
			return nil, fmt.Errorf("monthly exports: %w", err)
		}
		m.NetKg, m.Exporter = core.Decimal(kg), core.USCC(exporter)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (r declarations) DeleteFrom(ctx context.Context, no string, itemNo int) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, db.rebind(`DELETE FROM declaration_items WHERE declaration_no = ? AND item_no >= ?`), no, itemNo)
		if err != nil {
			return db.translate(fmt.Errorf("delete items of %s from %d: %w", no, itemNo, err))
		}
		return nil
	})
}
