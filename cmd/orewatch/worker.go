package main

import (
	"context"

	"fmt"
	"log/slog"
	"time"

	"orewatch/internal/bus"
	"orewatch/internal/config"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
)

func workerCommand() *command {
	c := &command{
		name:    "worker",
		summary: "do the servers' queued work (EPCIS captures) from NATS JetStream 后台作业进程",
		usage:   "orewatch worker --nats-url URL [--database-url URL] [--concurrency N]",
		example: "OREWATCH_DATABASE_URL=postgres://… OREWATCH_NATS_URL=nats://127.0.0.1:4222 orewatch worker --concurrency 4",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		bind := config.Bind(fs, e.getenv, false)
		concurrency := fs.Int("concurrency", 2, "jobs done at once")
		ackWait := fs.Duration("ack-wait", 30*time.Second, "how long a job may go unacknowledged (its worker died) before another worker gets it")
		sweep := fs.Duration("sweep", 30*time.Second, "how often jobs stored but never published (a server stopped in between) are published again")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("unexpected arguments %q", fs.Args())
		}
		cfg, err := bind.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		if cfg.NATSURL == "" {
			return usagef("a worker takes its work from NATS: give --nats-url or OREWATCH_NATS_URL")
		}
		if *concurrency < 1 || *ackWait < time.Second || *sweep < time.Second {
			return usagef("--concurrency must be at least 1, --ack-wait and --sweep at least 1s")
		}
		return work(ctx, e, cfg, workerOptions{concurrency: *concurrency, ackWait: *ackWait, sweep: *sweep})
	}
	return c
}

type workerOptions struct {
	concurrency    int
	ackWait, sweep time.Duration
}

// work captures queued EPCIS documents until ctx ends. A worker killed
// at any point loses nothing: its unacknowledged jobs go to another after
// the ack wait, and a job is finished in the transaction that stores its
// events.
func work(ctx context.Context, e *env, cfg *config.Config, o workerOptions) error {
	log := cfg.Logger(e.stderr)
	db, err := openStore(ctx, cfg, false, log)
	if err != nil {
		return err
	}
	defer db.Close()
	validator, err := epcis.NewValidator()
	if err != nil {
		return err
	}
	b, err := bus.Connect(ctx, cfg.NATSURL, bus.Options{Prefix: cfg.NATSStreamPrefix, Queues: []string{epcis.CaptureQueue}, AckWait: o.ackWait, Logger: log})
	if err != nil {
		return err
	}
	defer b.Close()
	fmt.Fprintf(e.stdout, "OreWatch worker: captures from NATS (%s streams), store %s, %d at a time\n", cfg.NATSStreamPrefix, cfg.Location().Describe(), o.concurrency)
	go sweepCaptures(ctx, db, b, o.sweep, e.now, log)
	return b.Work(ctx, epcis.CaptureQueue, o.concurrency, func(ctx context.Context, id string) error {
		j, err := epcis.CaptureQueued(ctx, db, validator, id, e.now)
		if core.ErrorCode(err) == core.ENOTFOUND {
			log.Warn("capture job not in the store; dropped", "id", id)
			return nil
		}
		if err != nil {
			return err
		}
		log.Debug("capture job", "id", id, "state", j.State)
		return nil
	})
}

// sweepCaptures publishes again the jobs left queued longer than a sweep:
// stored by a server that stopped before it published, or published while
// NATS was away. A job published twice is still done once.
func sweepCaptures(ctx context.Context, s core.Store, b *bus.Bus, every time.Duration, now func() time.Time, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ids, err := s.CaptureJobs().Queued(ctx, now().Add(-every), 1000)
		if err != nil {
			log.Warn("sweep capture jobs", "err", err)
			continue
		}
		for _, id := range ids {
			if err := b.Publish(ctx, epcis.CaptureQueue, id); err != nil {
				log.Warn("publish a swept capture job", "id", id, "err", err)
				break
			}
		}
		if len(ids) > 0 {
			log.Info("capture jobs published again", "jobs", len(ids))
		}
	}
}
