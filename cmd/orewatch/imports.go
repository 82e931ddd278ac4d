package main

import (
	"context"
	"fmt"
	"sort"

	"orewatch/internal/core"
	"orewatch/internal/store/sqlstore"
)

func importsCommand() *command {
	return &command{
		name:    "imports",
		summary: "bundle imports: which finished, which failed, and what each wrote 导入记录",
		usage:   "orewatch imports list [--limit N] [--json] | orewatch imports show ID",
		example: "orewatch imports list --limit 5",
		subs:    []*command{importsListCommand(), importsShowCommand()},
	}
}

func importsListCommand() *command {
	c := &command{name: "list", summary: "the newest imports first 导入列表",
		usage: "orewatch imports list [--limit N] [--json]", example: "orewatch imports list --json"}
	var limit *int
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			limit = fs.Int("limit", 20, "imports to show")
			asJSON = fs.Bool("json", false, "print JSON")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			ims, err := st.Imports().List(ctx, *limit)
			if err != nil {
				return err
			}
			if *asJSON {
				if ims == nil {
					ims = []*core.Import{}
				}
				return writeJSONLine(e.stdout, map[string]any{"imports": ims})
			}
			for _, im := range ims {
				fmt.Fprintf(e.stdout, "%-30s %-7s %s  %9d rows  %s (%s)\n", im.ID, im.Status, im.StartedAt.Format("2006-01-02 15:04:05Z"), im.Rows, im.Title, im.Actor)
				if im.Error != "" {
					fmt.Fprintf(e.stdout, "%30s %s\n", "", im.Error)
				}
			}
			return nil
		})
	}
	return c
}

func importsShowCommand() *command {
	c := &command{name: "show", summary: "the rows each table holds from one import 导入详情",
		usage: "orewatch imports show ID", example: "orewatch imports show imp-20250601T080000-1a2b3c4d"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) { fs.args = 1 }, func(st *sqlstore.DB, fs *flagSet) error {
			tables, err := st.Imports().Tables(ctx, fs.Arg(0))
			if err != nil {
				return err
			}
			names := make([]string, 0, len(tables))
			for t := range tables {
				names = append(names, t)
			}
			sort.Strings(names)
			for _, t := range names {
				fmt.Fprintf(e.stdout, "%-20s %d\n", t, tables[t])
			}
			return nil
		})
	}
	return c
}
