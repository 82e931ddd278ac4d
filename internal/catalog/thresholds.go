package catalog

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"orewatch/internal/textnorm"
)

// Threshold is one technical parameter an item's goods must meet, as the
// announcement sets it ("purity ≥ 99.99 %", "density > 1.73 g/cm3"):
// goods whose declaration states a value that fails it are not the item.
type Threshold struct {
	// Property is what is measured: purity (%), density (g/cm3) or
	// flexural_strength (MPa).
	Property string `yaml:"property" json:"property"`
	// Above (exclusive) or AtLeast (inclusive): the bound the goods must
	// pass.
	Above   float64 `yaml:"above" json:"above,omitempty"`
	AtLeast float64 `yaml:"at_least" json:"at_least,omitempty"`
}

func (t Threshold) passes(v float64) bool {
	if t.AtLeast != 0 {
		return v >= t.AtLeast-1e-9
	}
	return v > t.Above+1e-9
}

func (t Threshold) String() string {
	if t.AtLeast != 0 {
		return fmt.Sprintf("%s ≥ %g%s", t.Property, t.AtLeast, unitOf(t.Property))
	}
	return fmt.Sprintf("%s > %g%s", t.Property, t.Above, unitOf(t.Property))
}

func unitOf(property string) string {
	switch property {
	case "purity":
		return " %"
	case "density":
		return " g/cm3"
	case "flexural_strength":
		return " MPa"
	}
	return ""
}

// A stated value: the number a declaration gives for a property, and
// whether it bounds the goods from below only ("≥ 99.5 %", "min"), which
// cannot show that they fall short.
var (
	reNumber = `(\d+(?:\.\d+)?)`
	reBound  = `(≥|>=|>|不低于|不小于|min\.?|minimum|at least|≤|<=|<|不高于|不大于|max\.?|maximum|约|approx\.?|about|~)?`
	reAfter  = `\s*(及以上|以上|以下|min\b|max\b|minimum|maximum)?`
	reValues = map[string]*regexp.Regexp{
		"density": regexp.MustCompile(`(?:体积密度|密度|bulk density|density)\s*[:：=]?\s*` + reBound + `\s*` + reNumber + `\s*(?:g/cm3|g/cm³|g/cc|g/ml)?` + reAfter),
		// A density is also known by its unit alone ("1.70 g/cm3").
		"density_unit": regexp.MustCompile(`(?:^|[^0-9.])` + reBound + `\s*` + reNumber + `\s*(?:g/cm3|g/cm³|g/cc)` + reAfter),
		// Carbon written as its symbol counts for graphite's purity ("C 99.6%").
		"purity":            regexp.MustCompile(`(?:纯度|固定碳|含碳量|碳含量|purity|fixed carbon|carbon content|assay|(?:^|[^a-z0-9])c)\s*[:：=]?\s*` + reBound + `\s*` + reNumber + `\s*%` + reAfter),
		"ash":               regexp.MustCompile(`(?:灰分|ash(?: content)?)\s*[:：=]?\s*` + reBound + `\s*` + reNumber + `\s*%` + reAfter),
		"nines":             regexp.MustCompile(`(?:^|[^a-z0-9.])([2-9])n(?:[^a-z0-9]|$)`),
		"flexural_strength": regexp.MustCompile(`(?:抗折强度|抗弯强度|弯曲强度|抗折|抗弯|flexural(?: strength)?|bending(?: strength)?)\s*[:：=]?\s*` + reBound + `\s*` + reNumber + `\s*mpa` + reAfter),
	}
)

// statedValue is the value text gives for property, if it gives one that
// could show the goods short of a threshold (not a lower bound).
// Purity is read as such, from the ash left (100 − ash), or from nines
// ("5N" is 99.999 %).
func statedValue(property, folded string) (float64, bool) {
	if property == "density" {
		if v, ok := valueOf(reValues["density"], folded, false); ok {
			return v, true
		}
		return valueOf(reValues["density_unit"], folded, false)
	}
	if property != "purity" {
		return valueOf(reValues[property], folded, false)
	}
	// A share over 100 % is a typo or another figure, not a purity.
	if v, ok := valueOf(reValues["purity"], folded, false); ok && v <= 100 {
		return v, true
	}
	if v, ok := valueOf(reValues["ash"], folded, true); ok && v <= 100 {
		return 100 - v, true
	}
	if m := reValues["nines"].FindStringSubmatch(folded); m != nil {
		n, _ := strconv.Atoi(m[1])
		return 100 - 100*pow10(-n), true
	}
	return 0, false
}

// StatedPurity is the purity text gives, read as thresholds read it
// (a purity, the ash left, or nines: "4N" is 99.99 %).
func StatedPurity(text string) (float64, bool) {
	return statedValue("purity", textnorm.Fold(text))
}

// valueOf is the first value re finds that is not a bound on the wrong
// side: a floor for a property whose shortfall counts, a ceiling where
// the property counts against the goods (inverse: ash).
func valueOf(re *regexp.Regexp, folded string, inverse bool) (float64, bool) {
	if re == nil {
		return 0, false
	}
	for _, m := range re.FindAllStringSubmatch(folded, -1) {
		bound, after := m[1], m[3]
		floor := strings.ContainsAny(bound, "≥>") || strings.Contains(bound, "不低于") || strings.Contains(bound, "不小于") ||
			strings.HasPrefix(bound, "min") || bound == "at least" || strings.Contains(after, "以上") || strings.HasPrefix(after, "min")
		ceiling := strings.ContainsAny(bound, "≤<") || strings.Contains(bound, "不高于") || strings.Contains(bound, "不大于") ||
			strings.HasPrefix(bound, "max") || after == "以下" || strings.HasPrefix(after, "max")
		if (!inverse && floor) || (inverse && ceiling) {
			continue
		}
		if v, err := strconv.ParseFloat(m[2], 64); err == nil {
			return v, true
		}
	}
	return 0, false
}

func pow10(n int) float64 {
	v := 1.0
	for ; n < 0; n++ {
		v /= 10
	}
	return v
}

// ruledOut says why goods whose name and specification are text are not
// it: a word of another kind of goods (Unless), or a stated value short
// of a threshold (byValue). "" when nothing rules it out.
func (it *Item) ruledOut(text string) (why string, byValue bool) {
	if text == "" || (len(it.Thresholds) == 0 && len(it.Unless) == 0) {
		return "", false
	}
	folded := textnorm.Fold(text)
	for _, w := range it.Unless {
		if strings.Contains(folded, textnorm.Fold(w)) {
			return fmt.Sprintf("the goods are described as %q", w), false
		}
	}
	for _, t := range it.Thresholds {
		if v, ok := statedValue(t.Property, folded); ok && !t.passes(v) {
			return fmt.Sprintf("stated %s %g%s does not meet %s", t.Property, v, unitOf(t.Property), t), true
		}
	}
	return "", false
}

// ReadsText reports whether the answer for hs depends on the goods' name
// and specification: an item is recognised by them, or ruled out by them.
func (c *Catalog) ReadsText(hs string) bool {
	if h, ok := heading(hs); ok && c.textHead != nil && !c.textHead[h] {
		return false
	}
	return c.Describes(hs) || c.readsText[hs] || len(hs) >= 8 && c.readsText[hs[:8]]
}
