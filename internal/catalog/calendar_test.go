package catalog_test

import (
	"slices"
	"testing"

	"orewatch/data"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
)

// TestCalendar: the ends of the two suspensions the shipped catalogue
// holds (2025-70's on 2026-11-10, 2025-72's on 2026-11-27) are on the
// calendar the next day, with the US rule's goods, and a check on
// 2026-12-01 lists them as lapsed.
func TestCalendar(t *testing.T) {
	c, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	evs := c.Calendar(core.MustDate("2026-11-01"), core.MustDate("2026-12-31"))
	var got []string
	for _, e := range evs {
		got = append(got, e.Date.String()+" "+e.Kind+" "+e.Measure)
		if e.Measure == "MOFCOM-2024-46" && e.Rule == catalog.RulePresumptionOfDenial && !slices.Contains(e.HSCodes, "8112929010") {
			t.Errorf("the US rule's resumption does not name gallium's code: %v", e.HSCodes)
		}
	}
	for _, want := range []string{"2026-11-11 suspension_ends MOFCOM-GAC-2025-55-58", "2026-11-28 suspension_ends MOFCOM-2024-46"} {
		if !slices.Contains(got, want) {
			t.Errorf("calendar %v lacks %q", got, want)
		}
	}
	all := c.Calendar(core.Date{}, core.Date{})
	for i := 1; i < len(all); i++ {
		if all[i].Date.Before(all[i-1].Date) {
			t.Fatalf("out of order at %d: %s after %s", i, all[i].Date, all[i-1].Date)
		}
	}
	if len(c.Lapsed(core.MustDate("2026-12-01"), 60)) < 3 || len(c.Lapsed(core.MustDate("2026-10-01"), 60)) != 0 {
		t.Errorf("lapsed on 2026-12-01: %d; on 2026-10-01: %d", len(c.Lapsed(core.MustDate("2026-12-01"), 60)), len(c.Lapsed(core.MustDate("2026-10-01"), 60)))
	}
}
