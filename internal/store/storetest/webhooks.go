package storetest

import (
	"testing"
	"time"

	"orewatch/internal/core"
)

func testWebhooks(t *testing.T, s core.Store) {
	c := ctx(t)
	at := time.Date(2025, 6, 1, 8, 0, 0, 123456000, time.UTC)
	w := s.Webhooks()
	if cur, err := w.Cursor(c); err != nil || !cur.IsZero() {
		t.Fatalf("first cursor = %v, %v; want zero", cur, err)
	}
	if err := w.SetCursor(c, at); err != nil {
		t.Fatal(err)
	}
	if err := w.SetCursor(c, at.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if cur, err := w.Cursor(c); err != nil || !cur.Equal(at.Add(time.Second)) {
		t.Fatalf("cursor = %v, %v", cur, err)
	}
	mk := func(id, alert string, changed time.Time) *core.Delivery {
		return &core.Delivery{ID: id, AlertID: alert, AlertChanged: changed, Body: `{"alert":"` + alert + `"}`, Status: core.DeliveryPending, NextAt: at, CreatedAt: at}
	}
	for _, d := range []*core.Delivery{mk("d1", "A1", at), mk("d2", "A2", at), mk("d3", "A1", at.Add(time.Minute))} {
		if added, err := w.Enqueue(c, d); err != nil || !added {
			t.Fatalf("enqueue %s: %v %v", d.ID, added, err)
		}
	}
	if added, err := w.Enqueue(c, mk("d4", "A1", at)); err != nil || added {
		t.Fatalf("the same alert change again: added %v, %v", added, err)
	}
	due, err := w.Claim(c, at, 0, 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("due = %d, %v", len(due), err)
	}
	done := at.Add(2 * time.Second)
	due[0].Status, due[0].Attempts, due[0].DeliveredAt = core.DeliveryDelivered, 1, &done
	due[1].Status, due[1].Attempts, due[1].NextAt, due[1].LastError = core.DeliveryPending, 1, at.Add(time.Hour), "status 503"
	due[2].Status, due[2].Attempts, due[2].LastError = core.DeliveryDead, 8, "connection refused"
	for _, d := range due {
		if err := w.Settle(c, d); err != nil {
			t.Fatal(err)
		}
	}
	if due, _ := w.Claim(c, at.Add(time.Minute), 0, 10); len(due) != 0 {
		t.Errorf("due before the retry's time: %d", len(due))
	}
	if due, _ := w.Claim(c, at.Add(2*time.Hour), 0, 10); len(due) != 1 || due[0].LastError != "status 503" || due[0].Attempts != 1 {
		t.Errorf("due after the retry's time: %+v", due)
	}
	dead, err := w.List(c, core.DeliveryDead, 10)
	if err != nil || len(dead) != 1 || dead[0].LastError != "connection refused" {
		t.Fatalf("dead = %+v, %v", dead, err)
	}
	if n, err := w.Count(c, core.DeliveryPending); err != nil || n != 1 {
		t.Errorf("pending = %d, %v", n, err)
	}
	if err := w.Replay(c, dead[0].ID, at.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	mustCode(t, w.Replay(c, dead[0].ID, at), core.ENOTFOUND) // no longer dead
	if due, _ := w.Claim(c, at.Add(3*time.Hour), 0, 10); len(due) != 2 {
		t.Errorf("after the replay, due = %d, want 2", len(due))
	}
	// Two servers claiming at once take each delivery once.
	claimAt := at.Add(3 * time.Hour)
	a, err := w.Claim(c, claimAt, time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.Claim(c, claimAt, time.Minute, 10)
	if err != nil || len(a) != 2 || len(b) != 0 {
		t.Fatalf("claims: %d and %d, %v; want 2 and 0", len(a), len(b), err)
	}
	if again, _ := w.Claim(c, claimAt.Add(2*time.Minute), time.Minute, 10); len(again) != 2 {
		t.Errorf("after the lease, claimed %d again, want 2 (their sender died)", len(again))
	}
	delivered, _ := w.List(c, core.DeliveryDelivered, 10)
	if len(delivered) != 1 || delivered[0].DeliveredAt == nil || !delivered[0].DeliveredAt.Equal(done) {
		t.Errorf("delivered = %+v", delivered)
	}
}
