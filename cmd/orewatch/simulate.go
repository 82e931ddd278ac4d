package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"orewatch/internal/evaluate"
	"orewatch/internal/simulate"
)

func simulateCommand() *command {
	c := &command{
		name:    "simulate",
		summary: "write a synthetic world with planted smuggling patterns and truth.csv 生成模拟数据",
		usage:   "orewatch simulate --out DIR [--seed N] [--scale S] [--rough]",
		example: "orewatch simulate --seed 1 --scale 1 --out world1/",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		out := fs.String("out", "", "directory to write the bundle and truth.csv into")
		seed := fs.Uint64("seed", 1, "random seed: the same seed writes the same world")
		scale := fs.Float64("scale", 1, "size: 1 is about 10,000 declarations")
		rough := fs.Bool("rough", false, "messier data: carrier scatter, missing sizes and tares, fewer producers and consignee countries, wider price scatter")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *out == "" {
			return usagef("--out DIR is required")
		}
		if *scale <= 0 || *scale > 200 {
			return usagef("--scale must be in (0, 200]")
		}
		cat, err := loadCatalog()
		if err != nil {
			return err
		}
		st, err := simulate.Write(*out, cat, simulate.Options{Seed: *seed, Scale: *scale, Rough: *rough})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d declarations (%d items), %d EPCIS events, %d planted (%.1f%%); truth in %s\n", st.Declarations, st.Items, st.Events, st.Planted,
			100*float64(st.Planted)/float64(max(1, st.Declarations)), filepath.Join(*out, "truth.csv"))
		return nil
	}
	return c
}

func evalCommand() *command {
	c := &command{
		name:    "eval",
		summary: "score an analysis against a world's truth 评估检测效果",
		usage:   "orewatch eval --truth truth.csv --out DIR",
		example: "orewatch eval --truth world1/truth.csv --out results1/",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		truth := fs.String("truth", "", "truth.csv written by orewatch simulate")
		out := fs.String("out", "", "the results directory of orewatch analyze; eval.json is written there")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *truth == "" || *out == "" {
			return usagef("--truth and --out are required")
		}
		rep, err := evaluate.Run(*truth, *out)
		if err != nil {
			return err
		}
		rep.Print(e.stdout)
		b, err := rep.JSON()
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(*out, "eval.json"), append(b, '\n'), 0o644)
	}
	return c
}
