package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"orewatch/data"
	"orewatch/internal/access"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/casework"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/ingest"
	"orewatch/internal/risk"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/web"
)

const screening = "../../cmd/orewatch/testdata/bundles/screening"

const password = "correct horse battery staple"

type site struct {
	srv   *httptest.Server
	store core.Store
	setup string
}

// newSite serves the UI on a store holding the screening bundle's
// analysis and one user per role (plus a Hunan-scoped analyst).
func newSite(t *testing.T, withUsers bool) *site {
	t.Helper()
	return newSiteWith(t, withUsers, nil)
}

// newSiteWith lets a test adjust the dependencies once the site's address
// is known (single sign-on needs its callback URL).
func newSiteWith(t *testing.T, withUsers bool, adjust func(*web.Deps, *site)) *site {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	_, lists, _ := catalog.LoadEntityLists(data.FS)
	ref, err := risk.LoadReference(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	analyze := func(ctx context.Context, who audit.Actor, path string, progress ingest.Progress) (*analysis.Result, error) {
		b, err := bundle.Read(path)
		if err != nil {
			return nil, err
		}
		return analysis.Run(ctx, analysis.Deps{Store: db, Catalog: cat, Lists: lists, Risk: ref, Actor: who}, b, progress)
	}
	b, err := bundle.Read(screening)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := analysis.Run(ctx, analysis.Deps{Store: db, Catalog: cat, Lists: lists, Risk: ref, Actor: audit.Actor{Name: "test"}}, b, nil); err != nil {
		t.Fatal(err)
	}
	s := &site{store: db}
	setupHash := ""
	if withUsers {
		hash, _ := access.HashPassword(password)
		for _, u := range []*core.User{
			{Name: "admin", Agency: "GAC", Role: core.RoleAdmin},
			{Name: "analyst", Agency: "GAC", Role: core.RoleAnalyst},
			{Name: "hunan", Agency: "GOV", Role: core.RoleAnalyst, Province: "430000"},
			{Name: "guangxi", Agency: "GOV", Role: core.RoleAnalyst, Province: "450000"},
			{Name: "viewer", Agency: "MIIT", Role: core.RoleViewer},
			{Name: "police", Agency: "MPS", Role: core.RoleInvestigator},
			{Name: "exporter", Agency: "GOV", Role: core.RoleEnterprise, EnterpriseUSCC: "91431300MA4LTB0012"},
		} {
			u.ID, u.PasswordHash, u.CreatedAt = "u-"+u.Name, hash, time.Now()
			if err := db.Users().Create(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
	} else {
		s.setup, setupHash, _ = access.NewToken()
	}
	var h http.Handler
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(s.srv.Close)
	d := web.Deps{Store: db, Guard: access.Guard{Users: db.Users(), Now: time.Now}, Catalog: cat, Lists: lists, Risk: ref,
		Now: func() time.Time { return time.Date(2025, 6, 30, 9, 0, 0, 0, time.UTC) }, SetupHash: setupHash, Analyze: analyze,
		Files: casework.Files{Dir: filepath.Join(t.TempDir(), "attachments")}, ResultsDir: filepath.Join(t.TempDir(), "results")}
	if adjust != nil {
		adjust(&d, s)
	}
	if h, err = web.NewHandler(d); err != nil {
		t.Fatal(err)
	}
	return s
}

type browser struct {
	t *testing.T
	c *http.Client
	s *site
}

func (s *site) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, s: s, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(method, path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.s.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		// A stream does not end: its status and headers are the answer,
		// and closing the body ends it on the server.
		return res.StatusCode, "", res.Header
	}
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out), res.Header
}

func (b *browser) get(path string) (int, string) {
	code, body, _ := b.do("GET", path, nil)
	return code, body
}

func (b *browser) signIn(name string) *browser {
	b.t.Helper()
	code, _, hd := b.do("POST", "/login", url.Values{"name": {name}, "password": {password}, "next": {"/"}})
	if code != http.StatusSeeOther || hd.Get("Location") != "/" {
		b.t.Fatalf("sign in as %s: %d %v", name, code, hd)
	}
	return b
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) csrf(path string) string {
	b.t.Helper()
	_, body := b.get(path)
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// TestPages renders every page in both languages for a national analyst:
// status, key content, and no message key left untranslated.
func TestPages(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("admin")
	alertID := "DEC-530120250000000003-LICENCE_MISSING"
	pages := []struct {
		path string
		want []string
	}{
		{"/dashboard", []string{"按代码统计预警", `id="dash-data"`, "LICENCE_MISSING"}},
		{"/alerts", []string{alertID, "对所选预警"}},
		{"/alerts?code=LICENCE_MISSING&status=new", []string{alertID}},
		{"/alerts/" + alertID, []string{"证据", "530120250000000003"}},
		{"/declarations/530120250000000003", []string{"8110101000", "LICENCE_MISSING", `id="screening"`, "未命中受限名单"}},
		{"/declarations/530120250000000010", []string{"END_USER_LISTED", "OWN-WATCH · Northwind Defense Systems LLC"}},
		{"/declarations/530120250000000001", []string{`id="licence"`, "LIC-A", "已使用", `id="weights"`, "MSKU1234565", "Σ"}},
		{"/enterprises/91431300MA4LTB0012", []string{"台账状态历史", "物料平衡", "LIC-A", "530120250000000001", `id="events"`, "antimony-ingot"}},
		{"/cases", []string{"尚无案件"}},
		{"/catalog?hs=8110101000&date=2025-01-10&dest=" + url.QueryEscape("美國"), []string{"属于管制物项", "presumption_of_denial"}},
		{"/catalog?q=" + url.QueryEscape("銻"), []string{`id="results"`, "antimony"}},
		{"/network?party=" + url.QueryEscape("Siam Rare Metals Trading"), []string{"agent_of", "Eastern Ordnance Works", `id="graph-data"`}},
		{"/import", []string{`type="file"`}},
		{"/licences", []string{"LIC-A", "91431300MA4LTB0012"}},
		{"/licences?valid=on", []string{"许可证"}},
		{"/trace?lot=antimony-ingot:HN-I-0225", []string{`id="tree"`, "antimony-concentrate", "530120250000000001"}},
		{"/trace?lot=antimony-concentrate:HN-C-0220&dir=forward", []string{`id="tree"`, "antimony-ingot"}},
		{"/flows?group=antimony", []string{`id="flows-data"`, "→ NL"}},
		{"/dashboard?group=germanium", []string{`"group":"germanium"`, "MOFCOM-GAC-2023-23"}},
	}
	untranslated := regexp.MustCompile(`>\s*(nav|dash|col|case|catalog|triage|status|import|network|signin|setup|ledger)\.[a-z_]+\s*<`)
	for _, lang := range []string{"zh", "en"} {
		b.get("/lang?to=" + lang)
		for _, p := range pages {
			code, body := b.get(p.path)
			if code != 200 {
				t.Errorf("%s %s: %d", lang, p.path, code)
				continue
			}
			if lang == "zh" {
				for _, w := range p.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: %q missing", p.path, w)
					}
				}
			}
			if m := untranslated.FindString(body); m != "" {
				t.Errorf("%s %s: untranslated key %s", lang, p.path, m)
			}
		}
	}
	if _, body := b.get("/dashboard"); !strings.Contains(body, "Alerts by code") {
		t.Errorf("English dashboard not in English")
	}
}

