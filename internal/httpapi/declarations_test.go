package httpapi_test

import (
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
	h := httpapi.NewHandler(d)
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
