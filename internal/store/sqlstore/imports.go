package sqlstore

import (
	"context"
	"fmt"
	"time"

	"orewatch/internal/core"
)

func (db *DB) Imports() core.ImportRepo    { return imports{conn{db: db}} }
func (t txRepos) Imports() core.ImportRepo { return imports{t.c} }

type imports struct{ c conn }

// importTables are the tables whose rows carry the import that last
// changed them.
var importTables = []string{"enterprises", "licences", "declaration_items", "parties", "party_links", "list_entries", "manifests", "prices", "materials"}

func (r imports) Start(ctx context.Context, im *core.Import) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, db.rebind(`INSERT INTO imports (id, title, actor, agency, status, started_at) VALUES (?, ?, ?, ?, ?, ?)`),
			im.ID, im.Title, im.Actor, im.Agency, im.Status, db.tsArg(im.StartedAt))
		return db.translate(err)
	})
}

func (r imports) Finish(ctx context.Context, id, status string, rows int64, errText string, at time.Time) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`UPDATE imports SET status = ?, rows_written = ?, error = ?, finished_at = ? WHERE id = ?`),
			status, rows, errText, db.tsArg(at), id)
		if err != nil {
			return db.translate(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "no import %s", id)
		}
		return nil
	})
}

func (r imports) List(ctx context.Context, limit int) ([]*core.Import, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var out []*core.Import
	err := r.c.all(ctx, fmt.Sprintf(`SELECT id, title, actor, agency, status, rows_written, error, started_at, finished_at FROM imports
		ORDER BY started_at DESC, id LIMIT %d`, limit), func(sc interface{ Scan(...any) error }) error {
		var im core.Import
		if err := sc.Scan(&im.ID, &im.Title, &im.Actor, &im.Agency, &im.Status, &im.Rows, &im.Error, scanTime{&im.StartedAt}, scanTime{&im.FinishedAt}); err != nil {
			return err
		}
		out = append(out, &im)
		return nil
	})
	return out, err
}

func (r imports) Tables(ctx context.Context, id string) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range importTables {
		var n int
		if err := r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT COUNT(*) FROM `+t+` WHERE import_id = ?`), id).Scan(&n); err != nil {
			return nil, r.c.db.translate(fmt.Errorf("count %s of import %s: %w", t, id, err))
		}
		if n > 0 {
			out[t] = n
		}
	}
	return out, nil
}
