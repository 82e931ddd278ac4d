package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
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
		usage:   "orewatch bench analyze [--items N] | orewatch bench trace [--events N]",
		example: "orewatch bench analyze --items 1000000",
		subs:    []*command{benchAnalyzeCommand(), benchTraceCommand()},
	}
}

func benchAnalyzeCommand() *command {
	c := &command{
		name:    "analyze",
		summary: "screening throughput against a bare encoding/csv pass, and peak memory",
		usage:   "orewatch bench analyze [--items N] [--dir DIR] [--seed S] [--cpuprofile FILE]",
		example: "orewatch bench analyze --items 1000000",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		items := fs.Int("items", 1000000, "declaration items to generate")
		dir := fs.String("dir", "", "where to generate the bundle (default: a temporary directory, removed afterwards)")
		seed := fs.Uint64("seed", 1, "generator seed")
		cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the read and the screening to this file (go tool pprof)")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *items < 1 {
			return usagef("--items must be positive")
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
		fi, _ := os.Stat(filepath.Join(d, "declarations.csv"))

		// The reference runs as a plain Go program would; the read and
		// screening as orewatch analyze runs them, from a fresh start.
		var rows int
		var bare time.Duration
		var err error
		e.gc.goDefaults(func() {
			runtime.GC()
			t = time.Now()
			rows, err = bench.BareCSV(filepath.Join(d, "declarations.csv"))
			bare = time.Since(t)
		})
		if err != nil {
			return err
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
		e.gc.arm()
		if *cpuProfile != "" {
			f, err := os.Create(*cpuProfile)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer pprof.StopCPUProfile()
		}
		u0, s0 := bench.CPUTime()
		t = time.Now()
		b, err := bundle.Read(d)
		if err != nil {
			return err
		}
		read := time.Since(t)
		t = time.Now()
		results := screen.New(analysis.InputFromBundle(cat, lists, b)).Run(b.Declarations)
		scr := time.Since(t)
		u1, s1 := bench.CPUTime()
		pprof.StopCPUProfile()
		peak := bench.PeakRSS()
		flagged := 0
		for _, r := range results {
			if r.Channel != core.ChannelGreen {
				flagged++
			}
		}
		total := read + scr
		mb := float64(fi.Size()) / (1 << 20)
		fmt.Fprintf(e.stdout, "declarations.csv: %d rows, %.0f MiB\n", rows, mb)
		fmt.Fprintf(e.stdout, "%-34s %10s %14s\n", "step", "time", "items/s")
		line := func(name string, d time.Duration) {
			fmt.Fprintf(e.stdout, "%-34s %10s %14.0f\n", name, d.Round(time.Millisecond), float64(rows)/d.Seconds())
		}
		line("bare encoding/csv pass", bare)
		line("bundle read (parse + normalise)", read)
		line("deterministic screening", scr)
		line("read + screening", total)
		fmt.Fprintf(e.stdout, "read + screening throughput = %.2f × the bare CSV pass (target ≥ 0.5); screening alone, on the items read, %.2f ×\n",
			bare.Seconds()/total.Seconds(), bare.Seconds()/scr.Seconds())
		if u1 > 0 {
			user, sys := u1-u0, s1-s0
			fmt.Fprintf(e.stdout, "CPU time of read + screening: user %.2f s, system %.2f s (%.1f cores busy)\n",
				user.Seconds(), sys.Seconds(), (user+sys).Seconds()/total.Seconds())
		}
		fmt.Fprintf(e.stdout, "%d declarations, %d flagged; %d rows rejected\n", len(results), flagged, len(b.Rejected))
		fmt.Fprintf(e.stdout, "peak RSS %.0f MiB (target < 2048); %s, %d CPUs, GOMAXPROCS %d\n", float64(peak)/(1<<20), runtime.Version(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
		return nil
	}
	return c
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
