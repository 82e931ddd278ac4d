package main

import (
	"context"
	"fmt"
	"strings"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/risk"
	"orewatch/internal/store/sqlstore"
)

func networkCommand() *command {
	c := &command{
		name:    "network",
		summary: "the party graph around a party or enterprise, with why each tie exists 关联网络",
		usage:   "orewatch network PARTY [--depth N] [--json]",
		example: `orewatch network "Siam Rare Metals Trading" --depth 2`,
	}
	var depth *int
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			depth = fs.Int("depth", 2, "how many hops around the party")
			asJSON = fs.Bool("json", false, "print JSON")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			if *depth < 1 || *depth > 5 {
				return core.FieldErrorf("depth", "must be 1 to 5")
			}
			_, lists, err := catalog.LoadEntityLists(data.FS)
			if err != nil {
				return err
			}
			g, err := risk.LoadGraph(ctx, st, lists, core.DateOf(e.now()))
			if err != nil {
				return err
			}
			sgs, err := g.Network(fs.Arg(0), *depth)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSONLine(e.stdout, sgs)
			}
			for _, sg := range sgs {
				printSubgraph(e, g, sg)
			}
			return nil
		})
	}
	return c
}

func printSubgraph(e *env, g *risk.Graph, sg risk.Subgraph) {
	c := g.Nodes[sg.Center]
	fmt.Fprintf(e.stdout, "%s %s (%s) — community %d\n", c.ID, c.Name, c.Country, g.Community(sg.Center))
	if sg.Tie != nil {
		fmt.Fprintf(e.stdout, "  tied to %s %s, %d hop(s) 关联受限主体\n", sg.Tie.Flagged.ID, sg.Tie.Flagged.Name, sg.Tie.Hops)
	}
	for _, n := range sg.Nodes {
		var flags []string
		flags = append(flags, n.Listed...)
		if n.Military {
			flags = append(flags, "military end user 军事最终用户")
		}
		if len(flags) > 0 {
			fmt.Fprintf(e.stdout, "  ! %s %s: %s\n", n.ID, n.Name, strings.Join(flags, "; "))
		}
	}
	for _, ed := range sg.Edges {
		detail := ""
		if ed.Detail != "" {
			detail = " (" + ed.Detail + ")"
		}
		fmt.Fprintf(e.stdout, "  %s —%s→ %s%s\n", ed.A, ed.Reason, ed.B, detail)
	}
}
