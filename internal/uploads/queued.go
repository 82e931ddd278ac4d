package uploads

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/ingest"
)

// Analyze reads and analyses the bundle at path, as the job's owner.
type Analyze func(ctx context.Context, who audit.Actor, path string, progress ingest.Progress) (*analysis.Result, error)

// BundleFile is the name an uploaded bundle is stored under for a worker:
// "bundle" and the extension the upload was checked for.
func BundleFile(uploadName string) string {
	return "bundle" + strings.ToLower(filepath.Ext(uploadName))
}

// ResultFile is the name a result file is stored under.
func ResultFile(name string) string { return "result/" + name }

// Enqueue stores the bundle at path for the workers and a job waiting for
// one; the caller publishes the job's id on Queue. The job is what is
// durable: a job stored and never published is published again by the
// workers' sweep.
func Enqueue(ctx context.Context, s core.Store, owner, name, path string, now func() time.Time) (*Job, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file first, then the job: a job a worker can see always has it.
	id := access.NewID()
	if _, err := s.UploadJobs().PutFile(ctx, id, BundleFile(name), f); err != nil {
		return nil, fmt.Errorf("store the upload for the workers: %w", err)
	}
	t := now()
	j := &Job{store: s, now: now, tables: map[string][2]int{},
		row: core.UploadJob{ID: id, Owner: owner, Name: name, State: core.UploadWaiting, Started: t, Updated: t}}
	if err := s.UploadJobs().Save(ctx, &j.row); err != nil {
		// No job will ever name the file: it goes now, or never.
		return nil, errors.Join(err, s.UploadJobs().DeleteFile(context.WithoutCancel(ctx), id, BundleFile(name)))
	}
	if err := s.UploadJobs().Prune(ctx, t.Add(-KeepJobs)); err != nil {
		return nil, err
	}
	return j, nil
}

// RunQueued does the job id for a worker: reads its bundle from the store
// into dir, analyses it as its owner, stores the result files under a new
// result id, and records the outcome. A job already finished changes
// nothing (a delivery repeated); one whose bundle or owner is gone is
// finished with the error. An error returned is the store's or the
// context's: the job stays as it was, to be delivered again.
func RunQueued(ctx context.Context, s core.Store, id, dir string, analyze Analyze, now func() time.Time) error {
	row, err := s.UploadJobs().Get(ctx, id)
	if err != nil {
		return err
	}
	if !row.Finished.IsZero() {
		return nil
	}
	j := Resume(s, row, now)
	u, err := s.Users().ByID(ctx, row.Owner)
	if core.ErrorCode(err) == core.ENOTFOUND {
		j.Finish(nil, "", core.Errorf(core.EINVALID, "the officer who uploaded %s is no longer a user", row.Name))
		return nil
	}
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp(dir, "orewatch-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	path := filepath.Join(work, BundleFile(row.Name))
	if err := copyOut(ctx, s, id, BundleFile(row.Name), path); err != nil {
		if core.ErrorCode(err) == core.ENOTFOUND {
			j.Finish(nil, "", core.Errorf(core.EINVALID, "the uploaded bundle %s is no longer in the store", row.Name))
			return nil
		}
		return err
	}
	j.Running()
	res, err := analyze(ctx, audit.Actor{Name: u.Name, Agency: u.Agency}, path, j.Progress)
	if err != nil && ctx.Err() != nil {
		return ctx.Err() // stopping: another worker takes the job up
	}
	var resultID string
	if err == nil {
		if err = storeResults(ctx, s, id, filepath.Join(work, "results"), res.WriteDir); err == nil {
			resultID = strings.ReplaceAll(access.NewID(), "-", "")
		}
	}
	j.Finish(res, resultID, err)
	if derr := s.UploadJobs().DeleteFile(ctx, id, BundleFile(row.Name)); derr != nil {
		return derr
	}
	return nil
}

// copyOut writes a stored file of job id to path.
func copyOut(ctx context.Context, s core.Store, id, name, path string) error {
	in, err := s.UploadJobs().OpenFile(ctx, id, name)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}

// storeResults writes the analysis's files into dir and from there into
// the store, under the job.
func storeResults(ctx context.Context, s core.Store, id, dir string, write func(dir string) error) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := write(dir); err != nil {
		return err
	}
	for _, name := range ResultFiles {
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		_, err = s.UploadJobs().PutFile(ctx, id, ResultFile(name), f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// OpenResult reads a result file a worker stored: the job whose result is
// resultID, and the file. ENOTFOUND when there is neither.
func OpenResult(ctx context.Context, s core.Store, resultID, name string) (*core.UploadJob, io.ReadCloser, error) {
	row, err := s.UploadJobs().ByResult(ctx, resultID)
	if err != nil {
		return nil, nil, err
	}
	f, err := s.UploadJobs().OpenFile(ctx, row.ID, ResultFile(name))
	if err != nil {
		return nil, nil, err
	}
	return row, f, nil
}
