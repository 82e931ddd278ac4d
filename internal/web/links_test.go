package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"orewatch/internal/core"
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

// TestAlertsPastTheEnd: an offset past the last alert goes to the last
// page instead of showing "663–663 / 663" over an empty table.
func TestAlertsPastTheEnd(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	code, _, hd := b.do("GET", "/alerts?offset=99999&status=new", nil)
	if code != http.StatusSeeOther || !strings.Contains(hd.Get("Location"), "status=new") || !strings.Contains(hd.Get("Location"), "offset=0") {
		t.Fatalf("past the end: %d %s", code, hd.Get("Location"))
	}
	_, body := b.get(hd.Get("Location"))
	m := regexp.MustCompile(`<caption>(\d+)–(\d+) / (\d+)</caption>`).FindStringSubmatch(body)
	if m == nil || m[1] != "1" || m[2] != m[3] {
		t.Errorf("last page caption %v", m)
	}
}

// TestActionsOnlyForRolesThatMayUseThem: a viewer sees no triage or case
// buttons (they answered 403); an analyst sees them.
func TestActionsOnlyForRolesThatMayUseThem(t *testing.T) {
	s := newSite(t, true)
	alert := "/alerts/DEC-530120250000000003-LICENCE_MISSING"
	for _, tc := range []struct {
		user string
		want bool
	}{{"viewer", false}, {"analyst", true}} {
		b := s.browser(t).signIn(tc.user)
		for _, path := range []string{"/alerts", alert} {
			code, body := b.get(path)
			if code != http.StatusOK {
				t.Fatalf("%s %s: %d", tc.user, path, code)
			}
			if got := strings.Contains(body, `formaction="/alerts/triage"`); got != tc.want {
				t.Errorf("%s on %s: triage buttons shown %v, want %v", tc.user, path, got, tc.want)
			}
			if got := strings.Contains(body, `formaction="/cases"`); got != tc.want {
				t.Errorf("%s on %s: open-case button shown %v, want %v", tc.user, path, got, tc.want)
			}
		}
	}
}

// TestEnterpriseAlerts: an enterprise page lists the alerts on its
// declarations, not only those raised on the enterprise itself (it said
// "—" while 28 existed).
func TestEnterpriseAlerts(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	_, body := b.get("/enterprises/91431300MA4LTB0012")
	m := regexp.MustCompile(`<span id="alert-total">(\d+)</span>`).FindStringSubmatch(body)
	if m == nil || m[1] == "0" || !strings.Contains(body, "/alerts/DEC-530120250000000003-LICENCE_MISSING") {
		t.Errorf("the exporter's declaration alerts are missing: %v", m)
	}
}

// TestAlertsByWeekByDeclarationDate: the alerts-by-week chart counts by
// the declarations' weeks, not the hour the analysis raised them (one bar).
func TestAlertsByWeekByDeclarationDate(t *testing.T) {
	s := newSite(t, true)
	_, body := s.browser(t).signIn("analyst").get("/dashboard")
	weeks := map[string]bool{}
	for _, m := range regexp.MustCompile(`"(20\d\d-W\d\d)"`).FindAllStringSubmatch(body, -1) {
		weeks[m[1]] = true
	}
	if len(weeks) < 2 {
		t.Errorf("alerts fall in %d week(s): %v", len(weeks), weeks)
	}
}

