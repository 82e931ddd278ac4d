package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orewatch/internal/core"
)

func (db *DB) UploadJobs() core.UploadJobRepo    { return uploadJobs{conn{db: db}} }
func (t txRepos) UploadJobs() core.UploadJobRepo { return uploadJobs{t.c} }

type uploadJobs struct{ c conn }

func (r uploadJobs) Save(ctx context.Context, j *core.UploadJob) error {
	db := r.c.db
	var finished any
	if !j.Finished.IsZero() {
		finished = db.tsArg(j.Finished)
	}
	return r.c.write(ctx, func(q querier) error {
		_, err := q.ExecContext(ctx, db.rebind(`INSERT INTO upload_jobs (id, owner, name, state, started_at, updated_at, finished_at,
				progress, summary, rejected, rejects, result_id, error, error_code)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, finished_at = excluded.finished_at,
				progress = excluded.progress, summary = excluded.summary, rejected = excluded.rejected, rejects = excluded.rejects,
				result_id = excluded.result_id, error = excluded.error, error_code = excluded.error_code`),
			j.ID, j.Owner, j.Name, j.State, db.tsArg(j.Started), db.tsArg(j.Updated), finished,
			string(j.Progress), string(j.Summary), string(j.Rejected), j.Rejects, j.ResultID, j.Error, j.ErrorCode)
		if err != nil {
			return db.translate(fmt.Errorf("save upload job %s: %w", j.ID, err))
		}
		return nil
	})
}

func (r uploadJobs) Get(ctx context.Context, id string) (*core.UploadJob, error) {
	var j core.UploadJob
	var progress, summary, rejected string
	err := r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT id, owner, name, state, started_at, updated_at, finished_at,
			progress, summary, rejected, rejects, result_id, error, error_code FROM upload_jobs WHERE id = ?`), id).
		Scan(&j.ID, &j.Owner, &j.Name, &j.State, scanTime{&j.Started}, scanTime{&j.Updated}, scanTime{&j.Finished},
			&progress, &summary, &rejected, &j.Rejects, &j.ResultID, &j.Error, &j.ErrorCode)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, core.Errorf(core.ENOTFOUND, "no upload job %q", id)
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("read upload job %s: %w", id, err))
	}
	j.Progress, j.Summary, j.Rejected = []byte(progress), []byte(summary), []byte(rejected)
	return &j, nil
}

func (r uploadJobs) Prune(ctx context.Context, before time.Time) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, db.rebind(`DELETE FROM upload_jobs WHERE started_at < ?`), db.tsArg(before)); err != nil {
			return db.translate(fmt.Errorf("prune upload jobs: %w", err))
		}
		return nil
	})
}
