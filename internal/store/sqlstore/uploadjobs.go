package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
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
	return r.one(ctx, "id", id)
}

func (r uploadJobs) ByResult(ctx context.Context, resultID string) (*core.UploadJob, error) {
	if resultID == "" {
		return nil, core.Errorf(core.ENOTFOUND, "no upload job for an empty result")
	}
	return r.one(ctx, "result_id", resultID)
}

// one reads the job whose column col (a fixed name) holds v.
func (r uploadJobs) one(ctx context.Context, col, v string) (*core.UploadJob, error) {
	var j core.UploadJob
	var progress, summary, rejected string
	err := r.c.reader().QueryRowContext(ctx, r.c.db.rebind(`SELECT id, owner, name, state, started_at, updated_at, finished_at,
			progress, summary, rejected, rejects, result_id, error, error_code FROM upload_jobs WHERE `+col+` = ?`), v).
		Scan(&j.ID, &j.Owner, &j.Name, &j.State, scanTime{&j.Started}, scanTime{&j.Updated}, scanTime{&j.Finished},
			&progress, &summary, &rejected, &j.Rejects, &j.ResultID, &j.Error, &j.ErrorCode)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, core.Errorf(core.ENOTFOUND, "no upload job with %s %q", col, v)
	}
	if err != nil {
		return nil, r.c.db.translate(fmt.Errorf("read upload job %s %s: %w", col, v, err))
	}
	j.Progress, j.Summary, j.Rejected = []byte(progress), []byte(summary), []byte(rejected)
	return &j, nil
}

func (r uploadJobs) Waiting(ctx context.Context, before time.Time, limit int) ([]string, error) {
	var ids []string
	err := r.c.all(ctx, `SELECT id FROM upload_jobs WHERE state = ? AND updated_at < ? ORDER BY started_at, id LIMIT ?`, func(sc interface{ Scan(...any) error }) error {
		var id string
		if err := sc.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	}, core.UploadWaiting, r.c.db.tsArg(before), limit)
	if err != nil {
		return nil, fmt.Errorf("upload jobs waiting for a worker: %w", err)
	}
	return ids, nil
}

func (r uploadJobs) Prune(ctx context.Context, before time.Time) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, db.rebind(`DELETE FROM upload_files WHERE job_id IN (SELECT id FROM upload_jobs WHERE started_at < ?)`), db.tsArg(before)); err != nil {
			return db.translate(fmt.Errorf("prune upload files: %w", err))
		}
		if _, err := q.ExecContext(ctx, db.rebind(`DELETE FROM upload_jobs WHERE started_at < ?`), db.tsArg(before)); err != nil {
			return db.translate(fmt.Errorf("prune upload jobs: %w", err))
		}
		return nil
	})
}

// fileChunk is the size of one stored piece of an upload job's file: a
// bundle of hundreds of megabytes goes in and out a megabyte at a time.
const fileChunk = 1 << 20

func (r uploadJobs) PutFile(ctx context.Context, jobID, name string, src io.Reader) (int64, error) {
	db := r.c.db
	var n int64
	err := r.c.write(ctx, func(q querier) error {
		n = 0
		if _, err := q.ExecContext(ctx, db.rebind(`DELETE FROM upload_files WHERE job_id = ? AND name = ?`), jobID, name); err != nil {
			return db.translate(fmt.Errorf("replace upload file %s/%s: %w", jobID, name, err))
		}
		buf := make([]byte, fileChunk)
		for seq := 0; ; seq++ {
			k, rerr := io.ReadFull(src, buf)
			if k > 0 || seq == 0 {
				if _, err := q.ExecContext(ctx, db.rebind(`INSERT INTO upload_files (job_id, name, seq, data) VALUES (?, ?, ?, ?)`),
					jobID, name, seq, buf[:k]); err != nil {
					return db.translate(fmt.Errorf("store upload file %s/%s: %w", jobID, name, err))
				}
				n += int64(k)
			}
			if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
				return nil
			}
			if rerr != nil {
				return fmt.Errorf("read upload file %s/%s: %w", jobID, name, rerr)
			}
		}
	})
	return n, err
}

func (r uploadJobs) OpenFile(ctx context.Context, jobID, name string) (io.ReadCloser, error) {
	f := &storedFile{ctx: ctx, r: r, jobID: jobID, name: name}
	if err := f.next(); err != nil {
		return nil, err
	}
	return f, nil
}

func (r uploadJobs) DeleteFile(ctx context.Context, jobID, name string) error {
	db := r.c.db
	return r.c.write(ctx, func(q querier) error {
		if _, err := q.ExecContext(ctx, db.rebind(`DELETE FROM upload_files WHERE job_id = ? AND name = ?`), jobID, name); err != nil {
			return db.translate(fmt.Errorf("delete upload file %s/%s: %w", jobID, name, err))
		}
		return nil
	})
}

// storedFile reads an upload job's file chunk by chunk.
type storedFile struct {
	ctx         context.Context
	r           uploadJobs
	jobID, name string
	seq         int
	chunk       []byte
	done        bool
}

// next loads chunk seq; ENOTFOUND for a missing first chunk, the end of
// the file for a missing later one.
func (f *storedFile) next() error {
	var data []byte
	err := f.r.c.reader().QueryRowContext(f.ctx, f.r.c.db.rebind(`SELECT data FROM upload_files WHERE job_id = ? AND name = ? AND seq = ?`),
		f.jobID, f.name, f.seq).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		if f.seq == 0 {
			return core.Errorf(core.ENOTFOUND, "no file %q of upload job %s", f.name, f.jobID)
		}
		f.done = true
		return nil
	}
	if err != nil {
		return f.r.c.db.translate(fmt.Errorf("read upload file %s/%s: %w", f.jobID, f.name, err))
	}
	f.chunk = data
	f.seq++
	return nil
}

func (f *storedFile) Read(p []byte) (int, error) {
	for len(f.chunk) == 0 {
		if f.done {
			return 0, io.EOF
		}
		if err := f.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, f.chunk)
	f.chunk = f.chunk[n:]
	return n, nil
}

func (f *storedFile) Close() error { f.done, f.chunk = true, nil; return nil }
