package web_test

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCaseFileAndTimeline: the case page's timeline keeps every change
// with its actor (not only the last status), and the printable case file
// holds the case, its alerts, notes, files and the whole audit trail, in
// both languages, for every agency on the case and no other.
func TestCaseFileAndTimeline(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	tok := b.csrf("/alerts")
	code, _, hd := b.do("POST", "/cases", url.Values{"csrf": {tok}, "id": {"DEC-530120250000000003-LICENCE_MISSING"}, "title": {"锑锭伪报案"}, "invite": {"MPS"}})
	if code != 303 {
		t.Fatalf("open case: %d", code)
	}
	casePath := hd.Get("Location")
	// The alert is now escalated, which is final: its page offers no
	// triage and no second case, and names its subject in words.
	if _, ap := b.get("/alerts/DEC-530120250000000003-LICENCE_MISSING"); strings.Contains(ap, `formaction="/alerts/triage"`) || strings.Contains(ap, `formaction="/cases"`) || !strings.Contains(ap, "报关单: ") {
		t.Errorf("an escalated alert's page offers triage or a case, or names its subject by code")
	}
	if code, _, _ := b.do("POST", "/cases", url.Values{"csrf": {tok}, "id": {"DEC-530120250000000003-LICENCE_MISSING"}, "title": {"x"}, "invite": {"MSP"}}); code != 400 {
		t.Errorf("inviting an unknown agency: %d, want 400", code)
	}
	if code, _, _ := b.do("POST", casePath+"/notes", url.Values{"csrf": {tok}, "text": {"海关查验发现夹带锑锭"}}); code != 303 {
		t.Fatalf("note: %d", code)
	}
	for _, st := range []string{"under_consultation", "referred"} {
		if code, _, _ := b.do("POST", casePath+"/update", url.Values{"csrf": {tok}, "status": {st}, "decision": {"决定 " + st}}); code != 303 {
			t.Fatalf("update to %s: %d", st, code)
		}
	}
	_, page := b.get(casePath)
	timeline := regexp.MustCompile(`(?s)<ol class="timeline" id="timeline">.*?</ol>`).FindString(page)
	if strings.Count(timeline, "analyst (GAC)") < 4 || !strings.Contains(timeline, "决定 under_consultation") || !strings.Contains(timeline, "决定 referred") {
		t.Errorf("the timeline lacks a change or its actor:\n%s", timeline)
	}
	if !strings.Contains(page, `href="`+casePath+`/print"`) {
		t.Errorf("no link to the case file")
	}
	if !strings.Contains(page, `id="invite2-MOFCOM"`) || !strings.Contains(page, "商务部") {
		t.Errorf("agencies are not offered from the list")
	}
	// A note is shared with agencies ticked from the case's own, never
	// typed: MPS is offered, the author's own agency is not.
	if !strings.Contains(page, `id="share-MPS" name="share" value="MPS"`) && !strings.Contains(page, `name="share" value="MPS" id="share-MPS"`) || strings.Contains(page, `id="share-GAC"`) {
		t.Errorf("the note's sharing is not ticked from the case's agencies")
	}
	if code, _, _ := b.do("POST", casePath+"/notes", url.Values{"csrf": {tok}, "text": {"仅供公安部参阅"}, "share": {"MPS"}}); code != 303 {
		t.Errorf("a note shared by a ticked box: %d", code)
	}
	if _, page := b.get(casePath); !strings.Contains(page, "<p>仅供公安部参阅</p>") {
		t.Errorf("the note shared by a ticked box is not on the case")
	}
	for lang, heading := range map[string]string{"zh": "审计记录", "en": "Audit trail"} {
		b.get("/lang?to=" + lang)
		code, printed := b.get(casePath + "/print")
		if code != 200 {
			t.Fatalf("%s: case file %d", lang, code)
		}
		for _, want := range []string{"锑锭伪报案", "海关查验发现夹带锑锭", heading, `id="case-trail"`, `id="case-alerts"`, "DEC-530120250000000003-LICENCE_MISSING", "case.open", "case.note", "case.update"} {
			if !strings.Contains(printed, want) {
				t.Errorf("%s: the case file lacks %q", lang, want)
			}
		}
	}
	police := s.browser(t).signIn("police")
	if code, _ := police.get(casePath + "/print"); code != 200 {
		t.Errorf("the invited MPS investigator: %d", code)
	}
	if code, _ := s.browser(t).signIn("viewer").get(casePath + "/print"); code != 403 && code != 404 {
		t.Errorf("an agency not on the case: %d", code)
	}

	// The PDF: the same file, with the notes each reader may see — an
	// MPS note its author keeps private is in MPS's file, not GAC's.
	if code, _, _ := police.do("POST", casePath+"/notes", url.Values{"csrf": {police.csrf(casePath)}, "text": {"线人称货主另有账外库存"}, "private": {"on"}}); code != 303 {
		t.Fatalf("private note: %d", code)
	}
	b.get("/lang?to=zh")
	if !strings.Contains(page, `href="`+casePath+`/file.pdf"`) {
		t.Errorf("no link to the PDF")
	}
	for _, c := range []struct {
		who      *browser
		want     []string
		dontWant []string
	}{
		{b, []string{"案卷", "锑锭伪报案", "海关查验发现夹带锑锭", "审计记录", "LICENCE_MISSING", "GAC海关总署", "决定referred"}, []string{"线人称货主另有账外库存"}},
		{police, []string{"锑锭伪报案", "海关查验发现夹带锑锭", "线人称货主另有账外库存"}, nil},
	} {
		code, body, hd := c.who.do("GET", casePath+"/file.pdf", nil)
		if code != 200 || hd.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
			t.Fatalf("PDF: %d %s %.8q", code, hd.Get("Content-Type"), body)
		}
		text := pdfText(t, body)
		if text == "" {
			break // no reader here: pdfText said so
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("the PDF lacks %q", w)
			}
		}
		for _, w := range c.dontWant {
			if strings.Contains(text, w) {
				t.Errorf("the PDF shows %q to a reader who may not see it", w)
			}
		}
	}
	if code, _ := s.browser(t).signIn("viewer").get(casePath + "/file.pdf"); code != 403 && code != 404 {
		t.Errorf("the PDF to an agency not on the case: %d", code)
	}
}

// pdfText is a PDF's text with white space removed, read back by poppler's
// pdftotext; without it the text is not checked, and the test says so.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	exe, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("SKIPPED the PDF's text: no pdftotext (poppler-utils)")
		return ""
	}
	p := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(p, []byte(pdf), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(exe, "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}
