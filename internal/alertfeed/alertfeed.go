// Package alertfeed streams alerts to officers as they are raised or
// change, as server-sent events: the API's /api/v1/alerts:stream and the
// queue page's live updates share it.
package alertfeed

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"orewatch/internal/core"
)

// Stream timing. The stream polls the store, so that every server of one
// database streams what any of them raised; a poll reads again the
// overlap before its cursor because a transaction can commit after a
// later one whose alerts were already read (its updated_at is its own
// clock's), and what was sent in the overlap is not sent twice.
const (
	Poll      = 2 * time.Second
	Overlap   = 10 * time.Second
	heartbeat = 15 * time.Second
	// MaxStreams bounds the connections one server holds open.
	MaxStreams = 256
	// batch is the most alerts one poll sends; the rest follow in
	// the next.
	batch = 500
	// Lifetime ends a stream, which the client resumes (EventSource
	// does, with Last-Event-ID): connections move to other servers and a
	// client that vanished without closing is let go.
	Lifetime = 15 * time.Minute
)

var (
	closingMu sync.Mutex
	closing   = make(chan struct{})
)

// Shutdown ends every stream open in the process, so that a server
// stopping does not wait for them (http.Server.RegisterOnShutdown).
// Streams opened later (another server in the process) are not ended.
func Shutdown() {
	closingMu.Lock()
	defer closingMu.Unlock()
	close(closing)
	closing = make(chan struct{})
}

func closed() <-chan struct{} {
	closingMu.Lock()
	defer closingMu.Unlock()
	return closing
}

// open counts the open streams of the process.
var open atomic.Int64

// Options say what one stream sends.
type Options struct {
	Alerts core.AlertRepo
	// Filter is the caller's scope and choice (province, status, code,
	// minimum score); ChangedAfter and Limit are the stream's.
	Filter core.AlertFilter
	// Since is where the stream starts: when the client read the queue,
	// or the Last-Event-ID it resumes from (Resumed). A fresh stream
	// reaches Overlap back before it.
	Since   time.Time
	Resumed bool
	Now     func() time.Time
	Log     *slog.Logger
	// Lifetime is how long the stream stays open (Lifetime when zero).
	Lifetime time.Duration
}

func (o Options) lifetime() time.Duration {
	if o.Lifetime > 0 {
		return o.Lifetime
	}
	return Lifetime
}

// ParseResume reads a Last-Event-ID this feed sent, or an RFC 3339 time.
func ParseResume(v string) (time.Time, error) {
	at, _, _ := strings.Cut(v, "|")
	return time.Parse(time.RFC3339Nano, at)
}

// Stream writes events until the client goes away. Each event's id is
// the alert's change time and id; delivery is at least once, so a client
// keys alerts by id. It answers EUNAVAILABLE when MaxStreams are open.
func Stream(w http.ResponseWriter, r *http.Request, o Options) error {
	if n := open.Add(1); n > MaxStreams {
		open.Add(-1)
		return core.Errorf(core.EUNAVAILABLE, "too many alert streams open on this server (%d); retry later", MaxStreams)
	}
	defer open.Add(-1)
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	f := o.Filter
	since := o.Since.UTC()
	rc := http.NewResponseController(w)
	// A stream outlives the server's write timeout.
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "retry: %d\n\n", Poll.Milliseconds())
	if err := rc.Flush(); err != nil {
		return nil
	}
	sent := map[string]time.Time{} // id|updated_at → updated_at, for the overlap
	// Nothing older than floor is sent: what the client had when it
	// resumed, or a fresh stream's start less the overlap.
	floor := since
	if !o.Resumed {
		floor = since.Add(-Overlap)
	}
	cursor := since
	poll := time.NewTicker(Poll)
	defer poll.Stop()
	end := time.NewTimer(o.lifetime())
	defer end.Stop()
	stopping := closed()
	lastWrite := time.Now()
	for {
		f.ChangedAfter, f.Limit = cursor.Add(-Overlap), batch+len(sent)
		if f.ChangedAfter.Before(floor) {
			f.ChangedAfter = floor
		}
		as, _, err := o.Alerts.List(r.Context(), f)
		if err != nil {
			if r.Context().Err() != nil {
				return nil
			}
			o.Log.Warn("alert stream: read alerts", "err", err)
		}
		n := 0
		for _, a := range as {
			key := a.ID + "|" + a.UpdatedAt.Format(time.RFC3339Nano)
			if _, done := sent[key]; done || n == batch {
				continue
			}
			b, err := json.Marshal(a)
			if err != nil {
				return nil
			}
			if _, err := fmt.Fprintf(w, "id: %s\nevent: alert\ndata: %s\n\n", a.UpdatedAt.UTC().Format(time.RFC3339Nano)+"|"+a.ID, b); err != nil {
				return nil
			}
			sent[key] = a.UpdatedAt
			if a.UpdatedAt.After(cursor) {
				cursor = a.UpdatedAt
			}
			n++
		}
		if n > 0 {
			lastWrite = time.Now()
			if err := rc.Flush(); err != nil {
				return nil
			}
		}
		// The cursor moves with the clock too, so that a quiet stream's
		// overlap does not reach back to where it started.
		if now := o.Now().UTC().Add(-Overlap); now.After(cursor) {
			cursor = now
		}
		for k, at := range sent {
			if at.Before(cursor.Add(-Overlap)) {
				delete(sent, k)
			}
		}
		if time.Since(lastWrite) >= heartbeat {
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil || rc.Flush() != nil {
				return nil
			}
			lastWrite = time.Now()
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-stopping:
			return nil
		case <-end.C:
			return nil
		case <-poll.C:
		}
	}
}
