package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"orewatch/internal/core"
	"orewatch/internal/httpapi"
)

// TestScreenDeclarationAPI: a declaration pre-checked through the API gets
// its channel and findings; a bad one every problem at its pointer; an
// exporter's officer may check only their own enterprise's.
func TestScreenDeclarationAPI(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	post := func(tok, body string) (int, map[string]any) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/v1/declarations:screen", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	decl := func(exporter, remarks string) string {
		return `{"declaration_no": "530120250000000777", "declared_at": "2025-06-01", "exporter_uscc": "` + exporter + `", "transport_mode": "2",
			"destination_country": "JP", "consignee_name": "Tokyo Magnets KK", "currency": "CNY",
			"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": 2, "unit": "t", "net_weight_kg": 2000,
			"gross_weight_kg": 2050, "total_value": 470000, "remarks": "` + remarks + `"}]}`
	}
	code, out := post(adminToken, decl("91350100M000100Y43", ""))
	if code != 200 || out["channel"] != "red" || out["as_of"] != "2025-06-01" || !strings.Contains(mustJSON(out["findings"]), "CONTROL_UNDECLARED") {
		t.Fatalf("pre-check: %d %v", code, out)
	}
	if c, ok := out["catalogue"].(map[string]any); !ok || c["latest_measure"] == "" {
		t.Errorf("no catalogue version: %v", out["catalogue"])
	}
	// And what to write: the remarks in both languages, the measure.
	items, _ := out["items"].([]any)
	if len(items) != 1 || !strings.Contains(mustJSON(items[0]), "是否属于管制物项：是") || !strings.Contains(mustJSON(items[0]), "MOFCOM-GAC-2024-33") ||
		items[0].(map[string]any)["licence_required"] != true {
		t.Errorf("the advice: %v", out["items"])
	}
	code, out = post(adminToken, strings.Replace(decl("91350100M000100Y43", ""), `"quantity": 2`, `"quantity": "two"`, 1))
	if code != 400 || !strings.Contains(mustJSON(out), `"/items/0/quantity"`) {
		t.Errorf("bad quantity: %d %v", code, out)
	}
	ent := tokenFor(t, d.Data, core.RoleEnterprise) // bound to 91350100M000100Y43
	if code, out := post(ent, decl("91350100M000100Y43", "是否属于管制物项：是")); code != 200 {
		t.Errorf("an exporter checking its own: %d %v", code, out)
	}
	if code, _ := post(ent, decl("91431300MA4LTB0012", "")); code != 403 {
		t.Errorf("an exporter checking another's: %d, want 403", code)
	}
	if code, _ := post(tokenFor(t, d.Data, core.RoleViewer), decl("91350100M000100Y43", "")); code != 403 {
		t.Errorf("a viewer: %d, want 403", code)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestLodgeDeclarationAPI: a declaration lodged through the API is stored
// (201), the same body again answers the same (200, replayed), a changed
// one is an amendment; it can be read back with its versions; an exporter's
// officer lodges and reads its own only, a viewer reads but does not
// lodge, and a bad body gets every problem at its pointer.
func TestLodgeDeclarationAPI(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	do := func(method, path, tok, body string) (int, map[string]any) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	decl := func(exporter string, tonnes int) string {
		return `{"declaration_no": "530120250000000888", "declared_at": "2025-06-01", "exporter_uscc": "` + exporter + `", "transport_mode": "2",
			"destination_country": "JP", "consignee_name": "Tokyo Magnets KK", "currency": "CNY",
			"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": ` + strings.Repeat("1", tonnes) + `, "unit": "t",
			"net_weight_kg": 2000, "gross_weight_kg": 2050, "total_value": 470000, "remarks": "是否属于管制物项：是"}]}`
	}
	ent := tokenFor(t, d.Data, core.RoleEnterprise) // bound to 91350100M000100Y43
	code, out := do("POST", "/api/v1/declarations", ent, decl("91350100M000100Y43", 1))
	if code != 201 || out["version"] != 1.0 || out["replayed"] != false || out["channel"] == "" {
		t.Fatalf("lodging: %d %v", code, out)
	}
	if code, again := do("POST", "/api/v1/declarations", ent, decl("91350100M000100Y43", 1)); code != 200 || again["replayed"] != true ||
		again["score"] != out["score"] || again["channel"] != out["channel"] {
		t.Errorf("the same body again: %d %v", code, again)
	}
	if code, am := do("POST", "/api/v1/declarations", adminToken, decl("91350100M000100Y43", 2)); code != 200 || am["version"] != 2.0 || am["amended"] != true {
		t.Errorf("an amendment: %d %v", code, am)
	}
	code, shown := do("GET", "/api/v1/declarations/530120250000000888", ent, "")
	if vs, _ := shown["versions"].([]any); code != 200 || len(vs) != 2 || shown["version"] != 2.0 {
		t.Errorf("reading it back: %d %v", code, shown)
	}
	if code, _ := do("GET", "/api/v1/declarations/530120250000000888", tokenFor(t, d.Data, core.RoleViewer), ""); code != 200 {
		t.Errorf("a viewer reading it: %d", code)
	}
	if code, _ := do("POST", "/api/v1/declarations", tokenFor(t, d.Data, core.RoleViewer), decl("91350100M000100Y43", 1)); code != 403 {
		t.Errorf("a viewer lodging: %d, want 403", code)
	}
	if code, _ := do("POST", "/api/v1/declarations", ent, decl("91431300MA4LTB0012", 1)); code != 403 {
		t.Errorf("an exporter lodging another's: %d, want 403", code)
	}
	if code, out := do("POST", "/api/v1/declarations", ent, strings.Replace(decl("91350100M000100Y43", 1), `"net_weight_kg": 2000`, `"net_weight_kg": "heavy"`, 1)); code != 400 ||
		!strings.Contains(mustJSON(out), `"/items/0/net_weight_kg"`) {
		t.Errorf("a bad weight: %d %v", code, out)
	}
	if code, _ := do("GET", "/api/v1/declarations/530120250000000999", adminToken, ""); code != 404 {
		t.Errorf("a declaration never lodged: %d, want 404", code)
	}
}

// TestListDeclarationsAPI: lodged declarations page by cursor, highest
// number first, filter by exporter, channel and HS prefix, and an
// exporter's officer sees its own only.
func TestListDeclarationsAPI(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	do := func(method, path, tok, body string) (int, map[string]any) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	lodge := func(no, exporter, hs string) {
		body := `{"declaration_no": "` + no + `", "declared_at": "2025-06-01", "exporter_uscc": "` + exporter + `", "transport_mode": "2",
			"destination_country": "JP", "consignee_name": "Tokyo Magnets KK", "currency": "CNY",
			"items": [{"item_no": 1, "hs_code": "` + hs + `", "goods_name": "货物", "quantity": 10, "unit": "kg",
			"net_weight_kg": 10, "gross_weight_kg": 11, "total_value": 1000, "remarks": "是否属于管制物项：否"}]}`
		if code, out := do("POST", "/api/v1/declarations", adminToken, body); code != 201 {
			t.Fatalf("lodging %s: %d %v", no, code, out)
		}
	}
	for i := range 5 {
		lodge("53012025000000010"+string(rune('0'+i)), "91350100M000100Y43", "7318150000")
	}
	lodge("530120250000000200", "91431300MA4LTB0012", "8110101000")
	var seen []string
	cursor := ""
	for page := 0; page < 10; page++ {
		code, out := do("GET", "/api/v1/declarations?limit=2&exporter=91350100M000100Y43&cursor="+cursor, adminToken, "")
		if code != 200 {
			t.Fatalf("page %d: %d %v", page, code, out)
		}
		for _, x := range out["declarations"].([]any) {
			seen = append(seen, x.(map[string]any)["declaration_no"].(string))
		}
		if cursor, _ = out["next"].(string); cursor == "" {
			break
		}
	}
	want := "530120250000000104,530120250000000103,530120250000000102,530120250000000101,530120250000000100"
	if strings.Join(seen, ",") != want {
		t.Errorf("pages gave %v, want %s", seen, want)
	}
	if _, out := do("GET", "/api/v1/declarations?hs=8110", adminToken, ""); len(out["declarations"].([]any)) != 1 {
		t.Errorf("HS prefix 8110: %v", out)
	}
	if _, out := do("GET", "/api/v1/declarations?channel=green&exporter=91350100M000100Y43", adminToken, ""); out["declarations"] == nil {
		t.Errorf("channel filter: %v", out)
	}
	ent := tokenFor(t, d.Data, core.RoleEnterprise) // bound to 91350100M000100Y43
	if _, out := do("GET", "/api/v1/declarations?limit=100", ent, ""); len(out["declarations"].([]any)) != 5 {
		t.Errorf("an exporter's officer sees %d declarations, want its own 5", len(out["declarations"].([]any)))
	}
	if code, _ := do("GET", "/api/v1/declarations?exporter=91431300MA4LTB0012", ent, ""); code != 403 {
		t.Errorf("an exporter asking for another's: %d, want 403", code)
	}
	if code, _ := do("GET", "/api/v1/declarations?from=yesterday", adminToken, ""); code != 400 {
		t.Errorf("a bad date: %d, want 400", code)
	}
}

// TestOpenAPICoversEveryRoute: the OpenAPI 3.1 document names every route
// with a summary, its path parameters and its policy, and nothing else.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	h.ServeHTTP(rec, req)
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != 200 || doc.OpenAPI != "3.1.0" {
		t.Fatalf("%d %v %s", rec.Code, err, rec.Body.String()[:min(200, rec.Body.Len())])
	}
	n := 0
	for _, rt := range httpapi.RouteTable(d) {
		op := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)]
		if op == nil || op["summary"] == "" || op["summary"] == nil {
			t.Errorf("%s %s: not documented", rt.Method, rt.Pattern)
			continue
		}
		if !rt.Public && op["x-orewatch-policy"] != rt.Policy {
			t.Errorf("%s %s: policy %v, want %s", rt.Method, rt.Pattern, op["x-orewatch-policy"], rt.Policy)
		}
		if strings.Contains(rt.Pattern, "{") && op["parameters"] == nil {
			t.Errorf("%s %s: path parameters not described", rt.Method, rt.Pattern)
		}
		n++
	}
	m := 0
	for _, ops := range doc.Paths {
		m += len(ops)
	}
	if m != n {
		t.Errorf("the document has %d operations, the routes %d", m, n)
	}
}

