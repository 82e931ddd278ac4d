package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testFont finds a Chinese font as the server would; without one the PDF
// tests skip, saying so (.ci/run installs one, so CI always runs them).
func testFont(t *testing.T) *Font {
	t.Helper()
	f, err := FindFont("")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI has no PDF font: %v", err)
		}
		t.Skipf("SKIPPED: %v", err)
	}
	return f
}

func TestWriteCaseLikeDocument(t *testing.T) {
	font := testFont(t)
	long := strings.Repeat("湖南某冶炼厂以锑锭伪报为铅锭，经香港转口。", 30)
	d := &Doc{
		Title:   "案卷 · 湖南锑出口无许可证",
		Author:  "analyst (GAC)",
		Created: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC),
		Footer:  "OreWatch · CASE-1",
		Facts:   []Fact{{"编号", "CASE-1"}, {"牵头部门", "海关总署 GAC"}, {"Status", "open · 開放"}},
		Sections: []Section{
			{Heading: "预警与发现", Table: &Table{Header: []string{"编号", "代码", "分值", "摘要"}, Widths: []float64{3, 2, 1, 6},
				Rows: [][]string{{"DEC-530120250000000003-LICENCE_MISSING", "LICENCE_MISSING", "95", long}}}},
			{Heading: "批注", Lines: []string{"已请公安部会商", long}, Numbered: true},
			{Heading: "附件", Empty: "—"},
		},
	}
	for i := range 120 { // enough rows for several pages, the header repeated
		d.Sections[0].Table.Rows = append(d.Sections[0].Table.Rows, []string{"A" + strings.Repeat("x", i%50), "CODE", "1", "行"})
	}
	var buf bytes.Buffer
	if err := Write(&buf, d, font); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if d := os.Getenv("REPORT_KEEP"); d != "" {
		os.WriteFile(d, b, 0o644)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[len(b)-32:], []byte("%%EOF")) {
		t.Fatalf("not a PDF: %.20q … %q", b, b[len(b)-32:])
	}
	if len(b) > 2<<20 {
		t.Errorf("the PDF is %d bytes: the font should be embedded as a subset", len(b))
	}
	// The text must come back out as written: the font embedded with its
	// mapping to Unicode, so a reader can search and copy it.
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("SKIPPED: no pdftotext (poppler-utils) to read the PDF back")
	}
	p := filepath.Join(t.TempDir(), "case.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"湖南锑出口无许可证", "海关总署GAC", "已请公安部会商", "開放", "LICENCE_MISSING", "1/"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	info, _ := exec.Command("pdfinfo", p).Output()
	if pages := string(info); !strings.Contains(pages, "Pages:") || strings.Contains(pages, "Pages:           1\n") {
		t.Errorf("expected several pages:\n%s", info)
	}
}

func TestFirstFace(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"short", []byte("ttcf"), false},
		{"otf", append([]byte("OTTO"), make([]byte, 20)...), false},
		{"garbage", bytes.Repeat([]byte{7}, 40), false},
		{"empty collection", append([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x00"), make([]byte, 8)...), false},
		{"face outside", []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\xff\xff"), false},
		{"ttf", append([]byte("\x00\x01\x00\x00"), make([]byte, 20)...), true},
	} {
		_, err := firstFace(c.in)
		if (err == nil) != c.ok {
			t.Errorf("%s: err %v", c.name, err)
		}
	}
}

func FuzzFirstFace(f *testing.F) {
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10\x00\x01\x00\x00\x00\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		firstFace(b) // must not panic on any input
	})
}
