package catalog

import (
	"testing"

	"orewatch/internal/core"
)

// TestDescribedItems: NdFeB magnets with dysprosium or terbium are
// controlled items the announcement gives no code for; the declaration's
// words decide, negations included.
func TestDescribedItems(t *testing.T) {
	c := embedded(t)
	day := core.MustDate("2025-05-01")
	tests := []struct {
		hs, text string
		want     string // control code, "" for not controlled
	}{
		{"8505111000", "烧结钕铁硼磁钢 N45SH 含镝1.5%", "1C905.a"},
		{"8505111000", "NdFeB magnet 42UH, Dy 2.1 %", "1C905.a"},
		{"8505111000", "Nd-Fe-B magnets, grain-boundary diffused terbium", "1C904.a"},
		{"8505119000", "燒結釹鐵硼 含鏑", "1C905.a"}, // Traditional
		{"8505111000", "钕铁硼永磁体 N36UH 不含镝铽", ""},
		{"8505111000", "钕铁硼磁体 N52 无镝", ""},
		{"8505111000", "NdFeB N52, Dy-free", ""},
		{"8505111000", "NdFeB magnet, Dy: 0%", ""},
		{"8505111000", "NdFeB magnet without Dy", ""},
		{"8505111000", "钕铁硼永磁体 N35 Dy/Tb-free", ""}, // one "-free" for the list
		{"8505111000", "NdFeB N42, Tb, Dy free", ""},
		{"8505111000", "钕铁硼 镝、铽 0%", ""},
		{"8505111000", "NdFeB N42SH, Dy/Tb 1.2%", "1C905.a"}, // a list with a content is no denial
		{"8505111000", "钕铁硼磁钢 N52", ""},
		{"8505111000", "ferrite magnet for body sensors", ""}, // "dy" inside a word
		{"8505111000", "钐钴磁体 Sm2Co17", "1C902.a"},
		{"8505199090", "SmCo5 magnet", "1C902.a"},
		{"7202210000", "含镝钕铁硼", ""}, // not a magnet heading
	}
	for _, tt := range tests {
		a := c.Lookup(Query{HS: tt.hs, Date: day, Text: tt.text})
		got := ""
		if a.Controlled && len(a.Items) > 0 {
			got = a.Items[0].ControlCode
		}
		if got != tt.want {
			t.Errorf("%s %q: controlled by %q, want %q", tt.hs, tt.text, got, tt.want)
		}
	}
	before := c.Lookup(Query{HS: "8505111000", Date: core.MustDate("2025-04-03"), Text: "NdFeB 含镝"})
	if before.Controlled {
		t.Error("Dy magnets controlled before 2025-04-04")
	}
	if bare := c.Lookup(Query{HS: "8505111000", Date: day}); bare.Controlled {
		t.Error("a lookup by code alone names a described item")
	}
}
