package web_test

import (
	"regexp"
	"strings"
	"testing"
)

var rowsRe = regexp.MustCompile(`<tr><td><a href="/declarations/(\d+)">`)

// TestDeclarationsList: the list pages through the declarations newest
// first, filters by HS prefix and destination (any script), and a
// province's officer sees its own province's exporters only, counted
// before the page.
func TestDeclarationsList(t *testing.T) {
	s := newSite(t, true)
	admin := s.browser(t).signIn("admin")
	code, body := admin.get("/declarations")
	if code != 200 || len(rowsRe.FindAllString(body, -1)) == 0 {
		t.Fatalf("the list: %d", code)
	}
	all := rowsRe.FindAllStringSubmatch(body, -1)
	if code, body := admin.get("/declarations?hs=8110&dest=" + "荷蘭"); code != 200 || strings.Count(body, "<tr><td>") > len(all) {
		t.Errorf("filtered: %d", code)
	}
	if code, _ := admin.get("/declarations?dest=Atlantis"); code != 400 {
		t.Errorf("an unknown country: %d, want 400", code)
	}
	hunan := s.browser(t).signIn("hunan")
	code, hb := hunan.get("/declarations")
	if code != 200 {
		t.Fatalf("Hunan's list: %d", code)
	}
	for _, m := range rowsRe.FindAllStringSubmatch(hb, -1) {
		if c, page := hunan.get("/declarations/" + m[1]); c != 200 || strings.Contains(page, "not found") {
			t.Errorf("Hunan's list shows %s, which its officer may not open: %d", m[1], c)
		}
	}
	if strings.Contains(hb, "0–0 / 0") {
		t.Errorf("Hunan's list is empty; the demo bundle has Hunan exporters")
	}
}
