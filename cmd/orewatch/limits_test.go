package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"orewatch/internal/bundle/hostile"
)

// TestImportLimits: import and analyze refuse a hostile archive with exit
// status 2 and a message naming the entry and the limit; a limit set by
// flag or environment applies.
func TestImportLimits(t *testing.T) {
	dir := t.TempDir()
	lying, err := hostile.LyingZip("declarations.csv", []byte(hostile.DeclarationsHeader), 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	zp := filepath.Join(dir, "lying.zip")
	os.WriteFile(zp, lying, 0o644)
	vars := map[string]string{"OREWATCH_DATA_DIR": filepath.Join(dir, "data")}
	for _, args := range [][]string{
		{"import", zp},
		{"analyze", zp, "--out", filepath.Join(dir, "out")},
	} {
		r := runCLI(t, vars, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "declarations.csv") || !strings.Contains(r.stderr, "import-max-entry-bytes") {
			t.Errorf("%v: exit %d, %s", args, r.code, r.stderr)
		}
	}
	many, err := hostile.ManyEntries(30)
	if err != nil {
		t.Fatal(err)
	}
	mp := filepath.Join(dir, "many.zip")
	os.WriteFile(mp, many, 0o644)
	r := runCLI(t, vars, "import", "--import-max-entries", "20", mp)
	if r.code != 2 || !strings.Contains(r.stderr, "31 entries") {
		t.Errorf("flag: exit %d, %s", r.code, r.stderr)
	}
	vars["OREWATCH_IMPORT_MAX_ENTRIES"] = "25"
	if r := runCLI(t, vars, "import", mp); r.code != 2 || !strings.Contains(r.stderr, "limit of 25") {
		t.Errorf("env: exit %d, %s", r.code, r.stderr)
	}
	if r := runCLI(t, vars, "import", "--import-max-entry-bytes", "lots", mp); r.code != 2 || !strings.Contains(r.stderr, "import-max-entry-bytes") {
		t.Errorf("bad value: exit %d, %s", r.code, r.stderr)
	}
}
