package geo

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"orewatch/internal/textnorm"
)

// Level is a division's rank below the province.
type Level string

const (
	LevelPrefecture Level = "prefecture" // 地级: cities, prefectures, leagues, autonomous prefectures
	LevelCounty     Level = "county"     // 县级: districts, counties, county-level cities, banners
)

// Division is a prefecture- or county-level GB/T 2260 division. NameEn is
// empty for counties (see data/geo/gen for why).
type Division struct {
	Code, NameZh, NameEn string
	Level                Level
	Parent               string // the prefecture's code for a county, the province's for a prefecture
}

// divisionTable indexes geo/divisions.csv. Names are indexed folded (so
// Traditional input meets them) and may be shared: 朝阳区 is in Beijing
// and in Changchun, so a name maps to every division that bears it.
type divisionTable struct {
	byCode map[string]*Division
	all    []Division

	// The names are indexed when a place is first looked up by name:
	// folding 8,600 Chinese names through OpenCC took 20 ms, which every
	// bundle read paid whether or not it named a place.
	namesOnce sync.Once
	names     map[string][]*Division
}

// byName returns the divisions that bear a folded name.
func (d *divisionTable) byName() map[string][]*Division {
	d.namesOnce.Do(func() {
		d.names = map[string][]*Division{}
		for i := range d.all {
			v := &d.all[i]
			if placeholder(v.NameZh) {
				continue // 市辖区, 县 and 省直辖县级行政区划 are rows of the code list, not names of places
			}
			keys := []string{v.NameZh, v.NameEn}
			for _, suf := range []string{"市", "县"} {
				// 冷水江 for 冷水江市; 北京 and 吉林 stay provinces because
				// Locate asks Province first
				if base, ok := strings.CutSuffix(v.NameZh, suf); ok && len([]rune(base)) > 1 {
					keys = append(keys, base)
				}
			}
			for _, k := range keys {
				if k = textnorm.Fold(k); k != "" {
					d.names[k] = append(d.names[k], v)
				}
			}
		}
	})
	return d.names
}

func loadDivisions(fsys fs.FS, provinces map[string]*Province) (*divisionTable, error) {
	rows, err := readCSV(fsys, "geo/divisions.csv")
	if err != nil {
		return nil, err
	}
	d := &divisionTable{byCode: make(map[string]*Division, len(rows))}
	all := make([]Division, len(rows))
	for i, r := range rows {
		all[i] = Division{Code: r["code"], NameZh: r["name_zh"], NameEn: r["name_en"], Level: Level(r["level"]), Parent: r["parent"]}
		v := &all[i]
		if len(v.Code) != 6 || !isDigits(v.Code) {
			return nil, fmt.Errorf("geo/divisions.csv line %d: code %q is not six digits", i+2, v.Code)
		}
		if v.Level != LevelPrefecture && v.Level != LevelCounty {
			return nil, fmt.Errorf("geo/divisions.csv line %d: level %q (want prefecture or county)", i+2, v.Level)
		}
		if _, dup := d.byCode[v.Code]; dup {
			return nil, fmt.Errorf("geo/divisions.csv line %d: code %s twice", i+2, v.Code)
		}
		d.byCode[v.Code] = v
	}
	for i := range all {
		v := &all[i]
		parentOK := false
		if v.Level == LevelPrefecture {
			_, parentOK = provinces[v.Parent]
		} else {
			_, parentOK = d.byCode[v.Parent]
		}
		if !parentOK {
			return nil, fmt.Errorf("geo/divisions.csv: %s %s: parent %s is not in the table", v.Code, v.NameZh, v.Parent)
		}
	}
	d.all = all
	return d, nil
}

func placeholder(name string) bool {
	return name == "市辖区" || name == "县" || strings.HasSuffix(name, "直辖县级行政区划")
}

// Division returns the prefecture or county with this six-digit code.
func (t *Tables) Division(code string) (*Division, bool) {
	v, ok := t.divisions.byCode[code]
	return v, ok
}

// Location is where an enterprise is: its province and, when it was
// given, the prefecture or county code below it.
type Location struct {
	Province *Province
	Code     string    // the prefecture or county code; empty when only the province was given
	Division *Division // nil when Code is newer than the embedded table
}

