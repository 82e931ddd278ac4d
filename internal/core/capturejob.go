package core

import (
	"context"
	"time"
)

// Capture job states.
const (
	CaptureQueued = "queued" // stored, waiting for a worker
	CaptureDone   = "done"   // its events are in the store
	CaptureFailed = "failed" // refused; Error says why
)

// CaptureJob is an EPCIS document a server accepted for a worker to
// capture (orewatch worker, docs/scale.md). The job is stored before the
// server answers, with the document, so that nothing acknowledged is lost
// if the message bus or a worker fails; the worker finishes it in the
// same transaction as the events it stores, so a message delivered twice
// changes nothing the second time.
type CaptureJob struct {
	ID       string    `json:"captureID"`
	State    string    `json:"state"`
	Actor    string    `json:"actor"`
	Agency   string    `json:"agency"`
	Created  time.Time `json:"createdAt"`
	Finished time.Time `json:"finishedAt,omitzero"`
	// Result is the capture's outcome as JSON (epcis.Result) once done or
	// failed.
	Result   []byte `json:"-"`
	Error    string `json:"error,omitempty"`
	Document []byte `json:"-"`
}

// CaptureJobRepo keeps capture jobs.
type CaptureJobRepo interface {
	// Add stores a queued job. A job with the same id (the same document
	// sent again by the same user) is not replaced: it is returned with
	// added false.
	Add(ctx context.Context, j *CaptureJob) (stored *CaptureJob, added bool, err error)
	// Get returns the job with its document; ENOTFOUND when there is none.
	Get(ctx context.Context, id string) (*CaptureJob, error)
	// Finish moves a queued job to done or failed, forgetting its
	// document; finished is false when the job was not queued (another
	// delivery finished it first), and then nothing changes. Inside a
	// transaction it locks the job until the transaction ends.
	Finish(ctx context.Context, id, state string, result []byte, errText string, at time.Time) (finished bool, err error)
	// Queued lists the ids of jobs still queued that were created before
	// before, oldest first, at most limit.
	Queued(ctx context.Context, before time.Time, limit int) ([]string, error)
}
