// Package evaluate scores an analysis against a world's truth: per-code
// recall and red precision, and how much of the planted risk an inspection
// budget (the top 1 % and 5 % by score) would catch.
package evaluate

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
)

// CodeScore is one code's evaluation.
type CodeScore struct {
	Code         string  `json:"code"`
	Planted      int     `json:"planted"`
	Found        int     `json:"found"`
	Recall       float64 `json:"recall"`
	Red          int     `json:"red"`           // declarations red with this code
	RedTrue      int     `json:"red_true"`      // of which planted (any code)
	RedPrecision float64 `json:"red_precision"` // NaN when nothing is red
	Flagged      int     `json:"flagged"`       // declarations with this code, any channel
	Precision    float64 `json:"precision"`     // of those, planted (any code)
	// For codes planted on enterprises or parties: their alerts, and the
	// share whose subject was planted with the code.
	Alerts         int     `json:"alerts"`
	AlertPrecision float64 `json:"alert_precision"`
}

// Report is the whole evaluation.
type Report struct {
	Declarations   int         `json:"declarations"`
	Planted        int         `json:"planted_declarations"`
	Codes          []CodeScore `json:"codes"`
	Top1Precision  float64     `json:"top1_precision"`
	Top1Recall     float64     `json:"top1_recall"`
	Top5Precision  float64     `json:"top5_precision"`
	Top5Recall     float64     `json:"top5_recall"`
	CleanRed       int         `json:"clean_red"`
	FalseRedRate   float64     `json:"false_red_rate"`
	CleanFlagged   int         `json:"clean_flagged"` // clean declarations yellow or red
	FalseFlagRate  float64     `json:"false_flag_rate"`
	RedPrecision   float64     `json:"red_precision"`
	MissedExamples []string    `json:"missed_examples,omitempty"`
}

type decl struct {
	No       string `json:"declaration_no"`
	Channel  string `json:"channel"`
	Score    int    `json:"score"`
	Findings []struct {
		Code string `json:"code"`
	} `json:"findings"`
}

type alert struct {
	SubjectType string `json:"subject_type"`
	SubjectID   string `json:"subject_id"`
	Code        string `json:"code"`
}

// Run reads truth.csv and the results directory of 'orewatch analyze'.
func Run(truthPath, resultsDir string) (*Report, error) {
	truth, err := readTruth(truthPath)
	if err != nil {
		return nil, err
	}
	var decls []decl
	if err := readJSONL(resultsDir+"/declarations.jsonl", func(b []byte) error {
		var d decl
		if err := json.Unmarshal(b, &d); err != nil {
			return err
		}
		decls = append(decls, d)
		return nil
	}); err != nil {
		return nil, err
	}
	alerts := map[[3]string]bool{}
	var alertList [][3]string
	if err := readJSONL(resultsDir+"/alerts.jsonl", func(b []byte) error {
		var a alert
		if err := json.Unmarshal(b, &a); err != nil {
			return err
		}
		k := [3]string{a.SubjectType, a.SubjectID, a.Code}
		alerts[k] = true
		alertList = append(alertList, k)
		return nil
	}); err != nil {
		return nil, err
	}
	return score(truth, decls, alerts, alertList), nil
}

type truthRow struct{ typ, id, code, variant string }

func readTruth(path string) ([]truthRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	idx := map[string]int{}
	for i, h := range head {
		idx[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range []string{"subject_type", "subject_id", "code"} {
		if _, ok := idx[c]; !ok {
			return nil, fmt.Errorf("%s: line 1: missing column %q", path, c)
		}
	}
	var out []truthRow
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", path, line, err)
		}
		t := truthRow{typ: rec[idx["subject_type"]], id: rec[idx["subject_id"]], code: rec[idx["code"]]}
		if i, ok := idx["variant"]; ok {
			t.variant = rec[i]
		}
		out = append(out, t)
	}
}

func readJSONL(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s: line %d: %w", path, line, err)
		}
	}
	return sc.Err()
}

