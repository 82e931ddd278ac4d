package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// TestBenchAnalyze runs the benchmark on a small bundle, each step in this
// process instead of a fresh one: every run measures a bare pass and then
// the read and screening, and every row generated is read.
func TestBenchAnalyze(t *testing.T) {
	orig := benchStep
	t.Cleanup(func() { benchStep = orig })
	var steps []string
	benchStep = func(ctx context.Context, _ io.Writer, args []string, m *benchRun) error {
		steps = append(steps, strings.Join(args[:4], " "))
		r := runCLI(t, nil, args...)
		if r.code != 0 {
			return errors.New(r.stderr)
		}
		return json.Unmarshal([]byte(r.stdout), m)
	}
	r := runCLI(t, nil, "bench", "analyze", "--items", "3000", "--runs", "2", "--dir", t.TempDir())
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := []string{"bench analyze --measure bare", "bench analyze --measure analyze", "bench analyze --measure bare", "bench analyze --measure analyze"}
	if strings.Join(steps, "; ") != strings.Join(want, "; ") {
		t.Errorf("steps:\n%s\nwant:\n%s", strings.Join(steps, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []string{"3000 rows", "2 run(s)", "× the bare CSV pass", "0 rows rejected", "peak RSS"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("output lacks %q:\n%s", s, r.stdout)
		}
	}

	for _, args := range [][]string{{"--measure", "bare"}, {"--measure", "sideways", "--dir", "x"}, {"--runs", "0"}} {
		if r := runCLI(t, nil, append([]string{"bench", "analyze"}, args...)...); r.code != 2 {
			t.Errorf("%v: exit %d, want a usage error", args, r.code)
		}
	}
}

// TestBenchRunsMedians: each run's ratio pairs its own bare pass with its
// own read and screening, and an even number of runs has the middle two's
// mean as its median.
func TestBenchRunsMedians(t *testing.T) {
	s := time.Second
	runs := []benchRun{
		{Rows: 10, Bare: s, Read: s, Screen: s, PeakRSS: 1 << 30},
		{Rows: 10, Bare: 2 * s, Read: 6 * s, Screen: 2 * s, PeakRSS: 2 << 30},
	}
	var out bytes.Buffer
	printBenchRuns(&out, runs, 1<<20)
	got := strings.Join(strings.Fields(out.String()), " ") // the columns' widths aside
	for _, want := range []string{
		"bare encoding/csv pass 1.5s 1s 2s 7",
		"read + screening 5s 2s 8s 2",
		"= 0.38 × the bare CSV pass (target ≥ 0.5; runs 0.25–0.50); screening alone, on the items read, 1.00 ×",
		"peak RSS 1536 MiB, at most 2048",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestBenchSoak: the soak serves, loads every kind of request, samples
// memory and reports, with no request failing.
func TestBenchSoak(t *testing.T) {
	r := runCLI(t, map[string]string{}, "bench", "soak", "--in-process", "--duration", "3s", "--clients", "2", "--sample", "1s")
	if r.code != 0 || !strings.Contains(r.stdout, "elapsed_s\trss_mib") || !strings.Contains(r.stderr, " 0 failed") || !strings.Contains(r.stderr, "RSS first third") {
		t.Fatalf("soak: %+v", r)
	}
}

// TestBenchParty: the matcher's figures on a pairs file in either header.
func TestBenchParty(t *testing.T) {
	r := runCLI(t, nil, "bench", "party", "--pairs", "../../internal/party/testdata/zh-name-pairs.csv")
	if r.code != 0 || !strings.Contains(r.stdout, "281 pairs") || !strings.Contains(r.stdout, "← alert threshold") {
		t.Fatalf("%+v", r)
	}
	if r := runCLI(t, nil, "bench", "party", "--pairs", "bench_test.go"); r.code == 0 {
		t.Errorf("a file that is not pairs: %+v", r)
	}
}

// TestBenchLodge: a short run lodges on the embedded store (and on
// PostgreSQL when the tests have one) without a failure, beside the bare
// handler.
func TestBenchLodge(t *testing.T) {
	r := runCLI(t, map[string]string{"OREWATCH_BENCH_POSTGRES_URL": os.Getenv("OREWATCH_TEST_POSTGRES_URL")}, "bench", "lodge", "--duration", "300ms")
	if r.code != 0 || !strings.Contains(r.stdout, "bare handler") || !strings.Contains(r.stdout, "sqlite sustained / bare") || strings.Contains(r.stdout, "first failure") {
		t.Fatalf("bench lodge: %+v", r)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		f := strings.Fields(line)
		if len(f) >= 8 && (f[0] == "sqlite" || f[0] == "postgres") && f[len(f)-1] != "0" {
			t.Errorf("failures: %s", line)
		}
	}
	if os.Getenv("OREWATCH_TEST_POSTGRES_URL") != "" && !strings.Contains(r.stdout, "postgres sustained / bare") {
		t.Errorf("no PostgreSQL figures: %s", r.stdout)
	}
}
