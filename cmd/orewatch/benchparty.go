package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strings"

	"orewatch/internal/party"
)

func benchPartyCommand() *command {
	c := &command{
		name:    "party",
		summary: "the name matcher's precision, recall and F1 on labelled name pairs",
		usage:   "orewatch bench party --pairs FILE [--threshold T]",
		example: "orewatch bench party --pairs ../shared/bench/name-pairs.csv",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		pairs := fs.String("pairs", "", "CSV of labelled pairs with a header: name1,name2,is_match (nomenklatura's) or left,right,match")
		threshold := fs.Float64("threshold", party.DefaultThreshold, "the score from which a pair is a match")
		wrong := fs.Bool("wrong", false, "also list the pairs the matcher gets wrong at the threshold, with their scores")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *pairs == "" {
			return usagef("--pairs is required")
		}
		f, err := os.Open(*pairs)
		if err != nil {
			return err
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			return fmt.Errorf("%s: %w", *pairs, err)
		}
		if len(recs) < 2 {
			return fmt.Errorf("%s: no pairs", *pairs)
		}
		col := func(names ...string) int {
			for _, n := range names {
				if i := slices.Index(recs[0], n); i >= 0 {
					return i
				}
			}
			return -1
		}
		a, b, m := col("name1", "left"), col("name2", "right"), col("is_match", "match")
		if a < 0 || b < 0 || m < 0 {
			return pairsHeaderError(*pairs, recs[0])
		}
		type scored struct {
			s    float64
			want bool
			a, b string
		}
		var all []scored
		for i, r := range recs[1:] {
			if len(r) <= max(a, b, m) {
				return fmt.Errorf("%s line %d: %d fields", *pairs, i+2, len(r))
			}
			all = append(all, scored{party.Similarity(party.Normalize(r[a]), party.Normalize(r[b])), strings.EqualFold(r[m], "true"), r[a], r[b]})
		}
		fmt.Fprintf(e.stdout, "%d pairs from %s\nthreshold\tprecision\trecall\tF1\n", len(all), *pairs)
		for _, th := range []float64{0.7, 0.75, 0.8, 0.85, *threshold, 0.9, 0.95} {
			var tp, fp, fn int
			for _, x := range all {
				hit := x.s >= th
				switch {
				case hit && x.want:
					tp++
				case hit:
					fp++
				case x.want:
					fn++
				}
			}
			p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
			f1 := 0.0
			if p+r > 0 {
				f1 = 2 * p * r / (p + r)
			}
			mark := ""
			if th == *threshold {
				mark = "\t← alert threshold"
			}
			fmt.Fprintf(e.stdout, "%.2f\t%.3f\t%.3f\t%.3f%s\n", th, p, r, f1, mark)
		}
		if *wrong {
			fmt.Fprintf(e.stdout, "\nwrong at %.2f\tscore\tname1\tname2\n", *threshold)
			for _, x := range all {
				if hit := x.s >= *threshold; hit != x.want {
					kind := "missed"
					if hit {
						kind = "false match"
					}
					fmt.Fprintf(e.stdout, "%s\t%.3f\t%s\t%s\n", kind, x.s, x.a, x.b)
				}
			}
		}
		return nil
	}
	return c
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func pairsHeaderError(file string, header []string) error {
	return usagef("%s: the header %v has neither name1,name2,is_match nor left,right,match", file, header)
}
