// Package bus carries work between OreWatch's servers and workers over
// NATS JetStream (docs/scale.md). A message names a job the store already
// holds; the store, not the bus, is what is durable before a request is
// acknowledged, and a job finishes in the same transaction as its effects,
// so a message delivered twice, or published again, changes nothing.
package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Bus is a connection to NATS with JetStream and the work streams on it.
type Bus struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	prefix string
	// AckWait is how long a delivery may go unacknowledged (a worker killed
	// mid-job) before another worker gets it; a worker at work extends it.
	AckWait time.Duration
	log     *slog.Logger
}

// Options name the streams (tests and several deployments on one NATS
// use their own prefix) and say how long a delivery may stay unanswered.
type Options struct {
	Prefix  string   // stream names start with it; default "OREWATCH"
	Queues  []string // the queues to make streams for (epcis.CaptureQueue…)
	AckWait time.Duration
	Logger  *slog.Logger
}

// Connect dials NATS and makes sure every queue's stream exists: file
// storage, work-queue retention (a message leaves once acknowledged), and
// a window of two minutes in which a message published again under the
// same id is dropped by the server.
func Connect(ctx context.Context, url string, o Options) (*Bus, error) {
	if o.Prefix == "" {
		o.Prefix = "OREWATCH"
	}
	if o.AckWait <= 0 {
		o.AckWait = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	nc, err := nats.Connect(url, nats.Name("orewatch"), nats.MaxReconnects(-1), nats.ReconnectWait(500*time.Millisecond),
		nats.Timeout(5*time.Second), nats.RetryOnFailedConnect(false))
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w", redact(url), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("JetStream: %w", err)
	}
	b := &Bus{nc: nc, js: js, prefix: o.Prefix, AckWait: o.AckWait, log: o.Logger}
	for _, q := range o.Queues {
		_, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
			Name:       b.stream(q),
			Subjects:   []string{b.subject(q)},
			Storage:    jetstream.FileStorage,
			Retention:  jetstream.WorkQueuePolicy,
			Duplicates: 2 * time.Minute,
		})
		if err != nil {
			nc.Close()
			return nil, fmt.Errorf("JetStream stream %s: %w", b.stream(q), err)
		}
	}
	return b, nil
}

func (b *Bus) stream(queue string) string { return b.prefix + "_" + strings.ToUpper(queue) }
func (b *Bus) subject(queue string) string {
	return strings.ToLower(b.prefix) + "." + queue
}

// Drop deletes the queues' streams with whatever they hold: for a
// benchmark's or a test's own prefix, never a deployment's.
func (b *Bus) Drop(ctx context.Context, queues ...string) error {
	for _, q := range queues {
		if err := b.js.DeleteStream(ctx, b.stream(q)); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			return fmt.Errorf("delete stream %s: %w", b.stream(q), err)
		}
	}
	return nil
}

// Close drains nothing: work in flight is unacknowledged and goes to
// another worker after AckWait.
func (b *Bus) Close() { b.nc.Close() }

// Ready fails when NATS cannot be reached (readiness of a node).
func (b *Bus) Ready(ctx context.Context) error {
	if !b.nc.IsConnected() {
		return fmt.Errorf("NATS: %s", b.nc.Status())
	}
	if _, err := b.js.AccountInfo(ctx); err != nil {
		return fmt.Errorf("JetStream: %w", err)
	}
	return nil
}

// Publish hands a job to the queue's workers and returns once JetStream
// has stored the message. The id is the message's deduplication id too.
func (b *Bus) Publish(ctx context.Context, queue, id string) error {
	if _, err := b.js.Publish(ctx, b.subject(queue), []byte(id), jetstream.WithMsgID(id)); err != nil {
		return fmt.Errorf("publish %s job %s: %w", queue, id, err)
	}
	return nil
}

// Handler does one job. An error means "not now" (the store is down, say):
// the job is delivered again after a pause. A job that cannot ever succeed
// must be finished as failed by the handler, which then returns nil.
type Handler func(ctx context.Context, id string) error

// Work runs the queue's jobs until ctx ends, at most concurrency at a
// time. Every worker shares one durable consumer, so each message goes to
// one of them; a message not acknowledged within AckWait (its worker died)
// goes to another.
func (b *Bus) Work(ctx context.Context, queue string, concurrency int, h Handler) error {
	concurrency = max(concurrency, 1)
	cons, err := b.js.CreateOrUpdateConsumer(ctx, b.stream(queue), jetstream.ConsumerConfig{
		Durable:       strings.ToLower(b.prefix) + "-" + queue + "-workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       b.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: 1024,
	})
	if err != nil {
		return fmt.Errorf("JetStream consumer for %s: %w", queue, err)
	}
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	for ctx.Err() == nil {
		batch, err := cons.Fetch(concurrency, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			b.log.Warn("fetch jobs", "queue", queue, "err", err)
			sleep(ctx, time.Second)
			continue
		}
		for msg := range batch.Messages() {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				b.handle(ctx, queue, msg, h)
			})
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			b.log.Warn("fetch jobs", "queue", queue, "err", err)
		}
	}
	return nil
}

// handle does one delivery, telling JetStream the job is still in hand
// while it runs so that a long job is not handed to a second worker.
func (b *Bus) handle(ctx context.Context, queue string, msg jetstream.Msg, h Handler) {
	id := string(msg.Data())
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(b.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	}()
	err := h(ctx, id)
	close(done)
	if err != nil {
		if ctx.Err() != nil {
			return // stopping: left unacknowledged, redelivered to another worker
		}
		b.log.Warn("job not done, to be tried again", "queue", queue, "id", id, "err", err)
		_ = msg.NakWithDelay(delayFor(msg))
		return
	}
	if err := msg.DoubleAck(ctx); err != nil {
		// The job's effects are stored; the delivery that follows finds it
		// finished and changes nothing.
		b.log.Warn("acknowledge job", "queue", queue, "id", id, "err", err)
	}
}

// delayFor doubles the pause with each delivery, from a second to a minute.
func delayFor(msg jetstream.Msg) time.Duration {
	n := uint64(1)
	if md, err := msg.Metadata(); err == nil {
		n = md.NumDelivered
	}
	d := time.Second << min(n-1, 6)
	return min(d, time.Minute)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// redact drops a URL's credentials for messages.
func redact(url string) string {
	if i := strings.Index(url, "@"); i > 0 {
		if j := strings.Index(url, "://"); j >= 0 && j < i {
			return url[:j+3] + "REDACTED" + url[i:]
		}
	}
	return url
}
