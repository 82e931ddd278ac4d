package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"orewatch/internal/core"
)

func (db *DB) Events() core.EventRepo    { return events{conn{db: db}} }
func (t txRepos) Events() core.EventRepo { return events{t.c} }

type events struct{ c conn }

// PartyColumn encodes an event's typed sources, destinations or business
// transactions as one text column, delimited at both ends so that LIKE
// '%=id|%' finds one entry whole; every writer must use it for the queries to match.
func PartyColumn(ps []core.EventParty) string {
	if len(ps) == 0 {
		return ""
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Type + "=" + p.ID
	}
	return "|" + strings.Join(parts, "|") + "|"
}

func untyped(s string) []core.EventParty {
	var out []core.EventParty
	for _, p := range splitList[string](s) {
		t, id, _ := strings.Cut(p, "=")
		out = append(out, core.EventParty{Type: t, ID: id})
	}
	return out
}

// Rows per multi-row INSERT: well under SQLite's 32,766 and PostgreSQL's
// 65,535 bound parameters, large enough that round trips stop mattering.
const (
	eventRowsPerInsert = 400 // 15 columns
	qtyRowsPerInsert   = 1000
)

func (r events) Capture(ctx context.Context, captureID string, evs []*core.Event) (int, error) {
	db := r.c.db
	stored := 0
	now := db.now()
	err := r.c.write(ctx, func(q querier) error {
		if db.dialect.Name == "postgres" {
			n, err := r.capturePostgres(ctx, q, captureID, evs, now)
			stored = n
			return err
		}
		recorded := db.tsArg(now)
		for off := 0; off < len(evs); off += eventRowsPerInsert {
			chunk := evs[off:min(off+eventRowsPerInsert, len(evs))]
			// One statement per chunk; RETURNING names the events that were
			// new, so an event captured before (or twice in this document)
			// is stored once and its quantities once.
			var sb strings.Builder
			sb.WriteString(`INSERT INTO epcis_events (event_key, event_id, event_type, event_time, action,
			biz_step, disposition, read_point, biz_location, sources, destinations, biz_transactions, document, capture_id, recorded_at) VALUES `)
			args := make([]any, 0, len(chunk)*15)
			first := map[string]*core.Event{}
			for i, e := range chunk {
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				args = append(args, e.Key, e.EventID, e.Type, db.tsArg(e.EventTime), e.Action, e.BizStep, e.Disposition, e.ReadPoint,
					e.BizLocation, PartyColumn(e.Sources), PartyColumn(e.Destinations), PartyColumn(e.BizTransactions), string(e.Raw), captureID, recorded)
				if _, ok := first[e.Key]; !ok {
					first[e.Key] = e
				}
			}
			sb.WriteString(" ON CONFLICT (event_key) DO NOTHING RETURNING event_key")
			rows, err := q.QueryContext(ctx, db.rebind(sb.String()), args...)
			if err != nil {
				return db.translate(fmt.Errorf("store events: %w", err))
			}
			var fresh []*core.Event
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return fmt.Errorf("store events: %w", err)
				}
				fresh = append(fresh, first[k])
			}
			if err := rows.Close(); err != nil {
				return db.translate(fmt.Errorf("store events: %w", err))
			}
			stored += len(fresh)
			if err := r.storeQuantities(ctx, q, fresh); err != nil {
				return err
			}
		}
		return nil
	})
	return stored, err
}

