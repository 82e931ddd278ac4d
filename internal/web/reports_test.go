package web_test

import (
	"net/url"
	"os"
	"strings"
	"testing"

	"orewatch/internal/epcis"
	"orewatch/internal/web"
)

// TestReportsPage: an exporter files a month of its books on the form
// (unbalanced figures are refused, naming the column), uploads a CSV file
// and its EPCIS events (another enterprise's site refused), and sees its
// books against its events; its province's officer sees them too, another
// province's does not.
func TestReportsPage(t *testing.T) {
	v, err := epcis.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	s := newSiteWith(t, true, func(d *web.Deps, _ *site) { d.EPCIS = v })
	ex := s.browser(t).signIn("exporter")
	code, body := ex.get("/reports")
	if code != 200 || !strings.Contains(body, `id="report-form"`) || !strings.Contains(body, `id="comparison"`) {
		t.Fatalf("the exporter's page: %d", code)
	}
	// The screening bundle's chain: February's smelting, not yet filed.
	if !strings.Contains(body, "line-not_filed") {
		t.Errorf("the months with events are not shown as not filed")
	}
	tok := ex.csrf("/reports")
	form := url.Values{"csrf": {tok}, "month": {"2025-02"}, "material": {"锑锭"}, "produced_kg": {"6600"}, "closing_kg": {"6000"}}
	if code, body, _ := ex.do("POST", "/reports", form); code != 400 || !strings.Contains(body, "closing_kg") {
		t.Errorf("unbalanced books: %d", code)
	}
	form.Set("closing_kg", "6600")
	if code, _, hd := ex.do("POST", "/reports", form); code != 303 || !strings.Contains(hd.Get("Location"), "stored=1") {
		t.Fatalf("file: %d %s", code, hd.Get("Location"))
	}
	csv := "month,material,opening_kg,received_kg,produced_kg,consumed_kg,shipped_kg,exported_kg,closing_kg\n2025-02,antimony-concentrate,0,0,12000,11000,0,0,1000\n"
	if code, body := ex.attachAs("/reports", tok, "file", "books.csv", csv); code != 303 {
		t.Fatalf("CSV: %d %.300s", code, body)
	}
	_, body = ex.get("/reports")
	if !strings.Contains(body, `class="line-agree"`) || !strings.Contains(body, `class="line-disagree"`) {
		t.Errorf("February's ingots should agree and its concentrate disagree")
	}
	doc, err := os.ReadFile("../../cmd/orewatch/testdata/bundles/screening/epcis/hunan-antimony-2025-02.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	if code, body := ex.attachAs("/reports/events", tok, "epcis", "feb.jsonld", string(doc)); code != 303 {
		t.Errorf("own events: %d %.300s", code, body)
	}
	other := strings.ReplaceAll(string(doc), "urn:orewatch:site:91431300MA4LTB0012", "urn:orewatch:site:91450100MA5KGE002J")
	if code, _ := ex.attachAs("/reports/events", tok, "epcis", "other.jsonld", other); code != 403 {
		t.Errorf("another enterprise's events: %d, want 403", code)
	}
	if code, body := s.browser(t).signIn("hunan").get("/reports?uscc=91431300MA4LTB0012"); code != 200 || !strings.Contains(body, `class="line-disagree"`) {
		t.Errorf("Hunan's officer: %d", code)
	}
	if code, _ := s.browser(t).signIn("guangxi").get("/reports?uscc=91431300MA4LTB0012"); code != 404 {
		t.Errorf("Guangxi's officer: %d, want 404", code)
	}
}
