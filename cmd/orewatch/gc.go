package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// batchCommands read a whole bundle into memory and work through it. Their
// heap is mostly what they have read and keep, so collecting it while it
// grows is wasted work: each collection marks everything read so far, only
// to find it all still live. GOGC or GOMEMLIMIT in the environment still
// decide. import is not one: its time is the store's, and a 153 MB bundle
// (208,687 declarations, 201,069 events) imported in 60 s either way while
// its peak was 4.3 GiB without collection and 1.2 GiB with it. Nor is
// analyze since it reads a bundle without importing it: at a million
// declarations and events it took 1 min 43 s and 7.7 GiB under these
// settings, 1 min 45 s and 5.3 GiB under Go's defaults (2026-12-07),
// its live heap being 2–2.7 GiB from the read to the detectors.
var batchCommands = map[string]bool{"export": true, "simulate": true, "eval": true, "bench": true}

// servingCommands are under a batch command but serve: their memory is a
// server's, and with collection off until 4 GiB the in-process soak test
// showed 3.87 GB resident at its first sample while the demo world was
// set up.
var servingCommands = map[string]bool{"bench soak": true}

// isBatch says whether the command at path (as "bench soak") gets
// batchGC.
func isBatch(path string) bool {
	return batchCommands[strings.Fields(path)[0]] && !servingCommands[path]
}

// batchGCPercent is the collector's target once a batch command's heap has
// grown past its start: at 1 M declaration items 200 % took read +
// screening from 2.97 s to 2.48 s with the same peak memory (1.37 GiB).
const batchGCPercent = 200

// batchGC runs a batch command's collector the way the Go toolchain runs
// its own (cmd/compile's starting heap): no collection until the heap
// reaches a start size, a quarter of the machine's memory and at most
// 4 GiB, then GOGC 200 under a limit of three quarters of the memory. At
// 1 M declaration items the first collection never comes: read +
// screening took 0.80–0.82 s instead of 0.85–0.91 s, at the same peak
// (1.1 GiB), since what is read is kept.
type batchGC struct {
	start, limit int64

	mu    sync.Mutex
	gen   int  // arm's generation; a stale start-up callback does nothing
	armed bool // collection is off until the start size
}

// batchRunning says a batch command has the collector: the settings are
// the process's, and two commands run at once (tests run them in-process)
// must not put back each other's.
var batchRunning atomic.Bool

// newBatchGC arms the collector for a batch command and returns it, or nil
// when the environment sets GOGC or GOMEMLIMIT, the machine's memory is
// unknown or another batch command has the collector. stop puts back the
// settings it found.
func newBatchGC(getenv func(string) string) (g *batchGC, stop func()) {
	total := physicalMemory()
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" || total <= 0 || !batchRunning.CompareAndSwap(false, true) {
		return nil, func() {}
	}
	percent, limit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
	g = &batchGC{start: min(total/4, 4<<30), limit: total / 4 * 3}
	g.arm()
	return g, func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.gen++
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
		batchRunning.Store(false)
	}
}

// arm turns collection off until the heap reaches the start size. A
// benchmark arms again before each measured run, as a fresh process would
// start it.
func (g *batchGC) arm() {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gen++
	g.armed = true
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(g.start)
	// The sentinel is garbage at once, so its cleanup runs after the first
	// collection: the one the start size (or runtime.GC) sets off.
	sentinel := new(*int)
	runtime.AddCleanup(sentinel, g.started, g.gen)
}

func (g *batchGC) started(gen int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if gen == g.gen {
		g.armed = false
		debug.SetGCPercent(batchGCPercent)
		debug.SetMemoryLimit(g.limit)
	}
}

// goDefaults runs fn under the Go runtime's default collector settings
// (GOGC 100, no limit): a reference measurement runs as a plain Go
// program would.
func (g *batchGC) goDefaults(fn func()) {
	if g == nil {
		fn()
		return
	}
	g.mu.Lock()
	g.gen++
	armed := g.armed
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	g.mu.Unlock()
	defer func() {
		if armed {
			g.arm()
			return
		}
		g.mu.Lock()
		defer g.mu.Unlock()
		g.gen++
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}()
	fn()
}

// physicalMemory is the machine's memory in bytes (Linux), or 0.
func physicalMemory() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}
