package lodge_test

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/risk"
	"orewatch/internal/store/storetest"
)

const screening = "../../cmd/orewatch/testdata/bundles/screening"

// TestPreCheckAgreesWithAnalysis: every declaration of the screening
// bundle, pre-checked one at a time against the store the bundle was
// imported into, gets the channel-deciding checks' codes the analysis gave
// it (the statistical detectors are the analysis's alone), on SQLite and
// PostgreSQL; and the pre-check stores nothing.
func TestPreCheckAgreesWithAnalysis(t *testing.T) {
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	_, lists, _ := catalog.LoadEntityLists(data.FS)
	ref, err := risk.LoadReference(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		b, err := bundle.Read(screening)
		if err != nil {
			t.Fatal(err)
		}
		res, err := analysis.Run(ctx, analysis.Deps{Store: s, Catalog: cat, Lists: lists, Risk: ref, Actor: audit.Actor{Name: "test"}}, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := s.Lists().All(ctx)
		deps := lodge.Deps{Store: s, Catalog: cat, Lists: func() []*core.ListEntry { return append(slices.Clone(lists), stored...) }}
		byDecl := map[string][]*core.DeclarationItem{}
		for _, d := range b.Declarations {
			byDecl[d.DeclarationNo] = append(byDecl[d.DeclarationNo], d)
		}
		_, before, _ := s.Declarations().List(ctx, core.DeclarationFilter{Limit: 1})
		for _, r := range res.Declarations {
			a, err := lodge.PreCheck(ctx, deps, byDecl[r.DeclarationNo])
			if err != nil {
				t.Fatal(err)
			}
			if got, want := checkCodes(a.Findings), analysisCodes(r.Findings); got != want {
				t.Errorf("%s: pre-check %q, analysis %q", r.DeclarationNo, got, want)
			}
		}
		if _, after, _ := s.Declarations().List(ctx, core.DeclarationFilter{Limit: 1}); after != before {
			t.Errorf("the pre-checks stored declarations: %d → %d", before, after)
		}
	})
}

func checkCodes(fs []lodge.Finding) string {
	var cs []string
	for _, f := range fs {
		cs = append(cs, f.Code)
	}
	sort.Strings(cs)
	return strings.Join(cs, ",")
}

func analysisCodes(fs []core.Finding) string {
	var cs []string
	for _, f := range fs {
		if !slices.Contains(risk.Codes, f.Code) {
			cs = append(cs, f.Code)
		}
	}
	sort.Strings(cs)
	return strings.Join(cs, ",")
}

// TestParse: a declaration as JSON, with Chinese words and numbers, and
// every problem at its JSON pointer.
func TestParse(t *testing.T) {
	good := `{"declaration_no": "530120250000000099", "declared_at": "2025/06/01", "exporter_uscc": "91431300MA4LTB0012", "transport_mode": "水路运输",
		"destination_country": "日本", "consignee_name": "Tokyo Magnets KK", "currency": "人民币",
		"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": 2, "unit": "吨", "net_weight_kg": 2000, "gross_weight_kg": 2050, "total_value": 470000, "remarks": "是否属于管制物项：是"},
		          {"item_no": 2, "hs_code": "2825600010", "goods_name": "二氧化锗", "quantity": "5", "unit": "千克", "net_weight_kg": "5", "gross_weight_kg": "5.5", "total_value": "60000"}]}`
	items, err := lodge.Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].DestinationCountry != "JP" || items[0].TransportMode != "2" || items[1].HSCode != "2825600010" || items[1].DeclarationNo != items[0].DeclarationNo {
		t.Fatalf("items %+v %+v", items[0], items[1])
	}
	var inv *lodge.Invalid
	for _, tc := range []struct{ from, to, ptr string }{
		{`"quantity": "5"`, `"quantity": "five"`, `"/items/1/quantity"`},
		{`"declared_at": "2025/06/01"`, `"declared_at": "yesterday"`, `"/declared_at"`},
		{`"hs_code": "8110101000"`, `"hs_code": "81101"`, `"/items/0/hs_code"`},
	} {
		_, err = lodge.Parse([]byte(strings.Replace(good, tc.from, tc.to, 1)))
		if !errorsAs(err, &inv) {
			t.Fatalf("%s: %v", tc.to, err)
		}
		if b, _ := json.Marshal(inv.Problems); !strings.Contains(string(b), tc.ptr) {
			t.Errorf("%s: problems %s lack %s", tc.to, b, tc.ptr)
		}
	}
	for _, body := range []string{`[]`, `{"declaration_no": "1"}`, `{"items": [{"quantity": {"a": 1}}]}`} {
		if _, err := lodge.Parse([]byte(body)); !errorsAs(err, &inv) {
			t.Errorf("%s: %v", body, err)
		}
	}
}
