package party

import "testing"

// TestFacilityOf: a site of a listed organisation is found; another
// company that shares the listed name's first words is not, nor a site
// of a name too short to tell.
func TestFacilityOf(t *testing.T) {
	for _, tc := range []struct {
		name, listed string
		want         bool
	}{
		{"JAXA Tsukuba Space Center", "JAXA", true},
		{"Raytheon Missiles Tucson Plant", "Raytheon Missiles", true},
		{"General Dynamics Land Systems", "General Dynamics", false}, // a company of its own
		{"IHI Aero Center", "IHI", false},                            // three letters: too short to tell
		{"JAXA", "JAXA", false},                                      // the name itself is the matcher's
		{"Kestrel Trading One Two Three Center", "Kestrel Trading", false},
	} {
		if got := facilityOf(Normalize(tc.name), Normalize(tc.listed)); got != tc.want {
			t.Errorf("facilityOf(%q, %q) = %v, want %v", tc.name, tc.listed, got, tc.want)
		}
	}
}
