package catalog

import (
	"slices"
	"strings"
	"testing"

	"orewatch/data"
	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

func TestStatedValue(t *testing.T) {
	tests := []struct {
		property, text string
		want           float64
		ok             bool
	}{
		{"density", "density 1.68, ash 0.3%", 1.68, true},
		{"density", "密度1.65g/cm3 纯度99.5% 不满足管制参数", 1.65, true},
		{"density", "体积密度：≥1.70 g/cm3", 0, false}, // a floor cannot show it short
		{"density", "密度1.70g/cm3以上", 0, false},
		{"purity", "密度1.65g/cm3 纯度99.5% 不满足管制参数", 99.5, true},
		{"purity", "density 1.68, ash 0.3%", 99.7, true},
		{"purity", "灰分≤0.05%", 0, false}, // a ceiling on ash is a floor on purity
		{"purity", "Sb2O3 4N powder", 99.99, true},
		{"purity", "sb2o3 99.8% min", 0, false},
		{"purity", "纯度99.5%以上", 0, false},
		{"flexural_strength", "抗折强度 25MPa", 25, true},
		{"flexural_strength", "UHP Φ600mm", 0, false},
		// The way a test report's line is written: symbol, unit, property
		// without its noun (generator thirteen).
		{"purity", "artificial graphite, c 99.6%, 1.70 g/cm3, flexural 26 mpa", 99.6, true},
		{"density", "artificial graphite, c 99.6%, 1.70 g/cm3, flexural 26 mpa", 1.70, true},
		{"flexural_strength", "artificial graphite, c 99.6%, 1.70 g/cm3, flexural 26 mpa", 26, true},
		{"density", "≥1.85 g/cm3", 0, false},
		{"purity", "sic 99%", 0, false},
	}
	for _, tt := range tests {
		got, ok := statedValue(tt.property, foldForTest(tt.text))
		if ok != tt.ok || (ok && (got < tt.want-1e-9 || got > tt.want+1e-9)) {
			t.Errorf("statedValue(%s, %q) = %v, %v; want %v, %v", tt.property, tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

// TestParametersRuleOut: goods under a controlled item's code that state a
// value short of its parameters, or name another kind of goods, are not
// the item; saying nothing of them leaves the goods controlled.
func TestParametersRuleOut(t *testing.T) {
	c, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	day := core.MustDate("2025-03-01")
	tests := []struct {
		name, hs, text string
		controlled     bool
		items          string
	}{
		{"crucible below density and purity", "6815190020", "石墨坩埚（人造，普通级） 密度1.65g/cm3 纯度99.5%", false, ""},
		{"crucible stating density alone", "6815190020", "Graphite Crucible (artificial, standard grade) density 1.68, ash 0.3%", false, ""},
		{"isostatic graphite meeting them", "6815190020", "等静压石墨 密度1.85 纯度99.99% 抗折强度45MPa", true, "GR-1"},
		{"graphite product saying nothing", "6815190020", "石墨制品", true, "GR-1,GR-2"},
		{"natural flake product", "6815190020", "天然鳞片石墨制品 密度1.2", true, "GR-2"},
		{"antimony trioxide 99.8 %", "2825800010", "三氧化二锑 99.8%", true, "SB-3"}, // a bare number is not read as purity
		{"antimony trioxide, purity 99.8 %", "2825800010", "三氧化二锑 纯度99.8%", false, ""},
		{"antimony trioxide 5N", "2825800010", "三氧化二锑 5N", true, "SB-3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !c.ReadsText(tt.hs) {
				t.Fatalf("ReadsText(%s) = false", tt.hs)
			}
			a := c.Lookup(Query{HS: tt.hs, Date: day, Text: tt.text})
			var ids string
			for i, it := range a.Items {
				if i > 0 {
					ids += ","
				}
				ids += it.Item.ID
			}
			if a.Controlled != tt.controlled || ids != tt.items {
				t.Errorf("controlled %v items %q, want %v %q; notes %q", a.Controlled, ids, tt.controlled, tt.items, a.Notes)
			}
		})
	}
}

func foldForTest(s string) string { return textnorm.Fold(s) }

// FuzzStatedValue: any specification reads without panic, and what it
// yields is a value a threshold can compare (purity never above 100 %).
func FuzzStatedValue(f *testing.F) {
	for _, s := range []string{"密度1.65g/cm3 纯度99.5% 不满足管制参数", "density 1.68, ash 0.3%", "Sb2O3 4N", "灰分≤0.05%", "抗折强度 25MPa", "9N 9n ash 150%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := textnorm.Fold(s)
		for _, p := range []string{"purity", "density", "flexural_strength"} {
			v, ok := statedValue(p, folded)
			if ok && (v != v || (p == "purity" && v > 100)) {
				t.Errorf("statedValue(%s, %q) = %v", p, s, v)
			}
		}
	})
}

// TestReadsTextIndex holds ReadsText's and Describes' indexes to the
// items they stand for, on every code the shipped catalogue names and on
// codes one digit off them.
func TestReadsTextIndex(t *testing.T) {
	c := embedded(t)
	codes := map[string]bool{}
	for _, m := range c.Measures {
		for _, it := range m.Items {
			for _, hs := range it.HSCodes {
				codes[hs] = true
				codes[hs+"00"] = true
				codes[hs[:len(hs)-1]+"9"] = true
			}
			if it.Described != nil {
				for _, p := range it.Described.HSPrefixes {
					codes[p] = true
					codes[p+"1234567890"[:10-len(p)]] = true
					codes[p[:3]] = true
				}
			}
		}
	}
	for hs := range codes {
		describes := false
		for _, it := range c.described {
			for _, p := range it.Described.HSPrefixes {
				describes = describes || strings.HasPrefix(hs, p)
			}
		}
		reads := describes
		for _, it := range c.itemsAt(hs) {
			reads = reads || len(it.Thresholds) > 0 || len(it.Unless) > 0
		}
		if got := c.Describes(hs); got != describes {
			t.Errorf("Describes(%s) = %v, want %v", hs, got, describes)
		}
		if got := c.ReadsText(hs); got != reads {
			t.Errorf("ReadsText(%s) = %v, want %v", hs, got, reads)
		}
	}
}

// TestItemsWithCodeIndex holds ItemsWithCode's index to its definition —
// the items whose code is the one asked for, above it or below it — on
// every code the shipped catalogue names, their parents and children,
// other cases and codes of no item.
func TestItemsWithCodeIndex(t *testing.T) {
	c := embedded(t)
	codes := map[string]bool{"": true, "1C999": true, "3c001.z": true, "1C": true, "1C117.": true}
	for _, m := range c.Measures {
		for _, it := range m.Items {
			for _, ic := range []string{it.ControlCode, it.ListCode} {
				if ic == "" {
					continue
				}
				codes[ic], codes[strings.ToLower(ic)], codes[ic+".a"], codes[ic+".z.1"] = true, true, true, true
				if i := strings.LastIndexByte(ic, '.'); i > 0 {
					codes[ic[:i]] = true
				}
			}
		}
	}
	found := 0
	for code := range codes {
		var want []*Item
		lc := strings.ToLower(code)
		for _, m := range c.Measures {
			for _, it := range m.Items {
				for _, ic := range []string{strings.ToLower(it.ControlCode), strings.ToLower(it.ListCode)} {
					if ic != "" && (ic == lc || strings.HasPrefix(lc, ic+".") || strings.HasPrefix(ic, lc+".")) {
						want = append(want, it)
						break
					}
				}
			}
		}
		if got := c.ItemsWithCode(code); !slices.Equal(got, want) {
			t.Errorf("ItemsWithCode(%q) = %d items, want %d", code, len(got), len(want))
		}
		found += len(want)
	}
	if found < 100 {
		t.Errorf("the codes tried name %d items in all: the test tries too little", found)
	}
}
