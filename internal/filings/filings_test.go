package filings_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"orewatch/data"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/filings"
	"orewatch/internal/risk"
	"orewatch/internal/store/storetest"
)

func TestParseCSV(t *testing.T) {
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String("月份,物料,期初库存,收入,產出,消耗,发出,出口,期末库存（kg）\n2026年10月,锑锭,100,0,50,0,0,120,30\n")
	for _, tt := range []struct {
		name, csv string
		rows      int
		problems  []string
		err       string
	}{
		{"english", "month,material,opening_kg,received_kg,produced_kg,consumed_kg,shipped_kg,exported_kg,closing_kg\n2026-10,antimony-ingot,100,0,50,0,0,120,30\n\n", 1, nil, ""},
		{"gb18030 and traditional", gb, 1, nil, ""},
		{"bom, slashes and blanks", "\ufeffmonth,material,opening,received,produced,consumed,shipped,exported,closing\n2026/9,antimony-ingot,,,,,,,\n", 1, nil, ""},
		{"bad fields", "month,material,opening_kg,received_kg,produced_kg,consumed_kg,shipped_kg,exported_kg,closing_kg\n2026-13,antimony-ingot,1,0,0,0,0,0,1\n2026-10,,x,0,0,0,0,0,1\n2026-10,a,1\n",
			0, []string{"line 2: column month", "line 3: column material", "line 3: column opening_kg", "line 4: 3 fields"}, ""},
		{"unknown column", "month,material,stock\n", 0, nil, "column 3 \"stock\""},
		{"missing column", "month,material,opening_kg\n", 0, nil, "no column received_kg"},
		{"empty", "", 0, nil, "is empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rs, ps, err := filings.ParseCSV("books.csv", strings.NewReader(tt.csv))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != tt.rows {
				t.Errorf("%d rows, want %d (%v)", len(rs), tt.rows, ps)
			}
			if len(ps) != len(tt.problems) {
				t.Fatalf("problems %v, want %v", ps, tt.problems)
			}
			for i, want := range tt.problems {
				if !strings.HasPrefix(ps[i].String(), want) {
					t.Errorf("problem %d: %q, want %q…", i, ps[i], want)
				}
			}
		})
	}
	rs, _, _ := filings.ParseCSV("books.csv", strings.NewReader(gb))
	if rs[0].Month != "2026-10" || rs[0].Material != "锑锭" || rs[0].Exported != core.DecimalFromInt(120) || rs[0].Source != "books.csv line 2" {
		t.Errorf("GB18030 row %+v", rs[0])
	}
}

// FuzzParseCSV: any file either gives reports with well-formed months or
// problems that name their line; nothing panics.
func FuzzParseCSV(f *testing.F) {
	f.Add("month,material,opening_kg,received_kg,produced_kg,consumed_kg,shipped_kg,exported_kg,closing_kg\n2026-10,antimony-ingot,100,0,50,0,0,120,30\n")
	f.Add("月份,物料,期初库存,收入,产出,消耗,发出,出口,期末库存\n2026年1月,\"锑,锭\",1,2,3,4,5,6,7\n\"x")
	f.Fuzz(func(t *testing.T, s string) {
		rs, ps, err := filings.ParseCSV("f.csv", strings.NewReader(s))
		if err != nil {
			return
		}
		for _, r := range rs {
			if _, err := filings.ParseMonth(r.Month); err != nil || r.Material == "" {
				t.Fatalf("a report with month %q material %q", r.Month, r.Material)
			}
		}
		for _, p := range ps {
			if p.Line <= 0 || p.Message == "" {
				t.Fatalf("a problem without its line: %+v", p)
			}
		}
	})
}

