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
		usage:   "orewatch audit verify | orewatch audit export [--from D] [--to D]",
		example: "orewatch audit verify",
		subs:    []*command{auditVerifyCommand(), auditExportCommand()},
	}
}

func auditVerifyCommand() *command {
	c := &command{name: "verify", summary: "check the hash chain: any edited, deleted or reordered row is named 校验审计日志",
		usage: "orewatch audit verify", example: "orewatch audit verify"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, nil, func(st *sqlstore.DB, fs *flagSet) error {
			p, n, err := audit.Verify(ctx, st)
			if err != nil {
				return err
			}
			if p != nil {
				return fmt.Errorf("audit trail broken at row %d: %s (%d rows read)", p.Seq, p.Reason, n)
			}
			fmt.Fprintf(e.stdout, "audit trail intact: %d rows 审计日志完整\n", n)
			return nil
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
