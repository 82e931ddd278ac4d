package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"

	"orewatch/internal/core"
)

func (db *DB) Lodgements() core.LodgementRepo    { return lodgements{conn{db: db}} }
func (t txRepos) Lodgements() core.LodgementRepo { return lodgements{t.c} }

type lodgements struct{ c conn }

func (r lodgements) Get(ctx context.Context, no string) (*core.Lodgement, error) {
	db := r.c.db
	var l core.Lodgement
	var answer string
	err := r.c.reader().QueryRowContext(ctx, db.rebind(`SELECT declaration_no, version, body_hash, channel, score, answer, exporter_uscc,
		lodged_by, first_lodged_at, updated_at FROM lodgements WHERE declaration_no = ?`), no).
		Scan(&l.DeclarationNo, &l.Version, &l.BodyHash, &l.Channel, &l.Score, &answer, &l.ExporterUSCC, &l.LodgedBy,
			scanTime{&l.FirstLodgedAt}, scanTime{&l.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, core.Errorf(core.ENOTFOUND, "no declaration %s was lodged", no)
	}
	if err != nil {
		return nil, db.translate(fmt.Errorf("read lodgement %s: %w", no, err))
	}
	l.Answer = []byte(answer)
	return &l, nil
}

func (r lodgements) Versions(ctx context.Context, no string) ([]*core.LodgementVersion, error) {
	var out []*core.LodgementVersion
	err := r.c.all(ctx, `SELECT declaration_no, version, body_hash, body, answer, lodged_by, lodged_at FROM lodgement_versions
		WHERE declaration_no = ? ORDER BY version`, func(sc interface{ Scan(...any) error }) error {
		var v core.LodgementVersion
		var body, answer string
		if err := sc.Scan(&v.DeclarationNo, &v.Version, &v.BodyHash, &body, &answer, &v.LodgedBy, scanTime{&v.LodgedAt}); err != nil {
			return err
		}
		v.Body, v.Answer = []byte(body), []byte(answer)
		out = append(out, &v)
		return nil
	}, no)
	return out, err
}

func (r lodgements) Save(ctx context.Context, l *core.Lodgement, v *core.LodgementVersion) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO lodgements (declaration_no, version, body_hash, channel, score, answer,
			exporter_uscc, lodged_by, first_lodged_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (declaration_no) DO UPDATE SET version = excluded.version, body_hash = excluded.body_hash,
			channel = excluded.channel, score = excluded.score, answer = excluded.answer, exporter_uscc = excluded.exporter_uscc,
			lodged_by = excluded.lodged_by, updated_at = excluded.updated_at`),
			l.DeclarationNo, l.Version, l.BodyHash, l.Channel, l.Score, string(l.Answer), string(l.ExporterUSCC), l.LodgedBy,
			db.tsArg(l.FirstLodgedAt), db.tsArg(l.UpdatedAt)); err != nil {
			return db.translate(fmt.Errorf("save lodgement %s: %w", l.DeclarationNo, err))
		}
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO lodgement_versions (declaration_no, version, body_hash, body, answer,
			lodged_by, lodged_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			v.DeclarationNo, v.Version, v.BodyHash, string(v.Body), string(v.Answer), v.LodgedBy, db.tsArg(v.LodgedAt)); err != nil {
			return db.translate(fmt.Errorf("save version %d of lodgement %s: %w", v.Version, v.DeclarationNo, err))
		}
		return nil
	})
}

// LockLicence: PostgreSQL locks the licence's row; SQLite has one writer,
// whose transaction already excludes every other.
func (r lodgements) LockLicence(ctx context.Context, licenceNo string) error {
	db := r.c.db
	if db.dialect.Name != "postgres" {
		return nil
	}
	if r.c.q == nil {
		return fmt.Errorf("lock licence %s: only inside a transaction", licenceNo)
	}
	var no string
	err := r.c.q.QueryRowContext(ctx, db.rebind(`SELECT licence_no FROM licences WHERE licence_no = ? FOR UPDATE`), licenceNo).Scan(&no)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return db.translate(fmt.Errorf("lock licence %s: %w", licenceNo, err))
	}
	return nil
}

// Drawn is the licence's running total less what the declaration except
// drew itself: one row and the declaration's own few, however many draws
// the licence has had.
func (r lodgements) Drawn(ctx context.Context, licenceNo, except string) (float64, error) {
	db := r.c.db
	var total, own sql.NullInt64
	err := r.c.reader().QueryRowContext(ctx, db.rebind(`SELECT (SELECT grams FROM licence_drawn WHERE licence_no = ?),
		(SELECT SUM(grams) FROM licence_drawdowns WHERE declaration_no = ? AND licence_no = ?)`),
		licenceNo, except, licenceNo).Scan(&total, &own)
	if err != nil {
		return 0, db.translate(fmt.Errorf("sum drawdown of licence %s: %w", licenceNo, err))
	}
	return float64(total.Int64-own.Int64) / 1000, nil
}

// SetDrawdowns replaces the declaration's draws and moves the licences'
// running totals by the difference, in the caller's transaction.
func (r lodgements) SetDrawdowns(ctx context.Context, no string, ds []core.Drawdown) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, db.rebind(`UPDATE licence_drawn SET grams = grams - (SELECT COALESCE(SUM(d.grams), 0)
			FROM licence_drawdowns d WHERE d.declaration_no = ? AND d.licence_no = licence_drawn.licence_no)
			WHERE licence_no IN (SELECT licence_no FROM licence_drawdowns WHERE declaration_no = ?)`), no, no); err != nil {
			return db.translate(fmt.Errorf("take back drawdown of %s: %w", no, err))
		}
		if _, err := q.ExecContext(ctx, db.rebind(`DELETE FROM licence_drawdowns WHERE declaration_no = ?`), no); err != nil {
			return db.translate(fmt.Errorf("clear drawdown of %s: %w", no, err))
		}
		for _, d := range ds {
			if d.DeclarationNo != no {
				return fmt.Errorf("drawdown of %s item %d filed under %s", d.DeclarationNo, d.ItemNo, no)
			}
			g := int64(math.Round(d.Kg * 1000))
			if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO licence_drawdowns (declaration_no, item_no, licence_no, grams) VALUES (?, ?, ?, ?)`),
				d.DeclarationNo, d.ItemNo, d.LicenceNo, g); err != nil {
				return db.translate(fmt.Errorf("record drawdown of %s item %d: %w", no, d.ItemNo, err))
			}
			if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO licence_drawn (licence_no, grams) VALUES (?, ?)
				ON CONFLICT (licence_no) DO UPDATE SET grams = licence_drawn.grams + excluded.grams`), d.LicenceNo, g); err != nil {
				return db.translate(fmt.Errorf("add drawdown of %s item %d to licence %s: %w", no, d.ItemNo, d.LicenceNo, err))
			}
		}
		return nil
	})
}

func (r lodgements) Drawdowns(ctx context.Context, licenceNo string) ([]core.Drawdown, error) {
	var out []core.Drawdown
	err := r.c.all(ctx, `SELECT licence_no, declaration_no, item_no, grams FROM licence_drawdowns WHERE licence_no = ?
		ORDER BY declaration_no, item_no`, func(sc interface{ Scan(...any) error }) error {
		var d core.Drawdown
		var grams int64
		if err := sc.Scan(&d.LicenceNo, &d.DeclarationNo, &d.ItemNo, &grams); err != nil {
			return err
		}
		d.Kg = float64(grams) / 1000
		out = append(out, d)
		return nil
	}, licenceNo)
	return out, err
}

const lodgementCols = `declaration_no, version, body_hash, channel, score, answer, exporter_uscc, lodged_by, first_lodged_at, updated_at`

func (r lodgements) List(ctx context.Context, f core.LodgementFilter) ([]*core.Lodgement, string, error) {
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var w where
	if f.Exporter != "" {
		w.add("l.exporter_uscc = ?", string(f.Exporter))
	}
	if f.Channel != "" {
		w.add("l.channel = ?", f.Channel)
	}
	if f.Province != "" {
		w.add("l.exporter_uscc IN (SELECT uscc FROM enterprises WHERE province = ?)", f.Province)
	}
	if f.Code != "" {
		w.add("EXISTS (SELECT 1 FROM alerts a WHERE a.subject_type = 'declaration' AND a.subject_id = l.declaration_no AND a.code = ?)", f.Code)
	}
	var item where
	if f.HSPrefix != "" {
		item.add(`d.hs_code LIKE ? ESCAPE '\'`, likeEscape(f.HSPrefix)+"%")
	}
	if f.Destination != "" {
		item.add("d.destination_country = ?", f.Destination)
	}
	if f.Consignee != "" {
		item.add(`LOWER(d.consignee_name) LIKE ? ESCAPE '\'`, "%"+likeEscape(strings.ToLower(f.Consignee))+"%")
	}
	if !f.From.IsZero() {
		item.add("d.declared_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		item.add("d.declared_at <= ?", f.To)
	}
	if len(item.clauses) > 0 {
		w.add("EXISTS (SELECT 1 FROM declaration_items d WHERE d.declaration_no = l.declaration_no AND "+strings.Join(item.clauses, " AND ")+")", item.args...)
	}
	if f.After != "" {
		w.add("l.declaration_no < ?", f.After)
	}
	var out []*core.Lodgement
	err := r.c.all(ctx, `SELECT `+lodgementCols+` FROM lodgements l`+w.String()+fmt.Sprintf(` ORDER BY l.declaration_no DESC LIMIT %d`, limit+1),
		func(sc interface{ Scan(...any) error }) error {
			var l core.Lodgement
			var answer string
			if err := sc.Scan(&l.DeclarationNo, &l.Version, &l.BodyHash, &l.Channel, &l.Score, &answer, &l.ExporterUSCC, &l.LodgedBy,
				scanTime{&l.FirstLodgedAt}, scanTime{&l.UpdatedAt}); err != nil {
				return err
			}
			l.Answer = []byte(answer)
			out = append(out, &l)
			return nil
		}, w.args...)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].DeclarationNo
	}
	return out, next, nil
}
