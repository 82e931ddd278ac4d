package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"orewatch/internal/core"
)

func (db *DB) CaptureJobs() core.CaptureJobRepo    { return captureJobs{conn{db: db}} }
func (t txRepos) CaptureJobs() core.CaptureJobRepo { return captureJobs{t.c} }

type captureJobs struct{ c conn }

func (r captureJobs) Add(ctx context.Context, j *core.CaptureJob) (*core.CaptureJob, bool, error) {
	db := r.c.db
	added := false
	err := r.c.write(ctx, func(q querier) error {
		res, err := q.ExecContext(ctx, db.rebind(`INSERT INTO capture_jobs (id, state, actor, agency, created_at, document)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
			j.ID, core.CaptureQueued, j.Actor, j.Agency, db.tsArg(j.Created), j.Document)
		if err != nil {
			return db.translate(fmt.Errorf("store capture job %s: %w", j.ID, err))
		}
		n, err := res.RowsAffected()
		added = err == nil && n == 1
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if added {
		stored := *j
		stored.State = core.CaptureQueued
		return &stored, true, nil
	}
	stored, err := r.Get(ctx, j.ID)
	return stored, false, err
}

func (r captureJobs) Get(ctx context.Context, id string) (*core.CaptureJob, error) {
	var j core.CaptureJob
	var result string
	err := r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT id, state, actor, agency, created_at, finished_at, result, error, document
		FROM capture_jobs WHERE id = ?`), id).
		Scan(&j.ID, &j.State, &j.Actor, &j.Agency, scanTime{&j.Created}, scanTime{&j.Finished}, &result, &j.Error, &j.Document)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, core.Errorf(core.ENOTFOUND, "no capture job %q", id)
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("read capture job %s: %w", id, err))
	}
	j.Result = []byte(result)
	return &j, nil
}

func (r captureJobs) Finish(ctx context.Context, id, state string, result []byte, errText string, at time.Time) (bool, error) {
	if state != core.CaptureDone && state != core.CaptureFailed {
		return false, core.Errorf(core.EINVALID, "capture job state %q: want done or failed", state)
	}
	db := r.c.db
	finished := false
	err := r.c.write(ctx, func(q querier) error {
		// The update takes the row's lock: a second delivery of the same job
		// waits for the first's transaction and then finds it finished.
		res, err := q.ExecContext(ctx, db.rebind(`UPDATE capture_jobs SET state = ?, result = ?, error = ?, finished_at = ?, document = NULL
			WHERE id = ? AND state = ?`), state, string(result), errText, db.tsArg(at), id, core.CaptureQueued)
		if err != nil {
			return db.translate(fmt.Errorf("finish capture job %s: %w", id, err))
		}
		n, err := res.RowsAffected()
		finished = err == nil && n == 1
		return err
	})
	return finished, err
}

func (r captureJobs) Queued(ctx context.Context, before time.Time, limit int) ([]string, error) {
	var ids []string
	err := r.c.all(ctx, `SELECT id FROM capture_jobs WHERE state = ? AND created_at < ? ORDER BY created_at, id LIMIT ?`,
		func(sc interface{ Scan(...any) error }) error {
			var id string
			if err := sc.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		}, core.CaptureQueued, r.c.db.tsArg(before), limit)
	return ids, err
}
