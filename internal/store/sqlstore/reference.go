package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"orewatch/internal/core"
)

// upsert writes one row keyed by keys, skipping the write when the stored
// row hash is the same. cols and vals exclude row_hash and updated_at.
func (c conn) upsert(ctx context.Context, table string, keys, cols []string, vals []any, hashOf any) (bool, error) {
	db := c.db
	all := append(append([]string(nil), cols...), "row_hash", "updated_at", "import_id")
	args := append(append([]any(nil), vals...), rowHash(hashOf), db.tsArg(db.now()), core.ImportFrom(ctx))
	isKey := map[string]bool{}
	for _, k := range keys {
		isKey[k] = true
	}
	var sets []string
	for _, col := range all {
		if !isKey[col] {
			sets = append(sets, col+" = excluded."+col)
		}
	}
	q := fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s WHERE %s.row_hash <> excluded.row_hash`,
		table, strings.Join(all, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(all)), ", "), strings.Join(keys, ", "),
		strings.Join(sets, ", "), table)
	var n int64
	err := c.write(ctx, func(qr querier) error {
		res, err := qr.ExecContext(ctx, db.rebind(q), args...)
		if err != nil {
			return db.translate(fmt.Errorf("upsert into %s: %w", table, err))
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

// all runs a SELECT and scans every row with fn.
func (c conn) all(ctx context.Context, q string, fn func(sc interface{ Scan(...any) error }) error, args ...any) error {
	db := c.db
	rows, err := c.reader().QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return db.translate(fmt.Errorf("query: %w", err))
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (db *DB) Parties() core.PartyRepo         { return parties{conn{db: db}} }
func (db *DB) Lists() core.ListRepo            { return lists{conn{db: db}} }
func (db *DB) Manifests() core.ManifestRepo    { return manifests{conn{db: db}} }
func (db *DB) Prices() core.PriceRepo          { return prices{conn{db: db}} }
func (db *DB) Materials() core.MaterialRepo    { return materials{conn{db: db}} }
func (t txRepos) Parties() core.PartyRepo      { return parties{t.c} }
func (t txRepos) Lists() core.ListRepo         { return lists{t.c} }
func (t txRepos) Manifests() core.ManifestRepo { return manifests{t.c} }
func (t txRepos) Prices() core.PriceRepo       { return prices{t.c} }
func (t txRepos) Materials() core.MaterialRepo { return materials{t.c} }

type parties struct{ c conn }

const partyCols = "party_id, name, country, address, phone, email, registry_id, kind, extra"

func (r parties) Upsert(ctx context.Context, p *core.Party) (bool, error) {
	return r.c.upsert(ctx, "parties", []string{"party_id"}, strings.Split(partyCols, ", "),
		[]any{p.ID, p.Name, p.Country, p.Address, p.Phone, p.Email, p.RegistryID, p.Kind, encodeExtra(p.Extra)}, p)
}

func scanParty(sc interface{ Scan(...any) error }) (*core.Party, error) {
	var p core.Party
	var extra string
	if err := sc.Scan(&p.ID, &p.Name, &p.Country, &p.Address, &p.Phone, &p.Email, &p.RegistryID, &p.Kind, &extra); err != nil {
		return nil, err
	}
	var err error
	p.Extra, err = decodeExtra(extra)
	return &p, err
}

func (r parties) Get(ctx context.Context, id string) (*core.Party, error) {
	p, err := scanParty(r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT `+partyCols+` FROM parties WHERE party_id = ?`), id))
	if err == sql.ErrNoRows {
		return nil, core.Errorf(core.ENOTFOUND, "party %s does not exist", id)
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("get party %s: %w", id, err))
	}
	return p, nil
}

func (r parties) All(ctx context.Context) ([]*core.Party, error) {
	var out []*core.Party
	err := r.c.all(ctx, `SELECT `+partyCols+` FROM parties ORDER BY party_id`, func(sc interface{ Scan(...any) error }) error {
		p, err := scanParty(sc)
		out = append(out, p)
		return err
	})
	return out, err
}

func (r parties) AddLink(ctx context.Context, l *core.PartyLink) (bool, error) {
	return r.c.upsert(ctx, "party_links", []string{"from_party", "to_party", "relation"},
		[]string{"from_party", "to_party", "relation", "source", "extra"},
		[]any{l.From, l.To, l.Relation, l.Source, encodeExtra(l.Extra)}, l)
}

func (r parties) Links(ctx context.Context) ([]*core.PartyLink, error) {
	var out []*core.PartyLink
	err := r.c.all(ctx, `SELECT from_party, to_party, relation, source, extra FROM party_links ORDER BY from_party, to_party, relation`,
		func(sc interface{ Scan(...any) error }) error {
			var l core.PartyLink
			var extra string
			if err := sc.Scan(&l.From, &l.To, &l.Relation, &l.Source, &extra); err != nil {
				return err
			}
			var err error
			l.Extra, err = decodeExtra(extra)
			out = append(out, &l)
			return err
		})
	return out, err
}

type lists struct{ c conn }

func (r lists) Upsert(ctx context.Context, e *core.ListEntry) (bool, error) {
	return r.c.upsert(ctx, "list_entries", []string{"list", "name", "listed_on"},
		[]string{"list", "name", "listed_on", "aliases", "country", "delisted_on", "reference", "extra"},
		[]any{e.List, e.Name, e.ListedOn.String(), joinList(e.Aliases), e.Country, e.DelistedOn.String(), e.Reference, encodeExtra(e.Extra)}, e)
}

