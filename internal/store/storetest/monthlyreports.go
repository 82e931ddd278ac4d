package storetest

import (
	"testing"
	"time"

	"orewatch/internal/core"
)

// testMonthlyReports: a report is filed once per enterprise, month and
// material; the same figures again change nothing; new ones replace them;
// lists filter by enterprise, province and months.
func testMonthlyReports(t *testing.T, s core.Store) {
	c := ctx(t)
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for _, e := range []*core.Enterprise{{USCC: "91431300MA4LTB0012", Name: "湖南", Province: "430000"}, {USCC: "91450100MA5KGE002J", Name: "广西", Province: "450000"}} {
		e.Segments, e.RegisteredOn, e.Status = []core.Segment{core.SegSmelting}, core.MustDate("2024-01-01"), core.StatusActive
		if _, err := s.Enterprises().Upsert(c, e); err != nil {
			t.Fatal(err)
		}
	}
	kg := func(n int64) core.Decimal { return core.DecimalFromInt(n) }
	r := &core.MonthlyReport{USCC: "91431300MA4LTB0012", Month: "2026-10", Material: "antimony-ingot", Opening: kg(1000), Produced: kg(5000), Exported: kg(4000),
		Closing: kg(2000), FiledBy: "ex", Source: "form", FiledAt: at}
	if changed, err := s.MonthlyReports().Put(c, r); err != nil || !changed {
		t.Fatalf("file: %v %v", changed, err)
	}
	again := *r
	again.FiledAt = at.Add(time.Hour)
	if changed, err := s.MonthlyReports().Put(c, &again); err != nil || changed {
		t.Fatalf("the same figures again: %v %v", changed, err)
	}
	again.Exported, again.Closing = kg(3500), kg(2500)
	if changed, err := s.MonthlyReports().Put(c, &again); err != nil || !changed {
		t.Fatalf("new figures: %v %v", changed, err)
	}
	got, err := s.MonthlyReports().Get(c, r.USCC, "2026-10", "antimony-ingot")
	if err != nil || got.Exported != kg(3500) || !got.FiledAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("read back %+v, %v", got, err)
	}
	_, err = s.MonthlyReports().Get(c, r.USCC, "2026-09", "antimony-ingot")
	mustCode(t, err, core.ENOTFOUND)
	other := *r
	other.USCC, other.Month = "91450100MA5KGE002J", "2026-11"
	if _, err := s.MonthlyReports().Put(c, &other); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		f    core.MonthlyReportFilter
		want int
	}{
		{"all", core.MonthlyReportFilter{}, 2},
		{"enterprise", core.MonthlyReportFilter{USCC: "91450100MA5KGE002J"}, 1},
		{"province", core.MonthlyReportFilter{Province: "430000"}, 1},
		{"months", core.MonthlyReportFilter{From: "2026-11", To: "2026-12"}, 1},
		{"material", core.MonthlyReportFilter{Material: "gallium"}, 0},
	} {
		if rs, err := s.MonthlyReports().List(c, tt.f); err != nil || len(rs) != tt.want {
			t.Errorf("%s: %d reports, %v; want %d", tt.name, len(rs), err, tt.want)
		}
	}
}