// capturePostgres sends each column as one array parameter and lets
// PostgreSQL unnest them: one statement and one round trip for thousands of
// rows, with the same ON CONFLICT and RETURNING as the portable path.
func (r events) capturePostgres(ctx context.Context, q querier, captureID string, evs []*core.Event, now time.Time) (int, error) {
	db := r.c.db
	const chunk = 5000
	stored := 0
	// Captures run side by side on PostgreSQL. Taking the primary key's
	// locks in key order means two documents that share events wait for
	// each other instead of deadlocking.
	evs = slices.SortedStableFunc(slices.Values(evs), func(a, b *core.Event) int { return strings.Compare(a.Key, b.Key) })
	for off := 0; off < len(evs); off += chunk {
		part := evs[off:min(off+chunk, len(evs))]
		cols := make([][]string, 12)
		times := make([]time.Time, len(part))
		first := map[string]*core.Event{}
		for i, e := range part {
			for c, v := range []string{e.Key, e.EventID, e.Type, e.Action, e.BizStep, e.Disposition, e.ReadPoint, e.BizLocation,
				PartyColumn(e.Sources), PartyColumn(e.Destinations), PartyColumn(e.BizTransactions), string(e.Raw)} {
				cols[c] = append(cols[c], v)
			}
			times[i] = e.EventTime.UTC()
			if _, ok := first[e.Key]; !ok {
				first[e.Key] = e
			}
		}
		// Quantities go with the events in one statement: the server keeps
		// those whose event was new, so nothing travels back but a count.
		var keys, roles, classes, uoms []string
		var seqs []int32
		var qtys []int64
		for _, e := range part {
			if first[e.Key] != e {
				continue // a repeat within the document: its first copy's quantities stand
			}
			for i, qt := range e.Quantities {
				keys, seqs, roles, classes, qtys, uoms = append(keys, e.Key), append(seqs, int32(i)), append(roles, qt.Role),
					append(classes, qt.EPCClass), append(qtys, int64(qt.Quantity)), append(uoms, qt.UOM)
			}
		}
		var n int
		err := q.QueryRowContext(ctx, `WITH ins AS (
			INSERT INTO epcis_events (event_key, event_id, event_type, action, biz_step, disposition, read_point,
				biz_location, sources, destinations, biz_transactions, document, event_time, capture_id, recorded_at)
			SELECT k, i, t, a, b, d, rp, bl, s, de, bt, doc, et, $14, $15
			FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
				$11::text[], $12::text[], $13::timestamptz[]) AS x(k, i, t, a, b, d, rp, bl, s, de, bt, doc, et)
			ON CONFLICT (event_key) DO NOTHING RETURNING event_key
		), qty AS (
			INSERT INTO epcis_quantities (event_key, seq, role, epc_class, quantity, uom)
			SELECT y.* FROM unnest($16::text[], $17::int[], $18::text[], $19::text[], $20::bigint[], $21::text[]) AS y(k, seq, r, c, q, u)
			WHERE y.k IN (SELECT event_key FROM ins)
		)
		SELECT count(*) FROM ins`,
			cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8], cols[9], cols[10], cols[11], times, captureID, now.UTC(),
			keys, seqs, roles, classes, qtys, uoms).Scan(&n)
		if err != nil {
			return stored, db.translate(fmt.Errorf("store events: %w", err))
		}
		stored += n
	}
	return stored, nil
}

func (r events) storeQuantities(ctx context.Context, q querier, evs []*core.Event) error {
	db := r.c.db
	type row struct {
		e  *core.Event
		i  int
		qt core.EventQty
	}
	var all []row
	for _, e := range evs {
		for i, qt := range e.Quantities {
			all = append(all, row{e, i, qt})
		}
	}
	for off := 0; off < len(all); off += qtyRowsPerInsert {
		chunk := all[off:min(off+qtyRowsPerInsert, len(all))]
		var sb strings.Builder
		sb.WriteString(`INSERT INTO epcis_quantities (event_key, seq, role, epc_class, quantity, uom) VALUES `)
		args := make([]any, 0, len(chunk)*6)
		for i, x := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?)")
			args = append(args, x.e.Key, x.i, x.qt.Role, x.qt.EPCClass, x.qt.Quantity, x.qt.UOM)
		}
		if _, err := q.ExecContext(ctx, db.rebind(sb.String()), args...); err != nil {
			return db.translate(fmt.Errorf("store quantities: %w", err))
		}
	}
	return nil
}

