package bench

import (
	"path/filepath"
	"testing"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/screen"
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