func (r lists) All(ctx context.Context) ([]*core.ListEntry, error) {
	var out []*core.ListEntry
	err := r.c.all(ctx, `SELECT list, name, listed_on, aliases, country, delisted_on, reference, extra FROM list_entries ORDER BY list, name, listed_on`,
		func(sc interface{ Scan(...any) error }) error {
			var e core.ListEntry
			var listed, delisted, aliases, extra string
			if err := sc.Scan(&e.List, &e.Name, &listed, &aliases, &e.Country, &delisted, &e.Reference, &extra); err != nil {
				return err
			}
			if err := e.ListedOn.UnmarshalText([]byte(listed)); err != nil {
				return err
			}
			if err := e.DelistedOn.UnmarshalText([]byte(delisted)); err != nil {
				return err
			}
			e.Aliases = splitList[string](aliases)
			var err error
			e.Extra, err = decodeExtra(extra)
			out = append(out, &e)
			return err
		})
	return out, err
}

type manifests struct{ c conn }

func (r manifests) Upsert(ctx context.Context, m *core.Manifest) (bool, error) {
	return r.c.upsert(ctx, "manifests", []string{"bill_of_lading", "container_no"},
		[]string{"bill_of_lading", "container_no", "vgm_kg", "tare_kg", "size", "port_of_loading", "port_of_discharge", "transshipment_port", "extra"},
		[]any{m.BillOfLading, m.ContainerNo, m.VGMKg, m.TareKg, m.Size, m.PortOfLoading, m.PortOfDischarge, m.TransshipmentPort, encodeExtra(m.Extra)}, m)
}

func (r manifests) All(ctx context.Context) ([]*core.Manifest, error) {
	return r.query(ctx, ``)
}

func (r manifests) ByBill(ctx context.Context, bl string) ([]*core.Manifest, error) {
	return r.query(ctx, ` WHERE bill_of_lading = ?`, bl)
}

func (r manifests) query(ctx context.Context, where string, args ...any) ([]*core.Manifest, error) {
	var out []*core.Manifest
	err := r.c.all(ctx, `SELECT bill_of_lading, container_no, vgm_kg, tare_kg, size, port_of_loading, port_of_discharge, transshipment_port, extra
		FROM manifests`+where+` ORDER BY bill_of_lading, container_no`, func(sc interface{ Scan(...any) error }) error {
		var m core.Manifest
		var extra string
		if err := sc.Scan(&m.BillOfLading, &m.ContainerNo, &m.VGMKg, &m.TareKg, &m.Size, &m.PortOfLoading, &m.PortOfDischarge, &m.TransshipmentPort, &extra); err != nil {
			return err
		}
		var err error
		m.Extra, err = decodeExtra(extra)
		out = append(out, &m)
		return err
	}, args...)
	return out, err
}

type prices struct{ c conn }

func (r prices) Upsert(ctx context.Context, p *core.Price) (bool, error) {
	return r.c.upsert(ctx, "prices", []string{"material", "market", "price_date"},
		[]string{"material", "market", "price_date", "price", "currency", "unit", "extra"},
		[]any{p.Material, p.Market, p.Date, p.Price, p.Currency, p.Unit, encodeExtra(p.Extra)}, p)
}

func (r prices) All(ctx context.Context) ([]*core.Price, error) {
	var out []*core.Price
	err := r.c.all(ctx, `SELECT material, market, price_date, price, currency, unit, extra FROM prices ORDER BY material, market, price_date`,
		func(sc interface{ Scan(...any) error }) error {
			var p core.Price
			var extra string
			if err := sc.Scan(&p.Material, &p.Market, &p.Date, &p.Price, &p.Currency, &p.Unit, &extra); err != nil {
				return err
			}
			var err error
			p.Extra, err = decodeExtra(extra)
			out = append(out, &p)
			return err
		})
	return out, err
}

type materials struct{ c conn }

// encodeYields writes made_from as "a:0.55|b:1.2" in a stable order.
func encodeYields(m map[string]float64) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+":"+strconv.FormatFloat(m[k], 'f', -1, 64))
	}
	return strings.Join(parts, "|")
}

func decodeYields(s string) (map[string]float64, error) {
	if s == "" {
		return nil, nil
	}
	m := map[string]float64{}
	for _, p := range strings.Split(s, "|") {
		k, v, _ := strings.Cut(p, ":")
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("decode yields %q: %w", s, err)
		}
		m[k] = f
	}
	return m, nil
}

func (r materials) Upsert(ctx context.Context, m *core.Material) (bool, error) {
	density := core.Decimal(int64(m.DensityKg*10000 + 0.5))
	return r.c.upsert(ctx, "materials", []string{"material"},
		[]string{"material", "mineral_group", "hs_codes", "made_from", "density_kg_m3", "basis"},
		[]any{m.ID, m.Group, joinList(m.HSCodes), encodeYields(m.MadeFrom), density, m.Basis}, m)
}

func (r materials) All(ctx context.Context) ([]*core.Material, error) {
	var out []*core.Material
	err := r.c.all(ctx, `SELECT material, mineral_group, hs_codes, made_from, density_kg_m3, basis FROM materials ORDER BY material`,
		func(sc interface{ Scan(...any) error }) error {
			var m core.Material
			var hs, yields string
			var density core.Decimal
			if err := sc.Scan(&m.ID, &m.Group, &hs, &yields, &density, &m.Basis); err != nil {
				return err
			}
			m.HSCodes, m.DensityKg = splitList[string](hs), density.Float()
			var err error
			m.MadeFrom, err = decodeYields(yields)
			out = append(out, &m)
			return err
		})
	return out, err
}
