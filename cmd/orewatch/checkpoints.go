package main

import (
	"context"
	"log/slog"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/config"
	"orewatch/internal/core"
)

// signCheckpoints signs the audit trail's head every interval while it
// moves, and once more when ctx ends, appending each checkpoint to the
// configured file; done is closed after the last one.
func signCheckpoints(ctx context.Context, db core.Store, cfg *config.Config, log *slog.Logger, now func() time.Time) (done <-chan struct{}) {
	ch := make(chan struct{})
	k, ok, err := audit.LoadKey(cfg.AuditKeyPath())
	if err != nil || !ok || cfg.CheckpointEvery <= 0 {
		if err != nil {
			log.Error("audit checkpoints off", "err", err)
		}
		close(ch)
		return ch
	}
	var last int64 = -1
	sign := func(ctx context.Context) {
		seq, _, err := db.Audit().Head(ctx)
		if err != nil || seq == last {
			return
		}
		cp, err := audit.NewCheckpoint(ctx, db, k, now())
		if err == nil {
			err = audit.AppendCheckpoint(cfg.AuditCheckpointsPath(), cp)
		}
		if err != nil {
			log.Error("audit checkpoint", "err", err)
			return
		}
		last = cp.Seq
		log.Info("audit checkpoint signed", "seq", cp.Seq, "file", cfg.AuditCheckpointsPath())
	}
	go func() {
		defer close(ch)
		t := time.NewTicker(cfg.CheckpointEvery)
		defer t.Stop()
		sign(ctx)
		for {
			select {
			case <-t.C:
				sign(ctx)
			case <-ctx.Done():
				sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				sign(sctx)
				cancel()
				return
			}
		}
	}()
	return ch
}
