package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/ledger"
)

// TestIssueLicenceAPI: a licensing officer issues a licence as a row of
// licences.csv in JSON (Chinese words and units accepted), the same body
// again changes nothing, a bad one gets every problem at its pointer, a
// province-scoped officer issues for their province only, and readers see
// the licences of their scope with the versions kept.
func TestIssueLicenceAPI(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ctx := context.Background()
	for _, e := range []*core.Enterprise{
		{USCC: "91431300MA4LTB0012", Name: "湖南示例锑业有限公司", Province: "430000"},
		{USCC: "91450100MA5KGE002J", Name: "广西示例贸易有限公司", Province: "450000"},
	} {
		e.Segments, e.Status, e.RegisteredOn = []core.Segment{core.SegExport}, core.StatusActive, core.MustDate("2024-01-01")
		if err := ledger.Add(ctx, d.Data, e, e.RegisteredOn, audit.Actor{Name: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	do := func(method, path, tok, body string) (int, map[string]any) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	lic := func(no, holder, qty string) string {
		return `{"许可证号": "` + no + `", "exporter_uscc": "` + holder + `", "uses": "非一批一证", "valid_from": "2025-01-01", "valid_to": "2025-12-31",
			"hs_code": "8110101000", "goods_name": "锑锭", "quantity": ` + qty + `, "unit": "吨", "destination": "荷蘭"}`
	}
	sup := tokenFor(t, d.Data, core.RoleSupervisor)
	code, out := do("POST", "/api/v1/licences", sup, lic("LIC-HN-1", "91431300MA4LTB0012", "2"))
	if code != 201 || out["result"] != "issued" || mustJSON(out["licence"]) == "" || out["licence"].(map[string]any)["destination"] != "NL" {
		t.Fatalf("issue: %d %v", code, out)
	}
	if code, out := do("POST", "/api/v1/licences", sup, lic("LIC-HN-1", "91431300MA4LTB0012", `"2"`)); code != 200 || out["result"] != "unchanged" {
		t.Errorf("the same licence again: %d %v", code, out)
	}
	if code, out := do("POST", "/api/v1/licences", sup, lic("LIC-HN-1", "91431300MA4LTB0012", "3")); code != 200 || out["result"] != "amended" || out["version"] != 2.0 {
		t.Errorf("amend: %d %v", code, out)
	}
	if code, out := do("POST", "/api/v1/licences", sup, lic("LIC-HN-1", "91450100MA5KGE002J", "3")); code != 409 || !strings.Contains(mustJSON(out), "force=true") {
		t.Errorf("another exporter's number: %d %v, want 409 naming force", code, out)
	}
	code, out = do("POST", "/api/v1/licences", sup, strings.NewReplacer(`"吨"`, `"barrels"`, `"2025-01-01"`, `"2025-02-30"`).Replace(lic("LIC-HN-2", "91431300MA4LTB0012", "1")))
	if code != 400 || !strings.Contains(mustJSON(out), `"/unit"`) || !strings.Contains(mustJSON(out), `"/valid_from"`) {
		t.Errorf("a bad licence: %d %v; want 400 at /unit and /valid_from", code, out)
	}
	if code, _ := do("POST", "/api/v1/licences", tokenFor(t, d.Data, core.RoleAnalyst), lic("LIC-HN-3", "91431300MA4LTB0012", "1")); code != 403 {
		t.Errorf("an analyst issuing: %d, want 403", code)
	}
	// A Guangxi supervisor issues for Guangxi, not for Hunan.
	gx := &core.User{ID: "gx1", Name: "guangxi.supervisor", Agency: "MOFCOM", Province: "450000", Role: core.RoleSupervisor, CreatedAt: time.Now()}
	if err := d.Data.Users().Create(ctx, gx); err != nil {
		t.Fatal(err)
	}
	secret, hash, _ := access.NewToken()
	d.Data.Users().CreateToken(ctx, &core.Token{ID: "gx1t", UserID: "gx1", Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	if code, out := do("POST", "/api/v1/licences", secret, lic("LIC-HN-4", "91431300MA4LTB0012", "1")); code != 403 {
		t.Errorf("Guangxi issuing for Hunan: %d %v, want 403", code, out)
	}
	if code, out := do("POST", "/api/v1/licences", secret, lic("LIC-GX-1", "91450100MA5KGE002J", "1")); code != 201 {
		t.Errorf("Guangxi issuing for Guangxi: %d %v", code, out)
	}
	if code, out := do("GET", "/api/v1/licences", secret, ""); code != 200 || out["total"] != 1.0 || !strings.Contains(mustJSON(out), "LIC-GX-1") {
		t.Errorf("Guangxi's licences: %d %v, want LIC-GX-1 alone", code, out)
	}
	if code, out := do("GET", "/api/v1/licences?status=valid&valid_on=2025-06-01", sup, ""); code != 200 || out["total"] != 2.0 {
		t.Errorf("all valid licences: %d %v, want 2", code, out)
	}
	if code, _ := do("GET", "/api/v1/licences?status=lapsed", sup, ""); code != 400 {
		t.Errorf("an unknown status: %d, want 400", code)
	}
	code, out = do("GET", "/api/v1/licences/LIC-HN-1", sup, "")
	if vs, _ := out["versions"].([]any); code != 200 || len(vs) != 2 || out["quantity"] != 3.0 {
		t.Errorf("a licence with its versions: %d %v", code, out)
	}
	if code, out := do("GET", "/api/v1/licences/LIC-HN-1", secret, ""); code != 404 {
		t.Errorf("Guangxi reading Hunan's licence: %d %v, want 404", code, out)
	}
}
