package evaluate

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRun scores a small world by hand: four declarations, two planted.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("truth.csv", "\ufeffsubject_type,subject_id,code,variant\n"+
		"declaration,D1,TRANSSHIPMENT,front\n"+
		"declaration,D2,LICENCE_MISSING,none\n"+
		"party,P1,TRANSSHIPMENT,front\n")
	write("declarations.jsonl", `{"declaration_no":"D1","channel":"yellow","score":55,"findings":[{"code":"NETWORK_RISK"},{"code":"TRANSSHIPMENT"}]}
{"declaration_no":"D2","channel":"red","score":90,"findings":[{"code":"LICENCE_MISSING"}]}
{"declaration_no":"D3","channel":"yellow","score":40,"findings":[{"code":"VALUE_ANOMALY"}]}
{"declaration_no":"D4","channel":"green","score":0,"findings":[]}
`)
	write("alerts.jsonl", `{"subject_type":"party","subject_id":"P1","code":"TRANSSHIPMENT"}
{"subject_type":"party","subject_id":"P2","code":"TRANSSHIPMENT"}
`)
	rep, err := Run(filepath.Join(dir, "truth.csv"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Declarations != 4 || rep.Planted != 2 {
		t.Fatalf("declarations %d planted %d, want 4 and 2", rep.Declarations, rep.Planted)
	}
	if rep.CleanRed != 0 || rep.CleanFlagged != 1 || rep.FalseFlagRate != 0.5 {
		t.Errorf("clean red %d, clean flagged %d (%.2f), want 0, 1 (0.50)", rep.CleanRed, rep.CleanFlagged, rep.FalseFlagRate)
	}
	if rep.RedPrecision != 1 {
		t.Errorf("red precision %.2f, want 1", rep.RedPrecision)
	}
	byCode := map[string]CodeScore{}
	for _, c := range rep.Codes {
		byCode[c.Code] = c
	}
	if c := byCode["TRANSSHIPMENT"]; c.Recall != 1 || c.Alerts != 2 || c.AlertPrecision != 0.5 {
		t.Errorf("TRANSSHIPMENT recall %.2f, alerts %d, alert precision %.2f; want 1, 2, 0.50", c.Recall, c.Alerts, c.AlertPrecision)
	}
}
