// Package party screens names of consignees, end users and other parties
// against restricted-party lists. Names are compared after normalisation
// (script, width, case, punctuation, legal-form suffixes in many languages,
// word order) and, for Chinese names, also through their pinyin, so that
// 湖南金鑫锑业有限公司, 湖南金鑫銻業 and "Hunan Jinxin Antimony Co., Ltd."
// meet.
package party

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	edlib "github.com/hbollon/go-edlib"
	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"orewatch/internal/textnorm"
)

// legalForms are company-form words and phrases (already folded) that say
// nothing about who a party is. Longer phrases first.
var legalForms = []string{
	"sociedad anonima de capital variable", "s a de c v", "sa de cv", "s de r l de c v", "s de rl de cv", "s de r l",
	"kabushiki kaisha", "company limited", "co limited", "public limited company", "limited liability company",
	"private limited", "pvt ltd", "pte ltd", "sdn bhd", "co ltd", "corp ltd", "l l c", "s a s", "s p a", "s r l", "b v", "n v", "s a",
	"incorporated", "corporation", "company", "limited", "gmbh", "mbh", "ltda", "llc", "ltd", "inc", "corp", "plc",
	"sdn", "bhd", "pte", "pvt", "bv", "nv", "ag", "kg", "sa", "sas", "spa", "srl", "sarl", "oy", "ab", "as", "kk", "jsc", "ojsc", "pjsc", "ooo", "co",
	"tbk", "pt", "cv", "lp", "llp",
	// Chinese legal forms in pinyin, as exporters' systems write them.
	"gufen youxian gongsi", "youxian zeren gongsi", "youxian gongsi", "zeren gongsi", "jituan youxian gongsi", "gongsi", "youxiangongsi",
}

// specificForms are legal forms that say which kind of entity a party is
// where the generic ones (Ltd., Inc., Co.) do not: an AG and a GmbH of the
// same name are two companies. Each maps to its kind.
var specificForms = map[string]string{
	"gmbh": "gmbh", "mbh": "gmbh", "ag": "ag", "kg": "kg", "oy": "oy", "ab": "ab", "as": "as", "bv": "bv", "b v": "bv", "nv": "nv", "n v": "nv",
	"sa": "sa", "s a": "sa", "sas": "sas", "s a s": "sas", "spa": "spa", "s p a": "spa", "srl": "srl", "s r l": "srl", "sarl": "sarl", "s a r l": "sarl",
	"llc": "llc", "l l c": "llc", "limited liability company": "llc", "kk": "kk", "kabushiki kaisha": "kk", "jsc": "jsc", "ojsc": "jsc", "pjsc": "jsc",
	"ooo": "ooo", "sdn bhd": "sdnbhd", "tbk": "tbk", "llp": "llp", "lp": "lp",
}

// cjkForms are legal-form suffixes in Chinese and Japanese (folded to
// Simplified), longest first.
var cjkForms = []string{"集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "株式会社", "有限会社", "合同会社", "责任公司", "公司", "集团"}

var formSet = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range legalForms {
		if !strings.Contains(f, " ") {
			m[f] = true
		}
	}
	return m
}()

// Normalized is a name prepared for comparison.
type Normalized struct {
	Original string
	Tokens   []string // sorted, legal forms removed
	Joined   string   // tokens joined without spaces
	Ordered  string   // tokens in written order, joined: compares pinyin with romanised names
	CJK      bool     // the name is written in Han characters
	// Han is, for a name with Han characters, its characters and other
	// letters and digits in written order (Simplified, legal forms
	// removed): two Chinese names are compared by their characters, not
	// their sounds, so that 华为 and 华伟 stay apart.
	Han string
	// Forms are the kinds of the specific legal forms the name carries
	// (GmbH, AG, Oy…).
	Forms []string
}

