package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/packs"
	"orewatch/internal/store/sqlstore"
)

func catalogApplyCommand() *command {
	c := &command{
		name:    "apply",
		summary: "apply a catalogue pack to the store: a new announcement, a suspension extended or ended, a list change 应用目录更新包",
		usage:   "orewatch catalog apply PACK.yaml [--dry-run] [--json]",
		example: "orewatch catalog apply 2026-11-extension.yaml --dry-run",
	}
	var dry, asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			dry = fs.Bool("dry-run", false, "say what the pack would change; store nothing")
			asJSON = fs.Bool("json", false, "print JSON")
			fs.args = 1
		}, func(st *sqlstore.DB, fs *flagSet) error {
			path := fs.Arg(0)
			body, err := readPackFile(path)
			if err != nil {
				return err
			}
			live, err := storeCatalogue(ctx, st)
			if err != nil {
				return err
			}
			res, err := packs.Apply(ctx, st, live, cliActor(e), filepath.Base(path), body, *dry, e.now())
			if err != nil {
				return err
			}
			if *asJSON {
				return writeJSONLine(e.stdout, res)
			}
			switch {
			case res.DryRun:
				fmt.Fprintf(e.stdout, "试运行，未保存 dry run, nothing stored: pack %s would make catalogue %s\n", res.Pack.ID, res.After)
			case res.Created:
				fmt.Fprintf(e.stdout, "已应用 applied: pack %s (no. %d, sha256 %s…); catalogue %s → %s\n", res.Pack.ID, res.Seq, res.SHA256[:12], res.Before.ID, res.After)
				fmt.Fprintln(e.stdout, "Running servers of this store follow within half a minute. 运行中的服务将在半分钟内生效。")
			default:
				fmt.Fprintf(e.stdout, "未变化 unchanged: pack %s is applied already (no. %d); catalogue %s\n", res.Pack.ID, res.Seq, res.After)
			}
			printChanges(e.stdout, res.Changes)
			return nil
		})
	}
	return c
}

func catalogPacksCommand() *command {
	c := &command{
		name:    "packs",
		summary: "the catalogue packs applied to the store, and the version they make 已应用的目录更新包",
		usage:   "orewatch catalog packs [--json]",
		example: "orewatch catalog packs",
	}
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		return withStore(ctx, e, c, args, func(fs *flagSet) {
			asJSON = fs.Bool("json", false, "print JSON")
		}, func(st *sqlstore.DB, fs *flagSet) error {
			live, err := storeCatalogue(ctx, st)
			if err != nil {
				return err
			}
			cur := live.Current()
			if *asJSON {
				rows := make([]catalog.Applied, len(cur.Packs))
				for i, p := range cur.Packs {
					rows[i] = catalog.AppliedOf(p, false)
				}
				return writeJSONLine(e.stdout, map[string]any{"version": cur.Catalog.Version, "packs": rows})
			}
			fmt.Fprintf(e.stdout, "目录版本 catalogue version: %s\n", cur.Catalog.Version)
			for _, p := range cur.Packs {
				fmt.Fprintf(e.stdout, "%3d  %-24s %s  %s  by %s on %s  sha256 %s…\n", p.Seq, p.ID, p.Published, firstOf(p.TitleZh, p.TitleEn), p.AppliedBy, p.AppliedAt.Format("2006-01-02"), p.SHA256[:12])
			}
			if len(cur.Packs) == 0 {
				fmt.Fprintln(e.stdout, "no pack applied: the shipped catalogue 未应用更新包：使用随附目录")
			}
			return nil
		})
	}
	return c
}

func catalogDiffCommand() *command {
	c := &command{
		name:    "diff",
		summary: "what one catalogue changes against another 比较两个目录版本",
		usage:   "orewatch catalog diff A B [--json]   (A, B: shipped, store, or pack files joined by commas, applied on the shipped data)",
		example: "orewatch catalog diff shipped 2026-11-extension.yaml",
	}
	var asJSON *bool
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		asJSON = fs.Bool("json", false, "print JSON")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if fs.NArg() != 2 {
			return usagef("want two catalogues, got %d", fs.NArg())
		}
		var states [2]*catalog.State
		for i, spec := range fs.Args() {
			st, err := catalogueOf(ctx, e, spec)
			if err != nil {
				return err
			}
			states[i] = st
		}
		changes := catalog.Diff(states[0], states[1])
		if *asJSON {
			return writeJSONLine(e.stdout, map[string]any{"a": states[0].Catalog.Version, "b": states[1].Catalog.Version, "changes": changes})
		}
		fmt.Fprintf(e.stdout, "A %s\nB %s\n", states[0].Catalog.Version, states[1].Catalog.Version)
		printChanges(e.stdout, changes)
		return nil
	}
	return c
}

// catalogueOf reads a catalogue named on the command line: "shipped",
// "store" (the shipped data with the configured store's packs), or pack
// files joined by commas, applied in that order on the shipped data.
func catalogueOf(ctx context.Context, e *env, spec string) (*catalog.State, error) {
	switch spec {
	case "shipped":
		l, err := catalog.NewLive(data.FS)
		if err != nil {
			return nil, err
		}
		return l.Current(), nil
	case "store":
		var out *catalog.State
		err := withStore(ctx, e, &command{name: "diff"}, nil, func(*flagSet) {}, func(st *sqlstore.DB, _ *flagSet) error {
			l, err := storeCatalogue(ctx, st)
			if err == nil {
				out = l.Current()
			}
			return err
		})
		return out, err
	}
	var ps []*catalog.Pack
	for _, path := range strings.Split(spec, ",") {
		body, err := readPackFile(path)
		if err != nil {
			return nil, err
		}
		p, err := catalog.ParsePack(path, body)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	c, infos, lists, err := catalog.Build(data.FS, ps)
	if err != nil {
		return nil, err
	}
	return &catalog.State{Catalog: c, Infos: infos, Lists: lists}, nil
}

// storeCatalogue is the shipped catalogue with the store's packs.
func storeCatalogue(ctx context.Context, st core.Store) (*catalog.Live, error) {
	live, err := catalog.NewLive(data.FS)
	if err != nil {
		return nil, err
	}
	if _, err := live.Refresh(ctx, st.CatalogPacks()); err != nil {
		return nil, err
	}
	return live, nil
}

func readPackFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, catalog.MaxPackBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return body, nil
}

func printChanges(w io.Writer, changes []catalog.Change) {
	if len(changes) == 0 {
		fmt.Fprintln(w, "no change 无变化")
		return
	}
	fmt.Fprintf(w, "%d changes 项变化:\n", len(changes))
	for _, ch := range changes {
		fmt.Fprintf(w, "  %-16s %s\n  %-16s %s\n", ch.Kind, ch.Zh, "", ch.En)
	}
}

func firstOf(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
