package geo

import (
	"errors"
	"testing"
)

func TestCountry(t *testing.T) {
	tb := MustDefault()
	tests := []struct{ in, want string }{
		{"US", "US"}, {"us", "US"}, {"USA", "US"}, {"美国", "US"}, {"美國", "US"}, {"United States", "US"},
		{"U.S.A.", "US"}, {"韩国", "KR"}, {"韓國", "KR"}, {"South Korea", "KR"}, {"泰国", "TH"}, {"泰國", "TH"},
		{"墨西哥", "MX"}, {"NLD", "NL"}, {"荷兰", "NL"}, {"越南", "VN"}, {"Vietnam", "VN"}, {"香港", "HK"},
		{"中国台湾", "TW"}, {"纽西兰", "NZ"}, {"紐西蘭", "NZ"}, {"ＵＳ", "US"}, {"柬埔寨", "KH"},
	}
	for _, tt := range tests {
		got, err := tb.NormalizeCountry(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeCountry(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	_, err := tb.NormalizeCountry("Atlantis")
	var u *ErrUnknownCountry
	if !errors.As(err, &u) {
		t.Fatalf("unknown country: got %v", err)
	}
	if len(tb.Countries()) != 249 {
		t.Errorf("%d countries, want 249", len(tb.Countries()))
	}
}

func TestProvince(t *testing.T) {
	tb := MustDefault()
	for in, want := range map[string]string{
		"430000": "430000", "湖南省": "430000", "湖南": "430000", "Hunan": "430000", "廣西壯族自治區": "450000",
		"内蒙古": "150000", "內蒙古自治區": "150000", "431381": "430000", "云南省": "530000", "雲南": "530000",
	} {
		p, err := tb.Province(in)
		if err != nil || p.Code != want {
			t.Errorf("Province(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
	if _, err := tb.Province("990000"); err == nil {
		t.Error("990000 should not resolve")
	}
	if n := len(tb.Provinces()); n != 34 {
		t.Errorf("%d provinces, want 34", n)
	}
}

func FuzzCountry(f *testing.F) {
	tb := MustDefault()
	for _, s := range []string{"US", "美國", "U.S.A.", "", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := tb.Country(s)
		if err == nil && c.Alpha2 == "" {
			t.Fatalf("Country(%q) returned an empty entry", s)
		}
	})
}
