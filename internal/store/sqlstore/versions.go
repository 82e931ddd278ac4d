package sqlstore

import (
	"context"
	"fmt"

	"orewatch/internal/core"
)

func (db *DB) Versions() core.VersionRepo    { return versions{conn{db: db}} }
func (t txRepos) Versions() core.VersionRepo { return versions{t.c} }

type versions struct{ c conn }

func (r versions) Append(ctx context.Context, v *core.RecordVersion) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		// The next number is read in the writing transaction: on SQLite
		// it is the only writer, on PostgreSQL the primary key refuses a
		// second writer of the same number, which the caller retries.
		if err := q.QueryRowContext(ctx, db.rebind(`SELECT COALESCE(MAX(version), 0) + 1 FROM record_versions
			WHERE kind = ? AND record_key = ?`), v.Kind, v.Key).Scan(&v.Version); err != nil {
			return db.translate(fmt.Errorf("number version of %s %s: %w", v.Kind, v.Key, err))
		}
		if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO record_versions (kind, record_key, version, body, actor, source, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), v.Kind, v.Key, v.Version, string(v.Body), v.Actor, v.Source, db.tsArg(v.RecordedAt)); err != nil {
			return db.translate(fmt.Errorf("store version %d of %s %s: %w", v.Version, v.Kind, v.Key, err))
		}
		return nil
	})
}

func (r versions) List(ctx context.Context, kind, key string) ([]*core.RecordVersion, error) {
	var out []*core.RecordVersion
	err := r.c.all(ctx, `SELECT kind, record_key, version, body, actor, source, recorded_at FROM record_versions
		WHERE kind = ? AND record_key = ? ORDER BY version`, func(sc interface{ Scan(...any) error }) error {
		var v core.RecordVersion
		var body string
		if err := sc.Scan(&v.Kind, &v.Key, &v.Version, &body, &v.Actor, &v.Source, scanTime{&v.RecordedAt}); err != nil {
			return err
		}
		v.Body = []byte(body)
		out = append(out, &v)
		return nil
	}, kind, key)
	if err != nil {
		return nil, fmt.Errorf("versions of %s %s: %w", kind, key, err)
	}
	return out, nil
}
