package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"orewatch/internal/core"
)

// TestExportFormulaCells: the bundle export keeps a formula-like cell as
// it came (it round-trips), and --spreadsheet-safe quotes every cell a
// spreadsheet would evaluate, extra columns' names included.
func TestExportFormulaCells(t *testing.T) {
	c, err := core.USCCCheckChar("91430000MA4L00001")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bundle.json"), []byte(`{"format": "orewatch-bundle/1"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "enterprises.csv"), []byte(fmt.Sprintf(
		"uscc,name,province,segments,address,@note\n91430000MA4L00001%c,\"=cmd|' /C calc'!A0\",430000,smelting,+1+cmd|x,-2+3\n", c)), 0o644)
	vars := map[string]string{"OREWATCH_DATA_DIR": filepath.Join(t.TempDir(), "data")}
	if r := runCLI(t, vars, "import", dir); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	read := func(args ...string) [][]string {
		out := filepath.Join(t.TempDir(), "out")
		if r := runCLI(t, vars, append([]string{"export", "--out", out}, args...)...); r.code != 0 {
			t.Fatalf("export %v: %+v", args, r)
		}
		f, err := os.Open(filepath.Join(out, "enterprises.csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	cell := func(recs [][]string, col string) string {
		for i, h := range recs[0] {
			if strings.TrimPrefix(h, "'") == col {
				return recs[1][i]
			}
		}
		t.Fatalf("no column %s in %v", col, recs[0])
		return ""
	}
	lossless := read()
	if cell(lossless, "name") != "=cmd|' /C calc'!A0" || cell(lossless, "address") != "+1+cmd|x" || cell(lossless, "@note") != "-2+3" {
		t.Errorf("the bundle export changed cells: %v", lossless)
	}
	safe := read("--spreadsheet-safe")
	if cell(safe, "name") != "'=cmd|' /C calc'!A0" || cell(safe, "address") != "'+1+cmd|x" || cell(safe, "@note") != "'-2+3" || !strings.Contains(strings.Join(safe[0], ","), "'@note") {
		t.Errorf("the spreadsheet export left formulas: %v", safe)
	}
}
