package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/bench"
	"orewatch/internal/bus"
	"orewatch/internal/epcis"
	"orewatch/internal/store/postgres"
)

func benchWorkersCommand() *command {
	c := &command{
		name:    "workers",
		summary: "EPCIS capture throughput with 1, 2, 4… worker processes, each under the same CPU quota",
		usage:   "orewatch bench workers --postgres URL --nats URL [--workers 1,2,4] [--cpu 0.4] [--docs N] [--events N]",
		example: "orewatch bench workers --postgres 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable' --nats nats://127.0.0.1:4222 --cpu 0.4",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, c)
		pg := fs.String("postgres", e.getenv("OREWATCH_BENCH_POSTGRES_URL"), "PostgreSQL to capture into (a scratch schema per run, dropped after)")
		natsURL := fs.String("nats", e.getenv("OREWATCH_NATS_URL"), "NATS with JetStream (streams of the run's own, deleted after)")
		counts := fs.String("workers", "1,2,4", "worker counts to measure, comma-separated")
		cpu := fs.Float64("cpu", 0.4, "CPU quota of each worker, in cores (cgroups; 0: none)")
		docs := fs.Int("docs", 400, "documents queued per run")
		events := fs.Int("events", 100, "events per document")
		if err := parse(e, c, fs, args); err != nil {
			return err
		}
		if *pg == "" || *natsURL == "" {
			return usagef("give --postgres and --nats")
		}
		var ws []int
		for _, f := range strings.Split(*counts, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 || n > 64 {
				return usagef("--workers %q: want counts from 1 to 64, comma-separated", *counts)
			}
			ws = append(ws, n)
		}
		if *docs < 1 || *events < 1 || *cpu < 0 {
			return usagef("--docs and --events must be at least 1, --cpu not negative")
		}
		bin, err := os.Executable()
		if err != nil {
			return err
		}
		quota := bench.CPUQuota{Cores: *cpu}
		if *cpu > 0 {
			if err := quota.Check(); err != nil {
				fmt.Fprintf(e.stderr, "no CPU quota: %v; workers run uncapped\n", err)
				quota.Cores = 0
			}
		}
		fmt.Fprintf(e.stdout, "%d documents × %d events per run; each worker capped at %s; machine: %d CPUs\n", *docs, *events, quota, runtime.NumCPU())
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "workers\tseconds\tevents/s\tper worker\tworkers' CPU s\tPostgreSQL CPU s\tNATS CPU s\tmachine busy\t")
		for _, w := range ws {
			r, err := runWorkers(ctx, bin, *pg, *natsURL, w, quota, *docs, *events)
			if err != nil {
				return fmt.Errorf("%d workers: %w", w, err)
			}
			rate := float64(*docs**events) / r.wall.Seconds()
			fmt.Fprintf(tw, "%d\t%.2f\t%.0f\t%.0f\t%.1f\t%.1f\t%.1f\t%.0f %%\t\n", w, r.wall.Seconds(), rate, rate/float64(w),
				r.workerCPU.Seconds(), r.pgCPU.Seconds(), r.natsCPU.Seconds(), 100*r.busy)
		}
		return tw.Flush()
	}
	return c
}

type workersRun struct {
	wall                      time.Duration
	workerCPU, pgCPU, natsCPU time.Duration
	busy                      float64 // share of the machine's CPU time in use
}

