package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"orewatch/internal/core"
)

func (db *DB) CatalogPacks() core.CatalogPackRepo    { return catalogPacks{conn{db: db}} }
func (t txRepos) CatalogPacks() core.CatalogPackRepo { return catalogPacks{t.c} }

type catalogPacks struct{ c conn }

func (r catalogPacks) Add(ctx context.Context, p *core.CatalogPack) (created bool, err error) {
	db := r.c.db
	err = r.c.write(ctx, func(q querier) error {
		var seq int64
		var sum string
		err := q.QueryRowContext(ctx, db.rebind(`SELECT seq, sha256 FROM catalog_packs WHERE id = ?`), p.ID).Scan(&seq, &sum)
		switch {
		case err == nil && sum == p.SHA256:
			p.Seq = seq
			return nil
		case err == nil:
			return core.Errorf(core.ECONFLICT, "catalogue pack %s is applied already with other contents (sha256 %s…): give the new one another id", p.ID, sum[:12])
		case !errors.Is(err, sql.ErrNoRows):
			return db.translate(fmt.Errorf("read catalogue pack %s: %w", p.ID, err))
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM catalog_packs`).Scan(&n, &seq); err != nil {
			return db.translate(fmt.Errorf("count catalogue packs: %w", err))
		}
		if n >= core.MaxCatalogPacks {
			return core.Errorf(core.EINVALID, "the store holds %d catalogue packs, the most it keeps", n)
		}
		p.Seq = seq + 1
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO catalog_packs (seq, id, sha256, title_zh, title_en, published, body, applied_by, applied_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), p.Seq, p.ID, p.SHA256, p.TitleZh, p.TitleEn, p.Published.String(), string(p.Body), p.AppliedBy, db.tsArg(p.AppliedAt)); err != nil {
			return db.translate(fmt.Errorf("store catalogue pack %s: %w", p.ID, err))
		}
		created = true
		return nil
	})
	return created, err
}

func (r catalogPacks) List(ctx context.Context) ([]*core.CatalogPack, error) {
	var out []*core.CatalogPack
	err := r.c.all(ctx, `SELECT seq, id, sha256, title_zh, title_en, published, body, applied_by, applied_at FROM catalog_packs ORDER BY seq`,
		func(sc interface{ Scan(...any) error }) error {
			var p core.CatalogPack
			var published, body string
			if err := sc.Scan(&p.Seq, &p.ID, &p.SHA256, &p.TitleZh, &p.TitleEn, &published, &body, &p.AppliedBy, scanTime{&p.AppliedAt}); err != nil {
				return err
			}
			d, err := core.ParseDate(published)
			if err != nil {
				return fmt.Errorf("catalogue pack %s: published: %w", p.ID, err)
			}
			p.Published, p.Body = d, []byte(body)
			out = append(out, &p)
			return nil
		})
	return out, err
}

func (r catalogPacks) Head(ctx context.Context) (n int, last int64, err error) {
	err = r.c.all(ctx, `SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM catalog_packs`, func(sc interface{ Scan(...any) error }) error {
		return sc.Scan(&n, &last)
	})
	return n, last, err
}
