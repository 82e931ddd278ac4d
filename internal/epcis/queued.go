package epcis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// CaptureQueue is the work queue of accepted captures (internal/bus).
const CaptureQueue = "capture"

// JobID names a document accepted for capture by a worker: the same
// document sent again by the same user is the same job, so a client that
// retries after a lost answer does not capture it twice.
func JobID(doc []byte, who audit.Actor) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", who.Name, who.Agency)
	h.Write(doc)
	return "cap-" + hex.EncodeToString(h.Sum(nil)[:12])
}

// Accept checks a document as Capture does and stores it as a queued job
// (core.CaptureJob) for a worker: nothing is captured yet. A document
// sent again returns the job it already is.
func Accept(ctx context.Context, s core.Store, v *Validator, doc []byte, now time.Time, who audit.Actor) (*core.CaptureJob, error) {
	id := JobID(doc, who)
	if _, _, err := prepare(v, id, doc); err != nil {
		return nil, err
	}
	j, _, err := s.CaptureJobs().Add(ctx, &core.CaptureJob{ID: id, Actor: who.Name, Agency: who.Agency, Created: now.UTC(), Document: doc})
	return j, err
}

// errFinished rolls back a delivery whose job another delivery finished.
var errFinished = errors.New("capture job already finished")

// CaptureQueued captures a queued job's document in one transaction with
// the job's end, so that a job delivered twice (a worker killed before it
// acknowledged, a message published again) stores its events, their audit
// row and its result once. A job that is not queued is left as it is; a
// document that no longer passes (a schema changed between acceptance and
// capture) fails the job with its problems. Errors returned are the
// store's: the caller delivers the job again later.
func CaptureQueued(ctx context.Context, s core.Store, v *Validator, id string, now func() time.Time) (*core.CaptureJob, error) {
	j, err := s.CaptureJobs().Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if j.State != core.CaptureQueued {
		return j, nil
	}
	who := audit.Actor{Name: j.Actor, Agency: j.Agency}
	res, unique, err := prepare(v, id, j.Document)
	if err != nil {
		result, _ := json.Marshal(res)
		if _, ferr := s.CaptureJobs().Finish(ctx, id, core.CaptureFailed, result, err.Error(), now()); ferr != nil {
			return nil, ferr
		}
		return s.CaptureJobs().Get(ctx, id)
	}
	err = s.WithTx(ctx, func(r core.Repos) error {
		if err := store(ctx, r, &res, unique, who); err != nil {
			return err
		}
		result, err := json.Marshal(res)
		if err != nil {
			return err
		}
		finished, err := r.CaptureJobs().Finish(ctx, id, core.CaptureDone, result, "", now())
		if err != nil {
			return err
		}
		if !finished {
			return errFinished
		}
		return nil
	})
	if err != nil && !errors.Is(err, errFinished) {
		return nil, fmt.Errorf("capture job %s: %w", id, err)
	}
	return s.CaptureJobs().Get(ctx, id)
}
