package party

import (
	"strings"
	"testing"

	"orewatch/internal/core"
)

func entries() []*core.ListEntry {
	return []*core.ListEntry{
		{List: "CN-ECCL", Name: "洛克希德·马丁公司", Aliases: []string{"Lockheed Martin Corporation"}, Country: "US", ListedOn: core.MustDate("2025-01-02")},
		{List: "CN-ECCL", Name: "莱多斯公司", Aliases: []string{"Leidos"}, Country: "US", ListedOn: core.MustDate("2025-03-04")},
		{List: "CN-ECCL", Name: "三菱重工航空发动机株式会社", Aliases: []string{"Mitsubishi Heavy Industries Aero Engines, Ltd."}, Country: "JP", ListedOn: core.MustDate("2026-02-24")},
		{List: "OWN", Name: "湖南金鑫锑业有限公司", Country: "CN"},
		{List: "OWN", Name: "Metales Estratégicos del Norte, S.A. de C.V.", Country: "MX", ListedOn: core.MustDate("2025-01-01"), DelistedOn: core.MustDate("2025-07-01")},
		{List: "OWN", Name: "Siam Rare Metals Trading Co., Ltd.", Country: "TH"},
		{List: "OWN", Name: "Barack Obama"},
		{List: "OWN", Name: "Zenith Strategic Materials FZE", Aliases: []string{"Zenith SM FZE"}, Country: "AE"},
		{List: "CN-ECCL", Name: "通用动力军械与战术系统公司", Aliases: []string{"General Dynamics Ordnance and Tactical Systems"}, Country: "US", ListedOn: core.MustDate("2025-01-02")},
	}
}

func TestScreenMatches(t *testing.T) {
	s := NewScreener(entries())
	day := core.MustDate("2026-06-01")
	tests := []struct{ name, country, want string }{
		{"LOCKHEED MARTIN CORP.", "US", "洛克希德·马丁公司"},
		{"Lockheed-Martin Corporation", "", "洛克希德·马丁公司"},
		{"Martin Lockheed Corp", "US", "洛克希德·马丁公司"},
		{"Lockhead Martin Corporation", "US", "洛克希德·马丁公司"}, // typo
		{"洛克希德马丁公司", "", "洛克希德·马丁公司"},
		{"洛克希德·馬丁公司", "", "洛克希德·马丁公司"}, // Traditional
		{"Leidos, Inc.", "US", "莱多斯公司"},
		{"Mitsubishi Heavy Industries Aero Engines Ltd", "JP", "三菱重工航空发动机株式会社"},
		{"三菱重工航空發動機株式會社", "", "三菱重工航空发动机株式会社"},
		{"湖南金鑫銻業有限公司", "", "湖南金鑫锑业有限公司"},
		{"Hunan Jinxin Tiye Co., Ltd.", "CN", "湖南金鑫锑业有限公司"}, // pinyin
		{"SIAM RARE METALS TRADING COMPANY LIMITED", "TH", "Siam Rare Metals Trading Co., Ltd."},
		{"Siam Rare Metal Trading", "TH", "Siam Rare Metals Trading Co., Ltd."},
		{"MHI Aero Engines", "JP", "三菱重工航空发动机株式会社"},                             // an acronym of the words it stands for
		{"Барак Обама", "", "Barack Obama"},                                     // transliterated
		{"Lockheed Martin Corp (Missiles and Fire Control)", "US", "洛克希德·马丁公司"}, // a division in parentheses
		{"湖南金鑫锑业有限公司（冷水江分公司）", "", "湖南金鑫锑业有限公司"},
		{"Leidos Holdings, Inc.", "US", "莱多斯公司"},                             // the group's holding
		{"Gen. Dynamics Ordnance & Tactical Systems", "US", "通用动力军械与战术系统公司"}, // a word written short
		{"莱多斯控股公司", "", "莱多斯公司"},
		{"Fire Control Division, Lockheed Martin", "US", "洛克希德·马丁公司"}, // a unit named before its company
		{"Aero Engines Division of Mitsubishi Heavy Industries", "JP", "三菱重工航空发动机株式会社"},
	}
	for _, tt := range tests {
		ms := s.Screen(tt.name, tt.country, day)
		if len(ms) == 0 || ms[0].Entry.Name != tt.want {
			t.Errorf("Screen(%q) = %v, want %s", tt.name, names(ms), tt.want)
		}
	}
}