// Normalize prepares a name: it folds script, width and case, drops
// punctuation and legal forms, and sorts the remaining words so that word
// order does not matter. A Chinese name becomes its pinyin syllables.
func Normalize(name string) Normalized {
	n := Normalized{Original: name}
	s := stripMarks(textnorm.Fold(name)) // huáwéi jìshù → huawei jishu
	s = strings.ReplaceAll(s, "&", " and ")
	// Strip CJK legal forms wherever they stand (usually at the end), and
	// one with a slip at the end (有限公同, 股分有限公司).
	s = stripSlippedForm(s)
	for _, f := range cjkForms {
		s = strings.ReplaceAll(s, f, " ")
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			n.CJK = true
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	n.Forms = formsOf(words)
	words = dropPhrases(words)
	var tokens []string
	var chars strings.Builder
	for _, w := range words {
		if formSet[w] || w == "the" || w == "and" || misspeltForm(w) {
			continue
		}
		chars.WriteString(w)
		if hasHan(w) {
			tokens = append(tokens, hanToPinyin(w)...)
			continue
		}
		tokens = append(tokens, w)
	}
	if len(tokens) == 0 { // a name that is only a legal form: keep what there was
		tokens = words
	}
	if n.CJK {
		n.Han = chars.String()
	}
	n.Ordered = strings.Join(tokens, "")
	sort.Strings(tokens)
	n.Tokens = tokens
	n.Joined = strings.Join(tokens, "")
	return n
}

// formsOf lists the kinds of specific legal forms among the words.
func formsOf(words []string) []string {
	var out []string
	joined := " " + strings.Join(words, " ") + " "
	for _, f := range formsLongestFirst {
		if strings.Contains(joined, " "+f+" ") {
			joined = strings.ReplaceAll(joined, " "+f+" ", " ") // "s a r l" is not also "s a"
			if kind := specificForms[f]; !slices.Contains(out, kind) {
				out = append(out, kind)
			}
		}
	}
	sort.Strings(out)
	return out
}

var formsLongestFirst = func() []string {
	fs := make([]string, 0, len(specificForms))
	for f := range specificForms {
		fs = append(fs, f)
	}
	slices.SortFunc(fs, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return fs
}()

// stripSlippedForm removes a Chinese legal form written with one wrong
// character at the end of a name, which the exact forms miss.
func stripSlippedForm(s string) string {
	rs := []rune(strings.TrimSpace(s))
	for _, f := range cjkForms {
		fr := []rune(f)
		if len(fr) < 4 || len(rs) <= len(fr) {
			continue
		}
		tail := string(rs[len(rs)-len(fr):])
		if tail != f && edlib.LevenshteinDistance(tail, f) == 1 {
			return string(rs[:len(rs)-len(fr)])
		}
	}
	return s
}

// marks removes combining marks after decomposition: tone marks on
// pinyin, accents on Latin letters (Sài Gòn, Müller); Han characters have
// none. A chain keeps state while it runs, so each call takes its own
// from the pool: one shared by the server's requests panicked.
var marks = sync.Pool{New: func() any { return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC) }}

func stripMarks(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			t := marks.Get().(transform.Transformer)
			defer marks.Put(t)
			out, _, err := transform.String(t, s) // String resets t first
			if err != nil {
				return s
			}
			return out
		}
	}
	return s
}

// dropPhrases removes multi-word legal forms ("co ltd", "sa de cv").
func dropPhrases(words []string) []string {
	joined := " " + strings.Join(words, " ") + " "
	for _, f := range legalForms {
		if strings.Contains(f, " ") {
			joined = strings.ReplaceAll(joined, " "+f+" ", " ")
		}
	}
	return strings.Fields(joined)
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Fallback = func(r rune, a pinyin.Args) []string { return []string{string(r)} }
	return a
}()

// hanToPinyin turns a run of Han characters (and any letters or digits
// mixed in) into pinyin syllables, one token per character, which compare
// with romanised names once joined.
func hanToPinyin(w string) []string {
	var out []string
	var latin strings.Builder
	flush := func() {
		if latin.Len() > 0 {
			out = append(out, latin.String())
			latin.Reset()
		}
	}
	for _, r := range w {
		if unicode.Is(unicode.Han, r) {
			flush()
			py := pinyin.LazyPinyin(string(r), pinyinArgs)
			if len(py) > 0 {
				out = append(out, py[0])
			}
			continue
		}
		latin.WriteRune(r)
	}
	flush()
	return out
}

// longForms are legal-form words long enough that a one-letter slip
// ("corporanion", "limted") is still recognisably the form, not a name.
var longForms = []string{"corporation", "incorporated", "company", "limited"}

func misspeltForm(w string) bool {
	if len(w) < 6 {
		return false
	}
	for _, f := range longForms {
		if f != "" && len(w) >= len(f)-1 && len(w) <= len(f)+1 && edlib.OSADamerauLevenshteinDistance(w, f) == 1 {
			return true
		}
	}
	return false
}
