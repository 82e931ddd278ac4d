package epcis_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/store/storetest"
)

// TestQueuedCaptureOnce delivers one accepted document to eight workers at
// once and again after it is done: its events, its audit row and its
// result are stored once, and a document sent again is the same job.
func TestQueuedCaptureOnce(t *testing.T) {
	v, err := epcis.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
		now := func() time.Time { return t0.Add(time.Second) }
		who := audit.Actor{Name: "sensor", Agency: "GAC"}
		doc := document(30, 7000)
		j, err := epcis.Accept(ctx, s, v, doc, t0, who)
		if err != nil || j.State != core.CaptureQueued {
			t.Fatalf("Accept = %+v, %v", j, err)
		}
		if again, err := epcis.Accept(ctx, s, v, doc, t0.Add(time.Minute), who); err != nil || again.ID != j.ID {
			t.Fatalf("Accept again = %+v, %v; want job %s", again, err, j.ID)
		}
		if other, _ := epcis.Accept(ctx, s, v, doc, t0, audit.Actor{Name: "other", Agency: "GAC"}); other == nil || other.ID == j.ID {
			t.Fatalf("the same document from another user is job %v, want its own", other)
		}
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if got, err := epcis.CaptureQueued(ctx, s, v, j.ID, now); err != nil || got.State != core.CaptureDone {
					t.Errorf("CaptureQueued = %+v, %v", got, err)
				}
			})
		}
		wg.Wait()
		if got, err := epcis.CaptureQueued(ctx, s, v, j.ID, now); err != nil || got.State != core.CaptureDone {
			t.Fatalf("CaptureQueued after done = %+v, %v", got, err)
		}
		evs, err := s.Events().Query(ctx, core.EventFilter{Limit: 1000})
		n := 0
		for _, e := range evs {
			if e.CaptureID == j.ID {
				n++
			}
		}
		if err != nil || len(evs) != 30 || n != 30 {
			t.Fatalf("%d events stored, %d under the job (%v), want 30", len(evs), n, err)
		}
		rows, err := s.Audit().ForObject(ctx, j.ID)
		if err != nil || len(rows) != 1 {
			t.Fatalf("%d audit rows for the job (%v), want 1", len(rows), err)
		}
		got, _ := s.CaptureJobs().Get(ctx, j.ID)
		if string(got.Result) == "" || got.Document != nil {
			t.Fatalf("done job %+v: want its result kept and its document forgotten", got)
		}
	})
}

// TestQueuedCaptureRefused: a document accepted but no longer valid when a
// worker takes it (the schema moved on) fails the job with its problems and
// stores nothing.
func TestQueuedCaptureRefused(t *testing.T) {
	v, err := epcis.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		j := &core.CaptureJob{ID: "cap-bad", Actor: "sensor", Agency: "GAC", Created: time.Now(), Document: []byte(`{"type":"EPCISDocument"}`)}
		if _, _, err := s.CaptureJobs().Add(ctx, j); err != nil {
			t.Fatal(err)
		}
		got, err := epcis.CaptureQueued(ctx, s, v, j.ID, time.Now)
		if err != nil || got.State != core.CaptureFailed || got.Error == "" {
			t.Fatalf("CaptureQueued = %+v, %v; want failed with a reason", got, err)
		}
	})
}
