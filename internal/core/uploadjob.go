package core

import (
	"context"
	"time"
)

// Upload job states.
const (
	UploadQueued  = "queued"  // waiting for another upload's analysis to end
	UploadRunning = "running" // being imported and analysed
	UploadDone    = "done"
	UploadFailed  = "failed"
)

// UploadJob is a bundle uploaded on the import page and analysed by the
// server that took the upload. It is kept in the store, not in that
// server's memory, so that its page answers on every server behind the
// load balancer, and outlives a restart of the one that ran it.
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
	// Prune forgets the jobs started before before.
	Prune(ctx context.Context, before time.Time) error
}
