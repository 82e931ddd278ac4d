package web_test

import (
	"net/url"
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
	if code, _ := s.browser(t).signIn("police").get(casePath + "/print"); code != 200 {
		t.Errorf("the invited MPS investigator: %d", code)
	}
	if code, _ := s.browser(t).signIn("viewer").get(casePath + "/print"); code != 403 && code != 404 {
		t.Errorf("an agency not on the case: %d", code)
	}
}
