package web_test

import (
	"strings"
	"testing"
)

// TestEnterprisesList: the ledger as a list, searched by name, a
// province's officer seeing its own province only.
func TestEnterprisesList(t *testing.T) {
	s := newSite(t, true)
	admin := s.browser(t).signIn("admin")
	code, body := admin.get("/enterprises")
	if code != 200 || !strings.Contains(body, `<a href="/enterprises/91431300MA4LTB0012">`) {
		t.Fatalf("the ledger: %d", code)
	}
	if code, _ := admin.get("/enterprises?segment=alchemy"); code != 400 {
		t.Errorf("an unknown segment: %d, want 400", code)
	}
	_, hb := s.browser(t).signIn("hunan").get("/enterprises")
	if !strings.Contains(hb, "91431300MA4LTB0012") || strings.Contains(hb, `title="450000"`) || strings.Contains(hb, `id="e-province"`) {
		t.Errorf("a Hunan officer's ledger shows other provinces, or offers to choose one")
	}
	if code, _ := s.browser(t).signIn("exporter").get("/enterprises"); code != 403 {
		t.Errorf("an exporter's officer: %d, want 403", code)
	}
}
