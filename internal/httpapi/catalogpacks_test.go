package httpapi_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/httpapi"
)

// TestCatalogPacksAPI: an administrator's pack changes the next lookup on
// this node and, after its refresh, on another node of the same store;
// the same pack again changes nothing; a bad pack is refused with its
// line; a dry run stores nothing; only administrators apply; the apply is
// audited.
func TestCatalogPacksAPI(t *testing.T) {
	d := deps(t)
	live, err := catalog.NewLive(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	d.Catalogs = live
	changed := 0
	d.CatalogChanged = func(context.Context) { changed++ }
	h := newHandler(t, d)
	body, err := os.ReadFile("../catalog/testdata/packs/extend-us-suspension.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const lookup = "/api/v1/catalog/lookup?hs=8112921010&date=2026-12-07&dest=US"
	_, before := get(t, h, lookup)
	if before["destination_rule"] != catalog.RulePresumptionOfDenial {
		t.Fatalf("before the pack: %v", before["destination_rule"])
	}
	shipped := before["catalogue_version"]
	// A germanium export to the US lodged while the shipped catalogue
	// presumes denial, to be judged again once the pack is applied.
	lodgeRec := httptest.NewRecorder()
	lodgeReq := httptest.NewRequest("POST", "/api/v1/declarations", strings.NewReader(`{"declaration_no": "530120260000000777", "declared_at": "2026-12-02",
		"exporter_uscc": "91350100M000100Y43", "transport_mode": "2", "destination_country": "US", "consignee_name": "Boston Optics Inc", "currency": "CNY",
		"items": [{"item_no": 1, "hs_code": "8112921010", "goods_name": "锗锭", "quantity": 50, "unit": "kg", "net_weight_kg": 50, "gross_weight_kg": 55,
		"total_value": 600000, "remarks": "属于两用物项出口管制，管制编码见许可证"}]}`))
	lodgeReq.Header.Set("Authorization", "Bearer "+adminToken)
	h.ServeHTTP(lodgeRec, lodgeReq)
	if lodgeRec.Code != 201 || !strings.Contains(lodgeRec.Body.String(), "DESTINATION_PROHIBITED") {
		t.Fatalf("lodging under the shipped catalogue: %d %s", lodgeRec.Code, lodgeRec.Body)
	}

	apply := func(tok, url, body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/yaml")
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := apply(tokenFor(t, d.Data, core.RoleSupervisor), "/api/v1/catalog/packs", string(body)); rec.Code != 403 {
		t.Errorf("a supervisor applied a pack: %d", rec.Code)
	}
	rec := apply(adminToken, "/api/v1/catalog/packs?dry_run=true", string(body))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"rule.changed"`) || !strings.Contains(rec.Body.String(), `"dry_run":true`) {
		t.Fatalf("dry run: %d %s", rec.Code, rec.Body)
	}
	if _, after := get(t, h, lookup); after["destination_rule"] != catalog.RulePresumptionOfDenial {
		t.Fatal("a dry run changed the answer")
	}
	bad := strings.Replace(string(body), "measure: MOFCOM-2024-46, article: 2", "measure: MOFCOM-2024-64, article: 2", 1)
	rec = apply(adminToken, "/api/v1/catalog/packs", bad)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "line 11") || !strings.Contains(rec.Body.String(), "MOFCOM-2024-64") {
		t.Errorf("a pack naming an unknown measure: %d %s", rec.Code, rec.Body)
	}
	// Lookups side by side with the apply see the old catalogue or the
	// new, whole (go test -race checks the handover).
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				rec := httptest.NewRecorder()
				req := httptest.NewRequest("GET", lookup, nil)
				req.Header.Set("Authorization", "Bearer "+adminToken)
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					t.Errorf("a lookup during the apply: %d", rec.Code)
				}
			}
		}()
	}
	rec = apply(adminToken, "/api/v1/catalog/packs", string(body))
	wg.Wait()
	if rec.Code != 201 || rec.Header().Get("Location") != "/api/v1/catalog/packs/TEST-2026-EXT-1" || changed != 1 {
		t.Fatalf("apply: %d %s (changed %d)", rec.Code, rec.Body, changed)
	}
	_, after := get(t, h, lookup)
	if after["destination_rule"] != catalog.RuleNone || after["catalogue_version"] == shipped {
		t.Errorf("after the pack: %v, version %v (was %v)", after["destination_rule"], after["catalogue_version"], shipped)
	}
	rec = apply(adminToken, "/api/v1/catalog/packs/TEST-2026-EXT-1:rescreen", `{"from": "2026-12-01", "to": "2026-12-07"}`)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"considered":1`) || !strings.Contains(rec.Body.String(), "530120260000000777") {
		t.Errorf("rescreen: %d %s", rec.Code, rec.Body)
	}
	if rec, decl := get(t, h, "/api/v1/declarations/530120260000000777"); rec.Code != 200 || decl["version"] != 2.0 || strings.Contains(mustJSON(decl["answer"]), "DESTINATION_PROHIBITED") ||
		!strings.Contains(mustJSON(decl["answer"]), "TEST-2026-EXT-1") {
		t.Errorf("the declaration after re-screening: %d %s", rec.Code, rec.Body)
	}
	if rec := apply(adminToken, "/api/v1/catalog/packs", string(body)); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"created":false`) || changed != 1 {
		t.Errorf("the same pack again: %d %s", rec.Code, rec.Body)
	}
	if rec := apply(adminToken, "/api/v1/catalog/packs", strings.Replace(string(body), "2027-11-10", "2027-12-31", 1)); rec.Code != 409 {
		t.Errorf("other contents under the same id: %d %s", rec.Code, rec.Body)
	}
	_, list := get(t, h, "/api/v1/catalog/packs")
	if list["count"] != float64(1) {
		t.Errorf("packs: %v", list)
	}
	if rec, one := get(t, h, "/api/v1/catalog/packs/TEST-2026-EXT-1"); rec.Code != 200 || one["body"] != string(body) {
		t.Errorf("the pack as applied: %d", rec.Code)
	}
	es, err := d.Data.Audit().List(context.Background(), time.Time{}, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	audited := false
	for _, e := range es {
		audited = audited || (e.Action == "catalog.pack.apply" && e.Object == "catalog-pack/TEST-2026-EXT-1")
	}
	if !audited {
		t.Error("no audit row for the pack")
	}

	// Another node of the same store follows at its next refresh.
	other, _ := catalog.NewLive(data.FS)
	d2 := d
	d2.Catalogs = other
	h2 := httpapi.NewHandler(d2)
	if _, ans := get(t, h2, lookup); ans["destination_rule"] != catalog.RulePresumptionOfDenial {
		t.Fatal("the other node changed before its refresh")
	}
	if ok, err := other.Refresh(context.Background(), d.Data.CatalogPacks()); err != nil || !ok {
		t.Fatalf("refresh: %v %v", ok, err)
	}
	if _, ans := get(t, h2, lookup); ans["destination_rule"] != catalog.RuleNone || ans["catalogue_version"] != after["catalogue_version"] {
		t.Errorf("the other node after its refresh: %v %v", ans["destination_rule"], ans["catalogue_version"])
	}
}
