// Command worldgen writes a synthetic but realistic OreWatch bundle (a
// "world") with planted export-control violations and their ground truth
// (truth.csv), as held-out test data for the detectors. It shares no code
// with the rest of the module. See README.md.
//
//	go run ./tools/worldgen -seed 1 -declarations 10000 -out /tmp/worlds/seed1
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
)

func main() {
	seed := flag.Int64("seed", 1, "random seed; the world is deterministic per seed")
	n := flag.Int("declarations", 10000, "number of export declarations (each 1-4 items)")
	out := flag.String("out", "", "output folder (created)")
	rate := flag.Float64("rate", 0.03, "approximate share of declarations with a planted violation")
	strict := flag.Bool("strict", false, "exit non-zero if the self-check finds clean traffic that breaks a rule")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: worldgen -seed N -declarations 10000 -out DIR")
		os.Exit(2)
	}
	w := newWorld(*seed, *n, *rate)
	w.makeEnterprises()
	w.makeParties()
	w.makeLists()
	w.genClean()
	w.plant()
	w.number()
	w.logistics()
	r := w.r.Fork("remarks")
	for _, d := range w.Decls {
		w.renderRemarks(r, d)
	}
	w.oracle()
	w.buildEPCIS()
	if err := w.write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "write:", err)
		os.Exit(1)
	}
	w.summary()
	if *strict && len(w.warnings) > 0 {
		os.Exit(1)
	}
}

func (w *World) summary() {
	rows := 0
	planted := 0
	for _, d := range w.Decls {
		rows += len(d.Items)
	}
	inTruth := map[string]bool{}
	byCode := map[string]map[string]int{}
	for _, t := range w.Truth {
		if byCode[t.Code] == nil {
			byCode[t.Code] = map[string]int{}
		}
		byCode[t.Code][t.Type]++
		if t.Type == "declaration" {
			inTruth[t.ID] = true
		}
	}
	planted = len(inTruth)
	ev := 0
	for _, es := range w.Events {
		ev += len(es)
	}
	fmt.Printf("seed %d: %d declarations (%d item rows), %d with planted violations (%.1f%%), %d licences, %d manifest rows, %d EPCIS events, %d parties, %d ledger enterprises\n",
		w.Seed, len(w.Decls), rows, planted, 100*float64(planted)/float64(len(w.Decls)), len(w.Lics), len(w.Manifests), ev, len(w.Parties), w.ledgerCount())
	codes := sortedKeys(byCode)
	sort.Strings(codes)
	for _, c := range codes {
		m := byCode[c]
		fmt.Printf("  %-24s declaration %4d  enterprise %3d  party %3d\n", c, m["declaration"], m["enterprise"], m["party"])
	}
	for _, s := range w.warnings {
		fmt.Fprintln(os.Stderr, "warning:", s)
	}
}

func (w *World) ledgerCount() int {
	n := 0
	for _, e := range w.Ents {
		if e.InLedger {
			n++
		}
	}
	return n
}
