// Package geo holds the countries (ISO 3166-1) and the Chinese provincial,
// prefecture and county divisions (GB/T 2260) that OreWatch reads in
// declarations, licences and the ledger, and turns the forms people write
// them in into one code.
package geo

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"orewatch/data"
	"orewatch/internal/textnorm"
)

// Country is one ISO 3166-1 entry.
type Country struct {
	Alpha2, Alpha3, Numeric    string
	NameEn, NameZh, NameZhHant string
}

// Province is a provincial-level division.
type Province struct {
	Code, NameZh, NameZhHant, NameEn, Short string
}

// Tables holds the loaded reference tables.
type Tables struct {
	countries []Country
	byKey     map[string]*Country
	provinces []Province
	provByKey map[string]*Province
	divisions *divisionTable
}

var (
	defaultOnce   sync.Once
	defaultTables *Tables
	defaultErr    error
)

// Default returns the tables embedded in the binary.
func Default() (*Tables, error) {
	defaultOnce.Do(func() { defaultTables, defaultErr = Load(data.FS) })
	return defaultTables, defaultErr
}

// MustDefault is Default for call sites where the embedded data is known
// to be valid (its loading is tested).
func MustDefault() *Tables {
	t, err := Default()
	if err != nil {
		panic(err)
	}
	return t
}

// Load reads geo/countries.csv, geo/provinces.csv and geo/divisions.csv
// from fsys.
func Load(fsys fs.FS) (*Tables, error) {
	t := &Tables{byKey: map[string]*Country{}, provByKey: map[string]*Province{}}
	rows, err := readCSV(fsys, "geo/countries.csv")
	if err != nil {
		return nil, err
	}
	t.countries = make([]Country, 0, len(rows))
	for _, r := range rows {
		t.countries = append(t.countries, Country{Alpha2: r["alpha2"], Alpha3: r["alpha3"], Numeric: r["numeric"],
			NameEn: r["name_en"], NameZh: r["name_zh"], NameZhHant: r["name_zh_hant"]})
	}
	for i, r := range rows {
		c := &t.countries[i]
		keys := []string{c.Alpha2, c.Alpha3, c.NameEn, c.NameZh, c.NameZhHant}
		if r["aliases"] != "" {
			keys = append(keys, strings.Split(r["aliases"], "|")...)
		}
		for _, k := range keys {
			k = countryKey(k)
			if k == "" {
				continue
			}
			if prev, ok := t.byKey[k]; ok && prev != c {
				return nil, fmt.Errorf("geo/countries.csv: %q names both %s and %s", k, prev.Alpha2, c.Alpha2)
			}
			t.byKey[k] = c
		}
	}
	prow, err := readCSV(fsys, "geo/provinces.csv")
	if err != nil {
		return nil, err
	}
	for _, r := range prow {
		t.provinces = append(t.provinces, Province{Code: r["code"], NameZh: r["name_zh"], NameZhHant: r["name_zh_hant"], NameEn: r["name_en"], Short: r["short_zh"]})
	}
	for i := range t.provinces {
		p := &t.provinces[i]
		for _, k := range []string{p.Code, p.NameZh, p.NameZhHant, p.NameEn, trimSuffixes(p.NameZh)} {
			t.provByKey[textnorm.Fold(k)] = p
		}
	}
	byCode := make(map[string]*Province, len(t.provinces))
	for i := range t.provinces {
		byCode[t.provinces[i].Code] = &t.provinces[i]
	}
	if t.divisions, err = loadDivisions(fsys, byCode); err != nil {
		return nil, err
	}
	return t, nil
}

func readCSV(fsys fs.FS, name string) ([]map[string]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	out := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out, nil
}

// countryKey folds script, width and case, and drops punctuation and
// spaces so that "U.S.A.", "usa" and "美國" meet their entries.
func countryKey(s string) string {
	s = textnorm.Fold(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', ',', '-', '\'', '(', ')', '（', '）', '·':
			return -1
		}
		return r
	}, s)
}

// ErrUnknownCountry explains which forms are accepted.
type ErrUnknownCountry struct{ Input string }

func (e *ErrUnknownCountry) Error() string {
	return fmt.Sprintf("unknown country %q: use an ISO 3166-1 alpha-2 code (US), alpha-3 code (USA) or the Chinese short name (美国/美國)", e.Input)
}

// Country resolves any accepted form to its entry.
func (t *Tables) Country(s string) (*Country, error) {
	if c, ok := t.byKey[countryKey(s)]; ok {
		return c, nil
	}
	return nil, &ErrUnknownCountry{Input: s}
}

// NormalizeCountry returns the alpha-2 code for any accepted form.
func (t *Tables) NormalizeCountry(s string) (string, error) {
	c, err := t.Country(s)
	if err != nil {
		return "", err
	}
	return c.Alpha2, nil
}

// Countries lists every country in alpha-2 order.
func (t *Tables) Countries() []Country { return t.countries }

// Province resolves a GB/T 2260 code or a province name (any script, with
// or without 省/市/自治区) to its entry. A city or county code (e.g.
// 431381) resolves to its province.
func (t *Tables) Province(s string) (*Province, error) {
	k := textnorm.Fold(s)
	if p, ok := t.provByKey[k]; ok {
		return p, nil
	}
	if p, ok := t.provByKey[trimSuffixes(k)]; ok {
		return p, nil
	}
	if len(k) == 6 && isDigits(k) {
		if p, ok := t.provByKey[k[:2]+"0000"]; ok {
			return p, nil
		}
	}
	return nil, fmt.Errorf("unknown province %q: use a 6-digit GB/T 2260 code (430000) or the name (湖南省)", s)
}

// Provinces lists the provincial divisions in code order.
func (t *Tables) Provinces() []Province {
	out := append([]Province(nil), t.provinces...)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func trimSuffixes(s string) string {
	for _, suf := range []string{"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			return strings.TrimSuffix(s, suf)
		}
	}
	return s
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
