package core

import (
	"strings"
	"testing"
	"time"
)

func TestParseUSCC(t *testing.T) {
	// Published example codes (GB 32100-2015 illustrations and widely cited
	// registrations); their check characters come from outside this code.
	valid := []string{"91350100M000100Y43", "91110000600037341L", "91440300708461136T", "９１３５０１００Ｍ０００１００Ｙ４３", " 91350100m000100y43 "}
	for _, s := range valid {
		u, err := ParseUSCC(s)
		if err != nil {
			t.Errorf("ParseUSCC(%q): %v", s, err)
			continue
		}
		if len(u) != 18 || strings.ToUpper(string(u)) != string(u) {
			t.Errorf("ParseUSCC(%q) = %q, want 18 upper-case characters", s, u)
		}
	}
	invalid := map[string]string{
		"91350100M000100Y44": "check character",
		"91350100M000100Y4":  "want 18",
		"91350100M000I00Y43": "not allowed",
		"913501A0M000100Y43": "division code",
		"":                   "want 18",
		"9135010 M000100Y43": "not allowed",
	}
	for s, want := range invalid {
		_, err := ParseUSCC(s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseUSCC(%q) = %v, want an error mentioning %q", s, err, want)
		}
	}
	if d := USCC("91350100M000100Y43").Division(); d != "350100" {
		t.Errorf("division = %s", d)
	}
}

func TestUSCCCheckCharAgrees(t *testing.T) {
	c, err := USCCCheckChar("91350100M000100Y4")
	if err != nil || c != '3' {
		t.Fatalf("check char = %c, %v; want 3", c, err)
	}
}

func FuzzParseUSCC(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91350100M000100Y44", "", "ＡＢＣ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseUSCC(s)
		if err != nil {
			return
		}
		c, err := USCCCheckChar(string(u[:17]))
		if err != nil || c != u[17] {
			t.Fatalf("accepted %q whose check character does not verify", s)
		}
		if again, err := ParseUSCC(string(u)); err != nil || again != u {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", s, u, again, err)
		}
	})
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-01-10": "2025-01-10", "2025/01/10": "2025-01-10", "20250110": "2025-01-10", "2025-1-9": "2025-01-09",
		"2025-01-10T23:30:00+08:00": "2025-01-10", "2025-01-10T01:00:00Z": "2025-01-10", " 2025-01-10 ": "2025-01-10",
		"2025-01-10 23:59:59": "2025-01-10", "2025-01-10T08:00:00": "2025-01-10", "2025/01/10 08:00:00": "2025-01-10",
	} {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "10/01/2025", "2025-13-01", "2025-02-30", "yesterday", "2025.01.10"} {
		if _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) accepted", in)
		}
	}
	d := MustDate("2025-11-09")
	if !d.Within(MustDate("2025-11-09"), MustDate("2026-11-27")) || d.Within(MustDate("2025-11-10"), Date{}) {
		t.Error("Within is not inclusive or open-ended as documented")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-01-10", "20250110", "2025/1/1", "2025-01-10T00:00:00Z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		again, err := ParseDate(d.String())
		if err != nil || !again.Equal(d) {
			t.Fatalf("%q -> %s does not round-trip: %v", s, d, err)
		}
		if tm, err := time.Parse("2006-01-02", strings.TrimSpace(s)); err == nil && d != DateOf(tm) {
			t.Fatalf("%q read as %s, the time package reads %s", s, d, tm.Format(time.DateOnly))
		}
	})
}

