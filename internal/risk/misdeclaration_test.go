package risk

import (
	"orewatch/internal/catalog"
	"reflect"
	"slices"
	"strings"
	"testing"

	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

// TestContentFromSpec: the ways a specification gives what goods are made
// of, and the ways it does not.
func TestContentFromSpec(t *testing.T) {
	for _, tt := range []struct {
		spec string
		want string // the content signal, "" for none
	}{
		{"Sb 99.65%", "content_antimony"},
		{"含锑 55%", "content_antimony"},
		{"Bi 55 %", "content_bismuth"},
		{"Sb2O3≥99.99%", "content_antimony"},
		{"Lu2O3≥99.99%", "content_rare-earth"},
		{"Sm2O3/REO≥99.5%", "content_rare-earth"},
		{"WO3 min 99.95%", "content_tungsten"},
		{"-200目 Sb99.9", "content_antimony"},
		{"Ge99.999", "content_germanium"},
		{"5N Ge", "content_germanium"},
		{"Fe2O3 98%", ""},       // not a mineral of ours
		{"SiO2 99.5%", ""},      // nor this
		{"N52 gauss 99.9", ""},  // a magnet grade, no element
		{"in 99.95 purity", ""}, // a word, not indium
		{"Sb2O3 12%", ""},       // a share too small to be the goods
		{"INV-Sb99.9X", ""},     // inside a longer token
		{"MoO3 ≥ 57%", "content_molybdenum"},
		// Grades as generator thirteen wrote them.
		{"铋基焊料 Bi97", "content_bismuth"},
		{"金属镝 Dy99.9", "content_rare-earth"},
		{"Tb metal 99.9%", "content_rare-earth"},
		{"W95 motor", ""},      // a model, not 95 % tungsten
		{"Mo99 generator", ""}, // nor this
	} {
		var got []string
		for _, s := range mentioned(textnorm.Fold(tt.spec), tt.spec, nil) {
			if len(s.Name) > 8 && s.Name[:8] == "content_" {
				got = append(got, s.Name)
			}
		}
		if tt.want == "" && len(got) > 0 || tt.want != "" && !slices.Contains(got, tt.want) {
			t.Errorf("%q: content signals %v, want %q", tt.spec, got, tt.want)
		}
	}
}

// TestGeneralTrade: general goods become part of an exporter's trade once
// its earlier declarations hold at least three of them, a third or more
// of all; a declaration's own items, and later ones, do not count.
func TestGeneralTrade(t *testing.T) {
	var items []*core.DeclarationItem
	var groups []string
	add := func(no, exporter, group string) {
		items = append(items, &core.DeclarationItem{DeclarationNo: no, ExporterUSCC: core.USCC(exporter)})
		groups = append(groups, group)
	}
	add("1", "A", "antimony")
	add("2", "A", "")
	add("3", "A", "")
	add("3", "A", "") // a second item of declaration 3
	add("4", "B", "") // another exporter's
	add("5", "A", "")
	add("6", "A", "")
	add("7", "A", "antimony")
	got := generalTrade(items, groups)
	want := []bool{false, false, false, false, false, false, true, true}
	if !slices.Equal(got, want) {
		t.Errorf("regular trade %v, want %v", got, want)
	}
}

// TestSiblingLine: goods on the uncontrolled code of a tariff line split
// between a controlled item and the rest name the item's mineral, give
// its content, and leave with its lots as a matter of course; only a
// content that meets the item's own threshold says they are the item.
func TestSiblingLine(t *testing.T) {
	for _, tc := range []struct {
		hs, name, spec string
		want           bool
	}{
		{"8101999090", "钨合金配重块", "W90Ni7Fe3 密度17.0g/cm3", false},
		{"8101999090", "Tungsten alloy counterweights", "90% W", false},
		{"2825800090", "三氧化二锑", "Sb2O3 99.8%", false},
		{"2825800090", "三氧化二锑", "Sb2O3≥99.99%", true},
		{"2825800090", "Antimony trioxide", "Sb2O3 99.995%", true},
		{"2825800090", "三氧化二锑", "4N 高纯级", true},
		{"2825800090", "三氧化二锑", "3N5 工业级", false},
	} {
		f := newFixture(t)
		ledger := map[core.USCC]*core.Enterprise{"91430000MA00000011": {USCC: "91430000MA00000011", Status: core.StatusActive,
			Minerals: []string{"tungsten", "antimony"}, RegisteredOn: day("2024-01-01")}}
		d := f.item(tc.hs, tc.name, 500, func(d *core.DeclarationItem) { d.GoodsSpec = tc.spec })
		out := f.run(Input{Ledger: ledger})
		var mis *core.Finding
		for i, fd := range out.Findings[d.DeclarationNo] {
			if fd.Code == Misdeclaration {
				mis = &out.Findings[d.DeclarationNo][i]
			}
		}
		if (mis != nil) != tc.want {
			t.Errorf("%s %s %s: %+v", tc.hs, tc.name, tc.spec, out.Findings[d.DeclarationNo])
		}
		if mis != nil && !strings.Contains(mis.Message, "meets") {
			t.Errorf("%s: %s", tc.spec, mis.Message)
		}
	}
}

// TestRareEarthNamedAgainstItsLine: a controlled rare earth's compound
// named on a line no item lists (dysprosium oxide on 2846901200) is named
// against its code; the same name on its own line before its control
// (samarium oxide on 2846901940 in 2024) is not.
func TestRareEarthNamedAgainstItsLine(t *testing.T) {
	for _, tc := range []struct {
		hs, name, spec, on string
		want               bool
	}{
		{"2846901200", "Dysprosium oxide", "Dy2O3 99.9%", "2025-09-10", true},
		{"2846901200", "氧化镝", "", "2025-09-10", true},
		{"2846901940", "氧化钐", "Sm2O3 99.9%", "2024-06-10", false},
	} {
		f := newFixture(t)
		d := f.item(tc.hs, tc.name, 500, func(d *core.DeclarationItem) { d.GoodsSpec, d.DeclaredAt = tc.spec, day(tc.on) })
		// The bundle's materials put 2846901200 among the rare earths, as
		// generator thirteen's did.
		out := f.run(Input{Materials: []*catalog.Material{{ID: "lanthanum-oxide", Group: "rare-earth", NameZh: "氧化镧", NameEn: "lanthanum oxide",
			HSCodes: []string{"2846901200"}, DensityKg: 1500}}})
		if got := strings.Contains(codes(out.Findings[d.DeclarationNo]), Misdeclaration); got != tc.want {
			t.Errorf("%s %s on %s: %+v", tc.name, tc.hs, tc.on, out.Findings[d.DeclarationNo])
		}
	}
}

// TestValueAgainstTheFamily: alloy samples under 7326909000, a code no
// one else declares, at 1,800 USD/kg: too few under the code to know its
// usual value, so the value is weighed against its chapter's (iron and
// steel articles, a few yuan a kilogram), with a wider margin; the same
// samples at an iron article's price are not.
func TestValueAgainstTheFamily(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 30; i++ {
		f.item("7318158090", "螺栓", 2000, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 2000*float64(1+i%3)) })
	}
	costly := f.item("7326909000", "合金试样", 1.2, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 2218) })
	cheap := f.item("7326909000", "合金试样", 1.2, func(d *core.DeclarationItem) { d.TotalValue = dec(t, 4) })
	out := f.run(Input{})
	var found *core.Finding
	for i, fd := range out.Findings[costly.DeclarationNo] {
		if fd.Code == Misdeclaration {
			found = &out.Findings[costly.DeclarationNo][i]
		}
	}
	if found == nil || !strings.Contains(found.Message, "HS chapter 73") || !strings.Contains(found.MessageZh, "第73章") {
		t.Errorf("alloy samples at 1,800 USD/kg under an iron articles code: %+v", out.Findings[costly.DeclarationNo])
	}
	if fs := out.Findings[cheap.DeclarationNo]; len(fs) > 0 {
		t.Errorf("alloy samples at an iron article's price: %+v", fs)
	}
}

