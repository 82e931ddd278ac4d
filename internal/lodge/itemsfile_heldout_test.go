package lodge_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"orewatch/internal/lodge"
)

// TestHeldOutItemFiles reads goods lists written apart from this code, as
// exporters' clerks write them (testdata/heldout-items, expected.csv):
// the items are counted, and a file with a column that is no item's, or a
// row with a cell too many, is refused saying where.
func TestHeldOutItemFiles(t *testing.T) {
	f, err := os.Open("testdata/heldout-items/expected.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		name, wantErr, note := row[0], row[2], row[3]
		want, _ := strconv.Atoi(row[1])
		t.Run(name, func(t *testing.T) {
			b, err := os.Open(filepath.Join("testdata/heldout-items", name))
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			items, err := lodge.ReadItems(name, b)
			switch {
			case wantErr != "":
				// A bare line number would match almost any message: the
				// refusal must name that line.
				if _, isLine := strconv.Atoi(wantErr); isLine == nil {
					wantErr = "line " + wantErr + ":"
				}
				if err == nil || !strings.Contains(err.Error(), wantErr) {
					t.Errorf("error %v, want one naming %q — %s", err, wantErr, note)
				}
			case err != nil:
				t.Errorf("refused: %v — %s", err, note)
			case len(items) != want:
				t.Errorf("%d items, want %d — %s", len(items), want, note)
			}
		})
	}
}
