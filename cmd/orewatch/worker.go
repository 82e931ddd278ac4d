package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/bus"
	"orewatch/internal/catalog"
	"orewatch/internal/config"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/ingest"
	"orewatch/internal/risk"
	"orewatch/internal/rules"
	"orewatch/internal/uploads"
)

func workerCommand() *command {
	c := &command{
		name:    "worker",
		summary: "do the servers' queued work (EPCIS captures, uploaded bundles) from NATS JetStream 后台作业进程",
		usage:   "orewatch worker --nats-url URL [--database-url URL] [--concurrency N]",
		example: "OREWATCH_DATABASE_URL=postgres://… OREWATCH_NATS_URL=nats://127.0.0.1:4222 orewatch worker --concurrency 4",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		bind := config.Bind(fs, e.getenv, false)
		limits := config.BindLimits(fs, e.getenv)
		concurrency := fs.Int("concurrency", 2, "captures done at once (uploaded bundles: one at a time)")
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
		lim, err := limits.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		if cfg.NATSURL == "" {
			return usagef("a worker takes its work from NATS: give --nats-url or OREWATCH_NATS_URL")
		}
		if *concurrency < 1 || *ackWait < time.Second || *sweep < time.Second {
			return usagef("--concurrency must be at least 1, --ack-wait and --sweep at least 1s")
		}
		return work(ctx, e, cfg, workerOptions{concurrency: *concurrency, ackWait: *ackWait, sweep: *sweep, limits: lim})
	}
	return c
}

type workerOptions struct {
	concurrency    int
	ackWait, sweep time.Duration
	limits         bundle.Limits
}

// work captures queued EPCIS documents and analyses uploaded bundles
// until ctx ends. A worker killed at any point loses nothing: its
// unacknowledged jobs go to another after the ack wait; a capture is
// finished in the transaction that stores its events, and an upload's
// analysis is done again from its stored bundle (its import writes what is
// new only).
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
	analyze, err := workerAnalysis(ctx, db, log, o.limits)
	if err != nil {
		return err
	}
	b, err := bus.Connect(ctx, cfg.NATSURL, bus.Options{Prefix: cfg.NATSStreamPrefix, Queues: []string{epcis.CaptureQueue, uploads.Queue}, AckWait: o.ackWait, Logger: log})
	if err != nil {
		return err
	}
	defer b.Close()
	fmt.Fprintf(e.stdout, "OreWatch worker: captures and uploaded bundles from NATS (%s streams), store %s, %d captures at a time\n", cfg.NATSStreamPrefix, cfg.Location().Describe(), o.concurrency)
	go sweep(ctx, b, epcis.CaptureQueue, o.sweep, e.now, log, func(ctx context.Context, before time.Time) ([]string, error) {
		return db.CaptureJobs().Queued(ctx, before, 1000)
	})
	go sweep(ctx, b, uploads.Queue, o.sweep, e.now, log, func(ctx context.Context, before time.Time) ([]string, error) {
		return db.UploadJobs().Waiting(ctx, before, 100)
	})
	scratch := filepath.Join(cfg.DataDir, "uploads")
	if err := os.MkdirAll(scratch, 0o700); err != nil {
		return err
	}
	imports := make(chan error, 1)
	go func() {
		imports <- b.Work(ctx, uploads.Queue, 1, func(ctx context.Context, id string) error {
			err := uploads.RunQueued(ctx, db, id, scratch, analyze, e.now)
			if core.ErrorCode(err) == core.ENOTFOUND {
				log.Warn("upload job not in the store; dropped", "id", id)
				return nil
			}
			if err == nil {
				log.Info("upload job done", "id", id)
			}
			return err
		})
	}()
	err = b.Work(ctx, epcis.CaptureQueue, o.concurrency, func(ctx context.Context, id string) error {
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
	return errors.Join(err, <-imports)
}

// workerAnalysis is how a worker analyses an uploaded bundle: as a server
// does, with the catalogue, lists and analysts' rules the store holds,
// followed as other nodes change them.
func workerAnalysis(ctx context.Context, db core.Store, log *slog.Logger, lim bundle.Limits) (uploads.Analyze, error) {
	cats, err := catalog.NewLive(data.FS)
	if err != nil {
		return nil, fmt.Errorf("load the control catalogue: %w", err)
	}
	if _, err := cats.Refresh(ctx, db.CatalogPacks()); err != nil {
		return nil, err
	}
	go every(ctx, 30*time.Second, func(ctx context.Context) {
		if _, err := cats.Refresh(ctx, db.CatalogPacks()); err != nil && ctx.Err() == nil {
			log.Error("refresh the control catalogue", "err", err)
		}
	})
	ref, err := risk.LoadReference(data.FS)
	if err != nil {
		return nil, err
	}
	ruleSet := rules.NewShared(db, log)
	if _, err := ruleSet.Poll(ctx); err != nil {
		return nil, err
	}
	go ruleSet.Run(ctx, 5*time.Second)
	return func(ctx context.Context, who audit.Actor, path string, progress ingest.Progress) (*analysis.Result, error) {
		b, err := bundle.ReadLimited(path, lim)
		if err != nil {
			return nil, err
		}
		return analysis.Run(ctx, analysis.Deps{Store: db, Catalog: cats.Catalog(), Lists: cats.Lists(), Actor: who, Risk: ref, Rules: ruleSet.Current()}, b, progress)
	}, nil
}

// sweep publishes again, every so often, the jobs of a queue left
// waiting longer than that: stored by a server that stopped before it
// published them, or published while NATS was away. A job published twice
// is still done once.
func sweep(ctx context.Context, b *bus.Bus, queue string, every time.Duration, now func() time.Time, log *slog.Logger,
	waiting func(ctx context.Context, before time.Time) ([]string, error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ids, err := waiting(ctx, now().Add(-every))
		if err != nil {
			log.Warn("sweep jobs", "queue", queue, "err", err)
			continue
		}
		for _, id := range ids {
			if err := b.Publish(ctx, queue, id); err != nil {
				log.Warn("publish a swept job", "queue", queue, "id", id, "err", err)
				break
			}
		}
		if len(ids) > 0 {
			log.Info("jobs published again", "queue", queue, "jobs", len(ids))
		}
	}
}
