package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ruleCodes are the deterministic checks: they must find every planted
// case and be right when they say red.
var ruleCodes = map[string]bool{"CONTROL_UNDECLARED": true, "LICENCE_MISSING": true, "LICENCE_INVALID": true, "LICENCE_MISMATCH": true,
	"LICENCE_EXCEEDED": true, "DESTINATION_PROHIBITED": true, "END_USER_LISTED": true, "UNREGISTERED_ENTERPRISE": true}

// TestSimulateAnalyzeEval runs the evaluation loop the issue sets its bar
// on, on two seeds of a small world, and a rough world (messier data) with
// the same bar for rule codes and the inspection budget, 0.8 for patterns.
func TestSimulateAnalyzeEval(t *testing.T) {
	for _, tc := range []struct {
		seed          string
		rough         bool
		patternRecall float64
	}{{"11", false, 0.9}, {"12", false, 0.9}, {"13", true, 0.8}} {
		seed := tc.seed
		t.Run(fmt.Sprintf("seed %s rough %v", seed, tc.rough), func(t *testing.T) {
			world, out := filepath.Join(t.TempDir(), "world"), filepath.Join(t.TempDir(), "out")
			args := []string{"simulate", "--seed", seed, "--scale", "0.3", "--out", world}
			if tc.rough {
				args = append(args, "--rough")
			}
			if r := runCLI(t, nil, args...); r.code != 0 || !strings.Contains(r.stdout, "planted") {
				t.Fatalf("simulate: %d %s %s", r.code, r.stdout, r.stderr)
			}
			if r := runCLI(t, nil, "analyze", world, "--out", out); r.code != 0 {
				t.Fatalf("analyze: %d %s", r.code, r.stderr)
			}
			r := runCLI(t, nil, "eval", "--truth", filepath.Join(world, "truth.csv"), "--out", out)
			if r.code != 0 || !strings.Contains(r.stdout, "top 5%") {
				t.Fatalf("eval: %d %s %s", r.code, r.stdout, r.stderr)
			}
			b, err := os.ReadFile(filepath.Join(out, "eval.json"))
			if err != nil {
				t.Fatal(err)
			}
			var rep struct {
				Codes []struct {
					Code         string   `json:"code"`
					Recall       *float64 `json:"recall"`
					RedPrecision *float64 `json:"red_precision"`
				} `json:"codes"`
				Top5Recall   float64 `json:"top5_recall"`
				FalseRedRate float64 `json:"false_red_rate"`
			}
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Fatal(err)
			}
			if len(rep.Codes) < 16 {
				t.Errorf("evaluated %d codes, want all 16", len(rep.Codes))
			}
			for _, c := range rep.Codes {
				switch {
				case c.Recall == nil:
					t.Errorf("%s: nothing planted", c.Code)
				case ruleCodes[c.Code] && (*c.Recall < 1 || c.RedPrecision == nil || *c.RedPrecision < 0.99):
					t.Errorf("%s: recall %v, red precision %v; want 1 and >= 0.99", c.Code, *c.Recall, c.RedPrecision)
				case *c.Recall < tc.patternRecall:
					t.Errorf("%s: recall %.3f < %.1f", c.Code, *c.Recall, tc.patternRecall)
				}
			}
			if rep.Top5Recall < 0.9 {
				t.Errorf("top 5%% holds %.3f of planted declarations, want >= 0.9", rep.Top5Recall)
			}
			if rep.FalseRedRate > 0.005 {
				t.Errorf("false red on clean declarations %.4f > 0.005", rep.FalseRedRate)
			}
		})
	}
}
