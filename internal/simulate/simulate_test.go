package simulate

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"orewatch/data"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
)

func write(t *testing.T, seed uint64) (string, Stats) {
	t.Helper()
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := Write(dir, cat, Options{Seed: seed, Scale: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

// TestWorldIsAValidBundle: every row the simulator writes is imported,
// planted cases are a few per cent, and every code is planted.
func TestWorldIsAValidBundle(t *testing.T) {
	dir, st := write(t, 3)
	b, err := bundle.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Rejected) > 0 {
		t.Fatalf("%d rows rejected, first: %+v", len(b.Rejected), b.Rejected[0])
	}
	if len(b.Declarations) != st.Items || st.Declarations < 1900 {
		t.Errorf("read %d items, wrote %d in %d declarations", len(b.Declarations), st.Items, st.Declarations)
	}
	if share := float64(st.Planted) / float64(st.Declarations); share < 0.02 || share > 0.08 {
		t.Errorf("planted share %.3f, want a few per cent", share)
	}
	if len(st.ByCode) != len(planters)+len(chainPlanters) {
		t.Errorf("planted codes %v, want all %d", st.ByCode, len(planters)+len(chainPlanters))
	}
	f, err := os.Open(filepath.Join(dir, "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][0] != "subject_type" {
		t.Fatalf("truth.csv: %v %v", err, rows[:1])
	}
}

func TestSameSeedSameWorld(t *testing.T) {
	a, _ := write(t, 5)
	b, _ := write(t, 5)
	c, _ := write(t, 6)
	for _, f := range []string{"declarations.csv", "manifests.csv", "parties.csv", "truth.csv", "licences.csv"} {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		z, _ := os.ReadFile(filepath.Join(c, f))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs of seed 5", f)
		}
		if f == "declarations.csv" && bytes.Equal(x, z) {
			t.Errorf("%s is the same for seeds 5 and 6", f)
		}
	}
}
