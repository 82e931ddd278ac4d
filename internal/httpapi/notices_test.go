package httpapi_test

import (
	"testing"

	"orewatch/internal/core"
)

// TestNoticesAPI: an exporter's officer reads its own notices; others
// name the exporter; a viewer may not.
func TestNoticesAPI(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ent := tokenFor(t, d.Data, core.RoleEnterprise) // bound to 91350100M000100Y43
	if code, out := send(h, "GET", "/api/v1/notices", ent, ""); code != 200 || out["exporter_uscc"] != "91350100M000100Y43" || out["notices"] == nil {
		t.Errorf("its own: %d %v", code, out)
	}
	if code, _ := send(h, "GET", "/api/v1/notices", adminToken, ""); code != 400 {
		t.Errorf("no exporter named: %d, want 400", code)
	}
	if code, out := send(h, "GET", "/api/v1/notices?exporter=91350100M000100Y43", adminToken, ""); code != 200 || out["exporter_uscc"] != "91350100M000100Y43" {
		t.Errorf("named: %d %v", code, out)
	}
	if code, _ := send(h, "GET", "/api/v1/notices?exporter=91350100M000100Y43", tokenFor(t, d.Data, core.RoleViewer), ""); code != 403 {
		t.Errorf("a viewer: %d, want 403", code)
	}
}
