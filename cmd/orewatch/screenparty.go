package main

import (
	"context"
	"fmt"
	"strings"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/geo"
	"orewatch/internal/party"
)

func screenPartyCommand() *command {
	c := &command{
		name:    "screen-party",
		summary: "screen a name against the restricted-party lists 受限主体筛查",
		usage:   `orewatch screen-party "NAME" [--country C] [--date YYYY-MM-DD] [--json]`,
		example: `orewatch screen-party "Lockheed-Martin Corp." --country US`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		country := fs.String("country", "", "the party's country (alpha-2, alpha-3 or Chinese name)")
		date := fs.String("date", "", "screen as of this day (default today): listing and delisting dates are honoured")
		asJSON := fs.Bool("json", false, "print JSON")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			return usagef("give the name to screen, in quotes")
		}
		req := party.Request{Name: strings.Join(fs.Args(), " "), Country: *country}
		if *date != "" {
			d, err := core.ParseDate(*date)
			if err != nil {
				return core.FieldErrorf("date", "%v", err)
			}
			req.Date = d
		}
		s, err := shippedScreener()
		if err != nil {
			return err
		}
		res, err := s.Handle(req, core.DateOf(e.now()), geo.MustDefault())
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSONLine(e.stdout, res)
		}
		if !res.Matched {
			fmt.Fprintf(e.stdout, "未命中 No match for %q on %s (threshold %.2f, %d names screened)\n", res.Name, res.Date, res.Threshold, s.Names())
			return nil
		}
		fmt.Fprintf(e.stdout, "命中 %d 条 %d match(es) for %q on %s:\n", len(res.Matches), len(res.Matches), res.Name, res.Date)
		for _, m := range res.Matches {
			fmt.Fprintf(e.stdout, "  %.3f  %-9s %s", m.Score, m.Entry.List, m.Entry.Name)
			if m.MatchedName != m.Entry.Name {
				fmt.Fprintf(e.stdout, " (matched %q)", m.MatchedName)
			}
			fmt.Fprintf(e.stdout, "  listed %s  %s\n", m.Entry.ListedOn, m.Entry.Reference)
		}
		return nil
	}
	return c
}

func shippedScreener() (*party.Screener, error) {
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		return nil, err
	}
	return party.NewScreener(lists), nil
}
