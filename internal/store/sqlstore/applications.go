package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"orewatch/internal/core"
)

func (db *DB) Applications() core.ApplicationRepo    { return applications{conn{db: db}} }
func (t txRepos) Applications() core.ApplicationRepo { return applications{t.c} }

// applications keep each application whole as JSON (body): the form and
// the procedure's state change together and are read together; the
// columns beside it are what lists filter and sort on.
type applications struct{ c conn }

func (r applications) Create(ctx context.Context, a *core.LicenceApplication) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if db.dialect.Name == "postgres" {
			// Numbers are given in order: drafts created at once wait for
			// each other here (SQLite's one writer does this by itself).
			if _, err := q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7201)`); err != nil {
				return db.translate(fmt.Errorf("number the application: %w", err))
			}
		}
		var last int64
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM licence_applications`).Scan(&last); err != nil {
			return db.translate(fmt.Errorf("number the application: %w", err))
		}
		a.Seq = last + 1
		a.ID = fmt.Sprintf("LA%d%06d", a.CreatedAt.UTC().Year(), a.Seq)
		a.Revision = 1
		body, err := json.Marshal(a)
		if err != nil {
			return fmt.Errorf("encode application: %w", err)
		}
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO licence_applications (seq, id, exporter_uscc, province, status, revision, consulted, updated_at, body)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), a.Seq, a.ID, string(a.ExporterUSCC), a.Province, string(a.Status), a.Revision,
			joinList(a.Consulted), db.tsArg(a.UpdatedAt), string(body)); err != nil {
			return db.translate(fmt.Errorf("store application: %w", err))
		}
		return nil
	})
}

func scanApplication(sc interface{ Scan(...any) error }) (*core.LicenceApplication, error) {
	var seq int64
	var body string
	if err := sc.Scan(&seq, &body); err != nil {
		return nil, err
	}
	var a core.LicenceApplication
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		return nil, fmt.Errorf("decode application %d: %w", seq, err)
	}
	a.Seq = seq
	return &a, nil
}

func (r applications) Get(ctx context.Context, id string) (*core.LicenceApplication, error) {
	a, err := scanApplication(r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT seq, body FROM licence_applications WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, core.Errorf(core.ENOTFOUND, "no licence application %s", id)
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("get application %s: %w", id, err))
	}
	return a, nil
}

func (r applications) List(ctx context.Context, f core.ApplicationFilter) ([]*core.LicenceApplication, error) {
	var w where
	if f.ExporterUSCC != "" {
		w.add("exporter_uscc = ?", string(f.ExporterUSCC))
	}
	if f.Province != "" {
		w.add("province = ?", f.Province)
	}
	if len(f.Statuses) > 0 {
		marks := make([]string, len(f.Statuses))
		args := make([]any, len(f.Statuses))
		for i, s := range f.Statuses {
			marks[i], args[i] = "?", string(s)
		}
		w.add("status IN ("+strings.Join(marks, ", ")+")", args...)
	}
	if f.ConsultedAgency != "" {
		w.add("consulted LIKE ?", "%|"+f.ConsultedAgency+"|%")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	var out []*core.LicenceApplication
	err := r.c.all(ctx, `SELECT seq, body FROM licence_applications`+w.String()+fmt.Sprintf(` ORDER BY seq DESC LIMIT %d`, limit),
		func(sc interface{ Scan(...any) error }) error {
			a, err := scanApplication(sc)
			if err != nil {
				return err
			}
			out = append(out, a)
			return nil
		}, w.args...)
	return out, err
}

func (r applications) Update(ctx context.Context, a *core.LicenceApplication) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		next := *a
		next.Revision++
		body, err := json.Marshal(&next)
		if err != nil {
			return fmt.Errorf("encode application %s: %w", a.ID, err)
		}
		res, err := q.ExecContext(ctx, db.rebind(`UPDATE licence_applications SET status = ?, revision = ?, consulted = ?, updated_at = ?, body = ?
			WHERE id = ? AND revision = ?`), string(next.Status), next.Revision, joinList(next.Consulted), db.tsArg(next.UpdatedAt), string(body), a.ID, a.Revision)
		if err != nil {
			return db.translate(fmt.Errorf("update application %s: %w", a.ID, err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var rev int
			err := q.QueryRowContext(ctx, db.rebind(`SELECT revision FROM licence_applications WHERE id = ?`), a.ID).Scan(&rev)
			if errors.Is(err, sql.ErrNoRows) {
				return core.Errorf(core.ENOTFOUND, "no licence application %s", a.ID)
			}
			return core.Errorf(core.ECONFLICT, "application %s changed meanwhile (revision %d, not %d): reload it", a.ID, rev, a.Revision)
		}
		a.Revision = next.Revision
		return nil
	})
}

func (r applications) AddStep(ctx context.Context, s *core.ApplicationStep) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, db.rebind(`SELECT COALESCE(MAX(seq), 0) + 1 FROM licence_application_steps WHERE application_id = ?`), s.ApplicationID).Scan(&s.Seq); err != nil {
			return db.translate(fmt.Errorf("number the step: %w", err))
		}
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO licence_application_steps (application_id, seq, at, actor, agency, action, from_status, to_status, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), s.ApplicationID, s.Seq, db.tsArg(s.At), s.Actor, s.Agency, s.Action, string(s.From), string(s.To), s.Note); err != nil {
			return db.translate(fmt.Errorf("store step of %s: %w", s.ApplicationID, err))
		}
		return nil
	})
}

func (r applications) Steps(ctx context.Context, id string) ([]*core.ApplicationStep, error) {
	var out []*core.ApplicationStep
	err := r.c.all(ctx, `SELECT application_id, seq, at, actor, agency, action, from_status, to_status, note FROM licence_application_steps
		WHERE application_id = ? ORDER BY seq`, func(sc interface{ Scan(...any) error }) error {
		var s core.ApplicationStep
		var from, to string
		if err := sc.Scan(&s.ApplicationID, &s.Seq, scanTime{&s.At}, &s.Actor, &s.Agency, &s.Action, &from, &to, &s.Note); err != nil {
			return err
		}
		s.From, s.To = core.ApplicationStatus(from), core.ApplicationStatus(to)
		out = append(out, &s)
		return nil
	}, id)
	return out, err
}

func (r applications) AddFile(ctx context.Context, f *core.ApplicationFile) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO licence_application_files (id, application_id, kind, name, size, sha256, author, agency, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), f.ID, f.ApplicationID, f.Kind, f.Name, f.Size, f.SHA256, f.Author, f.Agency, db.tsArg(f.CreatedAt)); err != nil {
			return db.translate(fmt.Errorf("store file of %s: %w", f.ApplicationID, err))
		}
		return nil
	})
}

func (r applications) Files(ctx context.Context, id string) ([]*core.ApplicationFile, error) {
	var out []*core.ApplicationFile
	err := r.c.all(ctx, `SELECT id, application_id, kind, name, size, sha256, author, agency, created_at FROM licence_application_files
		WHERE application_id = ? ORDER BY created_at, id`, func(sc interface{ Scan(...any) error }) error {
		var f core.ApplicationFile
		if err := sc.Scan(&f.ID, &f.ApplicationID, &f.Kind, &f.Name, &f.Size, &f.SHA256, &f.Author, &f.Agency, scanTime{&f.CreatedAt}); err != nil {
			return err
		}
		out = append(out, &f)
		return nil
	}, id)
	return out, err
}
