package epcis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// Result is the outcome of capturing one document.
type Result struct {
	CaptureID string    `json:"captureID"`
	Events    int       `json:"events"`
	Stored    int       `json:"stored"`
	Duplicate int       `json:"duplicates"`
	Problems  []Problem `json:"problems,omitempty"`
}

// ErrInvalid carries the problems of a rejected document.
type ErrInvalid struct{ Problems []Problem }

func (e *ErrInvalid) Error() string {
	if len(e.Problems) == 0 {
		return "invalid EPCIS document"
	}
	return fmt.Sprintf("invalid EPCIS document: %s (and %d more)", e.Problems[0], len(e.Problems)-1)
}

// Capture validates a document and stores its events in one transaction
// (standard CBV values written as URNs or Web URIs read as their words):
// the whole document or nothing. Events already captured (same eventID,
// or same content when there is none) are counted as duplicates and stored
// once.
func Capture(ctx context.Context, s core.Store, v *Validator, doc []byte, now time.Time, who audit.Actor) (Result, error) {
	sum := sha256.Sum256(doc)
	id := fmt.Sprintf("%s-%s", now.UTC().Format("20060102T150405Z"), hex.EncodeToString(sum[:6]))
	res, unique, err := prepare(v, id, doc)
	if err != nil {
		return res, err
	}
	err = s.WithTx(ctx, func(r core.Repos) error { return store(ctx, r, &res, unique, who) })
	if err != nil {
		return res, err
	}
	return res, nil
}

// Prepare validates and parses a document as Capture does, without
// storing it: its events, each once, and what Capture would report of it
// in an empty store.
func Prepare(v *Validator, doc []byte) (Result, []*core.Event, error) {
	res, unique, err := prepare(v, "", doc)
	res.Stored, res.Duplicate = len(unique), res.Events-len(unique)
	return res, unique, err
}

// prepare validates and parses a document for capture under id, keeping
// each event once.
func prepare(v *Validator, id string, doc []byte) (Result, []*core.Event, error) {
	res := Result{CaptureID: id}
	doc = NormalizeCBV(doc)
	d, cutOK := cut(doc)
	probs, err := v.validateCut(doc, d, cutOK)
	if err != nil {
		return res, nil, core.Errorf(core.EINVALID, "%v", err)
	}
	if len(probs) > 0 {
		res.Problems = probs
		return res, nil, &ErrInvalid{Problems: probs}
	}
	evs, err := parseCut(doc, d, cutOK)
	if err != nil {
		return res, nil, core.Errorf(core.EINVALID, "%v", err)
	}
	seen := map[string]bool{}
	unique := evs[:0:0]
	for _, e := range evs {
		if !seen[e.Key] {
			seen[e.Key] = true
			unique = append(unique, e)
		}
	}
	res.Events = len(evs)
	return res, unique, nil
}

// store writes the events and the capture's audit row in the caller's
// transaction.
func store(ctx context.Context, r core.Repos, res *Result, unique []*core.Event, who audit.Actor) error {
	n, err := r.Events().Capture(ctx, res.CaptureID, unique)
	res.Stored = n
	if err != nil {
		return err
	}
	res.Duplicate = res.Events - res.Stored
	return audit.Record(ctx, r, who, "events.capture", res.CaptureID, nil, nil, fmt.Sprintf("%d events, %d new", res.Events, n))
}
