package main

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"orewatch/internal/config"
	"orewatch/internal/core"
	"orewatch/internal/geo"
	"orewatch/internal/ledger"
	"orewatch/internal/store/sqlstore"
)

func ledgerCommand() *command {
	return &command{
		name:    "ledger",
		summary: "the enterprise ledger 台账",
		usage:   "orewatch ledger list|show|add|set-status|coverage [flags]",
		example: "orewatch ledger list --province 湖南 --segment export",
		subs:    []*command{ledgerListCommand(), ledgerShowCommand(), ledgerAddCommand(), ledgerSetStatusCommand(), ledgerCoverageCommand()},
	}
}

// withStore parses the common store flags, opens the store and runs fn.
func withStore(ctx context.Context, e *env, c *command, args []string, setup func(fs *flagSet), fn func(st *sqlstore.DB, fs *flagSet) error) error {
	fs := newFlags(e, c)
	bind := config.Bind(fs, e.getenv, false)
	w := &flagSet{FlagSet: fs}
	if setup != nil {
		setup(w)
	}
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	cfg, err := bind.Resolve()
	if err != nil {
		return usagef("%v", err)
	}
	if err := w.check(); err != nil {
		return err
	}
	w.cfg = cfg
	st, err := openStore(ctx, cfg, true, cfg.Logger(e.stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st, w)
}

func ledgerListCommand() *command {
	c := &command{name: "list", summary: "list enterprises 列出企业", usage: "orewatch ledger list [--province P] [--segment S] [--mineral G] [--status S] [--q TEXT] [--json]",
		example: "orewatch ledger list --province 430000 --mineral antimony --json"}
	var province, segment, mineral, status, q *string
	var limit, offset *int
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			province = fs.String("province", "", "province code or name (湖南, 430000)")
			segment = fs.String("segment", "", "mining, smelting, processing, transport, manufacturing, trading, export (or 冶炼 …)")
			mineral = fs.String("mineral", "", "mineral group (antimony, 锑 …)")
			status = fs.String("status", "", "active, suspended or closed")
			q = fs.String("q", "", "part of the name or code")
			limit = fs.Int("limit", 100, "rows per page")
			offset = fs.Int("offset", 0, "rows to skip")
			asJSON = fs.Bool("json", false, "print JSON")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			f, err := ledgerFilter(*province, *segment, *mineral, *status, *q, *offset, *limit)
			if err != nil {
				return err
			}
			es, total, err := st.Enterprises().List(ctx, f)
			if err != nil {
				return err
			}
			if *asJSON {
				if es == nil {
					es = []*core.Enterprise{}
				}
				return writeJSONLine(e.stdout, map[string]any{"enterprises": es, "total": total})
			}
			for _, en := range es {
				segs := make([]string, len(en.Segments))
				for i, s := range en.Segments {
					segs[i] = string(s)
				}
				fmt.Fprintf(e.stdout, "%s  %s  %-9s %-28s %s\n", en.USCC, en.Province, en.Status, strings.Join(segs, "|"), en.Name)
			}
			fmt.Fprintf(e.stdout, "%d of %d\n", len(es), total)
			return nil
		})
	}
	return c
}

func ledgerFilter(province, segment, mineral, status, q string, offset, limit int) (core.EnterpriseFilter, error) {
	f := core.EnterpriseFilter{Query: q, Offset: offset, Limit: limit}
	if province != "" {
		code, err := ledger.ParseProvince(province)
		if err != nil {
			return f, err
		}
		f.Province = code
	}
	if segment != "" {
		s, ok := ledger.ParseSegment(segment)
		if !ok {
			return f, core.FieldErrorf("segment", "unknown segment %q", segment)
		}
		f.Segment = s
	}
	if mineral != "" {
		g, ok := ledger.ParseGroup(mineral)
		if !ok {
			return f, core.FieldErrorf("mineral", "unknown mineral group %q", mineral)
		}
		f.Mineral = g
	}
	if status != "" {
		f.Status = core.LedgerStatus(status)
		if !f.Status.Valid() {
			return f, core.FieldErrorf("status", "unknown status %q (active, suspended, closed)", status)
		}
	}
	if limit < 1 || limit > 10000 {
		return f, core.FieldErrorf("limit", "limit must be 1 to 10000")
	}
	return f, nil
}

