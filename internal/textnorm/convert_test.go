package textnorm

import (
	"runtime/debug"
	"testing"
	"unicode"
)

// The copies of the converter's dictionaries must be the module's: an
// upgrade that adds an entry would otherwise be skipped for text holding
// only the entry's characters.
func TestChangingRunesMatchConverter(t *testing.T) {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/longbridgeapp/opencc" && m.Version != "v0.3.13" {
				t.Fatalf("opencc is %s: copy its dictionary/TSCharacters.txt and TSPhrases.txt into opencc/ and change this version", m.Version)
			}
		}
	}
	cc, err := converter()
	if err != nil {
		t.Fatal(err)
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.Is(unicode.Han, r) || mayChange(string(r)) {
			continue
		}
		if out, err := cc.Convert(string(r)); err != nil || out != string(r) {
			t.Errorf("%q (U+%04X) is not marked, but the converter makes it %q (%v)", string(r), r, out, err)
		}
	}
}

func TestToSimplified(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"金屬鎵錠", "金属镓锭"},
		{"金属镓锭", "金属镓锭"},
		{"一目瞭然", "一目了然"}, // a phrase entry
		{"乾坤", "乾坤"},     // a phrase that keeps a character the character entry would change
		{"乾燥", "干燥"},
		{"gallium 鍺 ingot", "gallium 锗 ingot"},
		{"no Han here", "no Han here"},
		{"", ""},
	} {
		if got := ToSimplified(tc.in); got != tc.want {
			t.Errorf("ToSimplified(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzToSimplified: skipping the converter never changes an answer.
func FuzzToSimplified(f *testing.F) {
	for _, s := range []string{"金屬鎵錠", "金属镓锭", "乾坤", "一目瞭然 OK", "\xff锗", "么麼"} {
		f.Add(s)
	}
	cc, err := converter()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !hasHan(s) {
			return
		}
		want, err := cc.Convert(s)
		if err != nil {
			return
		}
		if got := ToSimplified(s); got != want {
			t.Errorf("ToSimplified(%q) = %q, the converter gives %q", s, got, want)
		}
	})
}

func BenchmarkFoldChinese(b *testing.B) {
	names := []string{"金属镓锭 99.99% 5N", "氧化锑 Sb2O3≥99.8%", "不锈钢螺栓 M8×40", "深圳市宝安区福永街道凤凰路12号", "鎢精礦 WO3 65%"}
	for i := 0; b.Loop(); i++ {
		Fold(names[i%len(names)])
	}
}
