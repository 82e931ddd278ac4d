package catalog

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"orewatch/data"
	"orewatch/internal/core"
)

var (
	loadOnce sync.Once
	shipped  *Catalog
	loadErr  error
)

// embedded loads the catalogue the binary ships.
func embedded(t testing.TB) *Catalog {
	t.Helper()
	loadOnce.Do(func() { shipped, loadErr = Load(data.FS) })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return shipped
}

func TestLoadShipped(t *testing.T) {
	c := embedded(t)
	if len(c.Measures) < 8 {
		t.Fatalf("%d measures", len(c.Measures))
	}
	if len(c.Minerals) != 37 {
		t.Errorf("%d strategic minerals, want 36 + high-purity quartz", len(c.Minerals))
	}
	for _, g := range []string{"antimony", "rare-earth", "graphite", "tungsten", "gallium"} {
		if !c.IsStrategic(g) {
			t.Errorf("%s should be a strategic mineral", g)
		}
	}
}

func TestLoadEntityLists(t *testing.T) {
	infos, entries, err := LoadEntityLists(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 3 || len(entries) < 25 {
		t.Fatalf("%d lists, %d entries", len(infos), len(entries))
	}
	for _, e := range entries {
		if e.Name == "" || e.ListedOn.IsZero() || e.Reference == "" {
			t.Errorf("entry without name, date or reference: %+v", e)
		}
	}
}

// TestListChanges: later announcements suspend a listing for a window,
// lift one for good, and restore it; screening's ActiveOn follows each
// day, and a change that names nothing, or dates itself before the
// listing, is refused with its line in the file named.
func TestListChanges(t *testing.T) {
	const head = `lists:
  CN-ECCL: {name_zh: 出口管制管控名单, effect: x}
announcements:
  - {id: A-21, list: CN-ECCL, date: 2025-04-04, count: 2, complete: true, source_urls: ["s"],
     entries: [{name_zh: 甲公司, name_en: Alpha Corp}, {name_zh: 乙公司, name_en: Beta Inc}]}
  - {id: A-22, list: CN-ECCL, date: 2025-04-09, count: 1, complete: true, source_urls: ["s"],
     entries: [{name_zh: 丙公司}]}
`
	load := func(changes string) ([]*core.ListEntry, error) {
		_, es, err := LoadEntityLists(fstest.MapFS{"catalog/entity-lists.yaml": {Data: []byte(head + changes)}})
		return es, err
	}
	es, err := load(`changes:
  - {id: S-1, date: 2025-08-12, kind: suspend, until: 2025-11-09, applies_to: [A-21], source_urls: ["s"]}
  - {id: L-1, date: 2025-08-12, kind: lift, applies_to: [A-22], source_urls: ["s"]}
  - {id: R-1, date: 2025-10-01, kind: restore, entries: [Beta Inc], source_urls: ["s"]}
`)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*core.ListEntry{}
	for _, e := range es {
		by[e.Name] = e
	}
	for _, tc := range []struct {
		name, day string
		active    bool
	}{
		{"甲公司", "2025-04-03", false}, {"甲公司", "2025-04-04", true}, {"甲公司", "2025-08-11", true},
		{"甲公司", "2025-08-12", false}, {"甲公司", "2025-11-09", false}, {"甲公司", "2025-11-10", true},
		{"乙公司", "2025-09-30", false}, {"乙公司", "2025-10-01", true}, // restored early, by its English name
		{"丙公司", "2025-08-11", true}, {"丙公司", "2025-08-12", false}, {"丙公司", "2030-01-01", false},
	} {
		if got := by[tc.name].ActiveOn(core.MustDate(tc.day)); got != tc.active {
			t.Errorf("%s on %s: active %v, want %v", tc.name, tc.day, got, tc.active)
		}
	}
	if l, ok := by["甲公司"].LapseOn(core.MustDate("2025-09-01")); !ok || l.By != "S-1" || l.Kind != "suspend" {
		t.Errorf("the suspension's lapse: %+v %v", l, ok)
	}
	for _, bad := range []string{
		"changes:\n  - {id: X, date: 2025-08-12, kind: suspend, until: 2025-11-09, applies_to: [A-99], source_urls: [s]}\n",
		"changes:\n  - {id: X, date: 2025-08-12, kind: suspend, until: 2025-08-01, applies_to: [A-21], source_urls: [s]}\n",
		"changes:\n  - {id: X, date: 2025-01-01, kind: lift, applies_to: [A-21], source_urls: [s]}\n",
		"changes:\n  - {id: X, date: 2025-08-12, kind: pause, applies_to: [A-21], source_urls: [s]}\n",
		"changes:\n  - {id: X, date: 2025-08-12, kind: lift, entries: [Nobody Ltd], source_urls: [s]}\n",
		"changes:\n  - {id: X, date: 2025-08-12, kind: restore, applies_to: [A-21], source_urls: [s]}\n",
		"changes:\n  - {id: X, date: 2025-08-12, kind: lift, applies_to: [A-21]}\n",
	} {
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "change 1 (X)") {
			t.Errorf("accepted or unnamed: %q: %v", bad, err)
		}
	}
}

// TestShippedListChanges: the shipped lists as the 2025 talks left them —
// the 16 US entities of MOFCOM 2025 No. 21 suspended from 2025-05-14 to
// 2026-11-09 (three statements), the 12 of No. 22 suspended then lifted
// on 2025-08-12, and the 15 of No. 13 lifted from 2025-11-10.
func TestShippedListChanges(t *testing.T) {
	_, entries, err := LoadEntityLists(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*core.ListEntry{}
	for _, e := range entries {
		if _, ok := by[e.Name]; !ok {
			by[e.Name] = e
		}
	}
	for _, tc := range []struct {
		name, day string
		active    bool
	}{
		{"高点航空技术公司", "2025-04-04", true}, {"高点航空技术公司", "2025-05-14", false}, {"高点航空技术公司", "2025-09-01", false},
		{"高点航空技术公司", "2026-11-09", false}, {"高点航空技术公司", "2026-11-10", true},
		{"美国光子公司", "2025-04-10", true}, {"美国光子公司", "2025-06-01", false}, {"美国光子公司", "2026-12-01", false},
		{"莱多斯公司", "2025-11-09", true}, {"莱多斯公司", "2025-11-10", false},
	} {
		e := by[tc.name]
		if e == nil {
			t.Fatalf("%s is not on the shipped lists", tc.name)
		}
		if got := e.ActiveOn(core.MustDate(tc.day)); got != tc.active {
			t.Errorf("%s on %s: active %v, want %v (lapses %+v)", tc.name, tc.day, got, tc.active, e.Lapses)
		}
	}
}

// TestGroupControlledOn: a group is controlled from its first measure's
// day; a group no transcribed measure covers says so rather than "no".
func TestGroupControlledOn(t *testing.T) {
	c := embedded(t)
	for _, tc := range []struct {
		group, day       string
		inForce, covered bool
	}{
		{"rare-earth", "2025-04-03", false, true}, {"rare-earth", "2025-04-04", true, true},
		{"antimony", "2024-09-14", false, true}, {"antimony", "2024-09-15", true, true},
		{"unobtainium", "2026-01-01", false, false},
	} {
		in, cov := c.GroupControlledOn(tc.group, core.MustDate(tc.day))
		if in != tc.inForce || cov != tc.covered {
			t.Errorf("%s on %s: in force %v, covered %v; want %v, %v", tc.group, tc.day, in, cov, tc.inForce, tc.covered)
		}
	}
}
