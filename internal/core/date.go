package core

import (
	"cmp"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date with no time of day or zone: the unit in which
// measures take effect, licences are valid and declarations are made.
// The zero Date means "not set".
//
// It is a day count, not a time.Time: a million declaration items each
// carry one, and four bytes compare, hash and sort where a time.Time
// (24 bytes and a zone pointer) took several times as long.
type Date struct {
	n int32 // days since 0001-01-01, plus one; 0 is the zero Date
}

// unixDay is n's value for 1970-01-01.
const unixDay = 719163

// NewDate returns the date y-m-d; out-of-range months and days normalise
// as time.Date's do (2025-02-30 is 2025-03-02).
func NewDate(y int, m time.Month, d int) Date {
	if m >= time.January && m <= time.December && d >= 1 && d <= daysIn(y, m) {
		return Date{int32(daysFromCivil(y, int(m), d) + unixDay)}
	}
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{int32(daysFromCivil(y, int(m), d) + unixDay)}
}

// daysFromCivil counts days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar (H. Hinnant's algorithm: eras of 400 years).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civil is daysFromCivil's inverse.
func civil(days int) (y, m, d int) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// ParseISODate reads exactly YYYY-MM-DD, without time.Parse: it is the form
// almost every date in a bundle takes.
func ParseISODate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	num := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, false
	}
	return Date{int32(daysFromCivil(y, m, d) + unixDay)}, true
}

// dateLayouts are the forms the bundle spec allows, in the order tried.
var dateLayouts = []string{"2006-01-02", "2006/01/02", "20060102", "2006-1-2", "2006/1/2"}

// ParseDate reads YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or an RFC 3339 timestamp
// (whose calendar date, in its own offset, is taken).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, fmt.Errorf("empty date")
	}
	if d, ok := ParseISODate(s); ok {
		return d, nil
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return DateOf(t), nil
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return DateOf(t), nil
	}
	// Local timestamps as spreadsheets and other systems write them.
	for _, l := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006/01/02 15:04:05"} {
		if t, err := time.Parse(l, s); err == nil {
			return DateOf(t), nil
		}
	}
	return Date{}, fmt.Errorf("unknown date form %q (accepted: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, RFC 3339)", s)
}

// MustDate parses s and panics on error; for tests and literal tables only.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Date) IsZero() bool { return d.n == 0 }

// Time is the date's midnight UTC; the zero Date gives the zero time.
func (d Date) Time() time.Time {
	if d.n == 0 {
		return time.Time{}
	}
	return time.Unix(int64(d.n-unixDay)*86400, 0).UTC()
}

func (d Date) Before(o Date) bool { return d.n < o.n }
func (d Date) After(o Date) bool  { return d.n > o.n }
func (d Date) Equal(o Date) bool  { return d.n == o.n }
func (d Date) Compare(o Date) int { return cmp.Compare(d.n, o.n) }

// AddDays moves the date n days; the zero Date stays zero.
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return d
	}
	return Date{d.n + int32(n)}
}

func (d Date) Year() int {
	y, _, _ := civil(int(d.n - unixDay))
	return y
}

// Month returns YYYY-MM, or "" for the zero date.
func (d Date) Month() string {
	if d.IsZero() {
		return ""
	}
	return d.String()[:7]
}

// String returns YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := civil(int(d.n - unixDay))
	if y < 0 || y > 9999 {
		return d.Time().Format("2006-01-02")
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + day/10), byte('0' + day%10)}
	return string(b[:])
}

// Within reports whether d lies in [from, to]; a zero bound is open.
func (d Date) Within(from, to Date) bool {
	if !from.IsZero() && d.Before(from) {
		return false
	}
	if !to.IsZero() && d.After(to) {
		return false
	}
	return true
}

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil || *s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText and UnmarshalText let YAML and CSV codecs use Date directly.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores a date as YYYY-MM-DD text, which both SQLite (TEXT) and
// PostgreSQL (DATE) accept, and which sorts as the date does.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads what the drivers return for a date column: time.Time from
// PostgreSQL, text from SQLite.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = NewDate(v.UTC().Date())
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	}
	return fmt.Errorf("cannot scan %T into a date", src)
}