// TestFileAndCompare: an exporter files its books for the months of the
// screening bundle's chain: a month copied from what the events imply
// agrees; the same month with 500 kg fewer exported (and closing stock
// to match) disagrees on those two figures; a month of activity left out
// is not filed; figures that do not balance store nothing.
func TestFileAndCompare(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		cat, err := catalog.Load(data.FS)
		if err != nil {
			t.Fatal(err)
		}
		_, lists, _ := catalog.LoadEntityLists(data.FS)
		ref, err := risk.LoadReference(data.FS)
		if err != nil {
			t.Fatal(err)
		}
		b, err := bundle.Read("../../cmd/orewatch/testdata/bundles/screening")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := analysis.Run(ctx, analysis.Deps{Store: s, Catalog: cat, Lists: lists, Risk: ref, Actor: audit.Actor{Name: "test"}}, b, nil); err != nil {
			t.Fatal(err)
		}
		const uscc = core.USCC("91431300MA4LTB0012")
		d := filings.Deps{Store: s, Catalog: func() *catalog.Catalog { return cat }, Now: func() time.Time { return time.Date(2025, 12, 7, 2, 0, 0, 0, time.UTC) }}
		u := &core.User{Name: "books", Agency: "GOV", Role: core.RoleEnterprise, EnterpriseUSCC: uscc}
		// The bundle's chain: in February 2025 the exporter smelted 12 t of
		// concentrate into 6.6 t of ingots, then shipped and exported more
		// ingots in March, April and June than it had.
		kg := func(n int64) core.Decimal { return core.DecimalFromInt(n) }
		agreeing := &core.MonthlyReport{Month: "2025-02", Material: "锑精矿", Produced: kg(12000), Consumed: kg(12000)}
		short := &core.MonthlyReport{Month: "2025-02", Material: "antimony-ingot", Produced: kg(6000), Closing: kg(6000)}
		unbalanced := *agreeing
		unbalanced.Closing += core.DecimalFromInt(7)
		out, err := filings.File(ctx, d, u, []*core.MonthlyReport{&unbalanced}, "test")
		if err != nil || len(out.Problems) != 1 || out.Problems[0].Column != "closing_kg" {
			t.Fatalf("unbalanced: %+v %v", out, err)
		}
		if rs, _ := s.MonthlyReports().List(ctx, core.MonthlyReportFilter{}); len(rs) != 0 {
			t.Fatalf("an unbalanced filing stored %d", len(rs))
		}
		out, err = filings.File(ctx, d, u, []*core.MonthlyReport{agreeing, short}, "test")
		if err != nil || len(out.Problems) != 0 || out.Stored != 2 {
			t.Fatalf("file: %+v %v", out, err)
		}
		officer := &core.User{Name: "ledger", Agency: "GOV", Province: "430000", Role: core.RoleAnalyst}
		c, err := filings.Compare(ctx, d, officer, uscc, "", "")
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]string{}
		for _, l := range c.Lines {
			status[l.Month+" "+l.Material] = l.Status
			if l.Status == "disagree" {
				var off []string
				for _, cell := range l.Cells {
					if !cell.Agree {
						off = append(off, cell.Figure)
					}
				}
				if strings.Join(off, ",") != "produced_kg,closing_kg" {
					t.Errorf("%s %s disagrees on %v", l.Month, l.Material, off)
				}
			}
		}
		if status["2025-02 antimony-concentrate"] != "agree" || status["2025-02 antimony-ingot"] != "disagree" || c.NotFiled != 3 || c.Disagree != 1 ||
			status["2025-04 antimony-ingot"] != "not_filed" {
			t.Errorf("statuses %v (not filed %d)", status, c.NotFiled)
		}
		// Another province's officer and another exporter see nothing.
		for _, other := range []*core.User{
			{Name: "gx", Agency: "GOV", Province: "450000", Role: core.RoleAnalyst},
			{Name: "rival", Agency: "GOV", Role: core.RoleEnterprise, EnterpriseUSCC: "91450100MA5KGE002J"},
		} {
			if _, err := filings.Compare(ctx, d, other, uscc, "", ""); core.ErrorCode(err) != core.ENOTFOUND {
				t.Errorf("%s compares: %v", other.Name, err)
			}
		}
		// Filing the same again changes nothing; versions keep the change.
		out, _ = filings.File(ctx, d, u, []*core.MonthlyReport{{Month: "2025-02", Material: "antimony-concentrate", Produced: kg(12000), Consumed: kg(12000)}}, "again")
		if out.Unchanged != 1 {
			t.Errorf("the same figures again: %+v", out)
		}
		if _, err := filings.File(ctx, d, officer, []*core.MonthlyReport{agreeing}, "x"); core.ErrorCode(err) != core.EFORBIDDEN {
			t.Errorf("an officer filing: %v", err)
		}
	})
}