// TestAlloyShares: an alloy written as its elements and their shares; a
// formula counting atoms, a grade or a model is none.
func TestAlloyShares(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want map[string]float64
	}{
		{"Bi57.6Sn42Ag0.4", map[string]float64{"Bi": 57.6, "Sn": 42, "Ag": 0.4}},
		{"无铅 Sn42Bi58 锡膏", map[string]float64{"Sn": 42, "Bi": 58}},
		{"FeDy80 合金块", map[string]float64{"Fe": 20, "Dy": 80}},
		{"W90Ni7Fe3 密度17.0g/cm3", map[string]float64{"W": 90, "Ni": 7, "Fe": 3}},
		{"Sm2Co17 YXG-32", nil}, // atoms, not per cent
		{"N48H+GBD", nil},
		{"YG8 硬质合金顶锤", nil},
		{"SAC305(Sn96.5Ag3.0Cu0.5)", map[string]float64{"Sn": 96.5, "Ag": 3, "Cu": 0.5}},
		{"Nd2Fe14B", nil},
	} {
		if got := alloyShares(tc.raw); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("alloyShares(%q) = %v, want %v", tc.raw, got, tc.want)
		}
	}
}

// FuzzAlloyShares: any text gives shares of known elements, each within
// 0–100.5 %, and every share of a word that gives them.
func FuzzAlloyShares(f *testing.F) {
	for _, s := range []string{"Bi57.6Sn42Ag0.4", "FeDy80 合金块", "Sm2Co17", "N48H+GBD", "W90Ni7Fe3", "FeFeFe", "Fe100.5Ni0", "Dy99.99999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for el, v := range alloyShares(raw) {
			if !alloying[el] || v < 0 || v > 100.5 {
				t.Fatalf("alloyShares(%q): %s %v", raw, el, v)
			}
		}
	})
}

