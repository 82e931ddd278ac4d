package core

import (
	"context"
	"io"
	"time"
)

// Upload job states.
const (
	UploadQueued  = "queued"  // waiting for another upload's analysis to end
	UploadWaiting = "waiting" // stored for the workers, not yet taken up
	UploadRunning = "running" // being imported and analysed
	UploadDone    = "done"
	UploadFailed  = "failed"
)

// UploadJob is a bundle uploaded on the import page and analysed by the
// server that took the upload, or, where servers and workers share NATS,
// by a worker (its files then in the store). It is kept in the store, not
// in one server's memory, so that its page answers on every server behind
// the load balancer, and outlives a restart of the one that ran it.
type UploadJob struct {
	ID      string
	Owner   string // the user's id
	Name    string // the uploaded file's name, as shown
	State   string
	Started time.Time
	// Updated is the runner's last word: a running job not updated for a
	// while lost its server.
	Updated  time.Time
	Finished time.Time
	// Progress, Summary and Rejected are JSON the web UI writes and reads
	// (per-table progress, the analysis summary, the first rejected rows).
	Progress  []byte
	Summary   []byte
	Rejected  []byte
	Rejects   int
	ResultID  string
	Error     string
	ErrorCode string
}

// UploadJobRepo keeps upload jobs.
type UploadJobRepo interface {
	// Save inserts the job or replaces it whole.
	Save(ctx context.Context, j *UploadJob) error
	// Get returns ENOTFOUND when there is no such job.
	Get(ctx context.Context, id string) (*UploadJob, error)
	// ByResult returns the job whose analysis wrote the result resultID;
	// ENOTFOUND when none did.
	ByResult(ctx context.Context, resultID string) (*UploadJob, error)
	// Waiting returns the ids of jobs waiting for a worker, not updated
	// since before, oldest first.
	Waiting(ctx context.Context, before time.Time, limit int) ([]string, error)
	// Prune forgets the jobs started before before, and their files.
	Prune(ctx context.Context, before time.Time) error

	// PutFile stores a file of the job (the uploaded bundle, a result
	// file) from r, replacing one of that name, and returns its size.
	PutFile(ctx context.Context, jobID, name string, r io.Reader) (int64, error)
	// OpenFile reads a file of the job back; ENOTFOUND when there is none.
	// It holds one chunk in memory at a time.
	OpenFile(ctx context.Context, jobID, name string) (io.ReadCloser, error)
	// DeleteFile forgets a file of the job.
	DeleteFile(ctx context.Context, jobID, name string) error
}
