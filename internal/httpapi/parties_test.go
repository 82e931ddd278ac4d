package httpapi_test

import (
	"strings"
	"testing"

	"orewatch/internal/core"
)

// TestPartiesAPI: parties added and amended through the API keep their
// versions and are read back with their links; the graph's detectors are
// told; a bad row gets its pointer; a viewer may not add.
func TestPartiesAPI(t *testing.T) {
	d := deps(t)
	told := 0
	d.Changed = func() { told++ }
	h := newHandler(t, d)
	party := func(phone string) string {
		return `{"parties": [{"party_id": "P-AE-1", "name": "Dune Bay Commodities FZE", "country": "阿联酋", "phone": "` + phone + `", "kind": "trader"},
			{"主体编号": "P-AE-2", "名称": "Crescent Strategic Metals FZE", "国家": "AE", "kind": "trader"}]}`
	}
	code, out := send(h, "POST", "/api/v1/parties", adminToken, party("+971 4 802 0417"))
	if code != 200 || out["stored"] != 2.0 {
		t.Fatalf("adding: %d %v", code, out)
	}
	if code, out := send(h, "POST", "/api/v1/parties", adminToken, party("+971 4 802 0418")); code != 200 || out["amended"] != 1.0 || out["unchanged"] != 1.0 {
		t.Errorf("amending one: %d %v", code, out)
	}
	if code, out := send(h, "POST", "/api/v1/parties/links", adminToken, `{"links": [{"from_party": "P-AE-1", "to_party": "P-AE-2", "relation": "agent_of", "source": "field report"}]}`); code != 200 || out["stored"] != 1.0 {
		t.Errorf("linking: %d %v", code, out)
	}
	code, rec := send(h, "GET", "/api/v1/parties/P-AE-1", adminToken, "")
	if code != 200 || rec["party"].(map[string]any)["country"] != "AE" || len(rec["links"].([]any)) != 1 || len(rec["versions"].([]any)) != 2 {
		t.Errorf("reading back: %d %v", code, rec)
	}
	if told != 3 {
		t.Errorf("the detectors were told %d times, want 3", told)
	}
	if code, bad := send(h, "POST", "/api/v1/parties", adminToken, `[{"party_id": "P-X", "name": "X", "country": "Atlantis"}]`); code != 400 || !strings.Contains(mustJSON(bad), "/parties/0/country") {
		t.Errorf("a bad country: %d %v", code, bad)
	}
	if code, _ := send(h, "POST", "/api/v1/parties", tokenFor(t, d.Data, core.RoleViewer), party("1")); code != 403 {
		t.Errorf("a viewer: %d, want 403", code)
	}
	if code, _ := send(h, "GET", "/api/v1/parties/P-NONE", adminToken, ""); code != 404 {
		t.Errorf("an unknown party: %d, want 404", code)
	}
}
