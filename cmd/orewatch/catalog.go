package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/geo"
)

func catalogCommand() *command {
	return &command{
		name:    "catalog",
		summary: "the dated control catalogue 管制物项目录",
		usage:   "orewatch catalog lookup|search|timeline|calendar|apply|packs|diff [flags]",
		example: "orewatch catalog lookup --hs 8110101000 --date 2025-01-10 --dest US",
		subs: []*command{catalogLookupCommand(), catalogSearchCommand(), catalogTimelineCommand(), catalogCalendarCommand(),
			catalogApplyCommand(), catalogPacksCommand(), catalogDiffCommand()},
	}
}

func loadCatalog() (*catalog.Catalog, error) {
	c, err := catalog.Load(data.FS)
	if err != nil {
		return nil, fmt.Errorf("load the control catalogue: %w", err)
	}
	return c, nil
}

func catalogLookupCommand() *command {
	c := &command{
		name:    "lookup",
		summary: "what the controls require for an HS code on a date, to a destination 查询商品编号管制要求",
		usage:   "orewatch catalog lookup --hs CODE [--date YYYY-MM-DD] [--dest COUNTRY] [--military] [--json]",
		example: "orewatch catalog lookup --hs 8110101000 --date 2025-01-10 --dest US --json",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		hs := fs.String("hs", "", "10-digit customs commodity code (8 or 6 digits: prefix search)")
		date := fs.String("date", "", "the day whose rules apply: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD (default today)")
		dest := fs.String("dest", "", "destination: ISO alpha-2 (US), alpha-3 (USA) or Chinese name (美国/美國)")
		military := fs.Bool("military", false, "the end user or end use is military")
		asJSON := fs.Bool("json", false, "print one JSON object")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *hs == "" && fs.NArg() == 1 {
			*hs = fs.Arg(0)
		} else if fs.NArg() > 0 {
			return usagef("unexpected arguments %q", fs.Args())
		}
		if *hs == "" {
			return usagef("--hs is required")
		}
		countries, err := geo.Default()
		if err != nil {
			return err
		}
		q, err := catalog.ParseQuery(*hs, *date, *dest, *military, core.DateOf(e.now()), countries)
		if err != nil {
			return err
		}
		cat, err := loadCatalog()
		if err != nil {
			return err
		}
		a := cat.Lookup(q)
		if *asJSON {
			return writeJSONLine(e.stdout, a)
		}
		printAnswer(e.stdout, a, countries)
		return nil
	}
	return c
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

var ruleNames = map[string]string{
	catalog.RuleNone:                "无 none",
	catalog.RuleEnhancedReview:      "加强最终用户和最终用途审查 enhanced end-user and end-use review",
	catalog.RulePresumptionOfDenial: "原则上不予许可 presumption of denial",
	catalog.RuleProhibited:          "禁止出口 prohibited",
}

func yesNo(b bool) string {
	if b {
		return "是 yes"
	}
	return "否 no"
}

func printAnswer(w io.Writer, a catalog.Answer, countries *geo.Tables) {
	dest := "未指定 not given"
	if a.Destination != "" {
		dest = a.Destination
		if c, err := countries.Country(a.Destination); err == nil {
			dest = fmt.Sprintf("%s %s %s", c.Alpha2, c.NameZh, c.NameEn)
		}
	}
	hs := a.HS
	if a.Prefix {
		hs += " (前缀查询 prefix search)"
	}
	fmt.Fprintf(w, "商品编号 HS code:        %s\n", hs)
	fmt.Fprintf(w, "日期 As of:              %s\n", a.Date)
	fmt.Fprintf(w, "目的国 Destination:      %s\n", dest)
	fmt.Fprintf(w, "管制物项 Controlled:     %s\n", yesNo(a.Controlled))
	fmt.Fprintf(w, "需要许可证 Licence:      %s\n", yesNo(a.LicenceRequired))
	fmt.Fprintf(w, "目的国规则 Destination:  %s\n", ruleNames[a.DestinationRule])
	for _, r := range a.Rules {
		fmt.Fprintf(w, "  %s 第%d条 art. %d: %s\n", r.Rule.Measure.ID, r.Rule.Article, r.Rule.Article, r.Rule.Scope)
	}
	if len(a.Items) > 0 {
		fmt.Fprintln(w, "\n管制物项 Controlled items:")
		for _, it := range a.Items {
			code := it.ControlCode
			switch {
			case code == "" && it.ListCode != "":
				code = it.ListCode + "（两用物项出口管制清单编码，公告未列 from the unified list; the announcement gives none）"
			case code == "":
				code = "—"
			}
			fmt.Fprintf(w, "  • %s / %s  [%s]\n", it.NameZh, it.NameEn, it.Group)
			fmt.Fprintf(w, "    公告 measure: %s   管制编码 control code: %s\n", it.Measure, code)
			if it.HSCode != "" {
				fmt.Fprintf(w, "    商品编号 HS code: %s\n", it.HSCode)
			}
			if it.Parameters != "" {
				fmt.Fprintf(w, "    技术参数 parameters: %s\n", it.Parameters)
			}
			if it.Item != nil && it.Item.Uncertain != "" {
				fmt.Fprintf(w, "    待核实 uncertain: %s\n", it.Item.Uncertain)
			}
		}
		fmt.Fprintln(w, "\n报关时应在备注栏注明是否属于管制物项及管制编码。")
		fmt.Fprintln(w, "The declaration's remarks must state the control status and the control code.")
	} else {
		fmt.Fprintln(w, "\n该日期无管制物项列出此编号。 No controlled item lists this code on that date.")
	}
	if len(a.Notes) > 0 {
		fmt.Fprintln(w, "\n注 Notes:")
		for _, n := range a.Notes {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
	if len(a.Sources) > 0 {
		fmt.Fprintln(w, "\n来源 Sources:")
		for _, s := range a.Sources {
			fmt.Fprintf(w, "  - %s\n", s)
		}
	}
}

func catalogSearchCommand() *command {
	c := &command{
		name:    "search",
		summary: "find items and minerals by name, code or HS code (简/繁/English) 搜索物项",
		usage:   "orewatch catalog search QUERY [--json]",
		example: "orewatch catalog search 銻",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		asJSON := fs.Bool("json", false, "print JSON")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			return usagef("give a search term, e.g. 锑, 銻 or antimony")
		}
		q := strings.Join(fs.Args(), " ")
		cat, err := loadCatalog()
		if err != nil {
			return err
		}
		res := cat.Search(q)
		if *asJSON {
			if res == nil {
				res = []catalog.SearchResult{}
			}
			return writeJSONLine(e.stdout, map[string]any{"query": q, "results": res})
		}
		if len(res) == 0 {
			fmt.Fprintf(e.stdout, "没有匹配 %q 的物项或矿种。 Nothing matches %q.\n", q, q)
			return nil
		}
		for _, r := range res {
			switch r.Kind {
			case "item":
				code := r.Code
				if code == "" {
					code = "—"
				}
				fmt.Fprintf(e.stdout, "物项 item     %-22s %s / %s  [%s] 管制编码 %s  HS %s\n", r.Measure, r.NameZh, r.NameEn, r.Group, code, strings.Join(r.HSCodes, " "))
			case "mineral":
				fmt.Fprintf(e.stdout, "矿种 mineral  战略性矿产 strategic (%s)  %s / %s\n", r.ID, r.NameZh, r.NameEn)
			case "material":
				fmt.Fprintf(e.stdout, "物料 material %-22s [%s] HS %s\n", r.ID, r.Group, strings.Join(r.HSCodes, " "))
			}
		}
		return nil
	}
	return c
}

func catalogTimelineCommand() *command {
	c := &command{
		name:    "timeline",
		summary: "the measures in date order, with suspensions 管制措施时间线",
		usage:   "orewatch catalog timeline [--group GROUP] [--json]",
		example: "orewatch catalog timeline --group antimony",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		group := fs.String("group", "", "only measures about one mineral group (antimony, gallium, rare-earth, …)")
		asJSON := fs.Bool("json", false, "print JSON")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *group != "" && !catalog.IsGroup(*group) {
			var ids []string
			for _, g := range catalog.Groups {
				ids = append(ids, g.ID)
			}
			return core.FieldErrorf("group", "unknown mineral group %q (one of %s)", *group, strings.Join(ids, ", "))
		}
		cat, err := loadCatalog()
		if err != nil {
			return err
		}
		ms := cat.Timeline(*group)
		if *asJSON {
			return writeJSONLine(e.stdout, map[string]any{"measures": ms})
		}
		for _, m := range ms {
			status := ""
			if !m.Complete {
				status = "  (未完整录入 partially transcribed)"
			}
			fmt.Fprintf(e.stdout, "%s  %-22s %s%s\n", m.Effective, m.ID, m.TitleZh, status)
			fmt.Fprintf(e.stdout, "            %s; published %s; %d items\n", m.TitleEn, m.Published, len(m.Items))
			for _, w := range m.Suspensions {
				fmt.Fprintf(e.stdout, "            暂停 suspended %s – %s by %s\n", w.From, w.To, w.By)
			}
			for _, r := range m.Rules {
				fmt.Fprintf(e.stdout, "            第%d条 art. %d → %s: %s\n", r.Article, r.Article, r.Destination, ruleNames[r.Rule])
				for _, w := range r.Suspensions {
					fmt.Fprintf(e.stdout, "              暂停 suspended %s – %s by %s\n", w.From, w.To, w.By)
				}
			}
		}
		return nil
	}
	return c
}