// TestScope: officers see their province's alerts, declarations and
// enterprises only; roles without a page's policy get 403.
func TestScope(t *testing.T) {
	s := newSite(t, true)
	hunan := s.browser(t).signIn("hunan")
	guangxi := s.browser(t).signIn("guangxi")
	hunanAlert := "DEC-530120250000000003-LICENCE_MISSING" // exporter in Hunan (430000)
	if code, _ := hunan.get("/alerts/" + hunanAlert); code != 200 {
		t.Errorf("Hunan officer, Hunan alert: %d", code)
	}
	if code, _ := guangxi.get("/alerts/" + hunanAlert); code != 404 {
		t.Errorf("Guangxi officer, Hunan alert: %d, want 404", code)
	}
	if _, body := guangxi.get("/alerts"); strings.Contains(body, hunanAlert) {
		t.Errorf("Guangxi officer's queue lists a Hunan alert")
	}
	if code, _ := guangxi.get("/declarations/530120250000000003"); code != 404 {
		t.Errorf("Guangxi officer, Hunan declaration: %d", code)
	}
	if code, _ := guangxi.get("/enterprises/91431300MA4LTB0012"); code != 404 {
		t.Errorf("Guangxi officer, Hunan enterprise: %d", code)
	}
	// The party network: a province's officer sees the subgraphs that
	// reach their province, other provinces' enterprises unnamed.
	_, nat := s.browser(t).signIn("analyst").get("/network?party=P3")
	hcode, hnNet := hunan.get("/network?party=P3")
	gcode, gxNet := guangxi.get("/network?party=P3")
	if hcode != 200 || gcode != 200 || strings.Contains(gxNet, "冷水江") {
		t.Errorf("scoped network: Hunan %d, Guangxi %d (names the Hunan exporter: %v)", hcode, gcode, strings.Contains(gxNet, "冷水江"))
	}
	if strings.Contains(nat, "冷水江") != strings.Contains(hnNet, "冷水江") {
		t.Errorf("the Hunan officer's network hides the Hunan exporter that the national one shows")
	}
	// Flows: a province's officer sees those touching their province's
	// enterprises and its exporters' exports, not the rest.
	_, national := s.browser(t).signIn("analyst").get("/flows?group=antimony")
	code, hnFlows := hunan.get("/flows?group=antimony")
	_, gxFlows := guangxi.get("/flows?group=antimony")
	if code != 200 || !strings.Contains(national, "冷水江") || !strings.Contains(hnFlows, "冷水江") || strings.Contains(gxFlows, "冷水江") {
		t.Errorf("scoped flows: Hunan %d; national names the Hunan exporter %v, Hunan's %v, Guangxi's %v",
			code, strings.Contains(national, "冷水江"), strings.Contains(hnFlows, "冷水江"), strings.Contains(gxFlows, "冷水江"))
	}
	// The dashboard's export chart: a province's exporters' exports only.
	_, natDash := s.browser(t).signIn("analyst").get("/dashboard?group=antimony")
	_, hnDash := hunan.get("/dashboard?group=antimony")
	_, gxDash := guangxi.get("/dashboard?group=antimony")
	if !strings.Contains(natDash, `"name":"NL"`) || !strings.Contains(hnDash, `"name":"NL"`) || strings.Contains(gxDash, `"name":"NL"`) {
		t.Errorf("the export chart is not scoped: national %v, Hunan %v, Guangxi %v (Hunan's antimony to NL)",
			strings.Contains(natDash, `"name":"NL"`), strings.Contains(hnDash, `"name":"NL"`), strings.Contains(gxDash, `"name":"NL"`))
	}
	// A lot's genealogy: a province's officer sees the steps in their
	// province, and a lot with none there is not found.
	if code, _ := guangxi.get("/trace?lot=antimony-ingot:HN-I-0225"); code != 404 {
		t.Errorf("Guangxi officer, a Hunan lot: %d, want 404", code)
	}
	if code, body := hunan.get("/trace?lot=antimony-ingot:HN-I-0225"); code != 200 || !strings.Contains(body, `id="tree"`) {
		t.Errorf("Hunan officer, a Hunan lot: %d", code)
	}
	if _, body := guangxi.get("/licences"); strings.Contains(body, "LIC-A") {
		t.Errorf("Guangxi officer sees a Hunan exporter's licence")
	}
	exporter := s.browser(t).signIn("exporter")
	if code, _ := exporter.get("/dashboard"); code != 403 {
		t.Errorf("enterprise user on the dashboard: %d", code)
	}
	if code, _, hd := exporter.do("GET", "/", nil); code != 303 || hd.Get("Location") != "/selfcheck" {
		t.Errorf("enterprise user's home: %d %s", code, hd.Get("Location"))
	}
	viewer := s.browser(t).signIn("viewer")
	tok := viewer.csrf("/alerts")
	if code, _, _ := viewer.do("POST", "/alerts/triage", url.Values{"csrf": {tok}, "id": {hunanAlert}, "status": {"triaged"}}); code != 403 {
		t.Errorf("viewer triage: %d", code)
	}
}

