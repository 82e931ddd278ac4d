package main

import (
	"context"
	"fmt"

	"orewatch/internal/store/sqlstore"
	"orewatch/internal/trace"
)

func traceCommand() *command {
	return &command{
		name:    "trace",
		summary: "a lot's genealogy: where it came from, where it went 批次溯源",
		usage:   "orewatch trace backward|forward LOT [--depth N] [--json]",
		example: "orewatch trace backward antimony-trioxide:O1 --depth 6",
		subs:    []*command{traceDirCommand(trace.Backward), traceDirCommand(trace.Forward)},
	}
}

func traceDirCommand(dir string) *command {
	summary := "the lots a lot was made from, with their events 向上追溯"
	if dir == trace.Forward {
		summary = "the lots made from a lot and the declarations they ended in 向下追踪"
	}
	c := &command{name: dir, summary: summary,
		usage:   "orewatch trace " + dir + " LOT [--depth N] [--json]",
		example: "orewatch trace " + dir + " urn:orewatch:lot:antimony-ingot:HN-I-0225 --depth 6"}
	var depth *int
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			depth = fs.Int("depth", 10, "how many transformations deep")
			asJSON = fs.Bool("json", false, "print JSON")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			n, err := trace.Trace(ctx, st.Events(), fs.Arg(0), dir, *depth)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSONLine(e.stdout, n)
			}
			trace.Print(n, dir, "", func(format string, args ...any) { fmt.Fprintf(e.stdout, format, args...) })
			return nil
		})
	}
	return c
}
