package bench

import (
	"context"
	"path/filepath"
	"testing"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/screen"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/sqlstore"
)

const benchItems = 100000

func generated(b *testing.B) string {
	dir := filepath.Join(b.TempDir(), "bundle")
	if err := Write(dir, benchItems, 1); err != nil {
		b.Fatal(err)
	}
	return dir
}

func BenchmarkBareCSV(b *testing.B) {
	dir := generated(b)
	for b.Loop() {
		if _, err := BareCSV(filepath.Join(dir, "declarations.csv")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchItems)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

func BenchmarkReadAndScreen(b *testing.B) {
	dir := generated(b)
	cat, err := catalog.Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		bu, err := bundle.Read(dir)
		if err != nil {
			b.Fatal(err)
		}
		screen.New(analysis.InputFromBundle(cat, lists, bu)).Run(bu.Declarations)
	}
	b.ReportMetric(float64(benchItems)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

// TestGeneratedBundleReads keeps the generator honest: every row it writes
// is imported.
func TestGeneratedBundleReads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "b")
	if err := Write(dir, 2000, 7); err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Rejected) != 0 || len(b.Declarations) != 2000 {
		t.Fatalf("%d declarations, %d rejected: %+v", len(b.Declarations), len(b.Rejected), b.Rejected[:min(3, len(b.Rejected))])
	}
}

// BenchmarkTrace walks back random lots' genealogies in a store of 60,000
// events (orewatch bench trace runs the ten-million version).
func BenchmarkTrace(b *testing.B) {
	ctx := context.Background()
	s := emptyStore(b)
	lots, err := Chains(ctx, s, 60000, 1, 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := TraceTimes(ctx, s, lots, 1, uint64(i)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestChainsTrace(t *testing.T) {
	ctx := context.Background()
	s := emptyStore(t)
	lots, err := Chains(ctx, s, 1000, 2, 1, nil)
	if err != nil || len(lots) != 100 {
		t.Fatalf("%d lots, %v", len(lots), err)
	}
	ds, err := TraceTimes(ctx, s, lots, 20, 1)
	if err != nil || len(ds) != 20 || Percentile(ds, 0.99) < Percentile(ds, 0.5) {
		t.Fatalf("%v %v", ds, err)
	}
}

// BenchmarkIngest writes chains of events into a fresh embedded store, in
// the transactions orewatch bench trace uses; b.N counts events.
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	s := emptyStore(b)
	b.ResetTimer()
	if _, err := Chains(ctx, s, max(b.N, 10), 1, 1, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// emptyStore opens a migrated embedded store that lives as long as the test.
func emptyStore(tb testing.TB) *sqlstore.DB {
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "events.db"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return s
}
