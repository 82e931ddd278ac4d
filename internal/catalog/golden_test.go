package catalog

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"orewatch/internal/core"
)

type expectedMeasure struct {
	Measure     string    `yaml:"measure"`
	Effective   core.Date `yaml:"effective"`
	Codes       []string  `yaml:"codes"`
	Suspensions []Window  `yaml:"suspensions"`
	// ControlCodes are the control codes the measure prints for the
	// goods under an HS code.
	ControlCodes map[string][]string `yaml:"control_codes"`
	// ListCodes are the unified dual-use list's codes for the goods under
	// an HS code, where the measure printed none.
	ListCodes map[string][]string `yaml:"list_codes"`
}

// TestControlCodesAsPrinted: a month after each measure (or after its
// suspension), the lookup of an HS code names exactly the control codes
// the second transcription reads for it in that measure.
func TestControlCodesAsPrinted(t *testing.T) {
	c := embedded(t)
	n := 0
	for _, e := range loadExpected(t) {
		// A month after the measure, or the day after a suspension that
		// covers that day.
		day := e.Effective.AddDays(30)
		for _, w := range e.Suspensions {
			if w.Contains(day) {
				day = w.To.AddDays(1)
			}
		}
		for hs, want := range e.ControlCodes {
			a := c.Lookup(Query{HS: hs, Date: day})
			var got []string
			for _, it := range a.Items {
				if it.Measure == e.Measure && it.ControlCode != "" && !slices.Contains(got, it.ControlCode) {
					got = append(got, it.ControlCode)
				}
			}
			slices.Sort(got)
			want = slices.Sorted(slices.Values(want))
			if !slices.Equal(got, want) {
				t.Errorf("%s under %s: control codes %v, want %v", hs, e.Measure, got, want)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no control codes in the expected file")
	}
}

// TestListCodesAsPrinted: a month after each measure, the lookup of an
// HS code gives its items the unified list's codes the second
// transcription reads for it: each expected code is one of the items'
// (or a sub-item of one: 2A901.b of the item 2A901), and each item's is
// expected.
func TestListCodesAsPrinted(t *testing.T) {
	c := embedded(t)
	covers := func(item, code string) bool {
		return strings.EqualFold(item, code) || strings.HasPrefix(strings.ToLower(code), strings.ToLower(item)+".")
	}
	n := 0
	for _, e := range loadExpected(t) {
		day := e.Effective.AddDays(30)
		for hs, want := range e.ListCodes {
			var got []string
			for _, it := range c.Lookup(Query{HS: hs, Date: day}).Items {
				if it.Measure == e.Measure && it.ListCode != "" && !slices.Contains(got, it.ListCode) {
					got = append(got, it.ListCode)
				}
			}
			for _, w := range want {
				if !slices.ContainsFunc(got, func(g string) bool { return covers(g, w) }) {
					t.Errorf("%s under %s: list codes %v, want %s among them", hs, e.Measure, got, w)
				}
			}
			for _, g := range got {
				if !slices.ContainsFunc(want, func(w string) bool { return covers(g, w) }) {
					t.Errorf("%s under %s: list code %s is not expected (%v)", hs, e.Measure, g, want)
				}
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no list codes in the expected file")
	}
}

func loadExpected(t *testing.T) []expectedMeasure {
	b, err := os.ReadFile("testdata/announcements.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var ex []expectedMeasure
	if err := yaml.Unmarshal(b, &ex); err != nil {
		t.Fatal(err)
	}
	return ex
}

// TestItemsAsOf checks every code of every measure before, on and after its
// effective date and inside each suspension window.
func TestItemsAsOf(t *testing.T) {
	c := embedded(t)
	ex := loadExpected(t)
	inForce := func(e expectedMeasure, d core.Date) bool {
		if d.Before(e.Effective) {
			return false
		}
		for _, w := range e.Suspensions {
			if w.Contains(d) {
				return false
			}
		}
		return true
	}
	checked := 0
	for _, e := range ex {
		days := []core.Date{e.Effective.AddDays(-1), e.Effective, e.Effective.AddDays(30)}
		for _, w := range e.Suspensions {
			days = append(days, w.From, w.To, w.To.AddDays(1))
		}
		for _, hs := range e.Codes {
			for _, d := range days {
				// Expected: the measures of the expected file that list hs and are in force on d.
				var want []string
				for _, o := range ex {
					for _, oc := range o.Codes {
						if oc == hs && inForce(o, d) {
							want = append(want, o.Measure)
						}
					}
				}
				a := c.Lookup(Query{HS: hs, Date: d})
				got := map[string]bool{}
				for _, it := range a.Items {
					got[it.Measure] = true
				}
				var gotL []string
				for m := range got {
					gotL = append(gotL, m)
				}
				sort.Strings(gotL)
				sort.Strings(want)
				if strings.Join(gotL, ",") != strings.Join(want, ",") {
					t.Errorf("%s on %s: measures %v, want %v", hs, d, gotL, want)
				}
				if a.Controlled != (len(want) > 0) || a.LicenceRequired != a.Controlled {
					t.Errorf("%s on %s: controlled=%v licence_required=%v, want %v", hs, d, a.Controlled, a.LicenceRequired, len(want) > 0)
				}
				checked++
			}
		}
	}
	t.Logf("%d code × date cases checked", checked)
}

// TestRareEarthCodesFromTheTariff: the metals and oxides of terbium,
// dysprosium, lutetium, scandium and yttrium, whose codes the announcement
// copies read did not give and the customs tariff does, are controlled
// under their own element's item from the day the measure took effect.
func TestRareEarthCodesFromTheTariff(t *testing.T) {
	c := embedded(t)
	effective := core.MustDate("2025-04-04")
	for hs, want := range map[string][]string{
		"2805301200": {"1C905.a"}, "2805301300": {"1C904.a"}, "2805301700": {"1C908.a"}, "2805301800": {"1C907.a"},
		"2805301910": {"1C902.a", "1C903.a", "1C906.a"}, // samarium, gadolinium, lutetium: not scandium
		"2846901100": {"1C908.b"}, "2846901500": {"1C905.b"}, "2846901600": {"1C904.b"}, "2846901980": {"1C907.b"},
		"2846901993": {"1C902.b", "1C903.b", "1C904.b", "1C905.b", "1C906.b", "1C907.b", "1C908.b"},
		// Chlorides and fluorides of terbium, dysprosium and yttrium.
		"2846902100": {"1C904.c"}, "2846903100": {"1C904.c"}, "2846902200": {"1C905.c"}, "2846903200": {"1C905.c"},
		"2846902600": {"1C908.c"}, "2846903600": {"1C908.c"},
	} {
		if a := c.Lookup(Query{HS: hs, Date: effective.AddDays(-1)}); a.Controlled {
			t.Errorf("%s controlled the day before the measure", hs)
		}
		var got []string
		for _, it := range c.Lookup(Query{HS: hs, Date: effective}).Items {
			if it.Measure == "MOFCOM-GAC-2025-18" {
				got = append(got, it.ControlCode)
			}
		}
		sort.Strings(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s on %s: control codes %v, want %v", hs, effective, got, want)
		}
	}
}

// TestEveryShippedCodeIsCovered keeps the expected file honest: a code
// added to data/catalog without a transcription here fails.
func TestEveryShippedCodeIsCovered(t *testing.T) {
	c := embedded(t)
	covered := map[string]bool{}
	for _, e := range loadExpected(t) {
		for _, hs := range e.Codes {
			covered[e.Measure+"/"+hs] = true
		}
	}
	for _, m := range c.Measures {
		for _, it := range m.Items {
			for _, hs := range it.HSCodes {
				if !covered[m.ID+"/"+hs] && it.Uncertain == "" {
					t.Errorf("%s %s (%s) has no expected answer in testdata/announcements.yaml", m.ID, hs, it.ID)
				}
			}
		}
	}
}

// TestDestinationRules walks every destination rule on the days around its
// start and its suspension, with the answers the announcements give.
func TestDestinationRules(t *testing.T) {
	c := embedded(t)
	tests := []struct {
		hs, day, dest string
		military      bool
		want          string
	}{
		// MOFCOM 2024 No. 46 art. 2: Ga/Ge/Sb/superhard to the US presumed denied from 2024-12-03.
		{"8110101000", "2024-12-02", "US", false, RuleNone},
		{"8110101000", "2024-12-03", "US", false, RulePresumptionOfDenial},
		{"8112929010", "2025-06-01", "US", false, RulePresumptionOfDenial},
		{"8112921010", "2025-06-01", "US", false, RulePresumptionOfDenial},
		{"8479899956", "2025-06-01", "US", false, RulePresumptionOfDenial},
		// Suspended by MOFCOM 2025 No. 72 from 2025-11-09 to 2026-11-27.
		{"8110101000", "2025-11-08", "US", false, RulePresumptionOfDenial},
		{"8110101000", "2025-11-09", "US", false, RuleNone},
		{"8110101000", "2026-11-27", "US", false, RuleNone},
		{"8110101000", "2026-11-28", "US", false, RulePresumptionOfDenial},
		// Graphite: enhanced end-user/end-use review, same window.
		{"2504101000", "2024-12-03", "US", false, RuleEnhancedReview},
		{"2504101000", "2025-11-09", "US", false, RuleNone},
		{"2504101000", "2026-11-28", "US", false, RuleEnhancedReview},
		// Art. 1: military end users or uses in the US, prohibited, never suspended.
		{"8110101000", "2024-12-02", "US", true, RuleNone},
		{"8110101000", "2024-12-03", "US", true, RuleProhibited},
		{"8110101000", "2026-01-15", "US", true, RuleProhibited},
		{"2841801000", "2025-03-01", "US", true, RuleProhibited}, // tungsten: only art. 1 covers it
		{"2841801000", "2025-03-01", "US", false, RuleNone},
		{"2504101000", "2026-01-15", "US", true, RuleProhibited},
		// Other destinations: no rule; uncontrolled goods: no rule even for the US military.
		{"8110101000", "2025-06-01", "DE", false, RuleNone},
		{"8110101000", "2025-06-01", "DE", true, RuleNone},
		{"7901119000", "2025-06-01", "US", true, RuleNone},
		// Tungsten before its measure: not controlled, so no rule.
		{"2841801000", "2025-02-03", "US", true, RuleNone},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%s/mil=%v", tt.hs, tt.day, tt.dest, tt.military), func(t *testing.T) {
			a := c.Lookup(Query{HS: tt.hs, Date: core.MustDate(tt.day), Destination: tt.dest, Military: tt.military})
			if a.DestinationRule != tt.want {
				t.Errorf("destination_rule = %s, want %s (notes %v)", a.DestinationRule, tt.want, a.Notes)
			}
		})
	}
}

func TestPrefixLookup(t *testing.T) {
	c := embedded(t)
	a := c.Lookup(Query{HS: "811010", Prefix: true, Date: core.MustDate("2025-01-10")})
	if !a.Controlled || !a.Prefix {
		t.Fatalf("prefix 811010: %+v", a)
	}
	for _, it := range a.Items {
		if !strings.HasPrefix(it.HSCode, "811010") {
			t.Errorf("item %s has code %s outside the prefix", it.NameEn, it.HSCode)
		}
	}
}

func TestParseHS(t *testing.T) {
	tests := []struct {
		in     string
		code   string
		prefix bool
		ok     bool
	}{
		{"8110101000", "8110101000", false, true},
		{"8110.10.1000", "8110101000", false, true},
		{"８１１０１０１０００", "8110101000", false, true},
		{"81101010", "81101010", true, true},
		{"811010", "811010", true, true},
		{"8110", "", false, false},
		{"81101010001", "", false, false},
		{"811010100A", "", false, false},
		{"", "", false, false},
	}
	for _, tt := range tests {
		code, prefix, err := ParseHS(tt.in)
		if (err == nil) != tt.ok || code != tt.code || prefix != tt.prefix {
			t.Errorf("ParseHS(%q) = %q, %v, %v", tt.in, code, prefix, err)
		}
		if err != nil && core.ErrorCode(err) != core.EINVALID {
			t.Errorf("ParseHS(%q) error code %s", tt.in, core.ErrorCode(err))
		}
	}
}

func FuzzParseHS(f *testing.F) {
	for _, s := range []string{"8110101000", "8110.10.10.00", "811010", "abc", "８１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, prefix, err := ParseHS(s)
		if err != nil {
			return
		}
		if !digits(code) || (len(code) != 10 && !prefix) || (prefix && len(code) != 6 && len(code) != 8) {
			t.Fatalf("ParseHS(%q) = %q prefix=%v", s, code, prefix)
		}
	})
}

func TestSearch(t *testing.T) {
	c := embedded(t)
	for _, q := range []string{"锑", "銻", "antimony", "Antimony"} {
		res := c.Search(q)
		var items, minerals int
		for _, r := range res {
			switch r.Kind {
			case "item":
				items++
				if r.Group != "antimony" && !strings.Contains(r.NameZh, "锑") && !strings.Contains(strings.ToLower(r.NameEn), "antimon") {
					t.Errorf("search %q returned unrelated item %s %s", q, r.ID, r.NameZh)
				}
			case "mineral":
				minerals++
			}
		}
		if items < 7 || minerals != 1 {
			t.Errorf("search %q: %d items, %d minerals; want ≥7 antimony items and the mineral", q, items, minerals)
		}
	}
	if res := c.Search("1C902"); len(res) < 3 {
		t.Errorf("search by control code found %d", len(res))
	}
	if res := c.Search("8110"); len(res) < 2 {
		t.Errorf("search by HS prefix found %d", len(res))
	}
}

// TestTariffLines: an item referenced by an 8-digit tariff line covers
// every 10-digit code under it, from the day its measure is in force; a
// code of another line is not covered; a prefix search finds the line.
func TestTariffLines(t *testing.T) {
	c := embedded(t)
	for _, tt := range []struct {
		hs, day string
		want    bool
	}{
		{"8507600010", "2026-11-11", true},  // a lithium-ion battery line's code, the day the suspension ended
		{"8507600090", "2026-11-10", false}, // the suspension's last day
		{"8507800000", "2026-11-11", false}, // another line of 8507
		{"2805301920", "2026-12-07", true},  // a rare-earth metal's code under 28053019
	} {
		a := c.Lookup(Query{HS: tt.hs, Date: core.MustDate(tt.day)})
		if a.Controlled != tt.want {
			t.Errorf("%s on %s: controlled %v, want %v (%+v)", tt.hs, tt.day, a.Controlled, tt.want, a.Items)
		}
	}
	if !c.Lists("8507600010") || c.Lists("8507800000") {
		t.Error("Lists does not follow the tariff line")
	}
	if a := c.Lookup(Query{HS: "850760", Prefix: true, Date: core.MustDate("2026-12-07")}); !a.Controlled {
		t.Errorf("a prefix search misses the line: %+v", a)
	}
	if !Covers([]string{"85076000"}, "8507600010") || Covers([]string{"85076000"}, "8507800000") || !Covers([]string{"8110101000"}, "8110101000") {
		t.Error("Covers")
	}
}
