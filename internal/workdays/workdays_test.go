package workdays_test

import (
	"strings"
	"testing"

	"orewatch/internal/core"
	"orewatch/internal/workdays"
)

func TestShippedCalendar(t *testing.T) {
	c, err := workdays.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		day  string
		work bool
	}{
		{"2026-12-07", true},  // a Monday
		{"2026-12-05", false}, // a Saturday
		{"2026-10-01", false}, // National Day
		{"2026-10-10", true},  // a Saturday worked instead
		{"2026-02-23", false}, // Spring Festival, nine days in 2026
		{"2026-02-14", true},  // a Saturday worked instead
		{"2025-01-26", true},  // a Sunday worked instead
		{"2025-01-28", false}, // Spring Festival's eve
		{"2024-10-12", true},  // a Saturday worked instead
		{"2027-01-04", true},  // a Monday in a year not published: weekdays
	} {
		if got := c.Workday(core.MustDate(tt.day)); got != tt.work {
			t.Errorf("%s: workday %v, want %v", tt.day, got, tt.work)
		}
	}
	if !c.Covers(core.MustDate("2026-06-01")) || c.Covers(core.MustDate("2027-06-01")) {
		t.Error("2026 is published here and 2027 is not")
	}
	if s, ok := c.Source(core.MustDate("2026-01-01")); !ok || s.Document != "国办发明电〔2025〕7号" {
		t.Errorf("2026's source %+v", s)
	}
	// Accepted on the eve of the National Day holiday 2026: 45 working
	// days are 8–10 October (the Saturday worked), then 42 weekdays from
	// 12 October, to 8 December.
	if got := c.Add(core.MustDate("2026-09-30"), 45); got != core.MustDate("2026-12-08") {
		t.Errorf("45 working days from 2026-09-30: %s", got)
	}
	if n := c.Count(core.MustDate("2026-09-30"), c.Add(core.MustDate("2026-09-30"), 45)); n != 45 {
		t.Errorf("Count after Add: %d", n)
	}
	if n := c.Count(core.MustDate("2026-10-02"), core.MustDate("2026-10-01")); n != 0 {
		t.Errorf("backwards: %d", n)
	}
}

func TestParseRefusesWhatIsNotACalendar(t *testing.T) {
	src := "    source: {title: t, document: d, published: 2026-01-01, url: u}\n"
	for _, tt := range []struct{ name, yaml, want string }{
		{"no source", "years:\n  - year: 2026\n    \"off\": [2026-01-01]\n", "no source"},
		{"other year", "years:\n  - year: 2026\n" + src + "    \"off\": [2025-12-31]\n", "another year"},
		{"weekday worked", "years:\n  - year: 2026\n" + src + "    work: [2026-12-07]\n", "is a weekday"},
		{"both", "years:\n  - year: 2026\n" + src + "    \"off\": [2026-12-05]\n    work: [2026-12-05]\n", "both"},
		{"twice", "years:\n  - year: 2026\n" + src + "  - year: 2026\n" + src, "twice"},
	} {
		_, err := workdays.Parse([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}
