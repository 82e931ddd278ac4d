package catalog

import (
	"strings"

	"orewatch/internal/core"
)

// CountryResolver turns any accepted country form into an alpha-2 code.
type CountryResolver interface {
	NormalizeCountry(string) (string, error)
}

// ParseQuery builds a Query from what a person typed or sent: the CLI
// flags and the API's query parameters both come through here, so both
// accept and reject exactly the same inputs. An empty date means today.
func ParseQuery(hs, date, dest string, military bool, today core.Date, countries CountryResolver) (Query, error) {
	code, prefix, err := ParseHS(hs)
	if err != nil {
		return Query{}, err
	}
	q := Query{HS: code, Prefix: prefix, Date: today, Military: military}
	if strings.TrimSpace(date) != "" {
		d, err := core.ParseDate(date)
		if err != nil {
			return Query{}, core.FieldErrorf("date", "%v", err)
		}
		q.Date = d
	}
	if strings.TrimSpace(dest) != "" {
		c, err := countries.NormalizeCountry(dest)
		if err != nil {
			return Query{}, core.FieldErrorf("dest", "%v", err)
		}
		q.Destination = c
	}
	return q, nil
}
