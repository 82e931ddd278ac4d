package screen

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

// rareEarths are the rare-earth elements as a declaration names them: the
// Chinese character (Traditional folds to it), the English name and the
// symbol a formula writes (La2O3, Pr6O11).
var rareEarths = []struct{ zh, en, sym string }{
	{"镧", "lanthanum", "La"}, {"铈", "cerium", "Ce"}, {"镨", "praseodymium", "Pr"}, {"钕", "neodymium", "Nd"},
	{"钷", "promethium", "Pm"}, {"钐", "samarium", "Sm"}, {"铕", "europium", "Eu"}, {"钆", "gadolinium", "Gd"},
	{"铽", "terbium", "Tb"}, {"镝", "dysprosium", "Dy"}, {"钬", "holmium", "Ho"}, {"铒", "erbium", "Er"},
	{"铥", "thulium", "Tm"}, {"镱", "ytterbium", "Yb"}, {"镥", "lutetium", "Lu"}, {"钪", "scandium", "Sc"},
	{"钇", "yttrium", "Y"},
}

// formulaRe finds an element's symbol in a formula or a content: Y2O3,
// Tb4O7, CeO2, (Pr+Nd)/REO, Tb≥99.9%.
var formulaRe = regexp.MustCompile(`\b(La|Ce|Pr|Nd|Pm|Sm|Eu|Gd|Tb|Dy|Ho|Er|Tm|Yb|Lu|Sc|Y)(?:\d*O\d|\+|\)/REO|/REO|\s*(?:≥|>=|>|[:：=])\s*\d)`)

// elementsNamed are the rare-earth elements a text names, by symbol.
func elementsNamed(text string) []string {
	folded := textnorm.Fold(text)
	var out []string
	add := func(sym string) {
		if !slices.Contains(out, sym) {
			out = append(out, sym)
		}
	}
	for _, e := range rareEarths {
		if strings.Contains(folded, e.zh) || containsWord(folded, e.en) {
			add(e.sym)
		}
	}
	for _, m := range formulaRe.FindAllStringSubmatch(text, -1) {
		add(m[1])
	}
	return out
}

// containsWord reports whether w occurs in s as a word of its own.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before, after := j == 0 || !isLetter(s[j-1]), j+len(w) == len(s) || !isLetter(s[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// otherElements says which rare-earth elements the goods are described
// as when they name some and none is an element of the controlled items
// their code answered with (lanthanum oxide declared under the line of
// yttrium oxide; erbium oxide under gadolinium oxide's). Items that name
// no element (targets, magnets of a mixed code) are not judged.
func otherElements(a *catalog.Answer, d *core.DeclarationItem) ([]string, bool) {
	if len(a.Items) == 0 {
		return nil, false
	}
	named := elementsNamed(d.GoodsName + " " + d.GoodsSpec)
	if len(named) == 0 {
		return nil, false
	}
	for _, it := range a.Items {
		if it.Group != "rare-earth" {
			return nil, false
		}
		own := elementsNamed(it.NameZh + " " + it.NameEn)
		if len(own) == 0 {
			return nil, false
		}
		for _, e := range named {
			if slices.Contains(own, e) {
				return nil, false
			}
		}
	}
	return named, true
}

// misnamed grades yellow the findings that rest on the goods being the
// controlled item when their own description names another element: a
// classification for the officer to check, more often a wrong line of the
// tariff than controlled goods.
func misnamed(fs []core.Finding, a *catalog.Answer, elements []string) {
	toVerify(fs, "described_elements", elements,
		fmt.Sprintf(" — but the goods are described as %s compounds, not %s: check the classification (verify)", strings.Join(elements, ", "), a.Items[0].NameEn),
		fmt.Sprintf("（但申报品名为%s的化合物，而非%s，请核实归类）", strings.Join(elementsZh(elements), "、"), a.Items[0].NameZh))
}

func elementsZh(syms []string) []string {
	out := make([]string, len(syms))
	for i, s := range syms {
		out[i] = s
		for _, e := range rareEarths {
			if e.sym == s {
				out[i] = e.zh
			}
		}
	}
	return out
}

// selfContradicting: controlled goods whose name and specification name
// different rare earths — lanthanum oxide of Tb ≥ 99.9 %, yttrium oxide
// of La2O3 99.99 % — are not what one of the two says: a false
// declaration (伪报) whichever it is. Yellow: which is true is for the
// officer to find.
func selfContradicting(d *core.DeclarationItem, a *catalog.Answer) (core.Finding, bool) {
	if len(a.Items) == 0 || a.Items[0].Group != "rare-earth" || d.GoodsSpec == "" {
		return core.Finding{}, false
	}
	name, spec := elementsNamed(d.GoodsName), elementsNamed(d.GoodsSpec)
	// A compound of one element: a magnet or an alloy of neodymium holds
	// the dysprosium its specification gives (seen on a world the check
	// was not written against: 70 Dy-bearing NdFeB magnets called false).
	if len(name) != 1 || len(spec) == 0 || !namesCompound(d.GoodsName) || slices.ContainsFunc(spec, func(e string) bool { return slices.Contains(name, e) }) {
		return core.Finding{}, false
	}
	return core.Finding{Code: Misdeclaration, Severity: core.SeverityMedium, Channel: core.ChannelYellow, Weight: 0.6,
		Evidence: map[string]any{"hs_code": d.HSCode, "goods_name": d.GoodsName, "goods_spec": d.GoodsSpec, "name_elements": name, "spec_elements": spec},
		Message: fmt.Sprintf("the goods name %q names %s but the specification %q gives %s: one of them is false (HS %s, %s)",
			d.GoodsName, strings.Join(name, ", "), d.GoodsSpec, strings.Join(spec, ", "), d.HSCode, a.Items[0].NameEn),
		MessageZh: fmt.Sprintf("品名“%s”为%s，规格“%s”却为%s，二者必有一伪（商品编号%s，%s）",
			d.GoodsName, strings.Join(elementsZh(name), "、"), d.GoodsSpec, strings.Join(elementsZh(spec), "、"), d.HSCode, a.Items[0].NameZh)}, true
}

// compoundWords name goods that are one element's compound.
var compoundWords = []string{"氧化", "oxide", "碳酸", "carbonate", "氯化", "chloride", "氟化", "fluoride", "草酸", "oxalate", "硝酸", "nitrate"}

func namesCompound(name string) bool {
	folded := textnorm.Fold(name)
	return slices.ContainsFunc(compoundWords, func(w string) bool { return strings.Contains(folded, w) })
}
