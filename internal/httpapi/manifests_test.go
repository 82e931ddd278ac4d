package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"orewatch/internal/core"
)

// TestManifestsAPI: a carrier's verified gross mass that arrives after
// the declaration finds it under-declared — the lodged declaration gains
// UNDERDECLARATION as a new version and goes red; the same rows again
// change nothing; an amended row keeps the version it replaced; a bad
// row gets its pointer, a viewer is refused.
func TestManifestsAPI(t *testing.T) {
	ctx := context.Background()
	d := deps(t)
	withLiveDetectors(t, &d)
	h := newHandler(t, d)
	do := func(path, tok, body string) (int, map[string]any) { return send(h, "POST", path, tok, body) }
	decl := `{"declaration_no": "530120250000000951", "declared_at": "2025-06-01", "exporter_uscc": "91350100M000100Y43", "transport_mode": "2",
		"destination_country": "NL", "consignee_name": "Rotterdam Metals B.V.", "currency": "CNY", "bill_of_lading": "COSU6001", "containers": "MSCU1234565",
		"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": 2, "unit": "t", "net_weight_kg": 2000,
		"gross_weight_kg": 2050, "total_value": 470000, "remarks": "是否属于管制物项：是；两用物项出口管制编码：1C992"}]}`
	code, lodged := do("/api/v1/declarations", adminToken, decl)
	if code != 201 || strings.Contains(mustJSON(lodged["findings"]), "UNDERDECLARATION") {
		t.Fatalf("lodging: %d %v", code, lodged)
	}
	rows := func(vgm string) string {
		return `{"manifests": [{"bill_of_lading": "COSU6001", "container_no": "MSCU1234565", "vgm_kg": ` + vgm + `, "tare_kg": 2200, "size": "20GP",
			"port_of_loading": "CNSHA", "port_of_discharge": "NLRTM"}]}`
	}
	code, out := do("/api/v1/manifests", adminToken, rows("22000"))
	if code != 200 || out["stored"] != 1.0 || out["judged"] != true {
		t.Fatalf("manifests: %d %v", code, out)
	}
	rc, _ := out["rechecked"].([]any)
	if len(rc) != 1 || !strings.Contains(mustJSON(rc[0]), `"UNDERDECLARATION"`) || !strings.Contains(mustJSON(rc[0]), `"channel":"red"`) {
		t.Fatalf("rechecked %v, want the declaration with UNDERDECLARATION, red", out["rechecked"])
	}
	l, err := d.Data.Lodgements().Get(ctx, "530120250000000951")
	if err != nil || l.Version != 2 || l.Channel != core.ChannelRed {
		t.Errorf("stored: %+v %v, want version 2, red", l, err)
	}
	if code, again := do("/api/v1/manifests", adminToken, rows("22000")); code != 200 || again["unchanged"] != 1.0 || len(again["rechecked"].([]any)) != 0 {
		t.Errorf("the same rows again: %d %v", code, again)
	}
	if code, am := do("/api/v1/manifests", adminToken, rows("21900")); code != 200 || am["amended"] != 1.0 {
		t.Errorf("an amended row: %d %v", code, am)
	}
	vs, err := d.Data.Versions().List(ctx, core.VersionManifest, "COSU6001/MSCU1234565")
	if err != nil || len(vs) != 2 {
		t.Errorf("versions of the row: %d %v, want 2", len(vs), err)
	}
	if code, bad := do("/api/v1/manifests", adminToken, rows(`"heavy"`)); code != 400 || !strings.Contains(mustJSON(bad), "/manifests/0/vgm_kg") {
		t.Errorf("a bad row: %d %v", code, bad)
	}
	if code, _ := do("/api/v1/manifests", tokenFor(t, d.Data, core.RoleViewer), rows("22000")); code != 403 {
		t.Errorf("a viewer: %d, want 403", code)
	}
}
