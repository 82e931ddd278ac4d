package cells

import "testing"

func TestNeutralize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"+1+cmd|x", "'+1+cmd|x"},
		{"-1+cmd|x", "'-1+cmd|x"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-12.5", "-12.5"},
		{"+3", "+3"},
		{"湖南锑业", "湖南锑业"},
		{"a=b", "a=b"},
		{"", ""},
	} {
		if got := Neutralize(tc.in); got != tc.want {
			t.Errorf("Neutralize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzNeutralize(f *testing.F) {
	f.Add("=1")
	f.Add("-1")
	f.Fuzz(func(t *testing.T, s string) {
		if Dangerous(Neutralize(s)) {
			t.Fatalf("%q is still dangerous", Neutralize(s))
		}
	})
}