// Locate resolves what people write for a place in China: a province (any
// form Province accepts), a six-digit GB/T 2260 code at any level, or the
// name of a prefecture or county, optionally preceded by its province
// (湖南省冷水江市) or prefecture (婁底市冷水江市). A county code the
// embedded table (2023) does not know is accepted when its prefecture is
// known, because counties are created and renamed every year; an unknown
// prefecture is an error, as is a name shared by several places.
func (t *Tables) Locate(s string) (Location, error) {
	s = strings.TrimSpace(s)
	if len(s) == 6 && isDigits(s) {
		if p, ok := t.provByKey[s]; ok {
			return Location{Province: p}, nil
		}
		return t.locateCode(s)
	}
	k := textnorm.Fold(s)
	if c := t.candidates(k, nil); len(c) == 1 && c[0].NameZh == s {
		return t.at(c[0]), nil // 吉林市 is the city, 吉林 the province
	}
	if p, err := t.Province(s); err == nil {
		return Location{Province: p}, nil
	}
	loc, err := t.locateIn(k, nil)
	if err == nil {
		return loc, nil
	}
	for i := range t.provinces {
		p := &t.provinces[i]
		full := textnorm.Fold(p.NameZh)
		for _, pre := range []string{full, trimSuffixes(full)} {
			if rest, ok := strings.CutPrefix(k, pre); ok && rest != "" {
				if loc, perr := t.locateIn(rest, p); perr == nil {
					return loc, nil
				}
			}
		}
	}
	return Location{}, err
}

func (t *Tables) at(v *Division) Location {
	return Location{Province: t.provByKey[v.Code[:2]+"0000"], Code: v.Code, Division: v}
}

func (t *Tables) locateCode(code string) (Location, error) {
	p, ok := t.provByKey[code[:2]+"0000"]
	if !ok {
		return Location{}, fmt.Errorf("unknown GB/T 2260 code %s: no province %s0000", code, code[:2])
	}
	if v, ok := t.divisions.byCode[code]; ok {
		return Location{Province: p, Code: code, Division: v}, nil
	}
	if pref := code[:4] + "00"; code[4:] != "00" {
		if _, ok := t.divisions.byCode[pref]; ok {
			return Location{Province: p, Code: code}, nil
		}
	}
	return Location{}, fmt.Errorf("unknown GB/T 2260 code %s: %s has no prefecture %s (table of 2023-06-30)", code, p.NameZh, code[:4]+"00")
}

// locateIn resolves a folded name, restricted to province p when p is set.
// A leading prefecture name narrows a county name the same way.
func (t *Tables) locateIn(k string, p *Province) (Location, error) {
	cands := t.candidates(k, p)
	if len(cands) == 0 {
		for name, prefs := range t.divisions.byName() {
			rest, ok := strings.CutPrefix(k, name)
			if !ok || rest == "" {
				continue
			}
			for _, pref := range prefs {
				if pref.Level != LevelPrefecture || (p != nil && pref.Parent != p.Code) {
					continue
				}
				for _, c := range t.divisions.byName()[rest] {
					if c.Parent == pref.Code {
						cands = append(cands, c)
					}
				}
			}
		}
	}
	switch len(cands) {
	case 1:
		return t.at(cands[0]), nil
	case 0:
		return Location{}, fmt.Errorf("unknown place %q: use a six-digit GB/T 2260 code (430000, 431381) or a province, city or county name (湖南省, 冷水江市)", k)
	}
	names := make([]string, len(cands))
	for i, v := range cands {
		names[i] = v.Code + " " + t.Place(v.Code, true)
	}
	sort.Strings(names)
	return Location{}, fmt.Errorf("place %q is ambiguous: %s; give the code or the province", k, strings.Join(names, ", "))
}

func (t *Tables) candidates(k string, p *Province) []*Division {
	var out []*Division
	for _, v := range t.divisions.byName()[k] {
		if p == nil || v.Code[:2] == p.Code[:2] {
			out = append(out, v)
		}
	}
	return out
}

// Place names a code from the province down (湖南省 娄底市 冷水江市, or
// Lengshuijiang, Loudi, Hunan when zh is false; a county without an
// English name keeps its Chinese one). Codes it does not know are
// returned as given after their province.
func (t *Tables) Place(code string, zh bool) string {
	var parts []string
	for c := code; c != ""; {
		v, ok := t.divisions.byCode[c]
		if !ok {
			break
		}
		if !placeholder(v.NameZh) {
			name := v.NameZh
			if !zh && v.NameEn != "" {
				name = v.NameEn
			}
			parts = append(parts, name)
		}
		if v.Level == LevelPrefecture {
			break
		}
		c = v.Parent
	}
	if len(parts) == 0 && len(code) == 6 && code[2:] != "0000" {
		parts = append(parts, code)
	}
	if len(code) >= 2 {
		if p, ok := t.provByKey[code[:2]+"0000"]; ok {
			if zh {
				parts = append(parts, p.NameZh)
			} else {
				parts = append(parts, p.NameEn)
			}
		}
	}
	if zh {
		for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
			parts[i], parts[j] = parts[j], parts[i]
		}
		return strings.Join(parts, " ")
	}
	return strings.Join(parts, ", ")
}