// runWorkers queues docs documents as capture jobs in a fresh schema, then
// starts w worker processes under the quota and times them until every job
// is done.
func runWorkers(ctx context.Context, bin, pgURL, natsURL string, w int, quota bench.CPUQuota, docs, events int) (r workersRun, err error) {
	var cleanup []func()
	defer func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}()
	u, err := scratchSchema(ctx, pgURL, &cleanup)
	if err != nil {
		return r, err
	}
	db, err := postgres.Open(ctx, u, nil)
	if err != nil {
		return r, err
	}
	cleanup = append(cleanup, func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		return r, err
	}
	dir, err := os.MkdirTemp("", "orewatch-bench-workers-")
	if err != nil {
		return r, err
	}
	cleanup = append(cleanup, func() { os.RemoveAll(dir) })
	// One audit key for every worker, made before any starts.
	if _, err := audit.LoadOrCreateKey(ctx, filepath.Join(dir, "audit.key"), db, time.Now()); err != nil {
		return r, err
	}
	prefix := fmt.Sprintf("BENCH%d", time.Now().UnixNano())
	b, err := bus.Connect(ctx, natsURL, bus.Options{Prefix: prefix, Queues: []string{epcis.CaptureQueue}})
	if err != nil {
		return r, err
	}
	cleanup = append(cleanup, func() { _ = b.Drop(context.Background(), epcis.CaptureQueue); b.Close() })
	v, err := epcis.NewValidator()
	if err != nil {
		return r, err
	}
	ids := make([]string, docs)
	for i := range docs {
		j, err := epcis.Accept(ctx, db, v, bench.EPCISDocument(events, i*events), time.Now(), audit.Actor{Name: "bench", Agency: "GAC"})
		if err != nil {
			return r, err
		}
		ids[i] = j.ID
	}
	env := append(os.Environ(), "OREWATCH_DATABASE_URL="+u, "OREWATCH_NATS_URL="+natsURL, "OREWATCH_NATS_STREAM_PREFIX="+prefix,
		"OREWATCH_DATA_DIR="+dir, "OREWATCH_LOG_LEVEL=warn")
	// The workers start (connect, compile the schema) before the clock
	// does: each says so on its first line.
	var procs []*exec.Cmd
	for i := range w {
		cmd := exec.Command(bin, "worker", "--concurrency", "2")
		cmd.Env = env
		out, err := cmd.StdoutPipe()
		if err != nil {
			return r, err
		}
		if err := cmd.Start(); err != nil {
			return r, err
		}
		if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
			return r, fmt.Errorf("worker did not start: %w", err)
		}
		procs = append(procs, cmd)
		remove, err := quota.Apply(fmt.Sprintf("orewatch-%s-%d", strings.ToLower(prefix), i), cmd.Process.Pid)
		if err != nil {
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
			return r, err
		}
		cleanup = append(cleanup, remove)
	}
	cleanup = append(cleanup, func() {
		for _, p := range procs {
			_ = p.Process.Signal(syscall.SIGKILL)
			_ = p.Wait()
		}
	})
	pgBefore, natsBefore := bench.ProcessCPU("postgres"), bench.ProcessCPU("nats-server")
	busyBefore, totalBefore := bench.MachineCPU()
	cpuBefore := map[int]time.Duration{}
	for _, p := range procs {
		cpuBefore[p.Process.Pid] = bench.PidCPU(p.Process.Pid)
	}
	start := time.Now()
	for _, id := range ids {
		if err := b.Publish(ctx, epcis.CaptureQueue, id); err != nil {
			return r, err
		}
	}
	deadline := time.Now().Add(10 * time.Minute)
	for {
		queued, err := db.CaptureJobs().Queued(ctx, time.Now().Add(time.Hour), 1)
		if err != nil {
			return r, err
		}
		if len(queued) == 0 {
			break
		}
		if time.Now().After(deadline) {
			return r, errors.New("the workers did not finish in 10 minutes")
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.wall = time.Since(start)
	busyAfter, totalAfter := bench.MachineCPU()
	if totalAfter > totalBefore {
		r.busy = float64(busyAfter-busyBefore) / float64(totalAfter-totalBefore)
	}
	r.pgCPU, r.natsCPU = bench.ProcessCPU("postgres")-pgBefore, bench.ProcessCPU("nats-server")-natsBefore
	for _, p := range procs {
		r.workerCPU += bench.PidCPU(p.Process.Pid) - cpuBefore[p.Process.Pid]
	}
	return r, nil
}
