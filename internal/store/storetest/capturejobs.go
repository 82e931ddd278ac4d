package storetest

import (
	"bytes"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"orewatch/internal/core"
)

// testCaptureJobs: a job is stored once per id, finished once however
// many deliveries race for it, forgets its document when finished, and
// lists among the queued only while queued.
func testCaptureJobs(t *testing.T, s core.Store) {
	c := ctx(t)
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	doc := []byte(`{"type":"EPCISDocument"}`)
	j := &core.CaptureJob{ID: "cap-1", Actor: "li", Agency: "customs", Created: t0, Document: doc}
	got, added, err := s.CaptureJobs().Add(c, j)
	if err != nil || !added || got.State != core.CaptureQueued {
		t.Fatalf("Add = %+v, %v, %v; want a queued job added", got, added, err)
	}
	again := *j
	again.Actor = "someone else"
	got, added, err = s.CaptureJobs().Add(c, &again)
	if err != nil || added || got.Actor != "li" || !bytes.Equal(got.Document, doc) {
		t.Fatalf("Add again = %+v, %v, %v; want the stored job, not added", got, added, err)
	}
	if _, err := s.CaptureJobs().Get(c, "cap-none"); err == nil {
		t.Fatal("Get of an unknown job: want ENOTFOUND")
	} else {
		mustCode(t, err, core.ENOTFOUND)
	}
	ids, err := s.CaptureJobs().Queued(c, t0.Add(time.Minute), 10)
	if err != nil || len(ids) != 1 || ids[0] != "cap-1" {
		t.Fatalf("Queued = %v, %v; want [cap-1]", ids, err)
	}
	if ids, _ := s.CaptureJobs().Queued(c, t0, 10); len(ids) != 0 {
		t.Fatalf("Queued before its creation = %v, want none", ids)
	}

	// Eight deliveries of one job finish it once, each in a transaction.
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			err := s.WithTx(c, func(r core.Repos) error {
				ok, err := r.CaptureJobs().Finish(c, "cap-1", core.CaptureDone, []byte(`{"stored":3}`), "", t0.Add(2*time.Second))
				if ok {
					wins.Add(1)
				}
				return err
			})
			if err != nil {
				t.Errorf("Finish: %v", err)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d deliveries finished the job, want 1", wins.Load())
	}
	got, err = s.CaptureJobs().Get(c, "cap-1")
	if err != nil || got.State != core.CaptureDone || string(got.Result) != `{"stored":3}` || got.Document != nil || !got.Finished.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("Get = %+v, %v; want done with its result, no document, finished at t0+2s", got, err)
	}
	if ids, _ := s.CaptureJobs().Queued(c, t0.Add(time.Hour), 10); len(ids) != 0 {
		t.Fatalf("Queued after finishing = %v, want none", ids)
	}
	if _, err := s.CaptureJobs().Finish(c, "cap-1", "running", nil, "", t0); err == nil {
		t.Fatal("Finish to an unknown state: want an error")
	}
}
