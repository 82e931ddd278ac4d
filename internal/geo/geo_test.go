package geo

import (
	"errors"
	"strings"
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

func TestLocate(t *testing.T) {
	tb := MustDefault()
	tests := []struct {
		in, province, code string
	}{
		{"430000", "430000", ""},
		{"湖南省", "430000", ""},
		{"Hunan", "430000", ""},
		{"431381", "430000", "431381"},    // 冷水江市, county-level city in 娄底市
		{"431300", "430000", "431300"},    // 娄底市
		{"431399", "430000", "431399"},    // a county newer than the table, in a known prefecture
		{"冷水江市", "430000", "431381"},      // by name
		{"冷水江", "430000", "431381"},       // without 市
		{"湖南省冷水江市", "430000", "431381"},   // after its province
		{"婁底市冷水江市", "430000", "431381"},   // after its prefecture, Traditional
		{"赣州市", "360000", "360700"},       // the rare-earth prefecture
		{"贛州", "360000", "360700"},        // Traditional, without 市
		{"吉林市", "220000", "220200"},       // the city, not the province
		{"吉林", "220000", ""},              // the province
		{"北京市朝阳区", "110000", "110105"},    // a shared name, qualified
		{"长春市朝阳区", "220000", "220104"},    // the other one
		{"Ganzhou", "360000", "360700"},   // English prefecture name
		{"包头市", "150000", "150200"},       // Bayan Obo's prefecture
		{"白云鄂博矿区", "150000", "150206"},    // and its mining district
		{"个旧市", "530000", "532501"},       // tin and indium, 红河州
		{"文山壮族苗族自治州", "530000", "532600"}, // autonomous prefecture
	}
	for _, tt := range tests {
		loc, err := tb.Locate(tt.in)
		if err != nil {
			t.Errorf("Locate(%q): %v", tt.in, err)
			continue
		}
		if loc.Province.Code != tt.province || loc.Code != tt.code {
			t.Errorf("Locate(%q) = %s/%s, want %s/%s", tt.in, loc.Province.Code, loc.Code, tt.province, tt.code)
		}
	}
	for in, want := range map[string]string{
		"439900":   "no prefecture 439900",
		"990101":   "no province 99",
		"朝阳区":      "ambiguous",
		"Atlantis": "unknown place",
	} {
		_, err := tb.Locate(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Locate(%q) error = %v, want it to say %q", in, err, want)
		}
	}
}

func TestPlace(t *testing.T) {
	tb := MustDefault()
	for _, tt := range []struct {
		code string
		zh   bool
		want string
	}{
		{"431381", true, "湖南省 娄底市 冷水江市"},
		{"431381", false, "冷水江市, Loudi, Hunan"},
		{"360700", false, "Ganzhou, Jiangxi"},
		{"110105", true, "北京市 朝阳区"},
		{"431399", true, "湖南省 431399"},
		{"430000", true, "湖南省"},
	} {
		if got := tb.Place(tt.code, tt.zh); got != tt.want {
			t.Errorf("Place(%s, %v) = %q, want %q", tt.code, tt.zh, got, tt.want)
		}
	}
}

// TestDivisionTable checks the embedded table against what is known of the
// 2023 code list as a whole.
func TestDivisionTable(t *testing.T) {
	tb := MustDefault()
	var pref, county int
	for _, v := range tb.divisions.byCode {
		switch v.Level {
		case LevelPrefecture:
			pref++
			if v.NameEn == "" {
				t.Errorf("prefecture %s %s has no English name", v.Code, v.NameZh)
			}
		case LevelCounty:
			county++
		}
	}
	// 333 prefecture-level divisions plus the placeholder rows of the four
	// municipalities and the directly administered counties; 2,844
	// county-level divisions plus the NBS rows for cities without counties.
	if pref < 333 || pref > 345 || county < 2844 || county > 3000 {
		t.Errorf("%d prefecture and %d county rows; the 2023 list has about 342 and 2,978", pref, county)
	}
}

func FuzzLocate(f *testing.F) {
	tb := MustDefault()
	for _, s := range []string{"431381", "湖南省冷水江市", "朝阳区", "", "吉林", "99", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		loc, err := tb.Locate(s)
		if err == nil && loc.Province == nil {
			t.Fatalf("Locate(%q) returned no province and no error", s)
		}
		if err == nil && loc.Code != "" && loc.Code[:2] != loc.Province.Code[:2] {
			t.Fatalf("Locate(%q) = %s in %s", s, loc.Code, loc.Province.Code)
		}
	})
}
