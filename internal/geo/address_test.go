package geo

import "testing"

func TestCountryInAddress(t *testing.T) {
	g := MustDefault()
	for _, tc := range []struct{ addr, want string }{
		{"88 Commerce Dr, Newark, DE 19713, USA", "US"},
		{"401 Technology Way, Huntsville, AL 35806, United States", "US"},
		{"Jebel Ali Free Zone, Dubai, U.A.E.", "AE"},
		{"12 rue de Rivoli, 75001 Paris, France", "FR"},
		{"美国特拉华州纽瓦克市商业路88号", "US"},
		{"美國加州聖荷西", "US"},
		{"Unit 5, 12 Harbour Road, Singapore", "SG"},
		{"88 Commerce Dr, Newark, DE", ""},          // DE is Delaware here, not Germany
		{"Hải Phòng", ""},                           // no part names a country
		{"Tsim Sha Tsui, Kowloon, Hong Kong", "HK"}, // a region with its own code
		{"", ""},
	} {
		got, ok := g.CountryInAddress(tc.addr)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("CountryInAddress(%q) = %q %v, want %q", tc.addr, got, ok, tc.want)
		}
	}
}

func FuzzCountryInAddress(f *testing.F) {
	g := MustDefault()
	f.Add("88 Commerce Dr, Newark, DE 19713, USA")
	f.Add("美国特拉华州")
	f.Fuzz(func(t *testing.T, s string) {
		if c, ok := g.CountryInAddress(s); ok && len(c) != 2 {
			t.Fatalf("%q → %q", s, c)
		}
	})
}