// TestMineralSaidAbsent: a mineral the description says is absent is not
// named by it; one it says is present still is.
func TestMineralSaidAbsent(t *testing.T) {
	for _, tc := range []struct {
		text  string
		named bool
	}{
		{"钕铁硼磁铁 N52 不含重稀土 镀镍锌", false},
		{"ndfeb magnets, grade n42, 无镝无铽", false},
		{"sintered magnets, dy/tb-free", false},
		{"magnets without dysprosium or terbium", false},
		{"磁钢 含镝2.1%", true},
		{"dysprosium oxide 99.5%", true},
		{"无铅焊锡 含铋58%", true},                  // lead-free, not bismuth-free
		{"lead ingot bismuth 4N ingot", true}, // a grade in nines after the name
	} {
		named := false
		for _, s := range mentioned(textnorm.Fold(tc.text), tc.text, nil) {
			named = named || strings.HasPrefix(s.Name, "description_names_") || strings.HasPrefix(s.Name, "content_")
		}
		if named != tc.named {
			t.Errorf("%q: named %v, want %v", tc.text, named, tc.named)
		}
	}
}

// TestBismuthAsLead: "lead ingot" whose specification says bismuth 4N
// (a grade in nines after the mineral's name) is bismuth; a solder maker
// the ledger holds for bismuth declaring tin solder is its trade.
func TestBismuthAsLead(t *testing.T) {
	f := newFixture(t)
	ledger := map[core.USCC]*core.Enterprise{"91430000MA00000011": {USCC: "91430000MA00000011", Status: core.StatusActive,
		Minerals: []string{"bismuth"}, Segments: []core.Segment{core.SegSmelting, core.SegExport}, RegisteredOn: day("2024-01-01")}}
	d := f.item("7801100000", "lead ingot", 14399, func(d *core.DeclarationItem) { d.GoodsSpec = "bismuth 4N ingot"; d.TotalValue = dec(t, 29230) })
	tin := f.item("8003000000", "无铅焊锡条", 400, func(d *core.DeclarationItem) { d.GoodsSpec = "Sn99.3Cu0.7"; d.TotalValue = dec(t, 13400) })
	out := f.run(Input{Ledger: ledger})
	if got := codes(out.Findings[d.DeclarationNo]); got != Misdeclaration {
		t.Errorf("lead ingot of bismuth 4N: %q", got)
	}
	if got := codes(out.Findings[tin.DeclarationNo]); got != "" {
		t.Errorf("tin solder bars from a bismuth smelter: %q", got)
	}
}
