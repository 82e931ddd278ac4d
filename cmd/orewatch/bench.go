package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/bench"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/screen"
	"orewatch/internal/store"
	"orewatch/internal/store/postgres"
)

func benchCommand() *command {
	return &command{
		name:    "bench",
		summary: "measure OreWatch on generated data 性能测试",
		usage:   "orewatch bench analyze [--items N] | orewatch bench trace [--events N] | orewatch bench soak [--duration D]",
		example: "orewatch bench analyze --items 1000000",
		subs:    []*command{benchAnalyzeCommand(), benchTraceCommand(), benchSoakCommand(), benchPartyCommand(), benchLodgeCommand(), benchWorkersCommand()},
	}
}

func benchAnalyzeCommand() *command {
	c := &command{
		name:    "analyze",
		summary: "screening throughput against a bare encoding/csv pass, and peak memory",
		usage:   "orewatch bench analyze [--items N] [--runs R] [--dir DIR] [--seed S] [--cpuprofile FILE]",
		example: "orewatch bench analyze --items 1000000 --runs 5",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		items := fs.Int("items", 1000000, "declaration items to generate")
		runs := fs.Int("runs", 5, "measured runs, each step of each in a fresh process; the figures are their medians")
		dir := fs.String("dir", "", "where to generate the bundle (default: a temporary directory, removed afterwards)")
		seed := fs.Uint64("seed", 1, "generator seed")
		cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the first run's read and screening to this file (go tool pprof)")
		measure := fs.String("measure", "", "measure one step, bare or analyze, on the bundle in --dir in this process and print it as JSON (what each run starts)")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		switch *measure {
		case "":
		case "bare", "analyze":
			if *dir == "" {
				return usagef("--measure needs --dir")
			}
			return measureStep(e, *measure, *dir, *cpuProfile)
		default:
			return usagef("--measure must be bare or analyze")
		}
		if *items < 1 || *runs < 1 {
			return usagef("--items and --runs must be positive")
		}
		d := *dir
		if d == "" {
			tmp, err := os.MkdirTemp("", "orewatch-bench-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			d = tmp
		}
		t := time.Now()
		if err := bench.Write(d, *items, *seed); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		fmt.Fprintf(e.stdout, "generated %d items in %s (%s)\n", *items, time.Since(t).Round(time.Millisecond), d)
		fi, err := os.Stat(filepath.Join(d, "declarations.csv"))
		if err != nil {
			return err
		}
		// Each step runs in a process of its own, as orewatch analyze
		// would: a second run in one process finds the memory the first
		// one freed still mapped, where a fresh process pays for every
		// page it touches (a quarter of the read and screening's time).
		var ms []benchRun
		for i := range *runs {
			var m benchRun
			if err := benchStep(ctx, e.stderr, []string{"bench", "analyze", "--measure", "bare", "--dir", d}, &m); err != nil {
				return err
			}
			step := []string{"bench", "analyze", "--measure", "analyze", "--dir", d}
			if i == 0 && *cpuProfile != "" {
				step = append(step, "--cpuprofile", *cpuProfile)
			}
			if err := benchStep(ctx, e.stderr, step, &m); err != nil {
				return err
			}
			ms = append(ms, m)
		}
		printBenchRuns(e.stdout, ms, fi.Size())
		return nil
	}
	return c
}

// benchRun is what one run of bench analyze measured: the bare pass, and
// the read and screening, each in a process of its own.
type benchRun struct {
	Rows         int           `json:"rows,omitempty"`
	Bare         time.Duration `json:"bare,omitempty"`
	Read         time.Duration `json:"read,omitempty"`
	Screen       time.Duration `json:"screen,omitempty"`
	User         time.Duration `json:"user,omitempty"`
	System       time.Duration `json:"system,omitempty"`
	PeakRSS      int64         `json:"peak_rss,omitempty"`
	Declarations int           `json:"declarations,omitempty"`
	Flagged      int           `json:"flagged,omitempty"`
	Rejected     int           `json:"rejected,omitempty"`
}

func (m benchRun) total() time.Duration { return m.Read + m.Screen }

// benchStep runs one step in a fresh orewatch process and adds what it
// measured to m. Tests run the step in their own process instead.
var benchStep = func(ctx context.Context, stderr io.Writer, args []string, m *benchRun) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err == nil {
		err = json.Unmarshal(out, m)
	}
	if err != nil {
		return fmt.Errorf("orewatch %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// measureStep measures one step on the bundle in dir and writes what it
// measured to stdout as JSON.
func measureStep(e *env, step, dir, cpuProfile string) error {
	var m benchRun
	if step == "bare" {
		// The reference runs as a plain Go program would.
		var err error
		e.gc.goDefaults(func() {
			t := time.Now()
			m.Rows, err = bench.BareCSV(filepath.Join(dir, "declarations.csv"))
			m.Bare = time.Since(t)
		})
		if err != nil {
			return err
		}
		return json.NewEncoder(e.stdout).Encode(m)
	}
	cat, err := catalog.Load(data.FS)
	if err != nil {
		return err
	}
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		return err
	}
	runtime.GC()
	e.gc.arm() // the read starts as orewatch analyze's would
	stop, err := startCPUProfile(cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	u0, s0 := bench.CPUTime()
	t := time.Now()
	b, err := bundle.Read(dir)
	if err != nil {
		return err
	}
	m.Read = time.Since(t)
	t = time.Now()
	results := screen.New(analysis.InputFromBundle(cat, lists, b)).Run(b.Declarations)
	m.Screen = time.Since(t)
	u1, s1 := bench.CPUTime()
	pprof.StopCPUProfile()
	m.User, m.System, m.PeakRSS = u1-u0, s1-s0, bench.PeakRSS()
	m.Declarations, m.Rejected = len(results), len(b.Rejected)
	for _, r := range results {
		if r.Channel != core.ChannelGreen {
			m.Flagged++
		}
	}
	return json.NewEncoder(e.stdout).Encode(m)
}

// printBenchRuns reports the runs' medians beside the fastest and slowest
// run: on a shared virtual machine, single runs of one binary differed by
// a third.
func printBenchRuns(w io.Writer, ms []benchRun, size int64) {
	stats := func(f func(benchRun) float64) (median, lo, hi float64) {
		v := make([]float64, len(ms))
		for i, m := range ms {
			v[i] = f(m)
		}
		slices.Sort(v)
		median = v[len(v)/2]
		if len(v)%2 == 0 {
			median = (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		return median, v[0], v[len(v)-1]
	}
	rows := ms[0].Rows
	fmt.Fprintf(w, "declarations.csv: %d rows, %.0f MiB; %d run(s), each step in a fresh process\n", rows, float64(size)/(1<<20), len(ms))
	fmt.Fprintf(w, "%-34s %10s %10s %10s %17s\n", "step", "median", "fastest", "slowest", "items/s (median)")
	step := func(name string, f func(benchRun) time.Duration) {
		mid, lo, hi := stats(func(m benchRun) float64 { return f(m).Seconds() })
		d := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)).Round(time.Millisecond) }
		fmt.Fprintf(w, "%-34s %10s %10s %10s %17.0f\n", name, d(mid), d(lo), d(hi), float64(rows)/mid)
	}
	step("bare encoding/csv pass", func(m benchRun) time.Duration { return m.Bare })
	step("bundle read (parse + normalise)", func(m benchRun) time.Duration { return m.Read })
	step("deterministic screening", func(m benchRun) time.Duration { return m.Screen })
	step("read + screening", benchRun.total)
	// A run's ratio pairs its bare pass with the read and screening that
	// ran next to it, so that a slow spell of the machine slows both.
	ratio, lo, hi := stats(func(m benchRun) float64 { return m.Bare.Seconds() / m.total().Seconds() })
	alone, _, _ := stats(func(m benchRun) float64 { return m.Bare.Seconds() / m.Screen.Seconds() })
	fmt.Fprintf(w, "read + screening throughput = %.2f × the bare CSV pass (target ≥ 0.5; runs %.2f–%.2f); screening alone, on the items read, %.2f ×\n",
		ratio, lo, hi, alone)
	if ms[0].User > 0 {
		user, _, _ := stats(func(m benchRun) float64 { return m.User.Seconds() })
		sys, _, _ := stats(func(m benchRun) float64 { return m.System.Seconds() })
		busy, _, _ := stats(func(m benchRun) float64 { return (m.User + m.System).Seconds() / m.total().Seconds() })
		fmt.Fprintf(w, "CPU time of read + screening: user %.2f s, system %.2f s (%.1f cores busy)\n", user, sys, busy)
	}
	peak, _, most := stats(func(m benchRun) float64 { return float64(m.PeakRSS) })
	last := ms[len(ms)-1]
	fmt.Fprintf(w, "%d declarations, %d flagged; %d rows rejected\n", last.Declarations, last.Flagged, last.Rejected)
	fmt.Fprintf(w, "peak RSS %.0f MiB, at most %.0f (target < 2048); %s, %d CPUs, GOMAXPROCS %d\n", peak/(1<<20), most/(1<<20),
		runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
}

func benchTraceCommand() *command {
	c := &command{
		name:    "trace",
		summary: "lot genealogy latency on a store of many events",
		usage:   "orewatch bench trace [--events N] [--queries Q] [--writers W] [--db URL]",
		example: "orewatch bench trace --events 10000000",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		events := fs.Int("events", 1000000, "events to write (ten per chain of lots: six transformations)")
		queries := fs.Int("queries", 1000, "genealogies to trace")
		db := fs.String("db", "", "store to fill: sqlite:PATH or postgres://… (default: a fresh embedded store, removed afterwards)")
		writers := fs.Int("writers", 0, "documents captured at once, each its own transaction, as imports and the API do (default: 2 on PostgreSQL, which writes them side by side; 1 on SQLite, which takes them in turn)")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *events < 6 || *queries < 1 || *writers < 0 {
			return usagef("--events must be at least 6, --queries at least 1")
		}
		if *writers == 0 {
			*writers = 1
			if strings.HasPrefix(*db, "postgres") {
				*writers = 2
			}
		}
		loc := store.Location{DatabaseURL: *db}
		if *db == "" {
			tmp, err := os.MkdirTemp("", "orewatch-bench-trace-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			loc.DataDir = tmp
		}
		st, _, err := store.OpenMigrated(ctx, loc, nil)
		if err != nil {
			return err
		}
		defer st.Close()
		t := time.Now()
		last := time.Now()
		lots, err := bench.Chains(ctx, st, *events, *writers, 1, func(done int) {
			if time.Since(last) > 10*time.Second {
				fmt.Fprintf(e.stdout, "  %d events written\n", done)
				last = time.Now()
			}
		})
		if err != nil {
			return err
		}
		wrote := time.Since(t)
		fmt.Fprintf(e.stdout, "%d events (%d chains) written in %s by %d writer(s), transactions of 30,000: %.0f events/s\n",
			len(lots)*10, len(lots), wrote.Round(time.Second), *writers, float64(len(lots)*10)/wrote.Seconds())
		if strings.HasPrefix(*db, "postgres") {
			took, n, err := postgres.CopyBaseline(ctx, *db, func(emit func([]*core.Event) error) error {
				_, err := bench.Generate(*events, 1, emit, nil)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "COPY of the same rows (baseline): %d events in %s: %.0f events/s; OreWatch's insert path is %.2f× it\n",
				n, took.Round(time.Millisecond), float64(n)/took.Seconds(), took.Seconds()/wrote.Seconds())
		}
		if st.Dialect().Name == "sqlite" {
			// Let the background checkpointer's backlog drain first, so the
			// traces measure the store and not the tail of the ingest.
			t := time.Now()
			if _, err := st.SQL().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				return fmt.Errorf("checkpoint: %w", err)
			}
			fmt.Fprintf(e.stdout, "write-ahead log checkpointed in %s\n", time.Since(t).Round(time.Millisecond))
		}
		ds, err := bench.TraceTimes(ctx, st, lots, *queries, 2)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d backward traces through 6 transformations: p50 %s, p99 %s, max %s (target p99 < 20 ms)\n", len(ds),
			bench.Percentile(ds, 0.5).Round(10*time.Microsecond), bench.Percentile(ds, 0.99).Round(10*time.Microsecond), ds[len(ds)-1].Round(10*time.Microsecond))
		return nil
	}
	return c
}

// startCPUProfile profiles the process into path until stop; an empty
// path profiles nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
