package catalog

import (
	"slices"
	"testing"

	"orewatch/internal/core"
)

// TestRareEarthEquipmentByWords holds MOFCOM-GAC 2025 No. 56: its items sit
// under general lines or none, so goods are its items by what the
// declaration says of them, and only outside the suspension of No. 70
// (2025-11-07 – 2026-11-10).
func TestRareEarthEquipmentByWords(t *testing.T) {
	c := embedded(t)
	after, during := core.MustDate("2026-12-01"), core.MustDate("2026-06-01")
	tests := []struct {
		name, hs, text string
		day            core.Date
		want           string // control code, "" for not controlled
	}{
		{"centrifugal extractor for rare earths", "8421199090", "稀土萃取分离用离心萃取设备", after, "2B902.a"},
		{"the same during the suspension", "8421199090", "稀土萃取分离用离心萃取设备", during, ""},
		{"centrifugal extractor for pharmaceuticals", "8421199090", "离心萃取设备 制药用", after, ""},
		{"Traditional Chinese", "8421199090", "稀土萃取分離用離心萃取設備", after, "2B902.a"},
		{"strip caster for NdFeB", "8514200090", "钕铁硼真空感应速凝铸片炉", after, "2B902.o"},
		{"Czochralski furnace for silicon", "8514200090", "Czochralski crystal puller for silicon ingots", after, ""},
		{"Czochralski furnace for YAG", "8514200090", "Czochralski furnace for rare-earth doped YAG crystals", after, "2B902.m"},
		{"sintering furnace for magnets", "8514109000", "NdFeB permanent magnet vacuum sintering furnace", after, "2B902.w"},
		{"sintering furnace for ceramics", "8514109000", "vacuum sintering furnace for alumina ceramics", after, ""},
		{"P507 by name", "2931900090", "萃取剂P507 工业级", after, "1C914.c"},
		{"P204 by CAS number", "2919900090", "Di(2-ethylhexyl) phosphate CAS 298-07-7", after, "1C914.c"},
		{"another phosphate ester", "2919900090", "tributyl phosphate CAS 126-73-8", after, ""},
		{"rare-earth ore by its tariff line", "2530902000", "", after, "1C914.a"},
		{"rare-earth ore before the measure", "2530902000", "", core.MustDate("2025-11-01"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := c.Lookup(Query{HS: tt.hs, Date: tt.day, Text: tt.text})
			var codes []string
			for _, it := range a.Items {
				codes = append(codes, it.ControlCode)
			}
			if tt.want == "" {
				if a.Controlled {
					t.Fatalf("controlled as %v, want not controlled", codes)
				}
				return
			}
			if !slices.Contains(codes, tt.want) {
				t.Fatalf("control codes %v, want %s (notes %v)", codes, tt.want, a.Notes)
			}
		})
	}
}
