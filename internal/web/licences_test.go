package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"orewatch/internal/core"
)

// TestLicencesScopedPaging: a province officer's licence pages are cut
// after the province filter (page 1 was empty with a next link before),
// the total counts only what they may see, and a valid licence past its
// last day says expired.
func TestLicencesScopedPaging(t *testing.T) {
	s := newSite(t, true)
	ctx := context.Background()
	for i := range 120 { // Guangxi's, numbered before Hunan's
		l := &core.Licence{No: fmt.Sprintf("LIC-0-GX-%03d", i), ExporterUSCC: "91450100MA5KGE002J", Status: core.LicenceValid, Uses: core.UsesSingle,
			ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "8112921010", Quantity: core.DecimalFromInt(100), Unit: "kg", Destination: "JP"}
		if _, err := s.store.Licences().Upsert(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	hunan := s.browser(t).signIn("hunan")
	_, body := hunan.get("/licences")
	rows := regexp.MustCompile(`<tr>\s*<td>LIC-`).FindAllString(body, -1)
	if len(rows) == 0 || strings.Contains(body, "LIC-0-GX") {
		t.Fatalf("Hunan's first page: %d rows, Guangxi's shown: %v", len(rows), strings.Contains(body, "LIC-0-GX"))
	}
	if m := regexp.MustCompile(`<caption>(\d+)</caption>`).FindStringSubmatch(body); m == nil || m[1] != fmt.Sprint(len(rows)) {
		t.Errorf("caption %v, want the %d licences Hunan may see", m, len(rows))
	}
	if strings.Contains(body, "offset=50") {
		t.Error("a next-page link to nothing")
	}
	admin := s.browser(t).signIn("admin")
	_, body = admin.get("/licences?offset=50")
	if !strings.Contains(body, "LIC-0-GX-050") {
		t.Error("national page 2 lacks the 51st licence")
	}
	_, body = admin.get("/licences?offset=100")
	if strings.Count(body, `class="lic-valid"`) == 0 {
		t.Error("no licence says valid on 2025-06-30")
	}
	// Expired: a valid licence whose last day has passed.
	l := &core.Licence{No: "LIC-0-GX-000", ExporterUSCC: "91450100MA5KGE002J", Status: core.LicenceValid, Uses: core.UsesSingle,
		ValidFrom: core.MustDate("2024-01-01"), ValidTo: core.MustDate("2025-03-31"), HSCode: "8112921010", Quantity: core.DecimalFromInt(100), Unit: "kg", Destination: "JP"}
	s.store.Licences().Upsert(ctx, l)
	_, body = admin.get("/licences")
	if !strings.Contains(body, `class="lic-expired"`) || !strings.Contains(body, "已过期") {
		t.Error("an expired licence does not say so")
	}
}
