package main

import (
	"context"
	"fmt"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
)

func auditCommand() *command {
	return &command{
		name:    "audit",
		summary: "the tamper-evident audit trail 审计日志",
		usage:   "orewatch audit verify [--checkpoints FILE] | orewatch audit checkpoint | orewatch audit export [--from D] [--to D]",
		example: "orewatch audit verify",
		subs:    []*command{auditVerifyCommand(), auditCheckpointCommand(), auditExportCommand()},
	}
}

func auditVerifyCommand() *command {
	c := &command{name: "verify", summary: "check the keyed hash chain and the signed checkpoints: any edited, deleted, reordered, recomputed or cut-back row is named 校验审计日志",
		usage: "orewatch audit verify [--checkpoints FILE]", example: "orewatch audit verify --checkpoints /mnt/offsite/audit-checkpoints.jsonl"}
	var extra *string
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			extra = fs.String("checkpoints", "", "another file of checkpoints to hold the trail against (a copy kept elsewhere)")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			k, _, err := audit.LoadKey(fs.cfg.AuditKeyPath())
			if err != nil {
				return err
			}
			var cps []audit.Checkpoint
			for _, path := range []string{fs.cfg.AuditCheckpointsPath(), *extra} {
				if path == "" {
					continue
				}
				got, err := audit.ReadCheckpoints(path)
				if err != nil {
					return err
				}
				if path == *extra && got == nil {
					return core.FieldErrorf("checkpoints", "%s: no such file", path)
				}
				cps = append(cps, got...)
			}
			p, n, err := audit.VerifyKeyed(ctx, st, k, cps)
			if err != nil {
				return err
			}
			if p != nil {
				return fmt.Errorf("audit trail broken at row %d: %s (%d rows read)", p.Seq, p.Reason, n)
			}
			fmt.Fprintf(e.stdout, "audit trail intact: %d rows, keyed from row %d, %d checkpoints hold 审计日志完整\n", n, k.Since, len(cps))
			return nil
		})
	}
	return c
}

func auditCheckpointCommand() *command {
	c := &command{name: "checkpoint", summary: "sign the trail's head and append it to the checkpoints file, to be kept elsewhere 签署审计检查点",
		usage: "orewatch audit checkpoint", example: "orewatch audit checkpoint >> /mnt/offsite/audit-checkpoints.jsonl"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, nil, func(st *sqlstore.DB, fs *flagSet) error {
			k, _, err := audit.LoadKey(fs.cfg.AuditKeyPath())
			if err != nil {
				return err
			}
			cp, err := audit.NewCheckpoint(ctx, st, k, e.now())
			if err != nil {
				return err
			}
			if err := audit.AppendCheckpoint(fs.cfg.AuditCheckpointsPath(), cp); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "checkpoint of row %d appended to %s; public key %s\n", cp.Seq, fs.cfg.AuditCheckpointsPath(), audit.PublicKey(k))
			return writeJSONLine(e.stdout, cp)
		})
	}
	return c
}

func auditExportCommand() *command {
	c := &command{name: "export", summary: "write audit rows as JSON lines, for auditors 导出审计日志",
		usage: "orewatch audit export [--from YYYY-MM-DD] [--to YYYY-MM-DD]", example: "orewatch audit export --from 2026-01-01 --to 2026-02-01 > audit-2026-01.jsonl"}
	var from, to *string
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			from = fs.String("from", "", "first day (inclusive)")
			to = fs.String("to", "", "last day (exclusive)")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			var f, t time.Time
			for _, x := range []struct {
				v    string
				dst  *time.Time
				name string
			}{{*from, &f, "from"}, {*to, &t, "to"}} {
				if x.v == "" {
					continue
				}
				d, err := core.ParseDate(x.v)
				if err != nil {
					return core.FieldErrorf(x.name, "%v", err)
				}
				*x.dst = d.Time()
			}
			es, err := st.Audit().List(ctx, f, t)
			if err != nil {
				return err
			}
			for _, en := range es {
				if err := writeJSONLine(e.stdout, en); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return c
}
