package main

import (
	"context"
	"fmt"

	"orewatch/internal/casework"
	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
)

func alertCommand() *command {
	return &command{
		name:    "alert",
		summary: "the alert queue: list and triage 预警处理",
		usage:   "orewatch alert list [flags] | orewatch alert triage ID --status S [--reason R]",
		example: "orewatch alert list --status new --min-score 90",
		subs:    []*command{alertListCommand(), alertTriageCommand()},
	}
}

func alertListCommand() *command {
	c := &command{name: "list", summary: "alerts, highest score first 预警列表",
		usage: "orewatch alert list [--status S] [--code C] [--province P] [--min-score N] [--limit N] [--json]", example: "orewatch alert list --status new --code FLOW_LEAKAGE"}
	var status, code, province *string
	var minScore, limit *int
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			status = fs.String("status", "", "new, triaged, dismissed or escalated")
			code = fs.String("code", "", "finding code, e.g. LICENCE_MISSING")
			province = fs.String("province", "", "province code or name")
			minScore = fs.Int("min-score", 0, "lowest score shown")
			limit = fs.Int("limit", 50, "rows to show")
			asJSON = fs.Bool("json", false, "print JSON")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			f := core.AlertFilter{Status: *status, Code: *code, MinScore: *minScore, Limit: *limit}
			if *province != "" {
				lf, err := ledgerFilter(*province, "", "", "", "", 0, 1)
				if err != nil {
					return err
				}
				f.Province = lf.Province
			}
			as, total, err := st.Alerts().List(ctx, f)
			if err != nil {
				return err
			}
			if *asJSON {
				if as == nil {
					as = []*core.Alert{}
				}
				return writeJSONLine(e.stdout, map[string]any{"alerts": as, "total": total})
			}
			for _, a := range as {
				fmt.Fprintf(e.stdout, "%3d  %-9s %-24s %-12s %s\n     %s\n", a.Score, a.Status, a.Code, a.SubjectType+":"+a.SubjectID, a.ID, a.SummaryZh)
			}
			fmt.Fprintf(e.stdout, "%d of %d\n", len(as), total)
			return nil
		})
	}
	return c
}

func alertTriageCommand() *command {
	c := &command{name: "triage", summary: "move an alert: triaged, dismissed (with a reason) or escalated 研判预警",
		usage: "orewatch alert triage ID --status triaged|dismissed|escalated [--reason TEXT]", example: "orewatch alert triage DEC-530120250000000003-LICENCE_MISSING --status dismissed --reason 许可证已补交"}
	var status, reason *string
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			status = fs.String("status", "", "triaged, dismissed or escalated")
			reason = fs.String("reason", "", "why (required to dismiss)")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			a, err := casework.Triage(ctx, st, cliActor(e), "", fs.Arg(0), *status, *reason, e.now())
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s is %s\n", a.ID, a.Status)
			return nil
		})
	}
	return c
}