// TestRoutePolicies walks every route with every role: a route the role's
// policy does not allow never answers 200, and every route is public or
// guarded.
func TestRoutePolicies(t *testing.T) {
	s := newSite(t, true)
	roles := map[string]string{"admin": core.RoleAdmin, "analyst": core.RoleAnalyst, "viewer": core.RoleViewer, "police": core.RoleInvestigator, "exporter": core.RoleEnterprise}
	anon := s.browser(t)
	// One signed-in session per role for every cell (a sign-in per cell
	// was most of this test's time under -race, the password hash being
	// made on purpose slow); signing out gets a session of its own.
	sessions := map[string]*browser{}
	tokens := map[string]string{}
	as := func(name, path string) (*browser, string) {
		if path == "/logout" {
			b := s.browser(t).signIn(name)
			return b, b.csrf("/catalog")
		}
		if b, ok := sessions[name]; ok {
			return b, tokens[name]
		}
		b := s.browser(t).signIn(name)
		sessions[name], tokens[name] = b, b.csrf("/catalog")
		return b, tokens[name]
	}
	cells := 0
	for _, rt := range web.Routes() {
		if !rt.Public && rt.Policy == "" {
			t.Errorf("%s %s has no policy", rt.Method, rt.Pattern)
		}
		path := strings.NewReplacer("{$}", "", "{id}", "x", "{no}", "530120250000000003", "{uscc}", "91431300MA4LTB0012").Replace(rt.Pattern)
		if rt.Public {
			continue
		}
		if rt.Method == "POST" {
			for name, role := range roles {
				cells++
				b, tok := as(name, path)
				code, _, _ := b.do("POST", path, url.Values{"csrf": {tok}})
				if !access.Allowed(role, rt.Policy) && code != 403 {
					t.Errorf("POST %s as %s: %d, want 403", path, role, code)
				}
				if access.Allowed(role, rt.Policy) && (code == 401 || code == 403) {
					t.Errorf("POST %s as %s: %d, want it allowed", path, role, code)
				}
			}
			continue
		}
		if code, _, hd := anon.do("GET", path, nil); code != 303 || !strings.HasPrefix(hd.Get("Location"), "/login") {
			t.Errorf("GET %s signed out: %d, want a redirect to sign in", path, code)
		}
		for name, role := range roles {
			cells++
			b, _ := as(name, path)
			code, _ := b.get(path)
			if !access.Allowed(role, rt.Policy) && code == 200 {
				t.Errorf("GET %s as %s: 200, want refusal", path, role)
			}
			if access.Allowed(role, rt.Policy) && (code == 401 || code == 403) {
				t.Errorf("GET %s as %s: %d, want it allowed", path, role, code)
			}
		}
	}
	t.Logf("%d route × role cells", cells)
}

