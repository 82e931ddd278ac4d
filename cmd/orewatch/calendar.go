package main

import (
	"context"
	"fmt"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/config"
	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
)

func catalogCalendarCommand() *command {
	c := &command{
		name:    "calendar",
		summary: "every day the controls' answers change — measures taking effect, suspensions starting and ending — and what each hits in the store 管制日历",
		usage:   "orewatch catalog calendar [--from D] [--to D] [--impact] [--json]",
		example: "orewatch catalog calendar --from 2026-11-01 --to 2026-12-31 --impact",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		fromS := fs.String("from", "", "first day (YYYY-MM-DD; default: all)")
		toS := fs.String("to", "", "last day (YYYY-MM-DD; default: all)")
		impact := fs.Bool("impact", false, "count, for each day, the stored licences valid across it and the declarations of the 30 days before it that it concerns")
		asJSON := fs.Bool("json", false, "print JSON")
		bind := config.Bind(fs, e.getenv, false)
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		var from, to core.Date
		var err error
		if *fromS != "" {
			if from, err = core.ParseDate(*fromS); err != nil {
				return usagef("--from: %v", err)
			}
		}
		if *toS != "" {
			if to, err = core.ParseDate(*toS); err != nil {
				return usagef("--to: %v", err)
			}
		}
		cat, err := loadCatalog()
		if err != nil {
			return err
		}
		var st *sqlstore.DB
		if *impact {
			cfg, err := bind.Resolve()
			if err != nil {
				return usagef("%v", err)
			}
			if st, err = openStore(ctx, cfg, false, cfg.Logger(e.stderr)); err != nil {
				return err
			}
			defer st.Close()
			// The store's catalogue: the packs applied to it count.
			live, err := storeCatalogue(ctx, st)
			if err != nil {
				return err
			}
			cat = live.Catalog()
		}
		events := cat.Calendar(from, to)
		hits := make([]catalog.Impact, len(events))
		if *impact {
			for i, ev := range events {
				if hits[i], err = catalog.ImpactOf(ctx, st, ev, ""); err != nil {
					return err
				}
			}
		}
		if *asJSON {
			type row struct {
				catalog.Event
				Impact *catalog.Impact `json:"impact,omitempty"`
			}
			var rows []row
			for i, ev := range events {
				r := row{Event: ev}
				if *impact {
					r.Impact = &hits[i]
				}
				rows = append(rows, r)
			}
			return writeJSONLine(e.stdout, map[string]any{"events": rows})
		}
		for i, ev := range events {
			fmt.Fprintf(e.stdout, "%s  %-16s %s\n", ev.Date, calendarKindZh[ev.Kind], ev)
			if len(ev.Groups) > 0 {
				fmt.Fprintf(e.stdout, "            %s; %d HS codes\n", strings.Join(ev.Groups, ", "), len(ev.HSCodes))
			}
			if *impact {
				fmt.Fprintf(e.stdout, "            licences valid across it: %d; declarations of the 30 days before: %d (exporters: %d)\n",
					hits[i].Licences, hits[i].Declarations, hits[i].Exporters)
			}
		}
		if len(events) == 0 {
			fmt.Fprintln(e.stdout, "no change of the controls in that period 该期间管制无变化")
		}
		return nil
	}
	return c
}

var calendarKindZh = map[string]string{
	catalog.EventEffective: "生效 effective", catalog.EventSuperseded: "废止 superseded",
	catalog.EventSuspended: "暂停 suspended", catalog.EventSuspensionEnds: "恢复 resumes",
}
