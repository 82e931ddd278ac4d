// Package notify sends new alerts to other systems: a webhook (an
// HMAC-signed POST to a configured URL) with retries, back-off and a
// dead-letter list an administrator can replay.
package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"orewatch/internal/core"
)

// Delivery rhythm.
const (
	// poll is how often alerts are read and due deliveries sent.
	poll = 2 * time.Second
	// overlap is read again before the cursor: a transaction can commit
	// after one whose alerts were already read (as in the alert stream).
	overlap = 10 * time.Second
	// MaxAttempts: after this many failures a delivery is dead.
	MaxAttempts = 8
	// firstRetry doubles with each failure, up to maxRetry.
	firstRetry = 5 * time.Second
	maxRetry   = 30 * time.Minute
	batch      = 100
	// claimLease keeps claimed deliveries from the other servers.
	claimLease = 20 * time.Minute
)

// Webhook sends alerts at or above MinScore to URL.
type Webhook struct {
	URL      string
	Secret   []byte
	MinScore int
	Store    core.Store
	Client   *http.Client
	Log      *slog.Logger
	Now      func() time.Time
}

// Event is the body of a delivery.
type Event struct {
	Type  string     `json:"type"` // "alert"
	Alert core.Alert `json:"alert"`
}

// Sign is the X-OreWatch-Signature of a body: "sha256=" and the hex
// HMAC-SHA256 of the timestamp, a dot and the body, under the secret —
// the timestamp bound in so that a captured delivery cannot be replayed
// later as new.
func Sign(secret []byte, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a delivery's signature as a receiver does.
func Verify(secret []byte, timestamp string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, timestamp, body)), []byte(signature))
}

// Run reads alerts and sends deliveries until ctx ends.
func (w *Webhook) Run(ctx context.Context) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if err := w.Step(ctx); err != nil && ctx.Err() == nil {
			w.Log.Warn("webhook", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Step enqueues the alerts changed since the cursor and sends what is due.
func (w *Webhook) Step(ctx context.Context) error {
	if err := w.enqueue(ctx); err != nil {
		return err
	}
	return w.send(ctx)
}

func (w *Webhook) enqueue(ctx context.Context) error {
	hooks := w.Store.Webhooks()
	cursor, err := hooks.Cursor(ctx)
	if err != nil {
		return err
	}
	now := w.Now().UTC()
	if cursor.IsZero() {
		// A new webhook sends what is raised from now on, not the past:
		// reads reach overlap behind the cursor, so it starts that far
		// ahead.
		return hooks.SetCursor(ctx, now.Add(overlap))
	}
	as, _, err := w.Store.Alerts().List(ctx, core.AlertFilter{ChangedAfter: cursor.Add(-overlap), MinScore: w.MinScore, Status: core.AlertNew, Limit: 1000})
	if err != nil {
		return err
	}
	latest := cursor
	for _, a := range as {
		body, err := json.Marshal(Event{Type: "alert", Alert: *a})
		if err != nil {
			return err
		}
		if _, err := hooks.Enqueue(ctx, &core.Delivery{ID: newID(), AlertID: a.ID, AlertChanged: a.UpdatedAt, Body: string(body),
			Status: core.DeliveryPending, NextAt: now, CreatedAt: now}); err != nil {
			return err
		}
		if a.UpdatedAt.After(latest) {
			latest = a.UpdatedAt
		}
	}
	if latest.After(cursor) {
		return hooks.SetCursor(ctx, latest)
	}
	return nil
}

func (w *Webhook) send(ctx context.Context) error {
	// Claimed for a lease longer than a batch takes to send (10 s a
	// receiver at most, a batch of 100 in turn is bounded by the ticker's
	// next round anyway), so another server does not send them too.
	due, err := w.Store.Webhooks().Claim(ctx, w.Now().UTC(), claimLease, batch)
	if err != nil {
		return err
	}
	for _, d := range due {
		if ctx.Err() != nil {
			return nil
		}
		err := w.post(ctx, d)
		now := w.Now().UTC()
		d.Attempts++
		switch {
		case err == nil:
			d.Status, d.DeliveredAt, d.LastError = core.DeliveryDelivered, &now, ""
		case d.Attempts >= MaxAttempts:
			d.Status, d.LastError = core.DeliveryDead, err.Error()
			w.Log.Warn("webhook delivery dead", "delivery", d.ID, "alert", d.AlertID, "attempts", d.Attempts, "err", err)
		default:
			d.LastError, d.NextAt = err.Error(), now.Add(backoff(d.Attempts))
		}
		if err := w.Store.Webhooks().Settle(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

// backoff is the wait after the n-th failure: 5 s, 10 s, 20 s … 30 min.
func backoff(n int) time.Duration {
	d := firstRetry << min(n-1, 20)
	return min(d, maxRetry)
}

func (w *Webhook) post(ctx context.Context, d *core.Delivery) error {
	ts := strconv.FormatInt(w.Now().Unix(), 10)
	body := []byte(d.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "OreWatch-Webhook/1")
	req.Header.Set("X-OreWatch-Delivery", d.ID)
	req.Header.Set("X-OreWatch-Timestamp", ts)
	req.Header.Set("X-OreWatch-Signature", Sign(w.Secret, ts, body))
	res, err := w.Client.Do(req)
	if err != nil {
		return fmt.Errorf("post: %w", err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<16))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("the receiver answered %d", res.StatusCode)
	}
	return nil
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "WH-" + hex.EncodeToString(b[:])
}
