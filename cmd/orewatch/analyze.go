package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/config"
	"orewatch/internal/core"
	"orewatch/internal/ingest"
	"orewatch/internal/risk"
	"orewatch/internal/rules"
	"orewatch/internal/screen"
	"orewatch/internal/store"
	"orewatch/internal/store/sqlstore"
)

func analyzeCommand() *command {
	c := &command{
		name:    "analyze",
		summary: "screen every declaration of a bundle and run every detector on it, optionally imported into a store 分析数据包",
		usage:   "orewatch analyze BUNDLE --out DIR [--db URL] [--keep-db] [--rules DIR] [--policy FILE]",
		example: "orewatch analyze testdata/bundles/screening --out out/",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		out := fs.String("out", "", "directory for declarations.jsonl, alerts.jsonl, rejected.jsonl, summary.json, report.html")
		db := fs.String("db", "", "store to import into first: postgres://… or sqlite:PATH (default: none; the bundle is read alone and nothing is kept)")
		keep := fs.Bool("keep-db", false, "import into a fresh embedded store and keep it (as OUT/orewatch.db)")
		rulesDir := fs.String("rules", "", "folder of analyst rules (CEL in YAML) to run after the built-in checks")
		policyFile := fs.String("policy", "", "channel policy (YAML): per-code channel and weight, and the score from which a declaration is red")
		auditKey := fs.String("audit-key-file", "", "the audit trail's key for --db (env OREWATCH_AUDIT_KEY_FILE; default <data-dir>/audit.key as the other commands use)")
		limits := config.BindLimits(fs, e.getenv)
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		lim, err := limits.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		var policy *screen.Policy
		if *policyFile != "" {
			var err error
			if policy, err = screen.LoadPolicy(*policyFile); err != nil {
				return err
			}
		}
		var set *rules.Set
		if *rulesDir != "" {
			var err error
			if set, err = rules.Load(*rulesDir); err != nil {
				return err
			}
		}
		if fs.NArg() != 1 {
			return usagef("give exactly one bundle (a folder, .zip or .xlsx)")
		}
		if *out == "" {
			return usagef("--out is required")
		}
		b, err := bundle.ReadLimited(fs.Arg(0), lim)
		if err != nil {
			return err
		}
		var st *sqlstore.DB
		if *db != "" || *keep {
			if st, err = analysisStore(ctx, e, *db, *out, *auditKey); err != nil {
				return err
			}
			defer st.Close()
		}
		res, err := runAnalysis(ctx, e, st, b, set, policy)
		if err != nil {
			return err
		}
		if err := res.WriteDir(*out); err != nil {
			return err
		}
		s := res.Summarize()
		fmt.Fprintf(e.stdout, "%d declarations (%d items): %d red, %d yellow, %d green; %d alerts; %d rows rejected\n",
			s.Declarations.Total, s.Declarations.Items, s.Declarations.Red, s.Declarations.Yellow, s.Declarations.Green, len(res.Alerts), s.Rejected)
		fmt.Fprintf(e.stdout, "results in %s (report: %s)\n", *out, filepath.Join(*out, "report.html"))
		return nil
	}
	return c
}

func runAnalysis(ctx context.Context, e *env, st *sqlstore.DB, b *bundle.Bundle, set *rules.Set, policy *screen.Policy) (*analysis.Result, error) {
	// The catalogue as the store knows it: the packs applied to it count.
	// Without a store, the shipped one.
	d := analysis.Deps{Actor: cliActor(e), Rules: set, Policy: policy}
	var live *catalog.Live
	var err error
	if st != nil {
		d.Store = st
		live, err = storeCatalogue(ctx, st)
	} else {
		live, err = catalog.NewLive(data.FS)
	}
	if err != nil {
		return nil, err
	}
	d.Catalog, d.Lists = live.Catalog(), live.Lists()
	if d.Risk, err = risk.LoadReference(data.FS); err != nil {
		return nil, err
	}
	return analysis.Run(ctx, d, b, progressFor(e))
}

// progressFor draws a bar on a terminal and prints plain lines elsewhere
// (logs, CI), at most one line per table per second.
func progressFor(e *env) ingest.Progress {
	if f, ok := e.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bars := map[string]*progressbar.ProgressBar{}
		return func(table string, done, total int) {
			bar, ok := bars[table]
			if !ok {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stdout), progressbar.OptionSetDescription(table),
					progressbar.OptionShowCount(), progressbar.OptionOnCompletion(func() { fmt.Fprintln(e.stdout) }))
				bars[table] = bar
			}
			_ = bar.Set(done)
		}
	}
	last := map[string]time.Time{}
	return func(table string, done, total int) {
		if done < total && time.Since(last[table]) < time.Second {
			return
		}
		last[table] = time.Now()
		fmt.Fprintf(e.stdout, "import %s: %d/%d\n", table, done, total)
	}
}

