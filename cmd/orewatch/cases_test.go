package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// caseExpectation is testdata/bundles/cases/*/expected.json: what a
// correct screening raises on each declaration of a public smuggling case.
type caseExpectation struct {
	Case    string `json:"case"`
	Source  string `json:"source"`
	Flagged []struct {
		DeclarationNo string   `json:"declaration_no"`
		Codes         []string `json:"codes"`
		Optional      []string `json:"optional_codes"`
		Channel       string   `json:"channel"`
		Why           string   `json:"why"`
	} `json:"flagged"`
	Clean          []string `json:"clean"`
	ExpectedAlerts []struct {
		SubjectType string   `json:"subject_type"`
		SubjectID   string   `json:"subject_id"`
		Codes       []string `json:"codes"`
	} `json:"expected_alerts"`
}

// TestPublicCases analyses each published smuggling case, rebuilt as a
// bundle by hands that never saw the detectors (testdata/bundles/cases,
// sources in each expected.json): Shenzhen's 166 t of antimony ingots
// hidden in containers of plastic goods, Shanghai's 325 t of gallium,
// germanium and antimony under base-metal names, 600 kg of 55 % bismuth
// "solder paste" to Thailand, NdFeB magnets whose dysprosium was left
// out, and rare-earth oxides declared as nickel powder, ferroalloy, tile
// adhesive and ceramic pigment. Each offending declaration must carry its
// codes and no code outside them and the optional ones, on the channel
// given; each clean one must stay green; rows read must all be imported.
func TestPublicCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/bundles/cases/*/expected.json")
	if err != nil || len(dirs) < 5 {
		t.Fatalf("cases: %v (%d found)", err, len(dirs))
	}
	for _, exp := range dirs {
		dir := filepath.Dir(exp)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			var want caseExpectation
			b, err := os.ReadFile(exp)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatalf("%s: %v", exp, err)
			}
			out := t.TempDir()
			if r := runCLI(t, nil, "analyze", dir, "--out", out); r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if rej, _ := os.ReadFile(filepath.Join(out, "rejected.jsonl")); len(rej) > 0 {
				t.Errorf("rows rejected: %s", rej)
			}
			got := map[string]declOut{}
			for _, d := range readJSONL[declOut](t, filepath.Join(out, "declarations.jsonl")) {
				got[d.DeclarationNo] = d
			}
			for _, f := range want.Flagged {
				d, ok := got[f.DeclarationNo]
				if !ok {
					t.Errorf("%s missing from declarations.jsonl", f.DeclarationNo)
					continue
				}
				var codes []string
				for _, x := range d.Findings {
					if !slices.Contains(codes, x.Code) {
						codes = append(codes, x.Code)
					}
				}
				for _, c := range f.Codes {
					if !slices.Contains(codes, c) {
						t.Errorf("%s: %s not raised (got %v on %s); the case: %s", f.DeclarationNo, c, codes, d.Channel, f.Why)
					}
				}
				for _, c := range codes {
					if !slices.Contains(f.Codes, c) && !slices.Contains(f.Optional, c) {
						t.Errorf("%s: %s raised, which the case does not support", f.DeclarationNo, c)
					}
				}
				if f.Channel != "" && d.Channel != f.Channel {
					t.Errorf("%s: channel %s (score %d), want %s; the case: %s", f.DeclarationNo, d.Channel, d.Score, f.Channel, f.Why)
				}
			}
			for _, no := range want.Clean {
				if d, ok := got[no]; !ok || d.Channel != "green" {
					t.Errorf("clean declaration %s: %+v, want green", no, d)
				}
			}
			type alertOut struct {
				SubjectType string `json:"subject_type"`
				SubjectID   string `json:"subject_id"`
				Code        string `json:"code"`
			}
			alerts := readJSONL[alertOut](t, filepath.Join(out, "alerts.jsonl"))
			for _, a := range want.ExpectedAlerts {
				for _, c := range a.Codes {
					if !slices.Contains(alerts, alertOut{a.SubjectType, a.SubjectID, c}) {
						t.Errorf("no %s alert on %s %s", c, a.SubjectType, a.SubjectID)
					}
				}
			}
		})
	}
}