// TestTriageIntoCase: select alerts, open a case with another agency, add
// a note; the alert is escalated.
func TestTriageIntoCase(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	tok := b.csrf("/alerts")
	id := "DEC-530120250000000003-LICENCE_MISSING"
	if code, _, _ := b.do("POST", "/alerts/triage", url.Values{"csrf": {tok}, "id": {id}, "status": {"dismissed"}}); code != 400 {
		t.Errorf("dismissal without a reason: %d, want 400", code)
	}
	code, _, hd := b.do("POST", "/cases", url.Values{"csrf": {tok}, "id": {id, "DEC-530120250000000002-CONTROL_UNDECLARED"}, "title": {"Hunan antimony"}, "invite": {"MPS"}})
	if code != 303 || !strings.HasPrefix(hd.Get("Location"), "/cases/") {
		t.Fatalf("open case: %d %v", code, hd)
	}
	casePath := hd.Get("Location")
	if code, _, _ := b.do("POST", casePath+"/notes", url.Values{"csrf": {tok}, "text": {"许可证核查中"}}); code != 303 {
		t.Errorf("note: %d", code)
	}
	if _, body := b.get(casePath); !strings.Contains(body, "许可证核查中") || !strings.Contains(body, "MPS") {
		t.Errorf("case page lacks the note or the invited agency")
	}
	if _, body := b.get("/alerts/" + id); !strings.Contains(body, "已立案") {
		t.Errorf("alert not escalated")
	}
	// A file on the case: uploaded through the form, listed, downloaded as
	// an attachment (never rendered), refused to agencies not on the case.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", tok)
	fw, _ := mw.CreateFormFile("file", `C:\evidence\<script>lab report.html`)
	fw.Write([]byte("<script>alert(1)</script> Bi 55%"))
	mw.Close()
	req, _ := http.NewRequest("POST", s.srv.URL+casePath+"/attachments", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil || res.StatusCode != 303 {
		t.Fatalf("attach: %v %v", res.StatusCode, err)
	}
	res.Body.Close()
	_, page := b.get(casePath)
	m := regexp.MustCompile(`href="(` + regexp.QuoteMeta(casePath) + `/attachments/[^"]+)"`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "&lt;script&gt;lab report.html") {
		t.Fatalf("attachment not listed (escaped) on the case page")
	}
	code, got, hd := b.do("GET", m[1], nil)
	if code != 200 || got != "<script>alert(1)</script> Bi 55%" || hd.Get("Content-Type") != "application/octet-stream" || !strings.HasPrefix(hd.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download: %d %q %v", code, got, hd)
	}
	if code, _ := s.browser(t).signIn("viewer").get(m[1]); code != 404 && code != 403 {
		t.Errorf("download by an agency not on the case: %d", code)
	}
	police := s.browser(t).signIn("police")
	// Consultation: invite MOFCOM, then close with a disposal (the lead
	// agency only); the timeline shows it all.
	if code, _, _ := b.do("POST", casePath+"/update", url.Values{"csrf": {tok}, "invite": {"MOFCOM"}}); code != 303 {
		t.Errorf("invite: %d", code)
	}
	if code, _, _ := b.do("POST", casePath+"/update", url.Values{"csrf": {tok}, "status": {"closed"}}); code != 400 {
		t.Errorf("closing without a disposal: %d, want 400", code)
	}
	if code, _, _ := b.do("POST", casePath+"/update", url.Values{"csrf": {tok}, "status": {"closed"}, "disposal": {"penalty"}, "decision": {"罚款并补办许可证"}}); code != 303 {
		t.Errorf("close: %d", code)
	}
	// The disposal as the facts show it (行政处罚), not as a form's option:
	// a closed case has no forms but the lead's reopening.
	_, page = b.get(casePath)
	if !strings.Contains(page, "MOFCOM") || !strings.Contains(page, "行政处罚") || !strings.Contains(page, `id="timeline"`) || !strings.Contains(page, "罚款并补办许可证") {
		t.Errorf("case page after closing lacks the invitation, disposal, decision or timeline")
	}
	if strings.Contains(page, `action="`+casePath+`/notes"`) || strings.Contains(page, `action="`+casePath+`/attachments"`) || !strings.Contains(page, `id="reopen"`) {
		t.Errorf("a closed case still offers its forms, or not its reopening")
	}
	if code, _, _ := b.do("POST", casePath+"/notes", url.Values{"csrf": {tok}, "text": {"结案后补充"}}); code != 409 {
		t.Errorf("a note on a closed case: %d, want 409", code)
	}
	if code, _, _ := b.do("POST", casePath+"/update", url.Values{"csrf": {tok}, "status": {"under_consultation"}}); code != 400 {
		t.Errorf("reopening without a reason: %d, want 400", code)
	}
	if code, _, _ := police.do("POST", casePath+"/update", url.Values{"csrf": {police.csrf(casePath)}, "status": {"under_consultation"}, "decision": {"新线索"}}); code != 403 {
		t.Errorf("an invited agency reopening: %d, want 403", code)
	}
	if code, _, _ := b.do("POST", casePath+"/update", url.Values{"csrf": {tok}, "status": {"under_consultation"}, "decision": {"发现新线索"}}); code != 303 {
		t.Errorf("the lead reopening with its reason: %d, want 303", code)
	}
	if _, page := b.get(casePath); !strings.Contains(page, "重新立案: 发现新线索") || !strings.Contains(page, `action="`+casePath+`/notes"`) {
		t.Errorf("after reopening, the timeline lacks it or the forms are not back")
	}
	// The invited agency sees the case; one neither leading nor invited does not.
	if code, _ := police.get(casePath); code != 200 {
		t.Errorf("invited MPS investigator: %d", code)
	}
	if code, _ := s.browser(t).signIn("viewer").get(casePath); code != 403 && code != 404 {
		t.Errorf("viewer of MIIT: %d", code)
	}
}

// TestSecurity: CSRF, cross-origin forms, throttled sign-in, session
// fixation, sign-out, cookie flags, headers.
func TestSecurity(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	id := "DEC-530120250000000003-LICENCE_MISSING"
	if code, _, _ := b.do("POST", "/alerts/triage", url.Values{"id": {id}, "status": {"triaged"}}); code != 403 {
		t.Errorf("form without CSRF token: %d, want 403", code)
	}
	if code, _, _ := b.do("POST", "/alerts/triage", url.Values{"csrf": {"forged"}, "id": {id}, "status": {"triaged"}}); code != 403 {
		t.Errorf("forged CSRF token: %d", code)
	}
	tok := b.csrf("/alerts")
	req, _ := http.NewRequest("POST", s.srv.URL+"/alerts/triage", strings.NewReader(url.Values{"csrf": {tok}, "id": {id}, "status": {"triaged"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if res, err := b.c.Do(req); err != nil || res.StatusCode != 403 {
		t.Errorf("cross-origin form: %v %v", res.StatusCode, err)
	}

	// Brute force: five failures lock the name out, even with the right
	// password, and the answer says to wait.
	bf := s.browser(t)
	for i := 0; i < 5; i++ {
		if code, _, _ := bf.do("POST", "/login", url.Values{"name": {"viewer"}, "password": {"guess" + string(rune('a'+i))}}); code != 401 {
			t.Fatalf("failure %d: %d", i, code)
		}
	}
	code, body, hd := bf.do("POST", "/login", url.Values{"name": {"viewer"}, "password": {password}})
	if code != 429 || hd.Get("Retry-After") == "" || !strings.Contains(body, "尝试次数过多") {
		t.Errorf("sixth attempt: %d %s", code, hd.Get("Retry-After"))
	}

	// Session fixation: a session cookie planted before sign-in is not
	// what the signed-in session uses.
	fx := s.browser(t)
	u, _ := url.Parse(s.srv.URL)
	fx.c.Jar.SetCookies(u, []*http.Cookie{{Name: access.SessionCookie, Value: "ow_planted-by-attacker"}})
	fx.signIn("analyst")
	for _, c := range fx.c.Jar.Cookies(u) {
		if c.Name == access.SessionCookie && c.Value == "ow_planted-by-attacker" {
			t.Errorf("planted session cookie kept after sign-in")
		}
	}
	// Cookie flags and headers.
	_, _, loginHd := s.browser(t).do("POST", "/login", url.Values{"name": {"admin"}, "password": {password}})
	var sc string
	for _, h := range loginHd.Values("Set-Cookie") {
		if strings.HasPrefix(h, access.SessionCookie+"=") {
			sc = h
		}
	}
	if !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Strict") {
		t.Errorf("session cookie flags: %q", sc)
	}
	_, _, hd = b.do("GET", "/dashboard", nil)
	if !strings.Contains(hd.Get("Content-Security-Policy"), "script-src 'self'") || hd.Get("X-Frame-Options") != "DENY" {
		t.Errorf("security headers: %v", hd)
	}
	// Sign-out ends the session on the server, not only in the browser.
	var secret string
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == access.SessionCookie {
			secret = c.Value
		}
	}
	if code, _, _ := b.do("POST", "/logout", url.Values{"csrf": {tok}}); code != 303 {
		t.Fatalf("sign out: %d", code)
	}
	replay := s.browser(t)
	replay.c.Jar.SetCookies(u, []*http.Cookie{{Name: access.SessionCookie, Value: secret}})
	if code, _, hd := replay.do("GET", "/dashboard", nil); code != 303 || !strings.HasPrefix(hd.Get("Location"), "/login") {
		t.Errorf("replayed session after sign-out: %d", code)
	}
	// Redirect targets stay on the site.
	if code, _, hd := s.browser(t).do("POST", "/login", url.Values{"name": {"admin"}, "password": {password}, "next": {"//evil.example/x"}}); code != 303 || hd.Get("Location") != "/" {
		t.Errorf("open redirect: %d %s", code, hd.Get("Location"))
	}
}

// TestSetupLink: the first start's one-time link creates the first
// administrator and then stops working.
func TestSetupLink(t *testing.T) {
	s := newSite(t, false)
	b := s.browser(t)
	if code, _ := b.get("/setup?token=wrong"); code != 404 {
		t.Errorf("wrong setup token: %d", code)
	}
	if code, body := b.get("/setup?token=" + url.QueryEscape(s.setup)); code != 200 || !strings.Contains(body, "创建管理员") {
		t.Fatalf("setup page: %d", code)
	}
	code, _, hd := b.do("POST", "/setup", url.Values{"token": {s.setup}, "name": {"chief"}, "agency": {"GAC"}, "password": {"a long enough passphrase"}})
	if code != 303 || hd.Get("Location") != "/" {
		t.Fatalf("setup: %d", code)
	}
	if code, _ := b.get("/dashboard"); code != 200 {
		t.Errorf("signed in after setup: %d", code)
	}
	if code, _ := s.browser(t).get("/setup?token=" + url.QueryEscape(s.setup)); code != 404 {
		t.Errorf("setup link reused: %d", code)
	}
	if u, err := s.store.Users().ByName(context.Background(), "chief"); err != nil || u.Role != core.RoleAdmin {
		t.Errorf("first user: %+v %v", u, err)
	}
}

// TestImportUpload: a zip bundle uploaded through the page is analysed;
// the uploaded file name never becomes a path.
func TestImportUpload(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("analyst")
	zb := zipDir(t, screening)
	for _, name := range []string{"screening.zip", "../../../../tmp/evil.zip"} {
		code, jobPath, _ := b.upload(name, zb)
		if code != 303 || !strings.HasPrefix(jobPath, "/import/jobs/") {
			t.Fatalf("upload %s: %d %s", name, code, jobPath)
		}
		var out string
		for i := 0; i < 200; i++ {
			_, out = b.get(jobPath)
			if strings.Contains(out, `id="import-summary"`) {
				break
			}
			if i == 0 && !strings.Contains(out, `http-equiv="refresh"`) && !strings.Contains(out, `id="import-summary"`) {
				t.Errorf("the progress page does not refresh itself")
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(out, `id="import-summary"`) || !strings.Contains(out, "declarations.csv") {
			t.Fatalf("upload %s never finished: %.300s", name, out)
		}
		if code, _ := s.browser(t).signIn("admin").get(jobPath); code != 200 {
			t.Errorf("an administrator cannot see the import: %d", code)
		}
		if code, _ := s.browser(t).signIn("hunan").get(jobPath); code != 404 {
			t.Errorf("another analyst sees someone's import: %d", code)
		}
		m := regexp.MustCompile(`href="(/import/results/[0-9a-f]+/report\.html)"`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no link to the report after upload %s", name)
		}
		if code, report, hd := b.do("GET", m[1], nil); code != 200 || !strings.Contains(report, "<html") || !strings.HasPrefix(hd.Get("Content-Disposition"), "attachment") {
			t.Errorf("report download: %d", code)
		}
		// Every result file is the importer's and the administrators':
		// to anyone else it does not exist, whatever their scope.
		admin, hunan, guangxi := s.browser(t).signIn("admin"), s.browser(t).signIn("hunan"), s.browser(t).signIn("guangxi")
		for _, f := range []string{"report.html", "summary.json", "declarations.jsonl", "alerts.jsonl", "rejected.jsonl"} {
			path := strings.TrimSuffix(m[1], "report.html") + f
			if code, _ := admin.get(path); code != 200 {
				t.Errorf("administrator, %s: %d", path, code)
			}
			for _, other := range []*browser{hunan, guangxi} {
				if code, _ := other.get(path); code != 404 {
					t.Errorf("another officer downloads %s: %d, want 404", path, code)
				}
			}
		}
	}
	// The results of the last upload can be downloaded; nothing else can.
	if code, _ := b.get("/import/results/0123456789abcdef/../../etc/passwd"); code == 200 {
		t.Errorf("result route served a path")
	}
	if code, _ := b.get("/import/results/0123456789abcdef/secret.txt"); code != 404 {
		t.Errorf("result route served a file not in the list: %d", code)
	}
	if _, err := os.Stat("/tmp/evil.zip"); err == nil {
		t.Errorf("an uploaded name became a path")
	}
}

func zipDir(t *testing.T, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

// TestVendoredChecksums: the vendored files are the pinned ones.
func TestVendoredChecksums(t *testing.T) {
	n := 0
	for _, dir := range []string{"static/vendor", "testdata"} {
		n += checkSums(t, dir)
	}
	if n < 2 {
		t.Errorf("%d files pinned, want the chart library and the accessibility checker", n)
	}
}

func checkSums(t *testing.T, dir string) int {
	sums, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			t.Fatalf("SHA256SUMS: bad line %q", line)
		}
		b, err := os.ReadFile(filepath.Join(dir, f[1]))
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != f[0] {
			t.Errorf("%s: sha256 %s, pinned %s", f[1], got, f[0])
		}
		n++
	}
	return n
}

// TestThrottleAcrossServers: two servers of one database count the same
// failed sign-ins, so a guesser cannot spread its tries over them.
func TestThrottleAcrossServers(t *testing.T) {
	var deps web.Deps
	a := newSiteWith(t, true, func(d *web.Deps, _ *site) { deps = *d })
	h, err := web.NewHandler(deps)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	b := &site{store: a.store, srv: srv}
	for i := range 5 {
		on := a
		if i%2 == 1 {
			on = b
		}
		if code, _, _ := on.browser(t).do("POST", "/login", url.Values{"name": {"viewer"}, "password": {fmt.Sprint("guess", i)}}); code != 401 {
			t.Fatalf("failure %d: %d", i, code)
		}
	}
	for name, s := range map[string]*site{"first": a, "second": b} {
		if code, _, hd := s.browser(t).do("POST", "/login", url.Values{"name": {"viewer"}, "password": {password}}); code != 429 || hd.Get("Retry-After") == "" {
			t.Errorf("the %s server lets the name in after five failures across both: %d", name, code)
		}
	}
}

// TestSetupLinkAcrossServers: a setup link one server printed works on
// another server of the same store; used at once on two servers, the
// links make one administrator; then every link is spent.
func TestSetupLinkAcrossServers(t *testing.T) {
	var deps web.Deps
	a := newSiteWith(t, false, func(d *web.Deps, _ *site) { deps = *d })
	otherSecret, otherHash, _ := access.NewToken() // what a second server printed and kept
	if err := a.store.Users().AddSetupToken(context.Background(), otherHash, time.Now()); err != nil {
		t.Fatal(err)
	}
	deps.SetupHash = otherHash
	h, err := web.NewHandler(deps)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	b := &site{store: a.store, srv: srv}
	if code, _ := a.browser(t).get("/setup?token=" + url.QueryEscape(otherSecret)); code != 200 {
		t.Fatalf("the other server's link on the first: %d", code)
	}
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, try := range []struct {
		s      *site
		secret string
	}{{a, a.setup}, {b, otherSecret}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, _ = try.s.browser(t).do("POST", "/setup", url.Values{"token": {try.secret}, "name": {fmt.Sprint("chief", i)}, "agency": {"GAC"}, "password": {"a long enough passphrase"}})
		}()
	}
	wg.Wait()
	if n, _ := a.store.Users().Count(context.Background()); n != 1 {
		t.Errorf("%d administrators from two links used at once (answers %v)", n, codes)
	}
	for _, s := range []*site{a, b} {
		for _, secret := range []string{a.setup, otherSecret} {
			if code, _ := s.browser(t).get("/setup?token=" + url.QueryEscape(secret)); code != 404 {
				t.Errorf("a spent link answers %d", code)
			}
		}
	}
}
