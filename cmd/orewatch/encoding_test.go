package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"orewatch/internal/core"
	"orewatch/internal/store/storetest"
)

// TestImportBadBytesBothStores: a UTF-8 ledger of 5,000 enterprises with
// a bad byte on an early and a late row imports 4,998 and rejects the two
// with line and bytes, on SQLite and on PostgreSQL (which stopped after
// committing 4,000 rows before); nothing invalid is stored, and the export
// has every stored row.
func TestImportBadBytesBothStores(t *testing.T) {
	var sb bytes.Buffer
	sb.WriteString("uscc,name,province,segments,minerals\n")
	for i := range 5000 {
		first := fmt.Sprintf("91430000MA4L%05d", i)
		c, err := core.USCCCheckChar(first)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("湖南锑业第%d有限公司", i)
		switch i {
		case 7:
			name = "湖南\xc3\x28锑业"
		case 4500:
			name = "湖南锑业\xff"
		}
		fmt.Fprintf(&sb, "%s%c,%s,430000,smelting|export,antimony\n", first, c, name)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bundle.json"), []byte(`{"format": "orewatch-bundle/1"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "enterprises.csv"), sb.Bytes(), 0o644)
	stores := map[string]map[string]string{"sqlite": {"OREWATCH_DATA_DIR": filepath.Join(t.TempDir(), "data")}}
	if os.Getenv("OREWATCH_TEST_POSTGRES_URL") != "" {
		stores["postgres"] = map[string]string{"OREWATCH_DATABASE_URL": storetest.PostgresSchemaURL(t)}
	} else {
		t.Log("OREWATCH_TEST_POSTGRES_URL unset: PostgreSQL not tested")
	}
	for name, vars := range stores {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, vars, "import", dir)
			if r.code != 0 {
				t.Fatalf("import: exit %d: %s %s", r.code, r.stdout, r.stderr)
			}
			for _, want := range []string{"enterprises.csv:9 name=", "enterprises.csv:4502 name=", "0xC3", "0xFF"} {
				if !strings.Contains(r.stdout+r.stderr, want) {
					t.Errorf("import output lacks %q:\n%s%s", want, r.stdout, r.stderr)
				}
			}
			out := filepath.Join(t.TempDir(), "export")
			if r := runCLI(t, vars, "export", "--out", out); r.code != 0 {
				t.Fatalf("export: %+v", r)
			}
			b, err := os.ReadFile(filepath.Join(out, "enterprises.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(b) {
				t.Error("the export holds invalid UTF-8")
			}
			if n := bytes.Count(b, []byte("\n")) - 1; n != 4998 {
				t.Errorf("exported %d enterprises, want 4998", n)
			}
		})
	}
}