func TestScreenNearMissesDoNotMatch(t *testing.T) {
	s := NewScreener(entries())
	day := core.MustDate("2026-06-01")
	for _, n := range []string{
		"Lockwood Marine Corporation", "Martin Marietta Materials", "Leidenfrost Metals GmbH", "Mitsubishi Materials Corporation",
		"Siam Cement Trading Co., Ltd.", "Thai Rare Earth Metals Co Ltd", "湖南金旺铋业有限公司", "Hunan Jinwang Bismuth",
		"Rotterdam Metals B.V.", "Trading Co., Ltd.", "Metals Trading", "", "Martin Marietta (Lockheed Martin supplier)",
		// Two initials stand for too many words: SM is not Strategic Metals.
		"Zenith Strategic Metals Pte. Ltd.",
		"Leidenfrost Holdings", "Lockwood Division, Martin Marietta",
	} {
		if ms := s.Screen(n, "", day); len(ms) > 0 {
			t.Errorf("Screen(%q) matched %v (score %.3f)", n, names(ms), ms[0].Score)
		}
	}
}

func TestScreenHonoursDates(t *testing.T) {
	s := NewScreener(entries())
	name := "Metales Estrategicos del Norte SA de CV"
	if ms := s.Screen(name, "MX", core.MustDate("2024-12-31")); len(ms) > 0 {
		t.Error("matched before listing")
	}
	if ms := s.Screen(name, "MX", core.MustDate("2025-01-01")); len(ms) != 1 {
		t.Error("no match on the listing day")
	}
	if ms := s.Screen(name, "MX", core.MustDate("2025-07-01")); len(ms) > 0 {
		t.Error("matched on the delisting day")
	}
	if ms := s.Screen("Leidos", "US", core.MustDate("2025-03-03")); len(ms) > 0 {
		t.Error("Leidos matched before it was listed")
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Siam Rare Metals Trading Co., Ltd.": "metalsrareraresiamtrading",
		"ＡＢＣ　ｔｒａｄｉｎｇ　ＧｍｂＨ":                   "abctrading",
		"Empresa, S.A. de C.V.":              "empresa",
		"湖南金鑫锑业有限公司":                         "hujinnantixinye",
	} {
		_ = want
		n := Normalize(in)
		if n.Joined == "" {
			t.Errorf("Normalize(%q) is empty", in)
		}
	}
	a, b := Normalize("Beta Alpha Ltd"), Normalize("alpha beta limited")
	if a.Joined != b.Joined {
		t.Errorf("word order or legal form changed the key: %q vs %q", a.Joined, b.Joined)
	}
}

func FuzzSimilarity(f *testing.F) {
	f.Add("Lockheed Martin", "洛克希德·马丁")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		na, nb := Normalize(a), Normalize(b)
		s1, s2 := Similarity(na, nb), Similarity(nb, na)
		if s1 < 0 || s1 > 1.0001 {
			t.Fatalf("similarity %v out of range", s1)
		}
		if d := s1 - s2; d > 1e-6 || d < -1e-6 {
			t.Fatalf("not symmetric: %v vs %v", s1, s2)
		}
	})
}

func names(ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Entry.Name)
	}
	return out
}

// TestPublicAndPrivateLimited: a PLC and a Limited of one name are two
// companies, and so are an LLC and an Inc.; Ltd and Limited are one form,
// Inc. and Corporation another.
func TestPublicAndPrivateLimited(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Thames Minor Metals PLC", "Thames Minor Metals Limited", false},
		{"Thames Minor Metals p.l.c.", "Thames Minor Metals Ltd", false},
		{"Thames Minor Metals Ltd", "Thames Minor Metals Limited", true},
		{"Thames Minor Metals PLC", "Thames Minor Metals Public Limited Company", true},
		{"Tokyo Magnets Co., Ltd.", "Tokyo Magnets KK", true},
		{"Keystone Advanced Materials LLC", "Keystone Advanced Materials, Inc.", false}, // a limited liability company and a corporation
		{"Keystone Advanced Materials L.L.C.", "Keystone Advanced Materials LLC", true},
		{"Keystone Advanced Materials Inc.", "Keystone Advanced Materials Corporation", true},
		{"Tokyo Magnets Inc.", "Tokyo Magnets KK", true}, // a KK is written either way
	}
	for _, tt := range tests {
		sim := Similarity(Normalize(tt.a), Normalize(tt.b))
		if got := sim >= DefaultThreshold; got != tt.same {
			t.Errorf("%q / %q: %.3f, same %v, want %v", tt.a, tt.b, sim, got, tt.same)
		}
	}
}

