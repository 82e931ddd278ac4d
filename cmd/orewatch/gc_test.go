package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcSettings reads the collector's percent and limit without changing them.
func gcSettings() (int, int64) {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p, debug.SetMemoryLimit(-1)
}

// TestBatchGC: armed, nothing is collected until the start size; the first
// collection switches to GOGC 200 under the limit; a reference measurement
// runs under Go's defaults and leaves the collector armed again; stop puts
// back what it found. GOGC in the environment leaves it all alone.
func TestBatchGC(t *testing.T) {
	origP, origL := gcSettings()
	defer func() { debug.SetGCPercent(origP); debug.SetMemoryLimit(origL) }()

	g := &batchGC{start: 1 << 30, limit: 2 << 30}
	g.arm()
	if p, l := gcSettings(); p != -1 || l != 1<<30 {
		t.Fatalf("armed: GOGC %d, limit %d; want off under the start size", p, l)
	}
	var inside [2]int64
	g.goDefaults(func() {
		p, l := gcSettings()
		inside = [2]int64{int64(p), l}
	})
	if inside != [2]int64{100, math.MaxInt64} {
		t.Fatalf("reference run under GOGC %d, limit %d; want Go's defaults", inside[0], inside[1])
	}
	if p, _ := gcSettings(); p != -1 {
		t.Fatalf("after the reference run GOGC is %d; want the collector armed again", p)
	}
	runtime.GC() // the first collection, as the start size would set off
	for deadline := time.Now().Add(10 * time.Second); ; {
		if p, l := gcSettings(); p == batchGCPercent && l == 2<<30 {
			break
		}
		if time.Now().After(deadline) {
			p, l := gcSettings()
			t.Fatalf("after the first collection: GOGC %d, limit %d; want %d under %d", p, l, batchGCPercent, 2<<30)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}

	debug.SetGCPercent(77)
	g2, stop := newBatchGC(func(k string) string {
		if k == "GOGC" {
			return "50"
		}
		return ""
	})
	stop()
	if p, _ := gcSettings(); g2 != nil || p != 77 {
		t.Fatalf("GOGC set in the environment: got %v, GOGC %d; want nothing changed", g2, p)
	}
	if physicalMemory() > 0 {
		g3, stop := newBatchGC(func(string) string { return "" })
		if p, _ := gcSettings(); g3 == nil || p != -1 {
			t.Fatalf("batch command: GOGC %d; want off until the start size", p)
		}
		if g4, stop4 := newBatchGC(func(string) string { return "" }); g4 != nil {
			stop4()
			t.Fatal("a second batch command at once took the collector too")
		}
		stop()
		if p, _ := gcSettings(); p != 77 {
			t.Fatalf("after stop GOGC is %d; want 77 back", p)
		}
	}
}
