package main

import (
	"context"
	"fmt"
	"regexp"

	"orewatch/internal/analysis"
	"orewatch/internal/balance"
	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
)

var monthRe = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

func balanceCommand() *command {
	c := &command{name: "balance", summary: "an enterprise's material books by month, and leakage 物料平衡",
		usage:   "orewatch balance USCC [--material M] [--month YYYY-MM] [--json]",
		example: "orewatch balance 91431300MA4LTB0012 --material antimony-ingot"}
	var material, month *string
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			material = fs.String("material", "", "one material (e.g. antimony-ingot)")
			month = fs.String("month", "", "one month, YYYY-MM")
			asJSON = fs.Bool("json", false, "print JSON")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			u, err := core.ParseUSCC(fs.Arg(0))
			if err != nil {
				return core.FieldErrorf("uscc", "%v", err)
			}
			if *month != "" && !monthRe.MatchString(*month) {
				return core.FieldErrorf("month", "want YYYY-MM, got %q", *month)
			}
			cat, err := loadCatalog()
			if err != nil {
				return err
			}
			mats, err := st.Materials().All(ctx)
			if err != nil {
				return err
			}
			exports, err := analysis.Exports(ctx, st, cat, mats)
			if err != nil {
				return err
			}
			b, err := balance.ForEnterprise(ctx, st, u, *material, *month, analysis.Yields(cat, mats), exports)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSONLine(e.stdout, b)
			}
			fmt.Fprintf(e.stdout, "%-8s %-24s %10s %10s %10s %10s %10s %10s %10s %10s\n", "month", "material", "opening", "received", "produced", "consumed", "shipped", "exported", "closing", "expected")
			for _, r := range b.Rows {
				fmt.Fprintf(e.stdout, "%-8s %-24s %10.0f %10.0f %10.0f %10.0f %10.0f %10.0f %10.0f %10.0f\n", r.Month, r.Material, r.Opening, r.Received, r.Produced, r.Consumed, r.Shipped, r.Exported, r.Closing, r.Expected)
			}
			if len(b.Rows) == 0 {
				fmt.Fprintln(e.stdout, "no events for this enterprise 无该企业的流向记录")
			}
			for _, f := range b.Findings {
				fmt.Fprintf(e.stdout, "%s %s: %s\n  %s\n", balance.Code, f.Kind, f.MessageZh, f.Message)
			}
			return nil
		})
	}
	return c
}
