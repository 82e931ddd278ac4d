package filings_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/filings"
	"orewatch/internal/textnorm"
)

// TestHeldOutBooks reads monthly books written apart from this code, as
// enterprises' staff export them (testdata/heldout, with expected.csv):
// every valid row is read and checked, every bad one named by its line,
// and a file with a column the reader does not know is refused.
func TestHeldOutBooks(t *testing.T) {
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, m := range cat.Materials {
		for _, n := range []string{m.ID, m.NameZh, m.NameEn} {
			byName[textnorm.Fold(n)] = m.ID
		}
	}
	f, err := os.Open("testdata/heldout/expected.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	today := core.DateOf(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	for _, row := range rows[1:] {
		name, okRows, note := row[0], row[1], row[3]
		want, _ := strconv.Atoi(okRows)
		var wantLines []int
		for _, l := range strings.Split(row[2], "|") {
			if n, err := strconv.Atoi(strings.TrimSpace(l)); err == nil {
				wantLines = append(wantLines, n)
			}
		}
		t.Run(name, func(t *testing.T) {
			b, err := os.Open(filepath.Join("testdata/heldout", name))
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			rs, ps, err := filings.ParseCSV(name, b)
			if err != nil {
				if want == 0 && slices.Equal(wantLines, []int{1}) {
					return // the file refused at its header
				}
				t.Fatalf("refused: %v (%s)", err, note)
			}
			ps = append(ps, filings.Check(rs, byName, today)...)
			bad := map[int]bool{}
			for _, p := range ps {
				bad[p.Line] = true
			}
			var gotLines []int
			for l := range bad {
				gotLines = append(gotLines, l)
			}
			slices.Sort(gotLines)
			if len(rs)-countBad(rs, ps) != want || !slices.Equal(gotLines, wantLines) {
				t.Errorf("%d rows good, problems at lines %v (%v); want %d good, lines %v — %s", len(rs)-countBad(rs, ps), gotLines, ps, want, wantLines, note)
			}
		})
	}
}

// countBad counts the read rows a problem names by their line.
func countBad(rs []*core.MonthlyReport, ps []filings.Problem) int {
	n := 0
	for _, r := range rs {
		if slices.ContainsFunc(ps, func(p filings.Problem) bool { return strings.HasSuffix(r.Source, " line "+strconv.Itoa(p.Line)) }) {
			n++
		}
	}
	return n
}
