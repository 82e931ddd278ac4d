package screen

import (
	"strings"
	"testing"
)

func TestParseRemarks(t *testing.T) {
	tests := []struct {
		text       string
		stated     bool
		controlled bool
		codes      string
	}{
		{"是否属于管制物项：是；管制编码：1C902.a", true, true, "1C902.a"},
		{"合同号HT-2025-01 是否属于管制物项:是 两用物项出口管制编码1C117.d。唛头N/M", true, true, "1C117.d"},
		{"是否屬於管制物項：是，管制編碼 1c904.b", true, true, "1C904.b"},
		{"是否属于管制物项：否", true, false, ""},
		{"管制物项：否", true, false, ""},
		{"不属于管制物项", true, false, ""},
		{"非两用物项 非管制物项", true, false, ""},
		{"本批货物属于两用物项，编码1C902.c", true, true, "1C902.c"},
		{"Controlled item: YES; control code 1C117.c", true, true, "1C117.c"},
		{"dual-use: N", true, false, ""},
		{"Goods are not controlled items. Invoice INV-22", true, false, ""},
		{"NON-CONTROLLED", true, false, ""},
		{"These are controlled goods under 1C004", true, true, "1C004"},
		{"ECCN 1C902.A.", true, true, "1C902.a"},
		{"唛头：N/M；合同号：HT-01", false, false, ""},
		{"HS 8110101000 container MSKU1234565", false, false, ""},
		{"", false, false, ""},
		{"是否属于管制物项：是", true, true, ""},
		{"是否属于管制物项：是 1C902.a 1C902.b 1C902.a", true, true, "1C902.a,1C902.b"},
	}
	for _, tt := range tests {
		r := ParseRemarks(tt.text)
		if r.Stated != tt.stated || (r.Stated && r.Controlled != tt.controlled) || strings.Join(r.Codes, ",") != tt.codes {
			t.Errorf("ParseRemarks(%q) = %+v; want stated=%v controlled=%v codes=%q", tt.text, r, tt.stated, tt.controlled, tt.codes)
		}
	}
}

func TestCodeMatches(t *testing.T) {
	for _, tt := range []struct {
		d, e string
		ok   bool
	}{{"1C902.a", "1C902.a", true}, {"1C902.a.1", "1C902.a", true}, {"1C902", "1C902.a", true}, {"1C902.b", "1C902.a", false}, {"1C9", "1C902.a", false}, {"1C117.c", "1C117.d", false}, {"1c902.A", "1C902.a", true}} {
		if CodeMatches(tt.d, tt.e) != tt.ok {
			t.Errorf("CodeMatches(%s, %s) != %v", tt.d, tt.e, tt.ok)
		}
	}
}

func FuzzParseRemarks(f *testing.F) {
	for _, s := range []string{"是否属于管制物项：是；管制编码：1C902.a", "not controlled", "1c117.d.", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseRemarks(s)
		if len(r.Codes) > 0 && !r.Stated {
			t.Fatalf("codes without a statement: %+v", r)
		}
		for _, c := range r.Codes {
			if len(c) < 5 || c[1] < 'A' || c[1] > 'E' {
				t.Fatalf("malformed code %q from %q", c, s)
			}
		}
	})
}

// TestItemRemarks: a multi-item declaration's remarks say one thing of
// each item; each item is read from its own part and the common text.
func TestItemRemarks(t *testing.T) {
	tests := []struct {
		text       string
		item       int
		stated     bool
		controlled bool
		codes      string
	}{
		{"HT:SC-25-0423 项1 管制编码1C117.d 属于管制物项 项2 管制物项 否 批号KA250626-12", 1, true, true, "1C117.d"},
		{"HT:SC-25-0423 项1 管制编码1C117.d 属于管制物项 项2 管制物项 否 批号KA250626-12", 2, true, false, ""},
		{"项1 管制物项 是 项2 管制物项 否", 1, true, true, ""},
		{"第1项：非管制物项；第2项：属于管制物项，管制编码1C902.b", 2, true, true, "1C902.b"},
		{"Item 1: CONTROLLED ITEM (1C117.d); Item 2: Not a controlled item", 2, true, false, ""},
		{"Item 1: CONTROLLED ITEM (1C117.d); Item 2: Not a controlled item", 3, false, false, ""},
		{"是否属于管制物项：是 管制编码1C117.d 合同第3项", 1, true, true, "1C117.d"}, // one mark is a reference
		{"是否管制：见附件；发票号5V50909；货物存放于监管仓库", 1, false, false, ""},     // pointing elsewhere states nothing
		{"Export control status: see attached statement", 1, false, false, ""},
		// Lists numbered 1, 2, … in the field (a held-out world's form).
		{"1. DU:Y 1C912.b / 2. 不属于管制物项", 1, true, true, "1C912.b"},
		{"1. DU:Y 1C912.b / 2. 不属于管制物项", 2, true, false, ""},
		{"1. DU:Y 1C911.b；2. 非管制物项　INV2601766", 2, true, false, ""},
		{"（1）属于管制物项，编码1C117.d（2）不属于管制物项", 1, true, true, "1C117.d"},
		{"①管制物项 1C117.d ②非管制物项", 2, true, false, ""},
		{"Sb 99.90% 属于管制物项 1C117.d，2. 见合同", 1, true, true, "1C117.d"}, // one number is no list
		{"批次 3. 属于管制物项；5. 许可证随附", 1, true, true, ""},                  // numbers out of order number something else
	}
	for _, tt := range tests {
		r := ParseRemarks(ItemRemarks(tt.text, tt.item))
		if r.Stated != tt.stated || r.Controlled != tt.controlled || strings.Join(r.Codes, ",") != tt.codes {
			t.Errorf("item %d of %q: %+v", tt.item, tt.text, r)
		}
	}
}
