package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestLinksAreEncodedOnce: the language switch returns to the page and
// query it was used on (a double-encoded back= sent everyone to the
// dashboard), and the lot links of an enterprise page open the lot (they
// were double-encoded and answered 400).
func TestLinksAreEncodedOnce(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	_, body := b.get("/alerts?status=new")
	m := regexp.MustCompile(`href="(/lang\?[^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no language switch")
	}
	code, _, hd := b.do("GET", html.UnescapeString(m[1]), nil)
	if code != http.StatusSeeOther || hd.Get("Location") != "/alerts?status=new" {
		t.Errorf("language switch %s: %d to %q, want /alerts?status=new", m[1], code, hd.Get("Location"))
	}
	_, body = b.get("/enterprises/91431300MA4LTB0012")
	lots := regexp.MustCompile(`href="(/trace\?lot=[^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(lots) == 0 {
		t.Fatal("the enterprise page links no lot")
	}
	for _, l := range lots[:min(3, len(lots))] {
		u := html.UnescapeString(l[1])
		if strings.Contains(u, "%25") {
			t.Errorf("double-encoded lot link %s", u)
		}
		if code, _ := b.get(u); code != http.StatusOK {
			t.Errorf("lot link %s: %d", u, code)
		}
	}
}
