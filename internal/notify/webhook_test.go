package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"orewatch/internal/core"
	"orewatch/internal/notify"
	"orewatch/internal/store/storetest"
)

// receiver answers with the statuses given in turn (then 200), checking
// every signature, and keeps the alerts it accepted.
type receiver struct {
	mu       sync.Mutex
	statuses []int
	got      []string
	bad      int
	secret   []byte
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !notify.Verify(r.secret, req.Header.Get("X-OreWatch-Timestamp"), body, req.Header.Get("X-OreWatch-Signature")) || req.Header.Get("X-OreWatch-Delivery") == "" {
		r.bad++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	if status == http.StatusOK {
		var ev notify.Event
		json.Unmarshal(body, &ev)
		r.got = append(r.got, ev.Alert.ID)
	}
	w.WriteHeader(status)
}

// TestWebhook: red alerts raised after the webhook starts are posted,
// signed; a receiver that fails is retried with back-off until it takes
// the delivery; one that never does leaves it dead, for an administrator
// to replay; lower scores and earlier alerts are not sent.
func TestWebhook(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		rcv := &receiver{secret: []byte("shared secret"), statuses: []int{503, 500}}
		srv := httptest.NewServer(rcv)
		defer srv.Close()
		clock := time.Now().UTC()
		w := &notify.Webhook{URL: srv.URL, Secret: rcv.secret, MinScore: 90, Store: s, Client: srv.Client(), Log: slog.New(slog.DiscardHandler),
			Now: func() time.Time { return clock }}
		raise := func(id string, score int) {
			t.Helper()
			if _, err := s.Alerts().Raise(ctx, &core.Alert{ID: id, SubjectType: "declaration", SubjectID: id, Code: "CONTROL_UNDECLARED", Score: score,
				Summary: "s", SummaryZh: "s", Evidence: "{}"}); err != nil {
				t.Fatal(err)
			}
		}
		raise("OLD", 95) // before the webhook: not sent
		time.Sleep(20 * time.Millisecond)
		clock = time.Now().UTC()
		if err := w.Step(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
		raise("RED", 95)
		raise("YELLOW", 60)
		// Attempt 1 fails (503), attempt 2 after 5 s fails (500), attempt 3
		// after 10 s more is taken.
		for _, advance := range []time.Duration{0, 5 * time.Second, 10 * time.Second} {
			clock = clock.Add(advance)
			if err := w.Step(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if len(rcv.got) != 1 || rcv.got[0] != "RED" || rcv.bad != 0 {
			t.Fatalf("received %v (%d badly signed); want RED once", rcv.got, rcv.bad)
		}
		done, _ := s.Webhooks().List(ctx, core.DeliveryDelivered, 10)
		if len(done) != 1 || done[0].Attempts != 3 {
			t.Fatalf("delivered = %+v", done)
		}
		// A receiver that always fails: dead after MaxAttempts.
		rcv.statuses = make([]int, notify.MaxAttempts)
		for i := range rcv.statuses {
			rcv.statuses[i] = http.StatusBadGateway
		}
		time.Sleep(20 * time.Millisecond)
		raise("RED-2", 99)
		clock = time.Now().UTC()
		for range notify.MaxAttempts {
			if err := w.Step(ctx); err != nil {
				t.Fatal(err)
			}
			clock = clock.Add(time.Hour)
		}
		dead, _ := s.Webhooks().List(ctx, core.DeliveryDead, 10)
		if len(dead) != 1 || dead[0].AlertID != "RED-2" || dead[0].Attempts != notify.MaxAttempts || dead[0].LastError == "" {
			t.Fatalf("dead = %+v", dead)
		}
		if err := s.Webhooks().Replay(ctx, dead[0].ID, clock); err != nil {
			t.Fatal(err)
		}
		if err := w.Step(ctx); err != nil {
			t.Fatal(err)
		}
		if len(rcv.got) != 2 || rcv.got[1] != "RED-2" {
			t.Fatalf("after the replay, received %v", rcv.got)
		}
	})
}

// TestSignature: a receiver can check a body and its timestamp.
func TestSignature(t *testing.T) {
	sig := notify.Sign([]byte("k"), "1700000000", []byte(`{"a":1}`))
	if !notify.Verify([]byte("k"), "1700000000", []byte(`{"a":1}`), sig) || notify.Verify([]byte("k"), "1700000001", []byte(`{"a":1}`), sig) ||
		notify.Verify([]byte("other"), "1700000000", []byte(`{"a":1}`), sig) {
		t.Errorf("signature %s does not bind key, timestamp and body", sig)
	}
}
