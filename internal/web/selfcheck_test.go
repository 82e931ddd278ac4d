package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"orewatch/internal/core"
)

// TestSelfCheck: an exporter drafts a declaration of antimony ingots to
// Japan without a control statement and sees the channel, the legal
// basis, the remarks to write in both languages, its licences with what
// is left, and the findings; it cannot check for another exporter; a bad
// draft gets its problems by field.
func TestSelfCheck(t *testing.T) {
	s := newSite(t, true)
	ctx := context.Background()
	own := core.USCC("91431300MA4LTB0012") // the exporter user's enterprise
	q, _ := core.ParseDecimal("5")
	if _, err := s.store.Licences().Upsert(ctx, &core.Licence{No: "LIC-SELF", ExporterUSCC: own, Status: core.LicenceValid, Uses: core.UsesMultiple,
		ValidFrom: core.MustDate("2025-01-01"), ValidTo: core.MustDate("2025-12-31"), HSCode: "8110101000", Quantity: q, Unit: "t", Destination: "JP"}); err != nil {
		t.Fatal(err)
	}
	b := s.browser(t).signIn("exporter")
	if code, body := b.get("/selfcheck"); code != 200 || !strings.Contains(body, `value="91431300MA4LTB0012" readonly`) || !strings.Contains(body, `id="notices"`) {
		t.Fatalf("the form and the exporter's notices: %d", code)
	}
	form := url.Values{"csrf": {b.csrf("/selfcheck")}, "exporter_uscc": {"91350100M000100Y43"}, "declared_at": {"2025-06-01"}, "destination_country": {"日本"},
		"consignee_name": {"Tokyo Magnets KK"}, "transport_mode": {"2"}, "hs_code": {"8110101000"}, "goods_name": {"锑锭"}, "quantity": {"2"}, "unit": {"吨"},
		"net_weight_kg": {"2000"}, "gross_weight_kg": {"2050"}, "total_value": {"470000"}, "currency": {"CNY"}}
	code, body, _ := b.do("POST", "/selfcheck", form)
	if code != 200 {
		t.Fatalf("self-check: %d %.500s", code, body)
	}
	for _, want := range []string{`id="channel"`, "CONTROL_UNDECLARED", "是否属于管制物项：是", "Controlled item: yes", "LIC-SELF", "5000.0 kg", "MOFCOM-GAC-2024-33"} {
		if !strings.Contains(body, want) && !strings.Contains(body, strings.ReplaceAll(want, "CONTROL_UNDECLARED", "未申报管制属性")) {
			t.Errorf("the answer lacks %q", want)
		}
	}
	if strings.Contains(body, "self.") {
		t.Errorf("an untranslated label: %s", body[strings.Index(body, "self."):][:40])
	}
	if strings.Contains(body, "91350100M000100Y43") {
		t.Errorf("an exporter checked another exporter's USCC")
	}
	form.Set("quantity", "many")
	if code, body, _ := b.do("POST", "/selfcheck", form); code != 400 || !strings.Contains(body, "/items/0/quantity") {
		t.Errorf("a bad draft: %d", code)
	}
	if code, _ := s.browser(t).signIn("viewer").get("/selfcheck"); code == 200 {
		t.Errorf("a viewer may not pre-check")
	}
}

// TestSelfCheckFile: a draft's goods as a CSV file are checked item by
// item; a bad cell is named by the file's line and column.
func TestSelfCheckFile(t *testing.T) {
	s := newSite(t, true)
	b := s.browser(t).signIn("exporter")
	tok := b.csrf("/selfcheck")
	post := func(csv string) (int, string) {
		return b.postFile("/selfcheck", tok, map[string]string{"declared_at": "2025-06-01", "destination_country": "日本", "consignee_name": "Tokyo Magnets KK",
			"transport_mode": "2", "currency": "CNY"}, "items", "goods.csv", csv)
	}
	code, body := post("商品编号,商品名称,数量,单位,净重,毛重,总价,备注\n8110101000,锑锭,2000,kg,2000,2050,470000,\n\n2825800000,氧化锑,many,kg,500,520,90000,是否属于管制物项：是\n")
	if code != 400 || !strings.Contains(body, "goods.csv line 4, quantity") {
		t.Fatalf("a bad quantity: %d", code)
	}
	code, body = post("商品编号,商品名称,数量,单位,净重,毛重,总价,备注\n8110101000,锑锭,2000,kg,2000,2050,470000,\n\n2825800000,氧化锑,500,kg,500,520,90000,是否属于管制物项：是\n")
	if code != 200 || !strings.Contains(body, `id="items-answer"`) || strings.Count(body, "<tr><td>") < 2 || !strings.Contains(body, "2825800000") {
		t.Fatalf("two items: %d", code)
	}
}
