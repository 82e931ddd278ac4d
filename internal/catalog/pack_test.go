package catalog

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"orewatch/data"
	"orewatch/internal/core"
)

func readPack(t *testing.T, name string) *Pack {
	t.Helper()
	b, err := os.ReadFile("testdata/packs/" + name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePack(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPackChangesAnswers: a pack that extends a suspension and adds a
// measure changes the answers from its dates, and nothing before them;
// the catalogue's version names it.
func TestPackChangesAnswers(t *testing.T) {
	shipped, _, _, err := Build(data.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := readPack(t, "extend-us-suspension.yaml")
	c, _, _, err := Build(data.FS, []*Pack{p})
	if err != nil {
		t.Fatal(err)
	}
	ge := func(c *Catalog, day string) string {
		return c.Lookup(Query{HS: "8112921010", Date: core.MustDate(day), Destination: "US"}).DestinationRule
	}
	for _, tc := range []struct {
		day           string
		before, after string
	}{
		{"2025-06-01", RulePresumptionOfDenial, RulePresumptionOfDenial}, // before either suspension
		{"2026-06-01", RuleNone, RuleNone},                               // inside the shipped window
		{"2026-12-07", RulePresumptionOfDenial, RuleNone},                // the shipped window ended on 2026-11-27; the pack's goes on
		{"2027-11-11", RulePresumptionOfDenial, RulePresumptionOfDenial},
	} {
		if got := ge(shipped, tc.day); got != tc.before {
			t.Errorf("shipped, germanium to the US on %s: %s, want %s", tc.day, got, tc.before)
		}
		if got := ge(c, tc.day); got != tc.after {
			t.Errorf("with the pack, germanium to the US on %s: %s, want %s", tc.day, got, tc.after)
		}
	}
	if a := c.Lookup(Query{HS: "2530909999", Date: core.MustDate("2026-11-30")}); a.Controlled {
		t.Error("the new measure's item is controlled before its effective date")
	}
	if a := c.Lookup(Query{HS: "2530909999", Date: core.MustDate("2026-12-01")}); !a.Controlled || a.Items[0].ControlCode != "1C999" {
		t.Errorf("the new item on its first day: %+v", a)
	}
	if shipped.Version.ID == c.Version.ID || len(c.Version.Packs) != 1 || c.Version.Packs[0].ID != "TEST-2026-EXT-1" || c.Version.Shipped != shipped.Version.Shipped {
		t.Errorf("versions: shipped %+v, with the pack %+v", shipped.Version, c.Version)
	}
	if !strings.Contains(c.Version.String(), "shipped + TEST-2026-EXT-1") {
		t.Errorf("version string %q", c.Version)
	}
	again, _, _, _ := Build(data.FS, []*Pack{readPack(t, "extend-us-suspension.yaml")})
	if again.Version.ID != c.Version.ID {
		t.Error("the same pack gives another version")
	}
}

// TestPackErrorsNameTheLine: every problem a pack can have is refused
// with the line it is on, and nothing is half applied.
func TestPackErrorsNameTheLine(t *testing.T) {
	const head = "pack:\n  id: P-1\n  published: 2026-11-26\n  sources: [\"https://example.invalid/a\"]\n"
	for _, tc := range []struct {
		name, body string
		line       int
		says       string
	}{
		{"no id", "pack:\n  published: 2026-11-26\n  sources: [x]\nends: [{measure: MOFCOM-2024-46, on: 2027-01-01, by: X}]\n", 1, "pack.id is required"},
		{"no source", "pack:\n  id: P\n  published: 2026-11-26\nends: [{measure: MOFCOM-2024-46, on: 2027-01-01, by: X}]\n", 1, "cites"},
		{"nothing", head, 1, "changes nothing"},
		{"unknown field", head + "suspension:\n  - {measure: X}\n", 5, "suspension"},
		{"unknown measure", head + "suspensions:\n  - {measure: MOFCOM-2024-46, article: 2, from: 2025-11-09, to: 2027-11-10, by: P-1}\n  - {measure: NO-SUCH, from: 2025-11-09, to: 2027-11-10, by: P-1}\n", 7, `no measure "NO-SUCH"`},
		{"unknown article", head + "suspensions:\n  - {measure: MOFCOM-2024-46, article: 9, from: 2025-11-09, to: 2027-11-10, by: P-1}\n", 6, "no destination rule of article 9"},
		{"window backwards", head + "suspensions:\n  - {measure: MOFCOM-2024-46, from: 2027-11-09, to: 2025-11-10, by: P-1}\n", 6, "before it starts"},
		{"bad date", head + "ends:\n  - {measure: MOFCOM-2024-46, on: 2027-13-01, by: P-1}\n", 6, "2027-13-01"},
		{"end before effective", head + "ends:\n  - {measure: MOFCOM-2024-46, on: 2020-01-01, by: P-1}\n", 6, "before it took effect"},
		{"known measure", head + "measures:\n  - id: MOFCOM-2024-46\n    title_zh: x\n    title_en: x\n    published: 2026-01-01\n    effective: 2026-01-01\n    sources: [s]\n", 6, "replace: true"},
		{"bad HS code", head + "measures:\n  - id: NEW-1\n    title_zh: x\n    title_en: x\n    published: 2026-01-01\n    effective: 2026-01-01\n    sources: [s]\n  - id: NEW-2\n    title_zh: x\n    title_en: x\n    published: 2026-01-01\n    effective: 2026-01-01\n    sources: [s]\n    items: [{id: A, group: other, name_zh: 甲, name_en: a, hs_codes: [\"25309\"]}]\n", 12, "neither 10 digits nor an 8-digit tariff line"},
		{"unknown list", head + "announcements:\n  - {id: L-1, list: XX, date: 2026-11-26, count: 1, source_urls: [s], entries: [{name_zh: 甲}]}\n", 6, `unknown list "XX"`},
		{"change names nothing known", head + "changes:\n  - {id: C-1, date: 2026-11-26, kind: lift, applies_to: [MOFCOM-2025-21], source_urls: [s]}\n  - {id: C-2, date: 2026-11-26, kind: lift, applies_to: [NOPE], source_urls: [s]}\n", 7, "NOPE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePack("p.yaml", []byte(tc.body))
			if err == nil {
				_, _, _, err = Build(data.FS, []*Pack{p})
			}
			var pe *PackError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a PackError", err)
			}
			if !strings.Contains(err.Error(), tc.says) || (pe.Line != tc.line && !strings.Contains(err.Error(), "line "+strconv.Itoa(tc.line))) {
				t.Errorf("error %q, want line %d and %q", err, tc.line, tc.says)
			}
		})
	}
}

// TestPackListsAndDiff: a pack's list announcement and change reach the
// entries screening uses, and Diff says what the pack changed.
func TestPackListsAndDiff(t *testing.T) {
	body := `pack:
  id: P-LIST
  published: 2026-11-26
  sources: ["https://example.invalid/list"]
announcements:
  - {id: T-ECCL-1, list: CN-ECCL, date: 2026-11-26, count: 1, complete: true, source_urls: ["https://example.invalid/list"],
     entries: [{name_zh: 测试防务公司, name_en: Test Defense Inc, country: US}]}
changes:
  - {id: T-LIFT-1, date: 2026-12-01, kind: lift, applies_to: [T-ECCL-1], source_urls: ["https://example.invalid/lift"]}
`
	p, err := ParsePack("list.yaml", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	c0, i0, l0, err := Build(data.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	c1, i1, l1, err := Build(data.FS, []*Pack{p, readPack(t, "extend-us-suspension.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	if len(l1) != len(l0)+1 {
		t.Fatalf("entries %d → %d", len(l0), len(l1))
	}
	e := l1[len(l1)-1]
	if e.Name != "测试防务公司" || !e.ActiveOn(core.MustDate("2026-11-30")) || e.ActiveOn(core.MustDate("2026-12-01")) {
		t.Errorf("the pack's listing: %+v", e)
	}
	changes := Diff(&State{Catalog: c0, Infos: i0, Lists: l0}, &State{Catalog: c1, Infos: i1, Lists: l1})
	kinds := map[string]int{}
	for _, ch := range changes {
		kinds[ch.Kind]++
		if ch.En == "" || ch.Zh == "" {
			t.Errorf("a change said in one language: %+v", ch)
		}
	}
	// Article 2 holds two rules (presumption of denial; enhanced review of
	// graphite): the pack extends the suspension of both.
	if kinds["listing.added"] != 1 || kinds["rule.changed"] != 2 || kinds["measure.added"] != 1 || len(changes) != 4 {
		t.Errorf("changes %+v", changes)
	}
}

// FuzzParsePack: no input makes reading or applying a pack panic.
func FuzzParsePack(f *testing.F) {
	b, err := os.ReadFile("testdata/packs/extend-us-suspension.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("pack: {id: X, published: 2026-01-01, sources: [s]}\nends: [{measure: MOFCOM-2024-46, on: 2027-01-01, by: X}]\n"))
	f.Add([]byte("pack: [1, 2]\nsuspensions: {a: b}\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := ParsePack("fuzz.yaml", body)
		if err != nil {
			return
		}
		_, _, _, _ = Build(data.FS, []*Pack{p})
	})
}
