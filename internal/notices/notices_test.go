package notices_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"orewatch/data"
	"orewatch/internal/audit"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/notices"
	"orewatch/internal/store/storetest"
)

const exporter = core.USCC("91431300MA4LTB0012")

// TestNotices: an exporter is told of its licence ending within 30 days
// and 85 % drawn, of a consignee it ships to listed ten days ago, and of
// a control change for goods it exports, and of an application waiting
// for its documents — and of nothing about another exporter's — on both
// stores.
func TestNotices(t *testing.T) {
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	// A day ten days before a change of the controls on some goods.
	var change catalog.Event
	for _, e := range cat.Calendar(core.MustDate("2024-01-01"), core.MustDate("2026-12-31")) {
		if len(e.HSCodes) > 0 {
			change = e
			break
		}
	}
	if change.Date.IsZero() {
		t.Fatal("the catalogue has no dated change with HS codes")
	}
	today := change.Date.AddDays(-10)
	hs := change.HSCodes[0]
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		q, _ := core.ParseDecimal("1000")
		err := s.WithTx(ctx, func(r core.Repos) error {
			if _, err := r.Enterprises().Upsert(ctx, &core.Enterprise{USCC: exporter, Name: "湖南示例锑业有限公司", Province: "430000",
				Segments: []core.Segment{core.SegExport}, RegisteredOn: core.MustDate("2020-01-01"), Status: core.StatusActive}); err != nil {
				return err
			}
			_, err := r.Licences().Upsert(ctx, &core.Licence{No: "LIC-N1", ExporterUSCC: exporter, Status: core.LicenceValid, Uses: core.UsesMultiple,
				ValidFrom: today.AddDays(-300), ValidTo: today.AddDays(20), HSCode: hs, Quantity: q, Unit: "kg", Destination: "NL", ConsigneeName: "Rotterdam Metals B.V."})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		listed := []*core.ListEntry{{List: "TEST-LIST", Name: "Rotterdam Metals B.V.", Country: "NL", ListedOn: today.AddDays(-10)}}
		d := lodge.Deps{Store: s, Catalog: cat, Lists: func() []*core.ListEntry { return nil }}
		body := fmt.Sprintf(`{"declaration_no": "530120250000000701", "declared_at": "%s", "exporter_uscc": "%s", "transport_mode": "2",
			"destination_country": "NL", "consignee_name": "Rotterdam Metals B.V.", "currency": "CNY", "licence_no": "LIC-N1",
			"items": [{"item_no": 1, "hs_code": "%s", "goods_name": "货物", "quantity": 850, "unit": "kg", "net_weight_kg": 850, "gross_weight_kg": 860, "total_value": 100000, "remarks": "是否属于管制物项：是"}]}`,
			today.AddDays(-30), exporter, hs)
		if _, err := lodge.Lodge(ctx, d, audit.Actor{Name: "test"}, []byte(body)); err != nil {
			t.Fatal(err)
		}
		// An application the reviewer asked more documents for.
		app := &core.LicenceApplication{ExporterUSCC: exporter, Province: "430000", Status: core.AppInfoRequested, Reasons: "请补充最终用户证明",
			CreatedAt: today.AddDays(-5).Time(), UpdatedAt: today.AddDays(-2).Time()}
		if err := s.Applications().Create(ctx, app); err != nil {
			t.Fatal(err)
		}
		ns, err := notices.For(ctx, notices.Deps{Store: s, Catalog: cat, Lists: func() []*core.ListEntry { return listed }}, exporter, today)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]string{}
		for _, n := range ns {
			kinds[n.Kind] = n.Message
		}
		for _, k := range []string{notices.LicenceExpiring, notices.LicenceDrawn, notices.ConsigneeListed, notices.RuleChange, notices.Application} {
			if kinds[k] == "" {
				t.Errorf("no %s notice; got %+v", k, ns)
			}
		}
		if !strings.Contains(kinds[notices.LicenceDrawn], "85 %") || !strings.Contains(kinds[notices.RuleChange], hs) || !strings.Contains(kinds[notices.Application], "asks for documents") {
			t.Errorf("notices %+v", kinds)
		}
		other, err := notices.For(ctx, notices.Deps{Store: s, Catalog: cat, Lists: func() []*core.ListEntry { return listed }}, "91450100MA5KGE002J", today)
		if err != nil || len(other) != 0 {
			t.Errorf("another exporter's notices: %+v %v", other, err)
		}
	})
}
