package httpapi_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"orewatch/internal/core"
)

// TestMonthlyReportsAPI: an exporter files its books as CSV (a bad row
// refuses the whole file, naming the line and column) and as JSON, and
// reads them back set against its events; another exporter cannot read
// them, nor file for anyone but itself.
func TestMonthlyReportsAPI(t *testing.T) {
	d := deps(t)
	d.Now = func() time.Time { return time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) }
	h := newHandler(t, d)
	e := &core.Enterprise{USCC: "91350100M000100Y43", Name: "福建示例钨业有限公司", Province: "350000", Segments: []core.Segment{core.SegSmelting},
		RegisteredOn: core.MustDate("2024-01-01"), Status: core.StatusActive}
	if _, err := d.Data.Enterprises().Upsert(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	ent := tokenFor(t, d.Data, core.RoleEnterprise)
	csv := "月份,物料,期初库存,收入,产出,消耗,发出,出口,期末库存\n2026-10,锑锭,100,0,50,0,0,120,30\n2026-11,锑锭,30,0,0,0,0,0,31\n"
	req := httptest.NewRequest("POST", "/api/v1/monthly-reports?name=books.csv", strings.NewReader(csv))
	req.Header.Set("Authorization", "Bearer "+ent)
	req.Header.Set("Content-Type", "text/csv; charset=utf-8")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"line":3`) || !strings.Contains(rec.Body.String(), `"column":"closing_kg"`) {
		t.Fatalf("an unbalanced row: %d %s", rec.Code, rec.Body)
	}
	code, out := send(h, "POST", "/api/v1/monthly-reports", ent, `{"reports": [{"month": "2026年10月", "material": "antimony-ingot", "opening_kg": 100, "produced_kg": 50, "exported_kg": 120, "closing_kg": 30}]}`)
	if code != 200 || out["stored"] != float64(1) {
		t.Fatalf("file: %d %v", code, out)
	}
	code, out = send(h, "GET", "/api/v1/monthly-reports?from=2026-01", ent, "")
	lines, _ := out["lines"].([]any)
	if code != 200 || len(lines) != 1 || lines[0].(map[string]any)["status"] != "no_events" {
		t.Fatalf("compare: %d %v", code, out)
	}
	if code, _ := send(h, "GET", "/api/v1/monthly-reports?exporter=91350100M000100Y43", adminToken, ""); code != 200 {
		t.Errorf("a national officer: %d", code)
	}
	rival := userToken(t, d.Data, &core.User{Name: "rival", Agency: "GOV", Role: core.RoleEnterprise, EnterpriseUSCC: "91450100MA5KGE002J"})
	if code, _ := send(h, "GET", "/api/v1/monthly-reports?exporter=91350100M000100Y43", rival, ""); code != 404 {
		t.Errorf("another exporter: %d, want 404", code)
	}
	if code, _ := send(h, "POST", "/api/v1/monthly-reports", adminToken, `{"reports": []}`); code != 403 {
		t.Errorf("an officer filing: %d, want 403", code)
	}
}
