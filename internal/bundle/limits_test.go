package bundle_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"orewatch/internal/bundle"
	"orewatch/internal/bundle/hostile"
	"orewatch/internal/core"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustBytes(t *testing.T) func([]byte, error) []byte {
	return func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

// TestHostileArchives reads every hostile bundle with the default limits
// (or small ones, where the default would take a large fixture) and wants
// the limit's error, naming the entry and the setting, before memory runs
// out: a header that lies is refused, not believed.
func TestHostileArchives(t *testing.T) {
	must := mustBytes(t)
	rows := bytes.Repeat([]byte("310120250000000001,1,2025-06-01,913600000000000000,8110101000,x,1,kg,JP,c,\n"), 4000) // 300 KiB
	small := bundle.DefaultLimits()
	small.EntryBytes, small.TotalBytes = 4<<20, 6<<20
	tests := []struct {
		name, file string
		data       []byte
		lim        bundle.Limits
		want       []string // in the error
		check      bool     // CheckArchive refuses it from the headers alone
	}{
		{"epcis entry claims 1 TiB", "a.zip", must(hostile.LyingZip("epcis/e.json", []byte(`{}`), 1<<40)),
			bundle.DefaultLimits(), []string{"epcis/e.json", "claims to hold more than", "1 GiB", "import-max-entry-bytes"}, true},
		{"csv entry claims 1 TiB and holds 300 KiB", "b.zip", must(hostile.LyingZip("declarations.csv", append([]byte(hostile.DeclarationsHeader), rows...), 1<<40)),
			bundle.DefaultLimits(), []string{"declarations.csv", "import-max-entry-bytes"}, true},
		{"a file that calls itself a folder claims 1 TiB", "c2.zip", must(hostile.FolderZip("declarations.csv", []byte(hostile.DeclarationsHeader), 1<<40)),
			bundle.DefaultLimits(), []string{"declarations.csv", "claims to hold more than", "import-max-entry-bytes"}, true},
		{"bundle.json claims 1 TiB", "c.zip", must(hostile.LyingZip("bundle.json", []byte(hostile.Meta), 1<<40)),
			bundle.DefaultLimits(), []string{"bundle.json", "import-max-entry-bytes"}, true},
		{"zip bomb 32 MiB from 32 KiB", "d.zip", must(hostile.Bomb(32 << 20)),
			bundle.DefaultLimits(), []string{"declarations.csv", "100:1", "import-max-ratio"}, true},
		{"bomb under the ratio, over the entry limit", "e.zip", must(hostile.Bomb(8 << 20)),
			func() bundle.Limits { l := small; l.Ratio = 0; return l }(), []string{"declarations.csv", "4 MiB", "import-max-entry-bytes"}, true},
		{"entries", "f.zip", must(hostile.ManyEntries(20)),
			func() bundle.Limits { l := small; l.Entries = 10; return l }(), []string{"21 entries", "limit of 10", "import-max-entries"}, true},
		{"total over entries", "g.zip", must(hostile.Zip([]string{"bundle.json", "declarations.csv", "epcis/big.json"}, map[string][]byte{
			"bundle.json":      []byte(hostile.Meta),
			"declarations.csv": append([]byte(hostile.DeclarationsHeader), bytes.Repeat(rows, 12)...),
			"epcis/big.json":   bytes.Repeat([]byte(" "), 3<<20),
		})), func() bundle.Limits { l := small; l.Ratio = 0; return l }(), []string{"big.json", "6 MiB", "import-max-total-bytes"}, true},
		{"a line of 2 MiB", "h.zip", must(hostile.Zip([]string{"bundle.json", "declarations.csv"}, map[string][]byte{
			"bundle.json": []byte(hostile.Meta), "declarations.csv": hostile.LongLine(2 << 20)})),
			func() bundle.Limits { l := bundle.DefaultLimits(); l.Ratio = 0; return l }(), []string{"declarations.csv line 2", "1 MiB", "import-max-line-bytes"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, tc.file, tc.data)
			_, err := bundle.ReadLimited(p, tc.lim)
			wantLimit(t, err, tc.want)
			cerr := bundle.CheckArchive(p, tc.lim)
			if tc.check {
				wantLimit(t, cerr, tc.want[:1])
			} else if cerr != nil {
				t.Errorf("CheckArchive: %v", cerr)
			}
		})
	}
}

func wantLimit(t *testing.T, err error, want []string) {
	t.Helper()
	if core.ErrorCode(err) != core.ETOOLARGE {
		t.Fatalf("error %v (code %s), want %s", err, core.ErrorCode(err), core.ETOOLARGE)
	}
	msg := core.ErrorMessage(err)
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q lacks %q", msg, w)
		}
	}
}

// TestFolderLimits: a bundle folder's files are held to the same limits.
func TestFolderLimits(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bundle.json"), []byte(hostile.Meta), 0o644)
	os.WriteFile(filepath.Join(dir, "declarations.csv"), append([]byte(hostile.DeclarationsHeader), bytes.Repeat([]byte("a,b\n"), 1<<20)...), 0o644)
	lim := bundle.DefaultLimits()
	lim.EntryBytes = 1 << 20
	_, err := bundle.ReadLimited(dir, lim)
	wantLimit(t, err, []string{"declarations.csv", "1 MiB", "import-max-entry-bytes"})
	lim = bundle.DefaultLimits()
	lim.TotalBytes = 2 << 20
	_, err = bundle.ReadLimited(dir, lim)
	wantLimit(t, err, []string{"declarations.csv", "import-max-total-bytes"})
	if _, err := bundle.ReadLimited(dir, bundle.DefaultLimits()); err != nil {
		t.Fatalf("within the limits: %v", err)
	}
}

// TestWorkbookLimit: a workbook is a zip too; its parts count against the
// entry limit.
func TestWorkbookLimit(t *testing.T) {
	f := excelize.NewFile()
	for i := range 3000 {
		f.SetCellValue("Sheet1", "A"+strconv.Itoa(i+1), strings.Repeat("锑", 200)+strconv.Itoa(i))
	}
	var xb bytes.Buffer
	if err := f.Write(&xb); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bundle.json"), []byte(hostile.Meta), 0o644)
	os.WriteFile(filepath.Join(dir, "bundle.xlsx"), xb.Bytes(), 0o644)
	lim := bundle.DefaultLimits()
	lim.EntryBytes = 1 << 20
	_, err := bundle.ReadLimited(dir, lim)
	wantLimit(t, err, []string{"bundle.xlsx", "import-max-entry-bytes"})
	if _, err := bundle.ReadLimited(dir, bundle.DefaultLimits()); err != nil {
		t.Fatalf("within the limits: %v", err)
	}
}