func (r events) Query(ctx context.Context, f core.EventFilter) ([]*core.Event, error) {
	db := r.c.db
	var w where
	if len(f.Types) > 0 {
		w.add("event_type IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Types)), ", ")+")", anys(f.Types)...)
	}
	if !f.From.IsZero() {
		w.add("event_time >= ?", db.tsArg(f.From))
	}
	if !f.Before.IsZero() {
		w.add("event_time < ?", db.tsArg(f.Before))
	}
	if f.BizStep != "" {
		w.add("biz_step = ?", f.BizStep)
	}
	if f.BizLocation != "" {
		w.add("biz_location = ?", f.BizLocation)
	}
	if f.Source != "" {
		w.add(`sources LIKE ? ESCAPE '\'`, "%="+likeEscape(f.Source)+"|%")
	}
	if f.Destination != "" {
		w.add(`destinations LIKE ? ESCAPE '\'`, "%="+likeEscape(f.Destination)+"|%")
	}
	if f.Province != "" {
		// The USCC is the 18 characters after the 18 of the prefix.
		w.add(`biz_location LIKE 'urn:orewatch:site:%' AND (length(biz_location) = 36 OR substr(biz_location, 37, 1) = ':')
			AND substr(biz_location, 19, 18) IN (SELECT uscc FROM enterprises WHERE province = ?)`, f.Province)
	}
	if f.EPCClass != "" {
		// IN (…) rather than EXISTS: the planner then starts from the
		// class index instead of walking every event in time order (a
		// backward trace on sixty thousand events took 140 ms that way).
		if p, ok := strings.CutSuffix(f.EPCClass, "*"); ok {
			w.add(`event_key IN (SELECT q.event_key FROM epcis_quantities q WHERE q.epc_class LIKE ? ESCAPE '\')`, likeEscape(p)+"%")
		} else {
			w.add(`event_key IN (SELECT q.event_key FROM epcis_quantities q WHERE q.epc_class = ?)`, f.EPCClass)
		}
	}
	if f.After != "" {
		// Keyset pagination on (event_time, event_key).
		w.add(`(event_time > (SELECT event_time FROM epcis_events WHERE event_key = ?) OR
			(event_time = (SELECT event_time FROM epcis_events WHERE event_key = ?) AND event_key > ?))`, f.After, f.After, f.After)
	}
	limit, maxLimit, doc := f.Limit, 1000, "document"
	if f.NoDocument {
		maxLimit, doc = 10000, "''"
	}
	if limit <= 0 || limit > maxLimit {
		limit = 100
	}
	rows, err := r.c.reader().QueryContext(ctx, db.rebind(`SELECT event_key, event_id, event_type, event_time, action, biz_step, disposition,
		read_point, biz_location, sources, destinations, biz_transactions, `+doc+`, capture_id, recorded_at FROM epcis_events`+w.String()+
		fmt.Sprintf(` ORDER BY event_time, event_key LIMIT %d`, limit)), w.args...)
	if err != nil {
		return nil, db.translate(fmt.Errorf("query events: %w", err))
	}
	defer rows.Close()
	var out []*core.Event
	byKey := map[string]*core.Event{}
	for rows.Next() {
		var e core.Event
		var src, dst, btx, doc string
		if err := rows.Scan(&e.Key, &e.EventID, &e.Type, scanTime{&e.EventTime}, &e.Action, &e.BizStep, &e.Disposition, &e.ReadPoint,
			&e.BizLocation, &src, &dst, &btx, &doc, &e.CaptureID, scanTime{&e.RecordedAt}); err != nil {
			return nil, fmt.Errorf("query events: %w", err)
		}
		e.Sources, e.Destinations, e.BizTransactions, e.Raw = untyped(src), untyped(dst), untyped(btx), []byte(doc)
		out = append(out, &e)
		byKey[e.Key] = &e
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	keys := make([]any, 0, len(out))
	for _, e := range out {
		keys = append(keys, e.Key)
	}
	qrows, err := r.c.reader().QueryContext(ctx, db.rebind(`SELECT event_key, role, epc_class, quantity, uom FROM epcis_quantities WHERE event_key IN (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(keys)), ", ")+`) ORDER BY event_key, seq`), keys...)
	if err != nil {
		return nil, db.translate(fmt.Errorf("query quantities: %w", err))
	}
	defer qrows.Close()
	for qrows.Next() {
		var k string
		var q core.EventQty
		if err := qrows.Scan(&k, &q.Role, &q.EPCClass, &q.Quantity, &q.UOM); err != nil {
			return nil, err
		}
		byKey[k].Quantities = append(byKey[k].Quantities, q)
	}
	return out, qrows.Err()
}

func (r events) Locations(ctx context.Context) ([]string, error) {
	var out []string
	err := r.c.all(ctx, `SELECT DISTINCT biz_location FROM epcis_events WHERE biz_location <> '' ORDER BY biz_location`,
		func(sc interface{ Scan(...any) error }) error {
			var s string
			err := sc.Scan(&s)
			out = append(out, s)
			return err
		})
	return out, err
}

func anys(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func (r events) Shipments(ctx context.Context, from, before time.Time) ([]core.ShipmentSum, error) {
	db := r.c.db
	var w where
	w.add("e.biz_step = ?", "shipping")
	w.add("q.role = ?", "quantity")
	if !from.IsZero() {
		w.add("e.event_time >= ?", db.tsArg(from))
	}
	if !before.IsZero() {
		w.add("e.event_time < ?", db.tsArg(before))
	}
	rows, err := r.c.reader().QueryContext(ctx, db.rebind(`SELECT e.biz_location, e.destinations, q.epc_class, q.uom, SUM(q.quantity)
		FROM epcis_events e JOIN epcis_quantities q ON q.event_key = e.event_key`+w.String()+`
		GROUP BY e.biz_location, e.destinations, q.epc_class, q.uom ORDER BY 1, 2, 3, 4`), w.args...)
	if err != nil {
		return nil, db.translate(fmt.Errorf("shipments: %w", err))
	}
	defer rows.Close()
	var out []core.ShipmentSum
	for rows.Next() {
		var s core.ShipmentSum
		var dst string
		var qty int64
		if err := rows.Scan(&s.BizLocation, &dst, &s.EPCClass, &s.UOM, &qty); err != nil {
			return nil, fmt.Errorf("shipments: %w", err)
		}
		s.Destinations, s.Quantity = untyped(dst), core.Decimal(qty)
		out = append(out, s)
	}
	return out, rows.Err()
}