func ledgerShowCommand() *command {
	c := &command{name: "show", summary: "one enterprise with its dated history 企业详情", usage: "orewatch ledger show USCC [--date D] [--json]",
		example: "orewatch ledger show 91431300MA4LTB0012 --date 2025-06-01"}
	var date *string
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			date = fs.String("date", "", "also say the status on this day (default today)")
			asJSON = fs.Bool("json", false, "print JSON")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			u, err := core.ParseUSCC(fs.Arg(0))
			if err != nil {
				return core.FieldErrorf("uscc", "%v", err)
			}
			day := core.DateOf(e.now())
			if *date != "" {
				if day, err = core.ParseDate(*date); err != nil {
					return core.FieldErrorf("date", "%v", err)
				}
			}
			en, err := ledger.Show(ctx, st, u, day)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSONLine(e.stdout, en)
			}
			x := en.Enterprise
			place := cmp.Or(x.City, x.Province)
			fmt.Fprintf(e.stdout, "%s %s\n地区 place %s %s (%s); 环节 segments %v; 矿种 minerals %v\n", x.USCC, x.Name,
				place, geo.MustDefault().Place(place, true), geo.MustDefault().Place(place, false), x.Segments, x.Minerals)
			on := string(en.StatusOn)
			if on == "" {
				on = "未列入 not in the ledger"
			}
			fmt.Fprintf(e.stdout, "%s 的状态 status on %s: %s (current %s)\n", x.USCC, en.Day, on, x.Status)
			for _, h := range en.History {
				fmt.Fprintf(e.stdout, "  %s  %-9s %s\n", h.EffectiveOn, h.Status, h.Reason)
			}
			return nil
		})
	}
	return c
}

func ledgerAddCommand() *command {
	c := &command{name: "add", summary: "add an enterprise to the ledger 登记企业",
		usage:   "orewatch ledger add --uscc CODE --name NAME --province P --segments a|b [--minerals g|h] [--registered-on D] [--address A] [--compliance]",
		example: "orewatch ledger add --uscc 91431300MA4LTB0012 --name 冷水江锑都贸易有限公司 --province 湖南 --segments 冶炼|出口 --minerals 锑"}
	var uscc, name, province, segments, minerals, registered, address *string
	var compliance *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			uscc = fs.String("uscc", "", "unified social credit code (check character verified)")
			name = fs.String("name", "", "enterprise name")
			province = fs.String("province", "", "province or city code, or province name")
			segments = fs.String("segments", "", "| separated segments")
			minerals = fs.String("minerals", "", "| separated mineral groups")
			registered = fs.String("registered-on", "", "date it entered the ledger (default today)")
			address = fs.String("address", "", "address")
			compliance = fs.Bool("compliance", false, "has an export-control internal compliance programme")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			en, err := ledger.NewEnterprise(*uscc, *name, *province, splitBar(*segments), splitBar(*minerals), *registered, *address, *compliance)
			if err != nil {
				return err
			}
			if err := ledger.Add(ctx, st, en, core.DateOf(e.now()), cliActor(e)); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "added %s %s (%s) from %s\n", en.USCC, en.Name, en.Province, en.RegisteredOn)
			return nil
		})
	}
	return c
}

func ledgerSetStatusCommand() *command {
	c := &command{name: "set-status", summary: "record a dated status change 变更台账状态",
		usage:   "orewatch ledger set-status USCC active|suspended|closed [--from D] [--reason TEXT]",
		example: "orewatch ledger set-status 91431300MA4LTB0012 suspended --from 2025-06-01 --reason 案件处置"}
	var from, reason *string
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			from = fs.String("from", "", "the day the status takes effect (default today)")
			reason = fs.String("reason", "", "why (recorded with the change)")
			fs.args = 2
		}, func(st *sqlstore.DB, fs *flagSet) error {
			u, err := core.ParseUSCC(fs.Arg(0))
			if err != nil {
				return core.FieldErrorf("uscc", "%v", err)
			}
			day := core.DateOf(e.now())
			if *from != "" {
				if day, err = core.ParseDate(*from); err != nil {
					return core.FieldErrorf("from", "%v", err)
				}
			}
			if err := ledger.SetStatus(ctx, st, u, core.LedgerStatus(fs.Arg(1)), day, *reason, cliActor(e)); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s is %s from %s\n", u, fs.Arg(1), day)
			return nil
		})
	}
	return c
}

func ledgerCoverageCommand() *command {
	c := &command{name: "coverage", summary: "enterprises per province, segment and group 摸排覆盖情况", usage: "orewatch ledger coverage [--province P] [--json]",
		example: "orewatch ledger coverage --province 江西"}
	var province *string
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			province = fs.String("province", "", "one province (code or name)")
			asJSON = fs.Bool("json", false, "print JSON")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			f, err := ledgerFilter(*province, "", "", "", "", 0, 1)
			if err != nil {
				return err
			}
			reporting, err := ledger.Reporting(ctx, st)
			if err != nil {
				return err
			}
			cov, err := ledger.ProvinceCoverage(ctx, st, f.Province, reporting)
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSONLine(e.stdout, map[string]any{"provinces": cov})
			}
			for _, c := range cov {
				fmt.Fprintf(e.stdout, "%s %s: %d enterprises; status %v\n  segments %v\n  minerals %v\n", c.Province, c.ProvinceName, c.Enterprises, c.ByStatus, c.BySegment, c.ByMineral)
				if len(c.ByPrefecture) > 0 {
					fmt.Fprintf(e.stdout, "  cities 地市 %v\n", c.ByPrefecture)
				}
				fmt.Fprintf(e.stdout, "  未报送流向事件 reporting no events: %d %v\n", len(c.Silent), c.Silent)
			}
			return nil
		})
	}
	return c
}

func splitBar(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ',' || r == '｜' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
