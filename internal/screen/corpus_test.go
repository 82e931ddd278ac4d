package screen

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

type labelled struct {
	line                           int
	remark, statement, codes, note string
}

func readCorpus(t *testing.T, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue // header
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 4 {
			t.Fatalf("%s line %d: %d columns", path, n, len(c))
		}
		out = append(out, labelled{n, c[0], c[1], c[2], c[3]})
	}
	return out
}

// statementOf is how a parse reads against the corpus' labels.
func statementOf(r Remarks) string {
	switch {
	case !r.Stated:
		return "none"
	case r.Controlled:
		return "controlled"
	}
	return "not_controlled"
}

// scoreCorpus returns the share of remarks whose statement and codes are
// both read right, and the misread ones.
func scoreCorpus(t *testing.T, path string) (float64, []string) {
	rows := readCorpus(t, path)
	var wrong []string
	for _, r := range rows {
		p := ParseRemarks(r.remark)
		codes := slices.Clone(p.Codes)
		if p.Stated && !p.Controlled {
			codes = nil
		}
		want := []string{}
		if r.codes != "" {
			want = strings.Split(r.codes, ",")
		}
		slices.Sort(codes)
		slices.Sort(want)
		if got := statementOf(p); got != r.statement || strings.Join(codes, ",") != strings.Join(want, ",") {
			wrong = append(wrong, r.remark+"\t→ "+got+" "+strings.Join(codes, ",")+"\t(want "+r.statement+" "+r.codes+"; "+r.note+")")
		}
	}
	return 1 - float64(len(wrong))/float64(len(rows)), wrong
}

// TestRemarksCorpora reads two corpora of remarks labelled by someone who
// had not seen the parser: dev.tsv (332 remarks) the parser was developed
// against, and heldout.tsv (151, other phrasings) it was not — a look at
// its misreads would make it a second dev set, so only the figure is
// printed. Both are held at what was measured when the parser was
// rewritten (dev 1.000, held-out 0.854; the regex list before read 0.729
// and 0.629).
func TestRemarksCorpora(t *testing.T) {
	for _, c := range []struct {
		path  string
		floor float64
		show  bool
	}{{"testdata/remarks/dev.tsv", 0.99, true}, {"testdata/remarks/heldout.tsv", 0.85, false},
		// Written 2026-12-07 by another hand; read 0.944 before the changes
		// it prompted, so it is a development corpus now.
		{"testdata/remarks/heldout2.tsv", 0.99, true}} {
		acc, wrong := scoreCorpus(t, c.path)
		t.Logf("%s: %.3f of remarks read right (%d wrong)", c.path, acc, len(wrong))
		if acc < c.floor {
			t.Errorf("%s: %.3f, below %.2f", c.path, acc, c.floor)
			if c.show {
				for _, w := range wrong {
					t.Log("  ", w)
				}
			}
		}
	}
}