// TestChangeLicenceAPI: a supervisor suspends a licence from a date with a
// reason and reinstates it; an analyst may not; the licence shows its
// dated changes.
func TestChangeLicenceAPI(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ctx := context.Background()
	q, _ := core.ParseDecimal("100")
	if _, err := d.Data.Licences().Upsert(ctx, &core.Licence{No: "LIC-API-1", ExporterUSCC: "91350100M000100Y43", Status: core.LicenceValid,
		Uses: core.UsesMultiple, ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2026-12-31"), HSCode: "8110101000",
		Quantity: q, Unit: "kg", Destination: "JP"}); err != nil {
		t.Fatal(err)
	}
	do := func(path, tok, body string) (int, map[string]any) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	sup := tokenFor(t, d.Data, core.RoleSupervisor)
	// The test clock reads 2025-01-10: a change from June is recorded and
	// judged by date, and does not yet change the licence's status.
	if code, out := do("/api/v1/licences/LIC-API-1:suspend", sup, `{"effective_on": "2025-06-10", "reason": "end-use check"}`); code != 200 ||
		len(out["changes"].([]any)) != 1 || out["status"] != "valid" {
		t.Fatalf("suspend from June: %d %v", code, out)
	}
	if code, out := do("/api/v1/licences/LIC-API-1:suspend", sup, `{"effective_on": "2025-01-05", "reason": "end-use check"}`); code != 200 ||
		out["status"] != "suspended" {
		t.Fatalf("suspend from January: %d %v", code, out)
	}
	if code, _ := do("/api/v1/licences/LIC-API-1:suspend", sup, `{"effective_on": "2025-06-10"}`); code != 400 {
		t.Errorf("a suspension without a reason: %d, want 400", code)
	}
	if code, out := do("/api/v1/licences/LIC-API-1:reinstate", sup, `{"effective_on": "2025-01-08"}`); code != 200 || out["status"] != "valid" ||
		len(out["changes"].([]any)) != 3 {
		t.Errorf("reinstate: %d %v", code, out)
	}
	if code, _ := do("/api/v1/licences/LIC-API-1:revoke", tokenFor(t, d.Data, core.RoleAnalyst), `{"effective_on": "2025-08-01", "reason": "x"}`); code != 403 {
		t.Errorf("an analyst revoking: %d, want 403", code)
	}
	if code, _ := do("/api/v1/licences/LIC-API-1:cancel", sup, `{}`); code != 404 {
		t.Errorf("an unknown operation: %d, want 404", code)
	}
	if code, _ := do("/api/v1/licences/NO-SUCH:revoke", sup, `{"effective_on": "2025-08-01", "reason": "x"}`); code != 404 {
		t.Errorf("a licence that does not exist: %d, want 404", code)
	}
}