// TestDateAgreesWithTime walks every day of eight centuries: the day
// count's calendar arithmetic must be the time package's.
func TestDateAgreesWithTime(t *testing.T) {
	tm := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := Date{}
	for tm.Year() < 2400 {
		d := NewDate(tm.Date())
		if got, want := d.String(), tm.Format(time.DateOnly); got != want {
			t.Fatalf("NewDate(%s).String() = %s", want, got)
		}
		if !d.Time().Equal(tm) || d.Year() != tm.Year() || d.Month() != tm.Format("2006-01") {
			t.Fatalf("%s: Time %s, Year %d, Month %s", tm.Format(time.DateOnly), d.Time(), d.Year(), d.Month())
		}
		if !prev.IsZero() && (prev.AddDays(1) != d || !prev.Before(d) || d.Compare(prev) != 1) {
			t.Fatalf("%s does not follow %s", d, prev)
		}
		prev = d
		tm = tm.AddDate(0, 0, 1)
	}
	if got := NewDate(2025, time.February, 30); got.String() != "2025-03-02" {
		t.Errorf("NewDate(2025-02-30) = %s, want it normalised as time.Date does (2025-03-02)", got)
	}
	local := time.Date(2025, 1, 10, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))
	if got := DateOf(local); got.String() != "2025-01-10" {
		t.Errorf("DateOf takes the date in the time's own zone: got %s", got)
	}
	var zero Date
	if !zero.IsZero() || zero.String() != "" || zero.Month() != "" || !zero.Time().IsZero() {
		t.Error("the zero Date must read as not set")
	}
}

func TestParseDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"1234.5": "1234.5", "1,234.5": "1234.5", "1,234,567.0001": "1234567.0001", "-3": "-3", "0.00005": "0.0001",
		"0.00004": "0", "+7": "7", "１２３": "123", "235000": "235000",
		// Scientific notation, as spreadsheets write large quantities.
		"1e5": "100000", "1.1668e+06": "1166800", "1.1668E+06": "1166800", "1.5E-3": "0.0015", "-2.5e2": "-250",
	} {
		d, err := ParseDecimal(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDecimal(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "1,23", "12,34.5", "1.2.3", "abc", "1/2", "1.000,5", "99999999999999999999",
		"1e99", "1e999999999", "e5", "1e", "1e5.5", "1.2.3e4", "1e+", "0x1p3", "1,000e3", "9e18"} {
		if _, err := ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) accepted", in)
		}
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1,234.5", "-0.0001", "1e9", "", "9,999,999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		again, err := ParseDecimal(d.String())
		if err != nil || again != d {
			t.Fatalf("%q -> %s does not round-trip (%v, %v)", s, d, again, err)
		}
	})
}

// FuzzDecimalFastPath: what the fast path reads, the exact one reads the
// same.
func FuzzDecimalFastPath(f *testing.F) {
	for _, s := range []string{"1234.5", "-0.0001", "+7", "0.00005", ".5", "5.", "-", "12345678901234.1234", "1.23456"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := parseDecimalFast(s)
		if !ok {
			return
		}
		exact, err := parseDecimalExact(s)
		if err != nil || exact != fast {
			t.Fatalf("%q: fast path %d, exact %d (%v)", s, fast, exact, err)
		}
	})
}

func TestMassUnits(t *testing.T) {
	q, _ := ParseDecimal("1.5")
	for unit, want := range map[string]string{"t": "1500", "吨": "1500", "噸": "1500", "kg": "1.5", "千克": "1.5", "g": "0.0015", "KGM": "1.5", "TNE": "1500"} {
		kg, err := ToKg(q, unit)
		if err != nil || kg.String() != want {
			t.Errorf("1.5 %s = %s kg, %v; want %s", unit, kg, err, want)
		}
	}
	if _, err := ToKg(q, "pcs"); err == nil {
		t.Error("pieces accepted as a mass unit")
	}
}

func TestStatusOnSameDay(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	h := []StatusChange{
		{Status: StatusActive, EffectiveOn: MustDate("2025-01-01"), RecordedAt: t0},
		{Status: StatusSuspended, EffectiveOn: MustDate("2025-01-01"), RecordedAt: t0.Add(time.Hour)},
	}
	if got := StatusOn(h, MustDate("2025-01-01")); got != StatusSuspended {
		t.Errorf("later record on the same day should win, got %s", got)
	}
}

func TestErrorCodes(t *testing.T) {
	if ErrorCode(nil) != "" || ErrorCode(errString("x")) != EINTERNAL || ErrorMessage(errString("secret detail")) != "internal error" {
		t.Error("unknown errors must be internal and hide their text")
	}
	e := FieldErrorf("dest", "unknown %q", "XX")
	if ErrorCode(e) != EINVALID || e.Field != "dest" || !strings.Contains(e.Error(), "dest") {
		t.Errorf("field error %+v", e)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
