package risk

import (
	"slices"
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
	} {
		var got []string
		for _, s := range mentioned(textnorm.Fold(tt.spec), tt.spec) {
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
