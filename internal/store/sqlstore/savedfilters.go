package sqlstore

import (
	"context"
	"fmt"

	"orewatch/internal/core"
)

func (db *DB) SavedFilters() core.SavedFilterRepo    { return savedFilters{conn{db: db}} }
func (t txRepos) SavedFilters() core.SavedFilterRepo { return savedFilters{t.c} }

type savedFilters struct{ c conn }

func (r savedFilters) Save(ctx context.Context, f *core.SavedFilter) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		var n, same int
		if err := q.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN name = ? THEN 1 ELSE 0 END), 0)
			FROM saved_filters WHERE user_id = ? AND page = ?`), f.Name, f.UserID, f.Page).Scan(&n, &same); err != nil {
			return db.translate(fmt.Errorf("count saved filters: %w", err))
		}
		if same == 0 && n >= core.MaxSavedFilters {
			return core.FieldErrorf("name", "at most %d saved filters a page: delete one first", core.MaxSavedFilters)
		}
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO saved_filters (user_id, page, name, query, saved_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (user_id, page, name) DO UPDATE SET query = excluded.query, saved_at = excluded.saved_at`),
			f.UserID, f.Page, f.Name, f.Query, db.tsArg(f.SavedAt)); err != nil {
			return db.translate(fmt.Errorf("save filter %q: %w", f.Name, err))
		}
		return nil
	})
}

func (r savedFilters) List(ctx context.Context, userID, page string) ([]*core.SavedFilter, error) {
	var out []*core.SavedFilter
	err := r.c.all(ctx, `SELECT user_id, page, name, query, saved_at FROM saved_filters WHERE user_id = ? AND page = ? ORDER BY name`,
		func(sc interface{ Scan(...any) error }) error {
			var f core.SavedFilter
			if err := sc.Scan(&f.UserID, &f.Page, &f.Name, &f.Query, scanTime{&f.SavedAt}); err != nil {
				return err
			}
			out = append(out, &f)
			return nil
		}, userID, page)
	return out, err
}

func (r savedFilters) Delete(ctx context.Context, userID, page, name string) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`DELETE FROM saved_filters WHERE user_id = ? AND page = ? AND name = ?`), userID, page, name)
		if err != nil {
			return db.translate(fmt.Errorf("delete filter %q: %w", name, err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return core.Errorf(core.ENOTFOUND, "no saved filter %q", name)
		}
		return nil
	})
}
