package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/catalog"
	"orewatch/internal/httpapi"
	"orewatch/internal/live"
	"orewatch/internal/risk"
)

// withLiveDetectors turns lodging's live detectors on over d's store.
func withLiveDetectors(t *testing.T, d *httpapi.Deps) {
	t.Helper()
	ref, err := risk.LoadReference(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	_, lists, _ := catalog.LoadEntityLists(data.FS)
	det, err := live.New(context.Background(), analysis.Deps{Store: d.Data, Catalog: d.Catalog, Lists: lists, Risk: ref, Actor: audit.Actor{Name: "test"}}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Detectors = det
}

// send makes one request with a token and reads the JSON answer.
func send(h http.Handler, method, path, tok, body string) (int, map[string]any) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	h.ServeHTTP(rec, req)
	var out map[string]any
	json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

// TestLodgingRunsLiveDetectors: with the live detectors on, a lodging is
// judged by the smuggling detectors too — gallium declared to Thailand
// for a consignee in the United States is routed on (TRANSSHIPMENT) — and
// a party alert names it; without them, the rule checks alone answer.
func TestLodgingRunsLiveDetectors(t *testing.T) {
	body := `{"declaration_no": "530120250000000901", "declared_at": "2025-06-01", "exporter_uscc": "91350100M000100Y43", "transport_mode": "2",
		"destination_country": "TH", "consignee_name": "Pacific Rim Semiconductor Inc.", "consignee_country": "US", "currency": "CNY",
		"items": [{"item_no": 1, "hs_code": "8112929010", "goods_name": "金属镓", "quantity": 50, "unit": "kg", "net_weight_kg": 50,
		"gross_weight_kg": 52, "total_value": 110000, "remarks": "是否属于管制物项：是；两用物项出口管制编码：1C908"}]}`
	for _, on := range []bool{false, true} {
		d := deps(t)
		if on {
			withLiveDetectors(t, &d)
		}
		h := newHandler(t, d)
		code, out := send(h, "POST", "/api/v1/declarations", adminToken, body)
		if code != 201 {
			t.Fatalf("live %v: lodging %d %v", on, code, out)
		}
		if got := strings.Contains(mustJSON(out["findings"]), `"TRANSSHIPMENT"`); got != on {
			t.Errorf("live %v: TRANSSHIPMENT among the findings %v, want %v: %v", on, got, on, out["findings"])
		}
		_, alerts := send(h, "GET", "/api/v1/alerts?code=TRANSSHIPMENT", adminToken, "")
		if got := strings.Contains(mustJSON(alerts), `"subject_type":"party"`); got != on {
			t.Errorf("live %v: a party alert for TRANSSHIPMENT %v, want %v: %v", on, got, on, alerts)
		}
	}
}