// TestAlertSaysWhatToDoNext: an alert's page gives the declaration's date
// beside the day the alert was raised, and the next step with its legal
// basis, in Chinese and in English.
func TestAlertSaysWhatToDoNext(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	for _, tc := range []struct{ lang, want, basis string }{
		{"zh", "要求出口经营者提交两用物项出口许可证", "《出口管制法》第十二条"},
		{"en", "ask the exporter for the dual-use export licence", "Export Control Law, art. 12"},
	} {
		b.get("/lang?to=" + tc.lang)
		code, body := b.get("/alerts/DEC-530120250000000003-LICENCE_MISSING")
		if code != http.StatusOK || !strings.Contains(body, `id="next-step"`) || !strings.Contains(body, tc.want) || !strings.Contains(body, tc.basis) {
			t.Errorf("%s: %d, next step or basis missing", tc.lang, code)
		}
		if !strings.Contains(body, "2025-03-03") {
			t.Errorf("%s: the declaration's date is not shown", tc.lang)
		}
		// The exporter, named and linked, with its record of alerts; the
		// evidence as labelled facts whose records are links.
		exporter := regexp.MustCompile(`(?s)<dd id="exporter">.*?</dd>`).FindString(body)
		if !strings.Contains(exporter, `href="/enterprises/`) || !strings.Contains(exporter, "#enterprise-alerts") {
			t.Errorf("%s: the exporter or its history is missing: %s", tc.lang, exporter)
		}
		facts := regexp.MustCompile(`(?s)<table id="evidence-facts">.*?</table>`).FindString(body)
		if !strings.Contains(facts, `<a href="/enterprises/`) {
			t.Errorf("%s: the evidence's exporter is not a link: %.400s", tc.lang, facts)
		}
		if tc.lang == "zh" && (strings.Contains(facts, "exporter_uscc") || !strings.Contains(facts, "出口企业")) {
			t.Errorf("zh: the evidence's labels are keys: %.400s", facts)
		}
	}
	// A pattern's signals in the page's language, the parties it names
	// linked to the network.
	as, _, err := s.store.Alerts().List(context.Background(), core.AlertFilter{Code: "TRANSSHIPMENT", Limit: 1})
	if err != nil || len(as) == 0 {
		t.Fatalf("no transshipment alert in the demo world: %v", err)
	}
	b.get("/lang?to=zh")
	_, body := b.get("/alerts/" + as[0].ID)
	signals := regexp.MustCompile(`(?s)<table id="signals">.*?</table>`).FindString(body)
	if signals == "" || regexp.MustCompile(`<td>[A-Za-z][a-z]+ [a-z]+ [a-z]+`).MatchString(signals) {
		t.Errorf("the signals are missing or in English on a Chinese page: %.500s", signals)
	}
	if !strings.Contains(body, `href="/network?party=P3"`) {
		t.Errorf("the consignee's node is not linked to the network")
	}
}

// TestSearch: the search box finds a declaration by number, an enterprise
// by part of its name, a party by a Traditional spelling, alerts by their
// subject; a province-scoped officer finds only their province's; an
// empty search says so.
func TestSearch(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	code, body := b.get("/dashboard")
	if code != http.StatusOK || !strings.Contains(body, `action="/search"`) {
		t.Fatalf("no search box in the header: %d", code)
	}
	for _, tc := range []struct{ q, want string }{
		{"530120250000000003", `href="/declarations/530120250000000003"`},
		{"530120250000000003", `href="/alerts/DEC-530120250000000003-LICENCE_MISSING"`},
		{"91431300MA4LTB0012", `href="/enterprises/91431300MA4LTB0012"`},
		{"antimony:L1", `href="/trace?lot=antimony`},
	} {
		code, body := b.get("/search?q=" + url.QueryEscape(tc.q))
		if code != http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("search %q: %d, lacks %s", tc.q, code, tc.want)
		}
	}
	if _, body := b.get("/search?q=zzzz-nothing"); !strings.Contains(body, `id="no-results"`) {
		t.Error("a search that finds nothing does not say so")
	}
	guangxi := s.browser(t).signIn("guangxi")
	for _, q := range []string{"530120250000000003", "91431300MA4LTB0012"} {
		if _, body := guangxi.get("/search?q=" + q); strings.Contains(body, `href="/declarations/530120250000000003"`) ||
			strings.Contains(body, `href="/enterprises/91431300MA4LTB0012"`) || strings.Contains(body, "DEC-530120250000000003") {
			t.Errorf("a Guangxi officer's search for %s finds Hunan's", q)
		}
	}
}
