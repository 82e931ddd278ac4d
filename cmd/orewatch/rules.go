package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"text/tabwriter"

	"orewatch/internal/analysis"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/rules"
	"orewatch/internal/screen"
	"orewatch/internal/store"
	"orewatch/internal/store/sqlstore"
)

func rulesCommand() *command {
	return &command{
		name:    "rules",
		summary: "analysts' selectivity rules in CEL: check them, try them on history 布控规则",
		usage:   "orewatch rules check RULES | orewatch rules test RULES --bundle B | orewatch rules apply RULES",
		example: "orewatch rules test rules/ --bundle testdata/bundles/screening",
		subs:    []*command{rulesCheckCommand(), rulesTestCommand(), rulesApplyCommand()},
	}
}

func rulesApplyCommand() *command {
	c := &command{name: "apply", summary: "make a rules folder the rules every server of the store runs 发布规则",
		usage: "orewatch rules apply RULES", example: "orewatch rules apply rules/"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) { fs.args = 1 }, func(st *sqlstore.DB, fs *flagSet) error {
			set, err := rules.Load(fs.Arg(0))
			if err != nil {
				return err
			}
			applied, err := rules.Apply(ctx, st, set, cliActor(e))
			if err != nil {
				return err
			}
			if !applied {
				fmt.Fprintf(e.stdout, "未变化 unchanged: version %s is the rules in force already (%d rules)\n", set.Version, len(set.Rules))
				return nil
			}
			fmt.Fprintf(e.stdout, "已发布 applied: version %s, %d rules from %s\n", set.Version, len(set.Rules), set.Dir)
			fmt.Fprintln(e.stdout, "Running servers of this store follow within five seconds. 运行中的服务将在五秒内生效。")
			return nil
		})
	}
	return c
}

func rulesCheckCommand() *command {
	c := &command{name: "check", summary: "load a rules folder and report every problem 校验规则",
		usage: "orewatch rules check RULES", example: "orewatch rules check rules/"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("give the rules folder")
		}
		set, err := rules.Load(fs.Arg(0))
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d rules loaded from %s, version %s\n", len(set.Rules), set.Dir, set.Version)
		for _, r := range set.Rules {
			fmt.Fprintf(e.stdout, "  %s v%d %s %.2f  %s\n", r.Code, r.Version, r.Channel, r.Weight, r.When)
		}
		return nil
	}
	return c
}

func rulesTestCommand() *command {
	c := &command{name: "test", summary: "what rules would have flagged on a bundle of history 规则回测",
		usage: "orewatch rules test RULES --bundle B [--json]", example: "orewatch rules test rules/ --bundle testdata/bundles/screening"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		bpath := fs.String("bundle", "", "the bundle of past declarations to run the rules on")
		asJSON := fs.Bool("json", false, "print JSON")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 || *bpath == "" {
			return usagef("give the rules folder and --bundle")
		}
		set, err := rules.Load(fs.Arg(0))
		if err != nil {
			return err
		}
		b, err := bundle.Read(*bpath)
		if err != nil {
			return err
		}
		tmp, err := os.MkdirTemp("", "orewatch-rules-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		st, _, err := store.OpenMigrated(ctx, store.Location{DataDir: tmp}, nil)
		if err != nil {
			return err
		}
		defer st.Close()
		quiet := *e
		quiet.stdout = discard{}
		res, err := runAnalysis(ctx, &quiet, st, b, set, nil)
		if err != nil {
			return err
		}
		report := backtest(res.Rules, res.Declarations, set)
		if *asJSON {
			return writeJSONLine(e.stdout, report)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "RULE\tVERSION\tDECLARATIONS\tALSO FLAGGED BY CHECKS\tONLY THIS RULE\tERRORS\n")
		for _, r := range report.Rules {
			fmt.Fprintf(tw, "%s\tv%d\t%d\t%d\t%d\t%d\n", r.Code, r.Version, r.Declarations, r.Overlap, r.New, r.Errors)
		}
		tw.Flush()
		fmt.Fprintf(e.stdout, "%d declarations from %s to %s; rules version %s\n", report.Declarations, report.From, report.To, report.Version)
		for _, r := range report.Rules {
			if r.FirstError != "" {
				fmt.Fprintf(e.stdout, "%s failed: %s\n", r.Code, r.FirstError)
			}
			for _, ex := range r.Examples {
				fmt.Fprintf(e.stdout, "  %s  %s\n", r.Code, ex)
			}
		}
		return nil
	}
	return c
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

type ruleBacktest struct {
	Code         string   `json:"code"`
	Version      int      `json:"version"`
	Declarations int      `json:"declarations"`
	Overlap      int      `json:"also_flagged_by_checks"`
	New          int      `json:"only_this_rule"`
	Errors       int      `json:"errors"`
	FirstError   string   `json:"first_error,omitempty"`
	Examples     []string `json:"examples"`
}

type backtestReport struct {
	Version      string         `json:"version"`
	Declarations int            `json:"declarations"`
	From, To     string         `json:"-"`
	Rules        []ruleBacktest `json:"rules"`
}

// backtest counts, per rule, the declarations it flagged and whether the
// built-in checks had already flagged them.
func backtest(run *analysis.RulesRun, decls []screen.Result, set *rules.Set) backtestReport {
	rep := backtestReport{Version: set.Version, Declarations: len(decls)}
	byCode := map[string]*ruleBacktest{}
	for _, r := range set.Rules {
		byCode[r.Code] = &ruleBacktest{Code: r.Code, Version: r.Version, Examples: []string{}}
	}
	var first, last core.Date
	for _, d := range decls {
		if first.IsZero() || d.DeclaredAt.Before(first) {
			first = d.DeclaredAt
		}
		if d.DeclaredAt.After(last) {
			last = d.DeclaredAt
		}
		fired, others := map[string]bool{}, false
		for _, f := range d.Findings {
			if _, ok := byCode[f.Code]; ok {
				fired[f.Code] = true
			} else {
				others = true
			}
		}
		for code := range fired {
			bt := byCode[code]
			bt.Declarations++
			if others {
				bt.Overlap++
			} else {
				bt.New++
			}
			if len(bt.Examples) < 5 {
				bt.Examples = append(bt.Examples, fmt.Sprintf("%s %s (%s, score %d)", d.DeclaredAt, d.DeclarationNo, d.Channel, d.Score))
			}
		}
	}
	if run != nil {
		for _, f := range run.Failures {
			if bt := byCode[f.Code]; bt != nil {
				bt.Errors, bt.FirstError = f.Count, f.First
			}
		}
	}
	rep.From, rep.To = first.String(), last.String()
	for _, bt := range byCode {
		rep.Rules = append(rep.Rules, *bt)
	}
	sort.Slice(rep.Rules, func(i, j int) bool { return rep.Rules[i].Code < rep.Rules[j].Code })
	return rep
}
