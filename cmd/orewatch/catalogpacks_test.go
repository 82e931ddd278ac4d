package main

import (
	"os"
	"strings"
	"testing"
)

// TestCatalogPackCommands: a pack applied at the command line is in the
// store's catalogue (packs, calendar), applied again changes nothing, a
// dry run stores nothing, a bad pack names its line, and diff says what a
// pack changes.
func TestCatalogPackCommands(t *testing.T) {
	const pack = "../../internal/catalog/testdata/packs/extend-us-suspension.yaml"
	env := map[string]string{"OREWATCH_DATA_DIR": t.TempDir(), "USER": "ledger-admin"}
	if r := runCLI(t, env, "catalog", "apply", pack, "--dry-run"); r.code != 0 || !strings.Contains(r.stdout, "dry run") || !strings.Contains(r.stdout, "rule.changed") {
		t.Fatalf("dry run: %+v", r)
	}
	if r := runCLI(t, env, "catalog", "packs"); r.code != 0 || !strings.Contains(r.stdout, "no pack applied") {
		t.Fatalf("a dry run stored the pack: %+v", r)
	}
	r := runCLI(t, env, "catalog", "apply", pack)
	if r.code != 0 || !strings.Contains(r.stdout, "applied: pack TEST-2026-EXT-1 (no. 1") {
		t.Fatalf("apply: %+v", r)
	}
	if r := runCLI(t, env, "catalog", "apply", pack); r.code != 0 || !strings.Contains(r.stdout, "unchanged") {
		t.Errorf("apply again: %+v", r)
	}
	if r := runCLI(t, env, "catalog", "packs"); r.code != 0 || !strings.Contains(r.stdout, "TEST-2026-EXT-1") || !strings.Contains(r.stdout, "cli:ledger-admin") {
		t.Errorf("packs: %+v", r)
	}
	if r := runCLI(t, env, "catalog", "packs", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"id":"TEST-2026-EXT-1"`) || strings.Contains(r.stdout, `"body"`) {
		t.Errorf("packs --json: %+v", r)
	}
	// The shipped suspension ended on 2026-11-27; the pack's runs on.
	r = runCLI(t, env, "catalog", "calendar", "--from", "2026-11-01", "--to", "2027-12-31", "--impact")
	if r.code != 0 || strings.Contains(r.stdout, "2026-11-28  恢复 resumes") || !strings.Contains(r.stdout, "2027-11-11") {
		t.Errorf("calendar with the pack: %+v", r)
	}
	r = runCLI(t, env, "catalog", "diff", "shipped", "store")
	if r.code != 0 || !strings.Contains(r.stdout, "3 changes") && !strings.Contains(r.stdout, "2 changes") || !strings.Contains(r.stdout, "TEST-2026-NEW") {
		t.Errorf("diff shipped store: %+v", r)
	}
	if r := runCLI(t, nil, "catalog", "diff", "shipped", pack); r.code != 0 || !strings.Contains(r.stdout, "2027-11-10") {
		t.Errorf("diff shipped pack: %+v", r)
	}
	bad := t.TempDir() + "/bad.yaml"
	if err := os.WriteFile(bad, []byte("pack:\n  id: BAD\n  published: 2026-11-26\n  sources: [s]\nends:\n  - {measure: NO-SUCH, on: 2027-01-01, by: BAD}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, env, "catalog", "apply", bad); r.code == 0 || !strings.Contains(r.stderr, "line 6") || !strings.Contains(r.stderr, "NO-SUCH") {
		t.Errorf("a bad pack: %+v", r)
	}
	if r := runCLI(t, env, "audit", "verify"); r.code != 0 {
		t.Errorf("audit verify after applying packs: %+v", r)
	}
}