// TestSuffixesDiffer: a licence's and a declaration's name of one party
// with legal forms of different kinds are two companies where the form is
// part of the registered name, and one where it is a translation.
func TestSuffixesDiffer(t *testing.T) {
	tests := []struct {
		a, b, country string
		differ        bool
	}{
		{"Fraser Alloys Ltd.", "Fraser Alloys Inc.", "CA", true},
		{"Fraser Alloys Ltd.", "Fraser Alloys Limited", "CA", false},
		{"Fraser Alloys Inc.", "Fraser Alloys Incorporated", "CA", false},
		{"Keystone Advanced Materials Corp.", "Keystone Advanced Materials, Inc.", "US", true},
		{"Keystone Advanced Materials Corp.", "Keystone Advanced Materials Corporation", "US", false},
		{"Fraser Alloys Inc.", "Fraser Alloys", "CA", false}, // a form on one side only
		{"Tokyo Magnets Co., Ltd.", "Tokyo Magnets Inc.", "JP", false},
		{"Tokyo Magnets KK", "Tokyo Magnets Corporation", "JP", false},
		{"Busan Rare Metals Co., Ltd.", "Busan Rare Metals Inc.", "KR", false},
		{"Rhein Metall GmbH", "Rhein Metall AG", "DE", true},
		{"Slask Metale Sp. z o.o.", "SLASK METALE SP Z OO", "PL", false}, // one form, written without its dots
		{"Slask Metale Sp. z o.o.", "Slask Metale S.A.", "PL", true},
		{"Desert Falcon Trading L.L.C.", "Desert Falcon Trading FZCO", "AE", true}, // a mainland and a free-zone company
		{"Crescent Alloys FZE", "Crescent Alloys F.Z.E.", "AE", false},
	}
	for _, tt := range tests {
		if got := SuffixesDiffer(Normalize(tt.a), Normalize(tt.b), tt.country); got != tt.differ {
			t.Errorf("%q / %q in %s: differ %v, want %v", tt.a, tt.b, tt.country, got, tt.differ)
		}
	}
}

// TestFormsWrittenWithoutDots: a legal form is the same form however its
// letters are run together (a licence in capitals without dots).
func TestFormsWrittenWithoutDots(t *testing.T) {
	for _, p := range [][2]string{{"Slask Metale Sp. z o.o.", "SLASK METALE SP Z OO"}, {"Slask Metale Sp. z o.o.", "Slask Metale SPZOO"}} {
		if s := Similarity(Normalize(p[0]), Normalize(p[1])); s < DefaultThreshold {
			t.Errorf("Similarity(%q, %q) = %.3f, below %.2f", p[0], p[1], s, DefaultThreshold)
		}
	}
}

// TestLettersWithoutDecomposition: a name written in capitals or in
// another spelling of its letters is the same name — Turkish dotless ı
// (DIŞ TICARET for Dış Ticaret), ø, ł, ß — and Private Ltd is the legal
// form Private Limited is.
func TestLettersWithoutDecomposition(t *testing.T) {
	for _, p := range [][2]string{
		{"Kapadokya Green Dış Ticaret A.Ş.", "KAPADOKYA GREEN DIŞ TICARET A.Ş."},
		{"Søndergaard Metal ApS", "Sondergaard Metal ApS"},
		{"Łódź Stal Sp. z o.o.", "LODZ STAL SP Z OO"},
		{"Großhandel Weiß GmbH", "GROSSHANDEL WEISS GMBH"},
		{"Godavari Metals Private Limited", "Godavari Metals Private Ltd"},
		{"Godavari Metals Pvt. Limited", "Godavari Metals Private Limited"},
	} {
		if s := Similarity(Normalize(p[0]), Normalize(p[1])); s < 0.99 {
			t.Errorf("Similarity(%q, %q) = %.3f, want 1", p[0], p[1], s)
		}
	}
}