func score(truth []truthRow, decls []decl, alerts map[[3]string]bool, alertList [][3]string) *Report {
	planted := map[string]bool{}
	for _, t := range truth {
		if t.typ == "declaration" {
			planted[t.id] = true
		}
	}
	byNo := map[string]*decl{}
	codesOf := map[string]map[string]bool{}
	for i := range decls {
		d := &decls[i]
		byNo[d.No] = d
		cs := map[string]bool{}
		for _, f := range d.Findings {
			cs[f.Code] = true
		}
		codesOf[d.No] = cs
	}
	rep := &Report{Declarations: len(decls)}
	for no := range planted {
		if byNo[no] != nil {
			rep.Planted++
		}
	}
	perCode := map[string]*CodeScore{}
	get := func(c string) *CodeScore {
		if perCode[c] == nil {
			perCode[c] = &CodeScore{Code: c}
		}
		return perCode[c]
	}
	for _, t := range truth {
		cs := get(t.code)
		cs.Planted++
		found := false
		switch t.typ {
		case "declaration":
			found = codesOf[t.id][t.code]
		default:
			found = alerts[[3]string{t.typ, t.id, t.code}]
		}
		if found {
			cs.Found++
		} else if len(rep.MissedExamples) < 20 {
			rep.MissedExamples = append(rep.MissedExamples, fmt.Sprintf("%s %s %s (%s)", t.code, t.typ, t.id, t.variant))
		}
	}
	subjectCodes := map[string]bool{} // codes planted on enterprises or parties
	plantedAlert := map[[3]string]bool{}
	for _, t := range truth {
		if t.typ != "declaration" {
			subjectCodes[t.code] = true
			plantedAlert[[3]string{t.typ, t.id, t.code}] = true
		}
	}
	alertTrue := map[string]int{}
	for _, a := range alertList {
		if a[0] != "declaration" && subjectCodes[a[2]] {
			get(a[2]).Alerts++
			if plantedAlert[a] {
				alertTrue[a[2]]++
			}
		}
	}
	red, redTrue := 0, 0
	for _, d := range decls {
		if !planted[d.No] && (d.Channel == "red" || d.Channel == "yellow") {
			rep.CleanFlagged++
		}
		if d.Channel == "red" {
			red++
			if planted[d.No] {
				redTrue++
			} else {
				rep.CleanRed++
			}
		}
		for c := range codesOf[d.No] {
			cs := get(c)
			cs.Flagged++
			if planted[d.No] {
				cs.Precision++
			}
			if d.Channel == "red" {
				cs.Red++
				if planted[d.No] {
					cs.RedTrue++
				}
			}
		}
	}
	rep.RedPrecision = ratio(redTrue, red)
	if clean := len(decls) - rep.Planted; clean > 0 {
		rep.FalseRedRate = float64(rep.CleanRed) / float64(clean)
		rep.FalseFlagRate = float64(rep.CleanFlagged) / float64(clean)
	}
	sorted := append([]decl(nil), decls...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Score != sorted[j].Score {
			return sorted[i].Score > sorted[j].Score
		}
		return sorted[i].No < sorted[j].No
	})
	top := func(share float64) (float64, float64) {
		k := int(math.Ceil(share * float64(len(sorted))))
		hit := 0
		for _, d := range sorted[:min(k, len(sorted))] {
			if planted[d.No] {
				hit++
			}
		}
		return ratio(hit, k), ratio(hit, rep.Planted)
	}
	rep.Top1Precision, rep.Top1Recall = top(0.01)
	rep.Top5Precision, rep.Top5Recall = top(0.05)
	for _, cs := range perCode {
		cs.Recall = ratio(cs.Found, cs.Planted)
		cs.RedPrecision = ratio(cs.RedTrue, cs.Red)
		cs.Precision = ratio(int(cs.Precision), cs.Flagged)
		cs.AlertPrecision = ratio(alertTrue[cs.Code], cs.Alerts)
		rep.Codes = append(rep.Codes, *cs)
	}
	sort.Slice(rep.Codes, func(i, j int) bool { return rep.Codes[i].Code < rep.Codes[j].Code })
	return rep
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%-24s %8s %7s %8s %10s %9s %7s %10s\n", "code", "planted", "recall", "flagged", "precision", "red prec", "alerts", "alert prec")
	for _, c := range r.Codes {
		fmt.Fprintf(w, "%-24s %8d %7s %8d %10s %9s %7d %10s\n", c.Code, c.Planted, pct(c.Recall), c.Flagged, pct(c.Precision), pct(c.RedPrecision), c.Alerts, pct(c.AlertPrecision))
	}
	fmt.Fprintf(w, "\n%d declarations, %d planted (%.1f%%)\n", r.Declarations, r.Planted, 100*float64(r.Planted)/math.Max(1, float64(r.Declarations)))
	fmt.Fprintf(w, "top 1%%: precision %s, recall %s\n", pct(r.Top1Precision), pct(r.Top1Recall))
	fmt.Fprintf(w, "top 5%%: precision %s, recall %s\n", pct(r.Top5Precision), pct(r.Top5Recall))
	fmt.Fprintf(w, "red precision %s; false red on clean declarations %d (%.2f%%)\n", pct(r.RedPrecision), r.CleanRed, 100*r.FalseRedRate)
	fmt.Fprintf(w, "clean declarations yellow or red %d (%.2f%%)\n", r.CleanFlagged, 100*r.FalseFlagRate)
}

// JSON writes the report; a ratio with nothing to measure (NaN) is null.
func (r *Report) JSON() ([]byte, error) {
	codes := make([]map[string]any, len(r.Codes))
	for i, c := range r.Codes {
		codes[i] = map[string]any{"code": c.Code, "planted": c.Planted, "found": c.Found, "recall": nanNull(c.Recall), "flagged": c.Flagged,
			"precision": nanNull(c.Precision), "red": c.Red, "red_true": c.RedTrue, "red_precision": nanNull(c.RedPrecision),
			"alerts": c.Alerts, "alert_precision": nanNull(c.AlertPrecision)}
	}
	return json.MarshalIndent(map[string]any{"declarations": r.Declarations, "planted_declarations": r.Planted, "codes": codes,
		"top1_precision": nanNull(r.Top1Precision), "top1_recall": nanNull(r.Top1Recall), "top5_precision": nanNull(r.Top5Precision),
		"top5_recall": nanNull(r.Top5Recall), "clean_red": r.CleanRed, "false_red_rate": nanNull(r.FalseRedRate),
		"clean_flagged": r.CleanFlagged, "false_flag_rate": nanNull(r.FalseFlagRate), "red_precision": nanNull(r.RedPrecision),
		"missed_examples": r.MissedExamples}, "", "  ")
}

func nanNull(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return math.Round(v*10000) / 10000
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.3f", v)
}
