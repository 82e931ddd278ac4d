package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"orewatch/data"
	"orewatch/internal/access"
	"orewatch/internal/audit"
	"orewatch/internal/casework"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/geo"
	"orewatch/internal/httpapi"
	"orewatch/internal/ledger"
	"orewatch/internal/party"
	"orewatch/internal/rules"
	"orewatch/internal/store/sqlite"
	"orewatch/internal/store/sqlstore"
)

func deps(t *testing.T) httpapi.Deps {
	t.Helper()
	c, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ms, _ := sqlstore.LoadMigrations(sqlite.Migrations())
	_, lists, err := catalog.LoadEntityLists(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	v, err := epcis.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	adminToken = tokenFor(t, db, core.RoleAdmin)
	return httpapi.Deps{Guard: access.Guard{Users: db.Users(), Now: time.Now}, Catalog: c, EPCIS: v, Parties: party.NewScreener(lists), Countries: geo.MustDefault(), Store: db, Data: db, SchemaVersion: len(ms), Version: "test",
		Now: func() time.Time { return time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC) }}
}

// adminToken authenticates the helpers' requests (set by deps).
var adminToken string

// tokenFor creates a user with the role and returns a token for it.
func tokenFor(t *testing.T, db core.Store, role string) string {
	t.Helper()
	ctx := context.Background()
	u := &core.User{ID: access.NewID(), Name: role + "-" + access.NewID()[:6], Agency: "GAC", Role: role, CreatedAt: time.Now()}
	if role == core.RoleEnterprise {
		u.Agency, u.EnterpriseUSCC = "GOV", "91350100M000100Y43"
	}
	if err := db.Users().Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	secret, hash, err := access.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Users().CreateToken(ctx, &core.Token{ID: access.NewID(), UserID: u.ID, Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return secret
}

func get(t *testing.T, h http.Handler, url string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	h.ServeHTTP(rec, req)
	var body map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return rec, body
}

func TestLookup(t *testing.T) {
	h := newHandler(t, deps(t))
	rec, body := get(t, h, "/api/v1/catalog/lookup?hs=8110101000&date=2025-01-10&dest=US")
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	want := []string{"hs", "date", "destination", "controlled", "licence_required", "destination_rule", "items", "sources", "catalogue_version"}
	if len(body) != len(want) {
		t.Errorf("keys %v, want exactly %v", keys(body), want)
	}
	for _, k := range want {
		if _, ok := body[k]; !ok {
			t.Errorf("missing key %q", k)
		}
	}
	if body["controlled"] != true || body["destination_rule"] != "presumption_of_denial" || body["destination"] != "US" {
		t.Errorf("body %v", body)
	}
	items := body["items"].([]any)
	it := items[0].(map[string]any)
	for _, k := range []string{"measure", "name_zh", "name_en", "control_code", "group", "parameters"} {
		if _, ok := it[k]; !ok {
			t.Errorf("item lacks %q: %v", k, it)
		}
	}
	// Traditional Chinese and alpha-3 destinations mean the same.
	_, b2 := get(t, h, "/api/v1/catalog/lookup?hs=8110101000&date=2025-01-10&dest=%E7%BE%8E%E5%9C%8B")
	_, b3 := get(t, h, "/api/v1/catalog/lookup?hs=8110101000&date=2025-01-10&dest=USA")
	if b2["destination"] != "US" || b3["destination"] != "US" {
		t.Errorf("美國 → %v, USA → %v", b2["destination"], b3["destination"])
	}
	// The date defaults to the server's today.
	_, b4 := get(t, h, "/api/v1/catalog/lookup?hs=8110101000")
	if b4["date"] != "2025-01-10" {
		t.Errorf("default date %v", b4["date"])
	}
}

func TestLookupBadInput(t *testing.T) {
	h := newHandler(t, deps(t))
	for _, tt := range []struct{ url, field string }{
		{"/api/v1/catalog/lookup", "hs"},
		{"/api/v1/catalog/lookup?hs=81101", "hs"},
		{"/api/v1/catalog/lookup?hs=8110101000&date=10/01/2025", "date"},
		{"/api/v1/catalog/lookup?hs=8110101000&dest=Atlantis", "dest"},
		{"/api/v1/catalog/lookup?hs=8110101000&military=maybe", "military"},
		{"/api/v1/catalog/lookup?hs=8110101000%27%20OR%201=1", "hs"},
		{"/api/v1/catalog/measures?group=unobtainium", "group"},
		{"/api/v1/catalog/search", "q"},
	} {
		rec, body := get(t, h, tt.url)
		if rec.Code != 400 {
			t.Errorf("%s: status %d, want 400", tt.url, rec.Code)
			continue
		}
		e := body["error"].(map[string]any)
		if e["field"] != tt.field || e["code"] != core.EINVALID || e["message"] == "" {
			t.Errorf("%s: error %v, want field %q", tt.url, e, tt.field)
		}
	}
	if rec, _ := get(t, h, "/api/v1/catalog/measures/NOPE"); rec.Code != 404 {
		t.Errorf("unknown measure: %d", rec.Code)
	}
	if rec, _ := get(t, h, "/api/v1/nothing"); rec.Code != 404 {
		t.Errorf("unknown route: %d", rec.Code)
	}
}

// TestRouteRoleMatrix walks every registered route with no token, a bad
// token and a token for each role: a route answers only when the policy
// table allows that role, and every response carries the security headers.
func TestRouteRoleMatrix(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	tokens := map[string]string{"(none)": "", "(bad)": "ow_not-a-token"}
	for _, role := range core.Roles {
		tokens[role] = tokenFor(t, d.Data, role)
	}
	cells := 0
	for _, rt := range httpapi.RouteTable(d) {
		url := strings.NewReplacer("{id}", "MOFCOM-GAC-2024-33", "{uscc}", "91350100M000100Y43", "{direction}", "backward").Replace(rt.Pattern)
		if rt.Public && rt.Pattern != "/healthz" && rt.Pattern != "/readyz" {
			t.Errorf("%s %s is public; only /healthz and /readyz may be", rt.Method, rt.Pattern)
		}
		if !rt.Public && rt.Policy == "" {
			t.Errorf("%s %s has no policy", rt.Method, rt.Pattern)
		}
		for who, tok := range tokens {
			cells++
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(rt.Method, url, strings.NewReader("{}"))
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			if strings.Contains(rt.Pattern, ":stream") {
				// A stream answers at once and then does not end.
				ctx, cancel := context.WithTimeout(req.Context(), 300*time.Millisecond)
				req = req.WithContext(ctx)
				defer cancel()
			}
			h.ServeHTTP(rec, req)
			allowed := rt.Public || (tok != "" && who != "(bad)" && access.Allowed(who, rt.Policy))
			switch {
			case rt.Public:
				if rec.Code != 200 {
					t.Errorf("%s %s as %s: %d", rt.Method, rt.Pattern, who, rec.Code)
				}
			case !allowed && rec.Code < 400:
				t.Errorf("%s %s as %s: %d, want refusal", rt.Method, rt.Pattern, who, rec.Code)
			case !allowed && tok == "" && rec.Code != 401, !allowed && who == "(bad)" && rec.Code != 401:
				t.Errorf("%s %s without a valid token: %d, want 401", rt.Method, rt.Pattern, rec.Code)
			case !allowed && tok != "" && who != "(bad)" && rec.Code != 403:
				t.Errorf("%s %s as %s: %d, want 403", rt.Method, rt.Pattern, who, rec.Code)
			case allowed && (rec.Code == 401 || rec.Code == 403):
				t.Errorf("%s %s as %s: %d, want it allowed", rt.Method, rt.Pattern, who, rec.Code)
			}
			for _, hd := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
				if rec.Header().Get(hd) == "" {
					t.Errorf("%s %s lacks %s", rt.Method, rt.Pattern, hd)
				}
			}
		}
	}
	t.Logf("%d route × identity cells checked", cells)
}

func TestTokenLifecycle(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ctx := context.Background()
	u := &core.User{ID: "uX", Name: "li.na", Agency: "MOFCOM", Role: core.RoleViewer, CreatedAt: time.Now()}
	if err := d.Data.Users().Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	try := func(secret string) int {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/v1/version", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	mk := func(id string, expires time.Time) string {
		secret, hash, _ := access.NewToken()
		if err := d.Data.Users().CreateToken(ctx, &core.Token{ID: id, UserID: "uX", Hash: hash, CreatedAt: time.Now(), ExpiresAt: expires}); err != nil {
			t.Fatal(err)
		}
		return secret
	}
	live := mk("tk-live", time.Now().Add(time.Hour))
	if c := try(live); c != 200 {
		t.Fatalf("live token: %d", c)
	}
	if c := try(mk("tk-old", time.Now().Add(-time.Second))); c != 401 {
		t.Errorf("expired token: %d", c)
	}
	if err := d.Data.Users().RevokeToken(ctx, "tk-live", time.Now()); err != nil {
		t.Fatal(err)
	}
	if c := try(live); c != 401 {
		t.Errorf("revoked token: %d", c)
	}
	u.Disabled = true
	d.Data.Users().Update(ctx, u)
	if c := try(mk("tk-new", time.Now().Add(time.Hour))); c != 401 {
		t.Errorf("disabled user: %d", c)
	}
}

func TestReadyz(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	if rec, body := get(t, h, "/readyz"); rec.Code != 200 || body["status"] != "ready" {
		t.Fatalf("ready store: %d %v", rec.Code, body)
	}
	d.Store.(*sqlstore.DB).Close()
	if rec, _ := get(t, h, "/readyz"); rec.Code != 503 {
		t.Fatalf("closed store: %d, want 503", rec.Code)
	}
	if rec, _ := get(t, h, "/healthz"); rec.Code != 200 {
		t.Fatalf("healthz with a closed store: %d", rec.Code)
	}
}

func TestSearchAndMeasures(t *testing.T) {
	h := newHandler(t, deps(t))
	_, body := get(t, h, "/api/v1/catalog/search?q=%E9%8A%BB") // 銻
	if n, _ := body["count"].(float64); n < 7 {
		t.Errorf("search 銻: %v", body)
	}
	_, body = get(t, h, "/api/v1/catalog/measures?group=antimony")
	if n, _ := body["count"].(float64); n < 2 {
		t.Errorf("antimony measures: %v", body["count"])
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func post(t *testing.T, h http.Handler, url, body string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+adminToken)
	h.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec, out
}

func TestScreenParty(t *testing.T) {
	h := newHandler(t, deps(t))
	rec, body := post(t, h, "/api/v1/parties:screen", `{"name": "LOCKHEED MARTIN CORP.", "country": "美國", "date": "2025-06-01"}`)
	if rec.Code != 200 || body["matched"] != true || body["country"] != "US" {
		t.Fatalf("%d %v", rec.Code, body)
	}
	m := body["matches"].([]any)[0].(map[string]any)
	if l := m["entry"].(map[string]any)["list"]; m["score"].(float64) < 0.88 || (l != "CN-ECCL" && l != "CN-UEL") {
		t.Errorf("match %v", m)
	}
	// Before it was first listed (the unreliable entity list, 2023-02-16):
	// no match.
	if _, body := post(t, h, "/api/v1/parties:screen", `{"name": "Lockheed Martin", "date": "2023-02-15"}`); body["matched"] != false {
		t.Errorf("matched before listing: %v", body)
	}
	for _, tt := range []struct{ body, want string }{
		{`{"name": ""}`, "name"},
		{`{"name": "x", "country": "Atlantis"}`, "country"},
		{`{"name": "x", "nickname": "y"}`, "unknown field"},
		{`{"name": "x"} {"name": "y"}`, "more than one"},
		{`not json`, "invalid JSON"},
		{`{"name": "` + strings.Repeat("x", 2<<20) + `"}`, "larger than"},
	} {
		rec, body := post(t, h, "/api/v1/parties:screen", tt.body)
		e, _ := body["error"].(map[string]any)
		if rec.Code != 400 || e == nil || !strings.Contains(fmt.Sprint(e["message"], e["field"]), tt.want) {
			t.Errorf("body %.40q: %d %v, want 400 mentioning %q", tt.body, rec.Code, body, tt.want)
		}
	}
}

func TestEnterprisesAPI(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	first17 := "91431300MA4LTB001"
	c, _ := core.USCCCheckChar(first17)
	u := first17 + string(c)
	e := &core.Enterprise{USCC: core.USCC(u), Name: "冷水江锑都贸易有限公司", Province: "430000", Segments: []core.Segment{core.SegExport},
		Minerals: []string{"antimony"}, Status: core.StatusActive, RegisteredOn: core.MustDate("2024-10-01")}
	if err := ledger.Add(context.Background(), d.Data, e, core.MustDate("2024-10-01"), audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		url   string
		total float64
	}{
		{"/api/v1/enterprises", 1}, {"/api/v1/enterprises?province=%E6%B9%96%E5%8D%97", 1}, {"/api/v1/enterprises?province=450000", 0},
		{"/api/v1/enterprises?segment=%E5%87%BA%E5%8F%A3&group=antimony&status=active", 1}, {"/api/v1/enterprises?q=%25", 0},
	} {
		rec, body := get(t, h, tt.url)
		if rec.Code != 200 || body["total"] != tt.total {
			t.Errorf("%s: %d %v", tt.url, rec.Code, body)
		}
	}
	rec, body := get(t, h, "/api/v1/enterprises/"+u+"?date=2024-09-30")
	if rec.Code != 200 || body["status_on"] != nil && body["status_on"] != "" {
		t.Errorf("before registration: %d %v", rec.Code, body["status_on"])
	}
	for url, code := range map[string]int{
		"/api/v1/enterprises/91431300MA4LTB0019":              400, // bad check character
		"/api/v1/enterprises/91350100M000100Y43":              404,
		"/api/v1/enterprises?limit=0":                         400,
		"/api/v1/enterprises?province=Atlantis":               400,
		"/api/v1/enterprises?status=dormant":                  400,
		"/api/v1/ledger/coverage?province=%E6%B9%96%E5%8D%97": 200,
	} {
		if rec, _ := get(t, h, url); rec.Code != code {
			t.Errorf("%s: %d, want %d", url, rec.Code, code)
		}
	}
}

func TestEPCISCaptureAndQuery(t *testing.T) {
	h := newHandler(t, deps(t))
	doc, err := os.ReadFile("../epcis/testdata/examples/Example_9.6.1-ObjectEvent.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	rec, body := post(t, h, "/api/v1/epcis/capture", string(doc))
	if rec.Code != 201 || body["stored"] != float64(2) || rec.Header().Get("Location") == "" {
		t.Fatalf("capture: %d %v", rec.Code, body)
	}
	if _, body := post(t, h, "/api/v1/epcis/capture", string(doc)); body["stored"] != float64(0) || body["duplicates"] != float64(2) {
		t.Errorf("second capture: %v", body)
	}
	bad := strings.Replace(string(doc), `"action": "OBSERVE"`, `"action": "LOOK"`, 1)
	rec, body = post(t, h, "/api/v1/epcis/capture", bad)
	e := body["error"].(map[string]any)
	probs, _ := e["problems"].([]any)
	if rec.Code != 400 || len(probs) == 0 || probs[0].(map[string]any)["pointer"] != "/epcisBody/eventList/0/action" {
		t.Fatalf("invalid capture: %d %v", rec.Code, body)
	}
	rec, body = get(t, h, "/api/v1/epcis/events?eventType=ObjectEvent&perPage=1")
	list := body["epcisBody"].(map[string]any)["queryResults"].(map[string]any)["resultsBody"].(map[string]any)["eventList"].([]any)
	if rec.Code != 200 || len(list) != 1 || !strings.Contains(rec.Header().Get("Link"), "nextPageToken=") {
		t.Fatalf("query page 1: %d %v %q", rec.Code, len(list), rec.Header().Get("Link"))
	}
	next := rec.Header().Get("Link")
	next = next[strings.Index(next, "<")+1 : strings.Index(next, ">")]
	rec, body = get(t, h, next)
	list = body["epcisBody"].(map[string]any)["queryResults"].(map[string]any)["resultsBody"].(map[string]any)["eventList"].([]any)
	if rec.Code != 200 || len(list) != 1 {
		t.Fatalf("query page 2: %d %d", rec.Code, len(list))
	}
	for url, field := range map[string]string{
		"/api/v1/epcis/events?eventType=Bogus":        "eventType",
		"/api/v1/epcis/events?GE_eventTime=yesterday": "GE_eventTime",
		"/api/v1/epcis/events?nextPageToken=!!!":      "nextPageToken",
		"/api/v1/epcis/events?perPage=0":              "perPage",
	} {
		rec, body := get(t, h, url)
		if rec.Code != 400 || body["error"].(map[string]any)["field"] != field {
			t.Errorf("%s: %d %v", url, rec.Code, body)
		}
	}
}

func TestProvinceAndEnterpriseScope(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ctx := context.Background()
	mk := func(first17, province string) string {
		c, _ := core.USCCCheckChar(first17)
		u := first17 + string(c)
		e := &core.Enterprise{USCC: core.USCC(u), Name: u, Province: province, Segments: []core.Segment{core.SegExport}, Status: core.StatusActive, RegisteredOn: core.MustDate("2024-01-01")}
		if err := ledger.Add(ctx, d.Data, e, e.RegisteredOn, audit.Actor{Name: "test"}); err != nil {
			t.Fatal(err)
		}
		return u
	}
	hunan, guangxi := mk("91431300MA4LTB001", "430000"), mk("91450100MA5KGE002", "450000")
	officer := &core.User{ID: "hn1", Name: "hunan.officer", Agency: "GOV", Province: "430000", Role: core.RoleViewer, CreatedAt: time.Now()}
	if err := d.Data.Users().Create(ctx, officer); err != nil {
		t.Fatal(err)
	}
	secret, hash, _ := access.NewToken()
	d.Data.Users().CreateToken(ctx, &core.Token{ID: "hn1t", UserID: "hn1", Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	as := func(tok, method, url, body string) (int, string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	if code, body := as(secret, "GET", "/api/v1/enterprises", ""); code != 200 || !strings.Contains(body, hunan) || strings.Contains(body, guangxi) {
		t.Errorf("scoped list: %d %s", code, body)
	}
	if code, _ := as(secret, "GET", "/api/v1/enterprises?province=450000", ""); code != 403 {
		t.Errorf("asking for another province: %d", code)
	}
	if code, _ := as(secret, "GET", "/api/v1/enterprises/"+guangxi, ""); code != 404 {
		t.Errorf("another province's enterprise: %d, want 404", code)
	}
	if code, _ := as(secret, "GET", "/api/v1/enterprises/"+guangxi+"/balance", ""); code != 404 {
		t.Errorf("another province's balance: %d, want 404", code)
	}
	if code, _ := as(secret, "GET", "/api/v1/enterprises/"+hunan, ""); code != 200 {
		t.Errorf("own province's enterprise: %d", code)
	}
	if code, body := as(secret, "GET", "/api/v1/ledger/coverage", ""); code != 200 || strings.Contains(body, "450000") {
		t.Errorf("scoped coverage: %d %s", code, body)
	}
	// National scope sees both.
	if code, body := as(adminToken, "GET", "/api/v1/enterprises", ""); code != 200 || !strings.Contains(body, guangxi) {
		t.Errorf("national list: %d", code)
	}
	// Events: the officer sees Hunan's sites only; trace needs national scope.
	for _, site := range []string{hunan, guangxi} {
		if code, body := as(adminToken, "POST", "/api/v1/epcis/capture", strings.Replace(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-01-01T00:00:00Z","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2025-01-01T00:00:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","bizLocation":{"id":"urn:orewatch:site:SITE"},"quantityList":[{"epcClass":"urn:orewatch:lot:antimony-ingot:SITE","quantity":10,"uom":"KGM"}]}]}}`, "SITE", site, 2)); code != 201 {
			t.Fatalf("capture at %s: %d %s", site, code, body)
		}
	}
	if code, body := as(secret, "GET", "/api/v1/epcis/events", ""); code != 200 || !strings.Contains(body, hunan) || strings.Contains(body, guangxi) {
		t.Errorf("scoped events: %d %s", code, body)
	}
	// Paging filters before it cuts: a scoped officer's pages are full
	// and hold all of their province's events, interleaved as they are
	// with another province's.
	for i := range 12 {
		site := guangxi
		if i%2 == 0 {
			site = hunan + ":plant"
		}
		ev := strings.NewReplacer("SITE", site, "TIME", fmt.Sprintf("2025-02-01T00:%02d:00Z", i)).Replace(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-01-01T00:00:00Z","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"TIME","eventTimeZoneOffset":"+08:00","action":"OBSERVE","bizLocation":{"id":"urn:orewatch:site:SITE"},"quantityList":[{"epcClass":"urn:orewatch:lot:antimony-ingot:P","quantity":1,"uom":"KGM"}]}]}}`)
		if code, body := as(adminToken, "POST", "/api/v1/epcis/capture", ev); code != 201 {
			t.Fatalf("capture %d: %d %s", i, code, body)
		}
	}
	var pages []int
	seen := 0
	for next := "/api/v1/epcis/events?perPage=2"; next != ""; {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", next, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || strings.Contains(rec.Body.String(), guangxi) {
			t.Fatalf("scoped page %s: %d %s", next, rec.Code, rec.Body.String())
		}
		n := strings.Count(rec.Body.String(), `"bizLocation"`)
		pages, seen = append(pages, n), seen+n
		next = ""
		if m := regexp.MustCompile(`<(?:https?://[^/]+)?([^>]+)>; rel="next"`).FindStringSubmatch(rec.Header().Get("Link")); m != nil {
			next = m[1]
		}
		if len(pages) > 20 {
			t.Fatal("paging does not end")
		}
	}
	if seen != 7 {
		t.Errorf("the scoped pages hold %d events, want 7 (%v)", seen, pages)
	}
	for i, n := range pages[:len(pages)-1] {
		if n != 2 {
			t.Errorf("page %d holds %d events, want 2: %v", i, n, pages)
		}
	}
	if code, body := as(secret, "GET", "/api/v1/trace/backward?lot=antimony-ingot:"+hunan, ""); code != 200 || !strings.Contains(body, hunan) {
		t.Errorf("scoped trace of the province's own lot: %d %s", code, body)
	}
	if code, _ := as(secret, "GET", "/api/v1/trace/backward?lot=antimony-ingot:"+guangxi, ""); code != 404 {
		t.Errorf("scoped trace of another province's lot: %d, want 404", code)
	}
	// An enterprise user captures only its own sites' events.
	ent := tokenFor(t, d.Data, core.RoleEnterprise) // bound to 91350100M000100Y43
	doc := func(site string) string {
		return `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-01-01T00:00:00Z","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2025-01-01T00:00:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","bizLocation":{"id":"` + site + `"},"quantityList":[{"epcClass":"urn:orewatch:lot:antimony-ingot:E1","quantity":10,"uom":"KGM"}]}]}}`
	}
	if code, body := as(ent, "POST", "/api/v1/epcis/capture", doc("urn:orewatch:site:"+hunan)); code != 403 {
		t.Errorf("enterprise capturing another's event: %d %s", code, body)
	}
	if code, body := as(ent, "POST", "/api/v1/epcis/capture", doc("urn:orewatch:site:91350100M000100Y43:plant")); code != 201 {
		t.Errorf("enterprise capturing its own event: %d %s", code, body)
	}
}

func TestAlertTriage(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ctx := context.Background()
	for _, a := range []*core.Alert{
		{ID: "DEC-1-LICENCE_MISSING", SubjectType: "declaration", SubjectID: "1", Code: "LICENCE_MISSING", Score: 90, Province: "430000"},
		{ID: "DEC-2-END_USER_LISTED", SubjectType: "declaration", SubjectID: "2", Code: "END_USER_LISTED", Score: 55, Province: "450000"},
	} {
		if _, err := d.Data.Alerts().Raise(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	_, body := get(t, h, "/api/v1/alerts?status=new")
	if body["total"] != float64(2) {
		t.Fatalf("queue: %v", body)
	}
	for _, tt := range []struct {
		id, body string
		code     int
		want     string
	}{
		{"DEC-1-LICENCE_MISSING", `{"status": "dismissed"}`, 400, "reason"},
		{"DEC-1-LICENCE_MISSING", `{"status": "closed"}`, 400, "status"},
		{"DEC-1-LICENCE_MISSING", `{"status": "triaged"}`, 200, `"status":"triaged"`},
		{"DEC-1-LICENCE_MISSING", `{"status": "dismissed", "reason": "licence produced at the border"}`, 200, `"status":"dismissed"`},
		{"DEC-1-LICENCE_MISSING", `{"status": "triaged"}`, 409, "cannot become"},
		{"NOPE", `{"status": "triaged"}`, 404, "no alert"},
	} {
		rec, _ := post(t, h, "/api/v1/alerts/"+tt.id+"/triage", tt.body)
		if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("%s %s: %d %s", tt.id, tt.body, rec.Code, rec.Body.String())
		}
	}
	es, _ := d.Data.Audit().List(ctx, time.Time{}, time.Time{})
	var actions []string
	for _, e := range es {
		actions = append(actions, e.Action+":"+e.Object)
	}
	if !strings.Contains(strings.Join(actions, " "), "alert.dismissed:DEC-1-LICENCE_MISSING") {
		t.Errorf("audit rows %v", actions)
	}
	// A Hunan officer sees Hunan's alerts only and cannot touch Guangxi's.
	officer := &core.User{ID: "hn2", Name: "hunan.analyst", Agency: "GOV", Province: "430000", Role: core.RoleAnalyst, CreatedAt: time.Now()}
	d.Data.Users().Create(ctx, officer)
	secret, hash, _ := access.NewToken()
	d.Data.Users().CreateToken(ctx, &core.Token{ID: "hn2t", UserID: "hn2", Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	old := adminToken
	adminToken = secret
	defer func() { adminToken = old }()
	if _, body := get(t, h, "/api/v1/alerts"); body["total"] != float64(1) {
		t.Errorf("scoped queue: %v", body)
	}
	if rec, _ := post(t, h, "/api/v1/alerts/DEC-2-END_USER_LISTED/triage", `{"status": "triaged"}`); rec.Code != 404 {
		t.Errorf("other province's alert: %d", rec.Code)
	}
}

func TestCasesAPI(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ctx := context.Background()
	d.Data.Alerts().Raise(ctx, &core.Alert{ID: "A-9", SubjectType: "declaration", SubjectID: "530120250000000009", Code: "LICENCE_MISSING", Score: 90, Province: "430000"})
	rec, body := post(t, h, "/api/v1/cases", `{"title": "无证出口锑", "alerts": ["A-9"], "agencies": ["MPS"]}`)
	if rec.Code != 201 {
		t.Fatalf("open: %d %v", rec.Code, body)
	}
	id := body["id"].(string)
	if rec, _ := post(t, h, "/api/v1/cases/"+id+"/notes", `{"text": "核查中"}`); rec.Code != 201 {
		t.Errorf("note: %d", rec.Code)
	}
	rec, body = get(t, h, "/api/v1/cases/"+id)
	if rec.Code != 200 || len(body["notes"].([]any)) != 1 {
		t.Errorf("show: %d %v", rec.Code, body)
	}
	if rec, _ := post(t, h, "/api/v1/cases/"+id+"/update", `{"status": "closed"}`); rec.Code != 400 {
		t.Errorf("close without disposal: %d", rec.Code)
	}
	if rec, body := post(t, h, "/api/v1/cases/"+id+"/update", `{"status": "closed", "disposal": "penalty", "decision": "罚款"}`); rec.Code != 200 || body["status"] != "closed" {
		t.Errorf("close: %d %v", rec.Code, body)
	}
	if rec, _ := post(t, h, "/api/v1/cases", `{"title": "x", "alerts": ["A-9"]}`); rec.Code != 409 {
		t.Errorf("escalating an escalated alert: %d", rec.Code)
	}
	if _, body := get(t, h, "/api/v1/cases"); body["total"] != float64(1) {
		t.Errorf("list: %v", body)
	}
}

// TestNetworkAPI: the party graph with the reason for each tie, for
// national users only.
func TestNetworkAPI(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ctx := context.Background()
	for _, p := range []*core.Party{
		{ID: "P2", Name: "Eastern Ordnance Works", Country: "US", Kind: "military"},
		{ID: "P3", Name: "Siam Rare Metals Trading Co. Ltd.", Country: "TH", Phone: "+66 2 123 4567"},
		{ID: "P4", Name: "Chao Phraya Minerals Co., Ltd.", Country: "TH", Phone: "02-123-4567"},
	} {
		if _, err := d.Data.Parties().Upsert(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Data.Parties().AddLink(ctx, &core.PartyLink{From: "P3", To: "P2", Relation: "agent_of", Source: "press report"}); err != nil {
		t.Fatal(err)
	}
	get := func(tok, url string) (int, string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	analyst := tokenFor(t, d.Data, core.RoleAnalyst)
	code, body := get(analyst, "/api/v1/network?party=P4&depth=2")
	if code != 200 || !strings.Contains(body, `"reason":"same_phone"`) || !strings.Contains(body, `"reason":"agent_of"`) || !strings.Contains(body, `"hops":2`) {
		t.Fatalf("network around P4: %d %s", code, body)
	}
	entries, err := d.Data.Audit().List(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	audited := false
	for _, e := range entries {
		audited = audited || (e.Action == "party.read" && strings.Contains(e.Object, "party:P4"))
	}
	if !audited {
		t.Errorf("the network read of P4 is not in the audit trail")
	}
	// A name in Chinese script finds no Latin-only party, and says so.
	if code, body := get(analyst, "/api/v1/network?party="+url.QueryEscape("不存在的公司")); code != 404 {
		t.Errorf("unknown party: %d %s", code, body)
	}
	if code, _ := get(analyst, "/api/v1/network"); code != 400 {
		t.Errorf("no party: %d, want 400", code)
	}
	scoped := &core.User{ID: "gx1", Name: "guangxi.analyst", Agency: "GOV", Province: "450000", Role: core.RoleAnalyst, CreatedAt: time.Now()}
	if err := d.Data.Users().Create(ctx, scoped); err != nil {
		t.Fatal(err)
	}
	secret, hash, _ := access.NewToken()
	d.Data.Users().CreateToken(ctx, &core.Token{ID: "gx1t", UserID: "gx1", Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	// A province's officer sees the subgraphs that reach their province's
	// enterprises; this store's ledger has none in Guangxi, so P4's
	// network is not theirs.
	if code, body := get(secret, "/api/v1/network?party=P4"); code != 404 {
		t.Errorf("province-scoped network without the province's enterprises: %d %s, want 404", code, body)
	}
}

// TestRulesAPI: the rules in force and their version, for analysts — the
// same on two servers of one store, and a new rule set applied to the
// store reaches both at their next poll, audited once.
func TestRulesAPI(t *testing.T) {
	d := deps(t)
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	token := tokenFor(t, d.Data, core.RoleAnalyst)
	servers := []*rules.Shared{rules.NewShared(d.Data, quiet), rules.NewShared(d.Data, quiet)}
	ask := func(sh *rules.Shared) string {
		d.Rules = sh
		h := newHandler(t, d)
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/v1/rules", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("rules: %d %s", rec.Code, rec.Body.String())
		}
		return rec.Body.String()
	}
	if body := ask(servers[0]); !strings.Contains(body, `"configured":false`) {
		t.Errorf("no rules applied: %s", body)
	}
	apply := func(version int) *rules.Set {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "r.yaml"), []byte(fmt.Sprintf("rules:\n  - code: SB_TO_HUB\n    version: %d\n    channel: yellow\n    weight: 0.5\n    message: m\n    message_zh: 中\n    when: decl.destination == \"TH\"\n", version)), 0o644)
		set, err := rules.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := rules.Apply(ctx, d.Data, set, audit.Actor{Name: "analyst.wang"}); err != nil || !ok {
			t.Fatalf("apply v%d: %v %v", version, ok, err)
		}
		if ok, err := rules.Apply(ctx, d.Data, set, audit.Actor{Name: "analyst.wang"}); err != nil || ok {
			t.Fatalf("apply v%d again: %v %v", version, ok, err)
		}
		for _, sh := range servers {
			if changed, err := sh.Poll(ctx); err != nil || !changed {
				t.Fatalf("poll after v%d: %v %v", version, changed, err)
			}
		}
		return set
	}
	for _, v := range []int{4, 5} {
		set := apply(v)
		for i, sh := range servers {
			body := ask(sh)
			if !strings.Contains(body, `"code":"SB_TO_HUB"`) || !strings.Contains(body, fmt.Sprintf(`"version":%d`, v)) || !strings.Contains(body, set.Version) {
				t.Errorf("server %d after v%d: %s", i, v, body)
			}
		}
	}
	es, err := d.Data.Audit().List(ctx, time.Time{}, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Action == "rules.apply" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d rules.apply audit rows, want 2 (one per version)", n)
	}
}

// TestSessionIsNotAToken: a browser session's secret does not open the API.
func TestSessionIsNotAToken(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	u := &core.User{ID: "s1", Name: "browser-user", Agency: "GAC", Role: core.RoleAdmin, CreatedAt: time.Now()}
	if err := d.Data.Users().Create(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	secret, _, err := d.Guard.(access.Guard).StartSession(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/version", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	h.ServeHTTP(rec, req)
	if rec.Code != 401 || !strings.Contains(rec.Body.String(), "session") {
		t.Errorf("session secret as bearer: %d %s", rec.Code, rec.Body.String())
	}
}

// TestCaseAttachmentsAPI: upload, list and download a case file over the
// API; the uploaded name is kept for display only.
func TestCaseAttachmentsAPI(t *testing.T) {
	d := deps(t)
	d.Files = casework.Files{Dir: filepath.Join(t.TempDir(), "attachments")}
	h := newHandler(t, d)
	ctx := context.Background()
	d.Data.Alerts().Raise(ctx, &core.Alert{ID: "AX", SubjectType: "declaration", SubjectID: "530120250000000001", Code: "LICENCE_MISSING", Score: 90})
	c, err := casework.Open(ctx, d.Data, casework.Officer{Name: "wang", Agency: "GAC", Role: core.RoleAdmin}, "api files", []string{"AX"}, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tok := tokenFor(t, d.Data, core.RoleAdmin) // agency GAC
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "../../report.pdf")
	fw.Write([]byte("%PDF-1.4 test"))
	mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/cases/"+c.ID+"/attachments", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var a core.CaseAttachment
	if rec.Code != 201 || json.Unmarshal(rec.Body.Bytes(), &a) != nil || a.Name != "report.pdf" || a.Size != 13 {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body.String())
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := get("/api/v1/cases/" + c.ID + "/attachments"); rec.Code != 200 || !strings.Contains(rec.Body.String(), a.ID) {
		t.Errorf("list: %d %s", rec.Code, rec.Body.String())
	}
	if rec := get("/api/v1/cases/" + c.ID + "/attachments/" + a.ID); rec.Code != 200 || rec.Body.String() != "%PDF-1.4 test" || rec.Header().Get("Content-Type") != "application/octet-stream" {
		t.Errorf("download: %d %v", rec.Code, rec.Header())
	}
	if rec := get("/api/v1/cases/" + c.ID + "/attachments/nope"); rec.Code != 404 {
		t.Errorf("unknown attachment: %d", rec.Code)
	}
}
