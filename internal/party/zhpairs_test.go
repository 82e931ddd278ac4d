package party

import (
	"encoding/csv"
	"os"
	"sort"
	"testing"
)

type pairResult struct{ tp, fp, tn, fn int }

func (r pairResult) f1() float64 {
	if r.tp == 0 {
		return 0
	}
	p, rc := float64(r.tp)/float64(r.tp+r.fp), float64(r.tp)/float64(r.tp+r.fn)
	return 2 * p * rc / (p + rc)
}

// evalPairs scores labelled name pairs at the threshold, per category.
func evalPairs(t *testing.T, path string, nameCols [2]int, matchCol, catCol int, threshold float64) (pairResult, map[string]*pairResult) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var all pairResult
	by := map[string]*pairResult{}
	for _, r := range recs[1:] {
		c := by[r[catCol]]
		if c == nil {
			c = &pairResult{}
			by[r[catCol]] = c
		}
		hit := Similarity(Normalize(r[nameCols[0]]), Normalize(r[nameCols[1]])) >= threshold
		want := r[matchCol] == "true"
		for _, x := range []*pairResult{&all, c} {
			switch {
			case hit && want:
				x.tp++
			case hit && !want:
				x.fp++
			case !hit && want:
				x.fn++
			default:
				x.tn++
			}
		}
	}
	return all, by
}

// TestChineseNamePairs measures the matcher on Chinese name pairs written
// without sight of it (testdata/zh-name-pairs.csv, 281 pairs): 简/繁,
// pinyin with and without tones or spaces, legal forms, city prefixes,
// homophones and numbered institutes as near misses. No homophone, no
// other legal form and no near miss may reach the alert threshold; the
// F1 may not fall below what was measured when the matcher learnt to read
// characters (0.829, 0.860 once names were aligned word by word; it was 0.659 through pinyin alone). Names translated
// across scripts (中国电子科技集团 / China Electronics Technology Group)
// and Wade–Giles person names are what it misses.
func TestChineseNamePairs(t *testing.T) {
	all, by := evalPairs(t, "testdata/zh-name-pairs.csv", [2]int{0, 1}, 2, 3, DefaultThreshold)
	cats := make([]string, 0, len(by))
	for c := range by {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		r := by[c]
		t.Logf("%-22s tp %3d fp %3d tn %3d fn %3d", c, r.tp, r.fp, r.tn, r.fn)
	}
	t.Logf("all: tp %d fp %d tn %d fn %d, F1 %.3f at %.2f", all.tp, all.fp, all.tn, all.fn, all.f1(), DefaultThreshold)
	for _, c := range []string{"homophone", "different-legal-form", "near-miss"} {
		if r := by[c]; r.fp > 0 {
			t.Errorf("%s: %d pairs of different parties reach the alert threshold", c, r.fp)
		}
	}
	if f1 := all.f1(); f1 < 0.8595 {
		t.Errorf("F1 %.3f, below the 0.860 measured before", f1)
	}
}

// TestNomenklaturaPairs measures the matcher on the 826 labelled pairs of
// opensanctions/nomenklatura (testdata/nomenklatura-pairs.csv, MIT
// licence beside it): people and organisations in many scripts, typos,
// transliterations, legal forms, titles, patronymics and numbered funds.
// OpenSanctions' logic-v2 scores F1 0.790 on them; the matcher must stay
// at 0.85 or above at the alert threshold. Its misses are nicknames
// (Bibi / Benjamin), Wade–Giles, names translated rather than
// transliterated, and pairs the set calls one party though their numbers
// differ (Trust 2004-1 / 2004-2), which screening here keeps apart.
func TestNomenklaturaPairs(t *testing.T) {
	all, by := evalPairs(t, "testdata/nomenklatura-pairs.csv", [2]int{2, 3}, 4, 0, DefaultThreshold)
	for c, r := range by {
		t.Logf("%-30s tp %3d fp %3d tn %3d fn %3d", c, r.tp, r.fp, r.tn, r.fn)
	}
	t.Logf("all: tp %d fp %d tn %d fn %d, F1 %.3f at %.2f", all.tp, all.fp, all.tn, all.fn, all.f1(), DefaultThreshold)
	if f1 := all.f1(); f1 < 0.85 {
		t.Errorf("F1 %.3f at the alert threshold, below 0.85", f1)
	}
}