func importCommand() *command {
	c := &command{
		name:    "import",
		summary: "load a bundle into the configured store 导入数据包",
		usage:   "orewatch import BUNDLE [--data-dir DIR] [--database-url URL] [--reassign]",
		example: "orewatch import ./bundle-2025-06.zip",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		bind := config.Bind(fs, e.getenv, false)
		limits := config.BindLimits(fs, e.getenv)
		reassign := fs.Bool("reassign", false, "let the bundle give stored licences to other exporters (refused otherwise; earlier states are kept as versions)")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usagef("give exactly one bundle (a folder, .zip or .xlsx)")
		}
		cfg, err := bind.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		lim, err := limits.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		st, err := openStore(ctx, cfg, true, cfg.Logger(e.stderr))
		if err != nil {
			return err
		}
		defer st.Close()
		// What the archive's headers give away is refused before anything
		// is written; a limit only reading finds fails the import like any
		// failure (recorded, resumable).
		if err := bundle.CheckArchive(fs.Arg(0), lim); err != nil {
			return err
		}
		// One table at a time: each part is written and let go, so the
		// import holds the largest table, not the whole bundle.
		var se *ingest.Session
		read := &bundle.Bundle{} // the parts' file counts and rejections
		err = bundle.Stream(fs.Arg(0), lim, func(part *bundle.Bundle) error {
			if se == nil {
				var err error
				if se, err = ingest.Begin(ctx, st, part.Meta, progressFor(e), cliActor(e)); err != nil {
					return err
				}
				se.Reassign = *reassign
			}
			werr := se.Write(part)
			read.Files = append(read.Files, part.Files...)
			read.Rejected = append(read.Rejected, part.Rejected...)
			return werr
		})
		if se == nil {
			return err // the bundle could not be read: nothing was begun
		}
		counts, err := se.End(err)
		if err != nil {
			return err
		}
		printImport(e.stdout, read, counts)
		return nil
	}
	return c
}

func printImport(w io.Writer, b *bundle.Bundle, counts []ingest.Counts) {
	for _, f := range b.Files {
		fmt.Fprintf(w, "%-28s read %d, imported %d, rejected %d\n", f.File, f.Read, f.Imported, f.Rejected)
	}
	for _, c := range counts {
		fmt.Fprintf(w, "%-28s %d changed, %d unchanged", c.Table, c.Changed, c.Unchanged)
		if c.Replaced > 0 {
			fmt.Fprintf(w, " (%d stored records replaced, their earlier states kept as versions)", c.Replaced)
		}
		fmt.Fprintln(w)
	}
	if ingest.Unchanged(counts) {
		fmt.Fprintln(w, "nothing changed: the store already held this bundle 无变化：数据已存在")
	}
	for i, r := range b.Rejected {
		if i == 20 {
			fmt.Fprintf(w, "… and %d more rejected rows\n", len(b.Rejected)-20)
			break
		}
		fmt.Fprintf(w, "rejected %s:%d %s=%q: %s\n", r.File, r.Line, r.Column, r.Value, r.Reason)
	}
}

func exportCommand() *command {
	c := &command{
		name:    "export",
		summary: "write the store back out as a bundle 导出数据包",
		usage:   "orewatch export --out DIR [--spreadsheet-safe] [--data-dir DIR] [--database-url URL]",
		example: "orewatch export --out ./export-2025-06",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		bind := config.Bind(fs, e.getenv, false)
		out := fs.String("out", "", "directory to write the bundle into")
		safe := fs.Bool("spreadsheet-safe", false, "quote cells a spreadsheet would run as formulas (=, +, -, @, tab, CR): for opening in Excel; not lossless")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *out == "" {
			return usagef("--out is required")
		}
		cfg, err := bind.Resolve()
		if err != nil {
			return usagef("%v", err)
		}
		st, err := openStore(ctx, cfg, false, cfg.Logger(e.stderr))
		if err != nil {
			return err
		}
		defer st.Close()
		now := e.now().UTC()
		b, err := ingest.Export(ctx, st, bundle.Meta{Created: now.Format(time.RFC3339), Title: "OreWatch export", AsOf: core.DateOf(now)})
		if err != nil {
			return err
		}
		if err := bundle.WriteWith(*out, b, bundle.WriteOptions{SpreadsheetSafe: *safe}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %d enterprises, %d licences, %d declaration items, %d parties, %d links, %d list entries, %d manifests, %d prices, %d materials to %s\n",
			len(b.Enterprises), len(b.Licences), len(b.Declarations), len(b.Parties), len(b.Links), len(b.Lists), len(b.Manifests), len(b.Prices), len(b.Materials), *out)
		return nil
	}
	return c
}

// analysisStore opens the store an analysis imports into: the database at
// db, or a fresh embedded one in out (kept there), with the audit key the
// other commands use for a shared store and a key of its own for a fresh
// one.
func analysisStore(ctx context.Context, e *env, db, out, auditKey string) (*sqlstore.DB, error) {
	loc := store.Location{DatabaseURL: db}
	if db == "" {
		loc.DataDir = out
	}
	st, _, err := store.OpenMigrated(ctx, loc, nil)
	if err != nil {
		return nil, err
	}
	keyPath := auditKey
	if keyPath == "" {
		keyPath = e.getenv("OREWATCH_AUDIT_KEY_FILE")
	}
	if keyPath == "" {
		dir := loc.DataDir
		if db != "" {
			if dir = e.getenv("OREWATCH_DATA_DIR"); dir == "" {
				dir = "./orewatch-data"
			}
		}
		keyPath = filepath.Join(dir, "audit.key")
	}
	k, err := audit.LoadOrCreateKey(ctx, keyPath, st, time.Now())
	if err != nil {
		st.Close()
		return nil, err
	}
	st.SetAuditKey(k)
	return st, nil
}