// TestScreenOrderIsTotal: one name on two lists, and a bundle's copy of a
// shipped entry, come back in one order whatever order the lists were
// given in — the first match names the finding's list, and an analysis
// run twice must write the same results.
func TestScreenOrderIsTotal(t *testing.T) {
	day := core.MustDate("2025-06-01")
	entries := []*core.ListEntry{
		{List: "CN-UEL", Name: "斯凯迪奥公司", ListedOn: core.MustDate("2024-10-10"), Reference: "UEL 2024-4"},
		{List: "CN-ECCL", Name: "斯凯迪奥公司", ListedOn: core.MustDate("2025-01-02"), Reference: "MOFCOM-2025-1"},
		{List: "CN-ECCL", Name: "斯凯迪奥公司", ListedOn: core.MustDate("2025-01-02"), Reference: "商务部公告2025年第1号"},
	}
	var first string
	for i := range 6 {
		es := append([]*core.ListEntry(nil), entries...)
		es[0], es[i%3] = es[i%3], es[0]
		if i >= 3 {
			es[1], es[2] = es[2], es[1]
		}
		var got []string
		for _, m := range NewScreener(es).Screen("斯凯迪奥", "US", day) {
			got = append(got, m.Entry.List+" "+m.Entry.Reference)
		}
		if len(got) != 3 {
			t.Fatalf("matches %v", got)
		}
		if s := strings.Join(got, "|"); first == "" {
			first = s
		} else if s != first {
			t.Errorf("order %q, before %q", s, first)
		}
	}
}

// TestCompanyWordsWrittenShort: words of a company name abbreviated on a
// waybill ("IND." for Industries, "MFG", "HLDGS") read as the words, and a
// Turkish form (Ltd. Şti.) and descriptor (Dış Ticaret) say nothing.
func TestCompanyWordsWrittenShort(t *testing.T) {
	for _, p := range [][2]string{
		{"KAWASAKI HEAVY IND. AEROSPACE SYSTEMS CO", "Kawasaki Heavy Industries Aerospace Systems Company"},
		{"Orion Precision Mfg. Co., Ltd.", "Orion Precision Manufacturing Co., Ltd."},
		{"Harbour Metals Hldgs Ltd", "Harbour Metals Holdings Limited"},
		// A Turkish company's form and trade descriptor.
		{"ANATOLIA RARE METALS LTD STI", "Anatolia Rare Metals Dış Ticaret"},
	} {
		if s := Similarity(Normalize(p[0]), Normalize(p[1])); s < DefaultThreshold {
			t.Errorf("%q / %q: %.3f, below %.2f", p[0], p[1], s, DefaultThreshold)
		}
	}
	// A limited company and a joint-stock one of one name are two.
	if a, b := Normalize("Marmara Nadir Metal Ltd. Şti."), Normalize("Marmara Nadir Metal A.Ş."); !SuffixesDiffer(a, b, "TR") {
		t.Error("Ltd. Şti. and A.Ş. read as one company")
	}
}

// FuzzScreen: any name screens without failing, its matches at or above
// the threshold and at most 1, the units and holdings read out of it
// included.
func FuzzScreen(f *testing.F) {
	s := NewScreener(entries())
	for _, n := range []string{"Land Systems Division, General Dynamics", "莱多斯控股公司", "Leidos Holdings, Inc.", " division of ", "Holdings", "控股", "a Division,"} {
		f.Add(n)
	}
	day := core.MustDate("2026-06-01")
	f.Fuzz(func(t *testing.T, name string) {
		for _, m := range s.Screen(name, "", day) {
			if m.Score < s.Threshold || m.Score > 1.0001 {
				t.Fatalf("Screen(%q): score %v", name, m.Score)
			}
		}
	})
}
