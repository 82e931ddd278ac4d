package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/config"
	"orewatch/internal/core"
	"orewatch/internal/geo"
	"orewatch/internal/party"
	"orewatch/internal/store/sqlite"
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
		bind := config.Bind(fs, e.getenv, false)
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
		cfg, err := bind.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		s, err := storeScreener(ctx, e, cfg)
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

// followLists refreshes the screening lists from the store until ctx ends.
// every runs fn every period until ctx ends.
func every(ctx context.Context, period time.Duration, fn func(context.Context)) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn(ctx)
		}
	}
}

// storeScreener screens against the shipped lists and those of the
// configured store, when it has one; a store not yet made has none.
func storeScreener(ctx context.Context, e *env, cfg *config.Config) (*party.Screener, error) {
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		return nil, err
	}
	live := party.NewLive(lists)
	if cfg.DatabaseURL == "" {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, sqlite.FileName)); err != nil {
			return live.Current(), nil
		}
	}
	st, err := openStoreUnkeyed(ctx, cfg, false, cfg.Logger(e.stderr))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if _, err := live.Refresh(ctx, st.Lists()); err != nil {
		return nil, err
	}
	return live.Current(), nil
}
