package textnorm

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"銻", "锑"},
		{"金屬銻及製品", "金属锑及制品"},
		{"鎵、鍺相關物項", "镓、锗相关物项"},
		{"美國", "美国"},
		{"  ANTIMONY   Ingot ", "antimony ingot"},
		{"ＡＢＣ１２３", "abc123"},
		{"锑锭", "锑锭"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestContains(t *testing.T) {
	if !Contains("金属锑及制品", "銻") {
		t.Error("Traditional needle should match Simplified text")
	}
	if !Contains("金屬銻及製品", "锑") {
		t.Error("Simplified needle should match Traditional text")
	}
	if Contains("金属镓", "锑") {
		t.Error("unrelated characters matched")
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"銻", "ＡＢＣ", "Rotterdam Metals B.V.", "\xff\xfe", "是否属于管制物项：是"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Fatalf("Fold is not idempotent: %q -> %q -> %q", s, once, twice)
		}
	})
}
