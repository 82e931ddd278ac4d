package web_test

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/web"
)

// TestCatalogPacksPage: an administrator checks a pack (nothing stored),
// applies it, and the next lookup and the calendar follow it; a bad pack
// is shown with its line; an analyst may read the packs, not apply one;
// the calendar lists the days with what they touch, an exporter seeing
// only its own.
func TestCatalogPacksPage(t *testing.T) {
	live, err := catalog.NewLive(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	s := newSiteWith(t, true, func(d *web.Deps, _ *site) {
		d.Catalogs = live
		d.Now = func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) }
	})
	pack, err := os.ReadFile("../catalog/testdata/packs/extend-us-suspension.yaml")
	if err != nil {
		t.Fatal(err)
	}
	admin := s.browser(t).signIn("admin")
	if _, body := admin.get("/catalog/packs"); !strings.Contains(body, "未应用更新包") || !strings.Contains(body, `id="packform"`) {
		t.Fatalf("the packs page before any: %s", body)
	}
	tok := admin.csrf("/catalog/packs")
	code, body, _ := admin.do("POST", "/catalog/packs", url.Values{"csrf": {tok}, "body": {string(pack)}, "action": {"check"}})
	if code != 200 || !strings.Contains(body, "检查结果：未保存") || !strings.Contains(body, "rule.changed") || !strings.Contains(body, "TEST-2026-EXT-1") {
		t.Fatalf("check: %d %s", code, body)
	}
	if _, body := admin.get("/catalog?hs=8112921010&dest=US"); !strings.Contains(body, "presumption_of_denial") {
		t.Fatal("a check changed the answer")
	}
	bad := strings.Replace(string(pack), "measure: MOFCOM-2024-46, article: 2", "measure: MOFCOM-2024-64, article: 2", 1)
	code, body, _ = admin.do("POST", "/catalog/packs", url.Values{"csrf": {tok}, "body": {bad}, "action": {"apply"}})
	if code != 400 || !strings.Contains(body, "line 11") || !strings.Contains(body, "更新包未被接受") {
		t.Errorf("a bad pack: %d", code)
	}
	code, body, _ = admin.do("POST", "/catalog/packs", url.Values{"csrf": {tok}, "body": {string(pack)}, "action": {"apply"}})
	if code != 200 || !strings.Contains(body, "已应用: TEST-2026-EXT-1") {
		t.Fatalf("apply: %d %s", code, body)
	}
	if _, body := admin.get("/catalog?hs=8112921010&dest=US"); strings.Contains(body, "presumption_of_denial") || !strings.Contains(body, live.Catalog().Version.ID) {
		t.Error("the answer after the pack")
	}
	if _, body := admin.get("/catalog/calendar?from=2026-11-01&to=2027-12-31"); !strings.Contains(body, "2027-11-11") || !strings.Contains(body, "TEST-2026-EXT-1") || !strings.Contains(body, "2026-11-11") {
		t.Errorf("the calendar after the pack: %s", body)
	}
	analyst := s.browser(t).signIn("analyst")
	if _, body := analyst.get("/catalog/packs"); !strings.Contains(body, "TEST-2026-EXT-1") || strings.Contains(body, `id="packform"`) {
		t.Error("an analyst's packs page")
	}
	if code, _, _ := analyst.do("POST", "/catalog/packs", url.Values{"csrf": {analyst.csrf("/catalog/packs")}, "body": {string(pack)}}); code != 403 {
		t.Errorf("an analyst applied a pack: %d", code)
	}
	// The screening bundle's tungsten licence is valid across the day
	// tungsten came under control: the calendar names its exporter, and
	// only to officers and to that exporter.
	const tungstenRow = "MOFCOM-GAC-2025-10<br>"
	_, body = admin.get("/catalog/calendar?from=2025-01-01&to=2025-12-31")
	row := body[strings.Index(body, tungstenRow):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "<td>1</td>") || !strings.Contains(row, "/enterprises/91440300MA5FXX005Q") {
		t.Errorf("the tungsten row: %s", row)
	}
	// The same row for an exporter (another enterprise) and for a Guangxi
	// officer (the exporter is in Guangdong): the day, not the exporter.
	for _, who := range []string{"exporter", "guangxi"} {
		_, body := s.browser(t).signIn(who).get("/catalog/calendar?from=2025-01-01&to=2025-12-31")
		if !strings.Contains(body, tungstenRow) || strings.Contains(body, "91440300MA5FXX005Q") {
			t.Errorf("%s's calendar shows another's exporter, or not the day", who)
		}
	}
}
