package catalog

import (
	"strings"

	"orewatch/internal/textnorm"
)

// SearchResult is an item or mineral matching a search.
type SearchResult struct {
	Kind    string   `json:"kind"` // item, mineral, material
	Measure string   `json:"measure,omitempty"`
	ID      string   `json:"id"`
	Group   string   `json:"group,omitempty"`
	NameZh  string   `json:"name_zh"`
	NameEn  string   `json:"name_en"`
	Code    string   `json:"control_code,omitempty"`
	HSCodes []string `json:"hs_codes,omitempty"`
}

// Search finds items, strategic minerals and materials whose names, group,
// control code or HS codes match q, in Simplified, Traditional or English.
func (c *Catalog) Search(q string) []SearchResult {
	fq := textnorm.Fold(q)
	if fq == "" {
		return nil
	}
	var out []SearchResult
	for _, m := range c.Measures {
		for _, it := range m.Items {
			g := groupByID(it.Group)
			fields := []string{it.NameZh, it.NameEn, it.Group, g.NameZh, g.NameEn, it.ControlCode}
			if matches(fq, fields) || hsMatches(fq, it.HSCodes) {
				out = append(out, SearchResult{Kind: "item", Measure: m.ID, ID: it.ID, Group: it.Group,
					NameZh: it.NameZh, NameEn: it.NameEn, Code: it.ControlCode, HSCodes: it.HSCodes})
			}
		}
	}
	for _, mn := range c.Minerals {
		if matches(fq, []string{mn.NameZh, mn.NameEn}) {
			out = append(out, SearchResult{Kind: "mineral", ID: mn.Class, NameZh: mn.NameZh, NameEn: mn.NameEn})
		}
	}
	for _, mt := range c.Materials {
		g := groupByID(mt.Group)
		if matches(fq, []string{mt.ID, strings.ReplaceAll(mt.ID, "-", " "), mt.Group, g.NameZh}) || hsMatches(fq, mt.HSCodes) {
			out = append(out, SearchResult{Kind: "material", ID: mt.ID, Group: mt.Group, NameZh: g.NameZh, NameEn: mt.ID, HSCodes: mt.HSCodes})
		}
	}
	return out
}

func matches(fq string, fields []string) bool {
	for _, f := range fields {
		if f != "" && strings.Contains(textnorm.Fold(f), fq) {
			return true
		}
	}
	return false
}

func hsMatches(fq string, codes []string) bool {
	d := strings.NewReplacer(".", "", " ", "").Replace(fq)
	if len(d) < 4 || !digits(d) {
		return false
	}
	for _, hs := range codes {
		if strings.HasPrefix(hs, d) {
			return true
		}
	}
	return false
}
