package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CountryInAddress reads the country a postal address names: its last
// part in Latin script ("…, Newark, DE 19713, USA", "… Dubai, U.A.E."),
// or its first in Chinese ("美国特拉华州…", "阿联酋迪拜…"). Two-letter
// codes are not read (DE, CA, IN are also states and words), nor is an
// address that names no country: ok is false then.
func (t *Tables) CountryInAddress(addr string) (alpha2 string, ok bool) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return "", false
	}
	if r, _ := utf8.DecodeRuneInString(addr); unicode.Is(unicode.Han, r) {
		// The longest country name the address starts with.
		best := ""
		for i := range t.countries {
			c := &t.countries[i]
			for _, n := range []string{c.NameZh, c.NameZhHant} {
				if n != "" && strings.HasPrefix(addr, n) && len(n) > len(best) {
					best, alpha2 = n, c.Alpha2
				}
			}
		}
		return alpha2, best != ""
	}
	parts := strings.FieldsFunc(addr, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' || r == '\n' })
	if len(parts) < 2 {
		return "", false // no part is the country's alone
	}
	last := strings.TrimFunc(parts[len(parts)-1], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsDigit(r) || r == '-' })
	// A postal code may stand before the country ("75008 France").
	last = strings.TrimLeftFunc(last, func(r rune) bool { return unicode.IsDigit(r) || unicode.IsSpace(r) || r == '-' })
	if key := countryKey(last); utf8.RuneCountInString(key) < 3 {
		return "", false
	}
	c, err := t.Country(last)
	if err != nil {
		return "", false
	}
	return c.Alpha2, true
}
