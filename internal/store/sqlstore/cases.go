package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"orewatch/internal/core"
)

func (db *DB) Cases() core.CaseRepo    { return cases{conn{db: db}} }
func (t txRepos) Cases() core.CaseRepo { return cases{t.c} }

type cases struct{ c conn }

const caseCols = "id, title, lead_agency, agencies, province, assignee, status, disposal, decision, subjects, created_by, created_at, updated_at"

func subjectsText(ss []core.CaseSubject) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.Type + "=" + s.ID
	}
	return joinList(parts)
}

func (r cases) args(c *core.Case) []any {
	db := r.c.db
	return []any{c.ID, c.Title, c.LeadAgency, joinList(c.Agencies), c.Province, c.Assignee, c.Status, c.Disposal, c.Decision,
		subjectsText(c.Subjects), c.CreatedBy, db.tsArg(c.CreatedAt), db.tsArg(c.UpdatedAt)}
}

func (r cases) Create(ctx context.Context, c *core.Case) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, db.rebind(`INSERT INTO cases (`+caseCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), r.args(c)...)
		if err != nil {
			return db.translate(fmt.Errorf("create case: %w", err))
		}
		return nil
	})
}

func scanCase(sc interface{ Scan(...any) error }) (*core.Case, error) {
	var c core.Case
	var agencies, subjects string
	if err := sc.Scan(&c.ID, &c.Title, &c.LeadAgency, &agencies, &c.Province, &c.Assignee, &c.Status, &c.Disposal, &c.Decision,
		&subjects, &c.CreatedBy, scanTime{&c.CreatedAt}, scanTime{&c.UpdatedAt}); err != nil {
		return nil, err
	}
	c.Agencies = splitList[string](agencies)
	c.Subjects = []core.CaseSubject{}
	for _, s := range splitList[string](subjects) {
		t, id, _ := strings.Cut(s, "=")
		c.Subjects = append(c.Subjects, core.CaseSubject{Type: t, ID: id})
	}
	return &c, nil
}

func (r cases) Get(ctx context.Context, id string) (*core.Case, error) {
	c, err := scanCase(r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT `+caseCols+` FROM cases WHERE id = ?`), id))
	if err == sql.ErrNoRows {
		return nil, core.Errorf(core.ENOTFOUND, "no case %s", id)
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("get case %s: %w", id, err))
	}
	return c, nil
}

func (r cases) List(ctx context.Context, status, province string) ([]*core.Case, error) {
	var w where
	if status != "" {
		w.add("status = ?", status)
	}
	if province != "" {
		w.add("province = ?", province)
	}
	var out []*core.Case
	err := r.c.all(ctx, `SELECT `+caseCols+` FROM cases`+w.String()+` ORDER BY created_at DESC, id`, func(sc interface{ Scan(...any) error }) error {
		c, err := scanCase(sc)
		out = append(out, c)
		return err
	}, w.args...)
	return out, err
}

func (r cases) Update(ctx context.Context, c *core.Case) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`UPDATE cases SET title = ?, lead_agency = ?, agencies = ?, province = ?, assignee = ?, status = ?,
			disposal = ?, decision = ?, subjects = ?, updated_at = ? WHERE id = ?`),
			c.Title, c.LeadAgency, joinList(c.Agencies), c.Province, c.Assignee, c.Status, c.Disposal, c.Decision, subjectsText(c.Subjects), db.tsArg(c.UpdatedAt), c.ID)
		if err != nil {
			return db.translate(fmt.Errorf("update case %s: %w", c.ID, err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "no case %s", c.ID)
		}
		return nil
	})
}

func (r cases) AddNote(ctx context.Context, n *core.CaseNote) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, db.rebind(`INSERT INTO case_notes (id, case_id, author, agency, visibility, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			n.ID, n.CaseID, n.Author, n.Agency, joinList(n.Visibility), n.Text, db.tsArg(n.CreatedAt))
		if err != nil {
			return db.translate(fmt.Errorf("add note to case %s: %w", n.CaseID, err))
		}
		return nil
	})
}

func (r cases) Notes(ctx context.Context, caseID string) ([]*core.CaseNote, error) {
	var out []*core.CaseNote
	err := r.c.all(ctx, `SELECT id, case_id, author, agency, visibility, text, created_at FROM case_notes WHERE case_id = ? ORDER BY created_at, id`,
		func(sc interface{ Scan(...any) error }) error {
			var n core.CaseNote
			var vis string
			if err := sc.Scan(&n.ID, &n.CaseID, &n.Author, &n.Agency, &vis, &n.Text, scanTime{&n.CreatedAt}); err != nil {
				return err
			}
			n.Visibility = splitList[string](vis)
			out = append(out, &n)
			return nil
		}, caseID)
	return out, err
}

func (r cases) AddAttachment(ctx context.Context, a *core.CaseAttachment) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, db.rebind(`INSERT INTO case_attachments (id, case_id, name, size, sha256, author, agency, visibility, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), a.ID, a.CaseID, a.Name, a.Size, a.SHA256, a.Author, a.Agency, joinList(a.Visibility), db.tsArg(a.CreatedAt))
		if err != nil {
			return db.translate(fmt.Errorf("attach to case %s: %w", a.CaseID, err))
		}
		return nil
	})
}

const attachmentCols = `id, case_id, name, size, sha256, author, agency, visibility, created_at`

func scanAttachment(sc interface{ Scan(...any) error }) (*core.CaseAttachment, error) {
	var a core.CaseAttachment
	var vis string
	if err := sc.Scan(&a.ID, &a.CaseID, &a.Name, &a.Size, &a.SHA256, &a.Author, &a.Agency, &vis, scanTime{&a.CreatedAt}); err != nil {
		return nil, err
	}
	a.Visibility = splitList[string](vis)
	return &a, nil
}

func (r cases) Attachments(ctx context.Context, caseID string) ([]*core.CaseAttachment, error) {
	var out []*core.CaseAttachment
	err := r.c.all(ctx, `SELECT `+attachmentCols+` FROM case_attachments WHERE case_id = ? ORDER BY created_at, id`,
		func(sc interface{ Scan(...any) error }) error {
			a, err := scanAttachment(sc)
			if err == nil {
				out = append(out, a)
			}
			return err
		}, caseID)
	return out, err
}

func (r cases) Attachment(ctx context.Context, id string) (*core.CaseAttachment, error) {
	a, err := scanAttachment(r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT `+attachmentCols+` FROM case_attachments WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, core.Errorf(core.ENOTFOUND, "attachment %s not found", id)
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("attachment %s: %w", id, err))
	}
	return a, nil
}
