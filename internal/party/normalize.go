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
	"strconv"
	"strings"
	"sync"
	"unicode"

	"regexp"

	"github.com/gosimple/unidecode"
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
	"private limited", "private ltd", "pvt ltd", "pvt limited", "pte ltd", "sdn bhd", "co ltd", "corp ltd", "l l c", "s a s", "s p a", "s r l", "b v", "n v", "s a",
	"incorporated", "corporation", "company", "limited", "gmbh", "mbh", "ltda", "llc", "ltd", "inc", "corp", "plc",
	"sdn", "bhd", "pte", "pvt", "bv", "nv", "ag", "kg", "sa", "sas", "spa", "srl", "sarl", "oy", "ab", "as", "kk", "jsc", "ojsc", "pjsc", "ooo", "co",
	"aktiengesellschaft", "aktiengeselschaft", "gesellschaft mit beschrankter haftung", "oao", "zao", "pao", "cjsc", "oo",
	"open joint stock company", "closed joint stock company", "public joint stock company", "joint stock company", "joint stock co",
	"obshchestvo s ogranichennoi otvetstvennostiu", "publichnoe aktsionernoe obshchestvo", "aktsionernoe obshchestvo",
	"otkrytoe aktsionernoe obshchestvo", "ano", "societatea cu raspundere limitata", "spolka z ograniczona odpowiedzialnoscia", "sp z o o", "sp zoo", "sp z oo", "spzoo",
	"tbk", "pt", "cv", "lp", "llp",
	// Turkish forms (Limited Şirketi, Anonim Şirketi) and the trade
	// descriptors written with them ("Dış Ticaret Ltd. Şti.": foreign trade;
	// "İthalat İhracat": import-export), which say no more than "trading".
	"dis ticaret ltd sti", "dis ticaret a s", "ithalat ihracat", "dis ticaret", "limited sirketi", "anonim sirketi", "ltd sti", "sti", "sirketi", "a s",
	// The UAE's free-zone forms: an establishment, a company, a free-zone
	// LLC — each a registration of its own beside a mainland LLC.
	"fze", "fzco", "fzc", "fz llc", "fzllc",
	// Chinese legal forms in pinyin, as exporters' systems write them.
	"gufen youxian gongsi", "youxian zeren gongsi", "youxian gongsi", "zeren gongsi", "jituan youxian gongsi", "gongsi", "youxiangongsi",
	"gu fen you xian gong si", "you xian ze ren gong si", "you xian gong si", "ji tuan you xian gong si", "gong si",
	"godo kaisha", "yugen kaisha", "goshi kaisha", "gomei kaisha", "g m b h", "p l c", "l t d", "i n c", "joint stock", "o o o", "n a", "p t", "s a r l",
}

// specificForms are legal forms that say which kind of entity a party is
// where the generic ones (Ltd., Inc., Co.) do not: an AG and a GmbH of the
// same name are two companies. Each maps to its kind.
var specificForms = map[string]string{
	"gmbh": "gmbh", "mbh": "gmbh", "ag": "ag", "kg": "kg", "oy": "oy", "ab": "ab", "as": "as", "bv": "bv", "b v": "bv", "nv": "nv", "n v": "nv",
	"sa": "sa", "s a": "sa", "sas": "sas", "s a s": "sas", "spa": "spa", "s p a": "spa", "srl": "srl", "s r l": "srl", "sarl": "sarl", "s a r l": "sarl",
	"llc": "llc", "l l c": "llc", "limited liability company": "llc", "kk": "kk", "kabushiki kaisha": "kk", "godo kaisha": "gk", "yugen kaisha": "yk", "goshi kaisha": "goshi", "gomei kaisha": "gomei", "jsc": "jsc", "ojsc": "jsc", "pjsc": "jsc",
	"ooo": "llc", "sdn bhd": "sdnbhd", "tbk": "tbk", "llp": "llp", "lp": "lp",
	"plc": "plc", "p l c": "plc", "public limited company": "plc",
	"aktiengesellschaft": "ag", "aktiengeselschaft": "ag", "gesellschaft mit beschrankter haftung": "gmbh",
	"oao": "jsc", "zao": "jsc", "pao": "jsc", "cjsc": "jsc", "open joint stock company": "jsc", "closed joint stock company": "jsc",
	"public joint stock company": "jsc", "joint stock company": "jsc", "joint stock co": "jsc", "aktsionernoe obshchestvo": "jsc",
	"publichnoe aktsionernoe obshchestvo": "jsc", "otkrytoe aktsionernoe obshchestvo": "jsc",
	"obshchestvo s ogranichennoi otvetstvennostiu": "llc", "societatea cu raspundere limitata": "srl",
	"spolka z ograniczona odpowiedzialnoscia": "spzoo", "ano": "ano", "sp z o o": "spzoo", "sp zoo": "spzoo", "sp z oo": "spzoo", "spzoo": "spzoo",
	// Turkish: a limited company (Ltd. Şti.) and a joint-stock one (A.Ş.)
	// of one name are two companies.
	"ltd sti": "trltd", "sti": "trltd", "limited sirketi": "trltd", "dis ticaret ltd sti": "trltd",
	"a s": "tras", "anonim sirketi": "tras", "dis ticaret a s": "tras",
	"fze": "fze", "fzco": "fzco", "fzc": "fzco", "fz llc": "fzllc", "fzllc": "fzllc", "ltda": "ltda", "limitada": "ltda", "g m b h": "gmbh", "joint stock": "jsc", "o o o": "llc",
}

// titles are words before a name that say who a person is, not which.
var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "sir": true, "president": true,
	"prasident": true, "presidente": true, "monsieur": true, "madame": true, "mme": true, "herr": true, "frau": true, "sheikh": true,
	"shaikh": true, "sheik": true}

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
	Words    []string // the same in written order
	Joined   string   // tokens joined without spaces
	Ordered  string   // tokens in written order, joined: compares pinyin with romanised names
	Numbers  string   // the numbers in the name, in order (digits, number words and Roman numerals)
	// Org: the name carries a legal form or a word only organisations
	// have. Words one name adds to another are then a different entity
	// (General Dynamics / General Dynamics Land Systems) more often than
	// a person's middle names are.
	Org bool
	CJK bool // the name is written in Han characters
	// Han is, for a name with Han characters, its characters and other
	// letters and digits in written order (Simplified, legal forms
	// removed): two Chinese names are compared by their characters, not
	// their sounds, so that 华为 and 华伟 stay apart.
	Han string
	// Forms are the kinds of the specific legal forms the name carries
	// (GmbH, AG, Oy…).
	Forms []string
	// Private: the name says Limited or Ltd, which a public limited
	// company (PLC) is not; other forms it may translate (Co., Ltd. for a
	// Japanese KK), so it is no kind of its own.
	Private bool
	// Inc and Corporation: the name says Inc. (Incorporated) or Corp.
	// (Corporation), which a limited liability company (LLC) is not;
	// other forms may translate them (a KK), so they are no kind of their
	// own either.
	Inc, Corporation bool
}

// Normalize prepares a name: it folds script, width and case,
// transliterates other scripts to Latin letters, drops punctuation, titles
// and legal forms, reads numbers written as words, and keeps the words both
// as written and sorted. A Chinese name becomes its pinyin syllables.
func Normalize(name string) Normalized {
	n := Normalized{Original: name}
	s := stripMarks(textnorm.Fold(name)) // huáwéi jìshù → huawei jishu
	s = joinHan(s)                       // 华 为 技 术 → 华为技术
	hangul := hangulOf(s)
	s = transliterate(s) // Обама → obama
	s = strings.ReplaceAll(s, "&", " and ")
	s = surnameFirst(s) // "Frost, William G." → "william g. frost"
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
		case strings.ContainsRune(elided, r): // Qa'ida, O'Brien, Zelens'kii
		default:
			b.WriteByte(' ')
		}
	}
	words := joinLetters(strings.Fields(b.String()))
	n.Forms = formsOf(words)
	n.Private = slices.Contains(words, "ltd") || slices.Contains(words, "limited") || strings.Contains(" "+strings.Join(words, " ")+" ", " l t d ")
	n.Inc = slices.Contains(words, "inc") || slices.Contains(words, "incorporated")
	n.Corporation = slices.Contains(words, "corp") || slices.Contains(words, "corporation")
	before := len(words)
	words = dropPhrases(words)
	n.Org = len(words) < before || len(n.Forms) > 0
	var tokens []string
	var chars strings.Builder
	for i, w := range words {
		if formSet[w] || misspeltForm(w) {
			n.Org = true
			continue
		}
		if orgWords[w] {
			n.Org = true
		}
		if w == "the" || w == "and" || (titles[w] && len(words) > 1) {
			continue
		}
		chars.WriteString(w)
		if hasHan(w) {
			tokens = append(tokens, hanToPinyin(w)...)
			continue
		}
		tokens = append(tokens, canonicalWord(numberWord(unleet(untone(w)), i, len(words))))
	}
	if len(tokens) == 0 { // a name that is only a legal form: keep what there was
		tokens = words
	}
	tokens = joinNumbers(tokens)
	if n.CJK {
		n.Han = chars.String()
	} else if hangul != "" {
		n.Han = hangul // Korean names too are compared by their syllables: 김정은 is not 김종은
	}
	n.Numbers = numbersOf(tokens)
	n.Words = tokens
	n.Ordered = strings.Join(tokens, "")
	n.Tokens = slices.Sorted(slices.Values(tokens))
	n.Joined = strings.Join(n.Tokens, "")
	return n
}

// orgWords are words that only names of organisations have.
var orgWords = map[string]bool{"bank": true, "group": true, "holding": true, "holdings": true, "industries": true, "industry": true,
	"industrial": true, "technology": true, "technologies": true, "trading": true, "university": true, "institute": true,
	"trust": true, "fund": true, "systems": true, "metals": true, "materials": true, "international": true, "enterprises": true,
	"logistics": true, "shipping": true, "agency": true, "ministry": true, "department": true, "academy": true, "factory": true,
	"plant": true, "works": true, "partners": true, "capital": true, "aviation": true, "airlines": true, "corporation": true, "investment": true, "solutions": true, "services": true}

// joinHan removes spaces between Han characters: 华 为 技 术 is 华为技术.
func joinHan(s string) string {
	if !strings.Contains(s, " ") || !hasHan(s) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && unicode.Is(unicode.Han, rs[i-1]) && unicode.Is(unicode.Han, rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// untone drops tone numbers from pinyin written with them: hua2wei2 is
// huawei. Only words that are syllables each followed by a tone 1–5 qualify,
// so "ahl1" in a trust's series keeps its number.
func untone(w string) string {
	if !strings.ContainsAny(w, "12345") || !pinyinTones.MatchString(w) {
		return w
	}
	return strings.Map(func(r rune) rune {
		if r >= '1' && r <= '5' {
			return -1
		}
		return r
	}, w)
}

var pinyinTones = regexp.MustCompile(`^(?:(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:a|o|e|i|u|v|ü|ai|ei|ao|ou|an|en|ang|eng|ong|er|ia|ie|iao|iu|ian|in|iang|ing|iong|ua|uo|uai|ui|uan|un|uang|ue|ve|üe)[1-5])+$`)

// canonicalWords are spellings of one name word or particle that
// transliterations disagree on.
var canonicalWords = map[string]string{"ibn": "bin", "ben": "bin", "el": "al", "ul": "al", "abdel": "abdul", "abdal": "abdul",
	"abdol": "abdul", "abdoul": "abdul", "abd": "abdul", "intl": "international",
	// Words of company names written short on waybills and declarations
	// ("KAWASAKI HEAVY IND. AEROSPACE SYSTEMS CO").
	"ind": "industries", "inds": "industries", "indus": "industries", "mfg": "manufacturing", "hldgs": "holdings", "hldg": "holdings",
	"grp": "group", "natl": "national", "sys": "systems", "engg": "engineering", "matls": "materials", "gen": "general", "genl": "general"}

func canonicalWord(w string) string {
	if c, ok := canonicalWords[w]; ok {
		return c
	}
	return w
}

// unleet reads digits written inside a word for the letters they look
// like (Ig0r Sech1n). A digit at a word's end is a number (Trust AHL1).
func unleet(w string) string {
	rs := []rune(w)
	changed := false
	for i := 1; i+1 < len(rs); i++ {
		if l, ok := leet[rs[i]]; ok && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) {
			rs[i], changed = l, true
		}
	}
	if !changed {
		return w
	}
	return string(rs)
}

var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g'}

// hangulOf is a name written in Hangul, its syllables and other letters
// in order without spaces; "" for a name with no Hangul.
func hangulOf(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// elided are marks inside words that transliterations and spellings put
// in or leave out; they join what they stand between.
const elided = "'’‘`ʼʻ´"

// transliterate writes letters of scripts other than Latin and Han in
// Latin letters (Cyrillic, Greek, Armenian, Georgian, kana, Hangul,
// Devanagari…), a run at a time, so that Барак Обама meets Barack Obama.
// Han is left to pinyin, which reads names better.
func transliterate(s string) string {
	foreign := func(r rune) bool {
		return r >= 0x80 && unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) && !unicode.Is(unicode.Han, r)
	}
	if !strings.ContainsFunc(s, foreign) {
		return s
	}
	var b, run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			b.WriteString(strings.ToLower(unidecode.Unidecode(run.String())))
			run.Reset()
		}
	}
	for _, r := range s {
		if foreign(r) || (run.Len() > 0 && unicode.Is(unicode.Mn, r)) {
			run.WriteRune(r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

// surnameFirst turns "Surname, Given Names" into written order. A comma
// in a company's name ("Solutions, Inc.", "Bank, N.A.") is not one: the
// part before it names an organisation, or the part after is only legal
// forms or initials.
func surnameFirst(s string) string {
	before, after, ok := strings.Cut(s, ",")
	if !ok || strings.Contains(after, ",") || hasHan(s) {
		return s
	}
	split := func(p string) []string {
		return strings.FieldsFunc(p, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(elided, r)
		})
	}
	surname, given := split(before), split(after)
	if len(surname) == 0 || len(surname) > 3 || len(given) == 0 {
		return s
	}
	for _, w := range surname {
		if formSet[w] || orgWords[w] {
			return s
		}
	}
	for _, w := range dropPhrases(given) {
		if !formSet[w] && specificForms[w] == "" && runeLen(w) > 1 {
			return after + " " + before
		}
	}
	return s
}

var units = map[string]int{"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
	"eighth": 8, "ninth": 9, "tenth": 10}

var tens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90}

var roman = map[string]int{"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xii": 12, "xiii": 13,
	"xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20}

// numberWord writes a number word, an ordinal (1st, first) or, after the
// first word of a name of three words or more, a Roman numeral of two
// letters or more as digits: "Brigade Forty-Four" is "Brigade 44", "Fund
// VIII" is "Fund 8". A first word, or a word of a shorter name, is a name
// (Ii Naosuke), single letters are initials, and XI is left alone because
// Xi is a pinyin syllable.
func numberWord(w string, i, words int) string {
	if v, ok := units[w]; ok {
		return strconv.Itoa(v)
	}
	if v, ok := tens[w]; ok {
		return strconv.Itoa(v)
	}
	if v, ok := roman[w]; ok && i > 0 && words >= 3 {
		return strconv.Itoa(v)
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(w, suf); ok && d != "" && strings.Trim(d, "0123456789") == "" {
			return d
		}
	}
	return w
}

// joinNumbers joins a tens word and the unit after it: 40 4 → 44.
func joinNumbers(ts []string) []string {
	out := ts[:0:0]
	for i := 0; i < len(ts); i++ {
		t, err := strconv.Atoi(ts[i])
		if err == nil && t >= 20 && t%10 == 0 && t < 100 && i+1 < len(ts) {
			if u, err := strconv.Atoi(ts[i+1]); err == nil && u > 0 && u < 10 {
				out = append(out, strconv.Itoa(t+u))
				i++
				continue
			}
		}
		out = append(out, ts[i])
	}
	return out
}

// numbersOf lists the digit runs of the words, in order.
func numbersOf(ts []string) string {
	var nums []string
	for _, t := range ts {
		for f := range strings.FieldsFuncSeq(t, func(r rune) bool { return r < '0' || r > '9' }) {
			if f = strings.TrimLeft(f, "0"); f == "" {
				f = "0"
			}
			nums = append(nums, f)
		}
	}
	return strings.Join(nums, " ")
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
		if tail != f && levenshtein(tail, f) == 1 {
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
			return unmarked.Replace(out)
		}
	}
	return s
}

// unmarked spells the Latin letters no decomposition takes apart as the
// letters they are written as in capitals or in ASCII: Turkish dotless ı
// (DIŞ is Dış), ø, đ, ł, æ, œ, ß, þ.
var unmarked = strings.NewReplacer("ı", "i", "ø", "o", "Ø", "o", "đ", "d", "Đ", "d", "ł", "l", "Ł", "l", "æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe", "ß", "ss", "þ", "th", "Þ", "th")

// dropPhrases removes multi-word legal forms ("co ltd", "sa de cv").
func dropPhrases(words []string) []string {
	joined := " " + strings.Join(words, " ") + " "
	for _, f := range phraseForms {
		joined = strings.ReplaceAll(joined, " "+f+" ", " ")
	}
	return strings.Fields(joined)
}

// joinLetters joins a run of single letters that spells a legal form (K.K.,
// G.m.b.H., P.L.C.) into that form's word.
func joinLetters(words []string) []string {
	out := words[:0:0]
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && runeLen(words[j]) == 1 {
			j++
		}
		if j-i >= 2 {
			if w := strings.Join(words[i:j], ""); formSet[w] || specificForms[w] != "" {
				out = append(out, w)
				i = j
				continue
			}
		}
		if j == i {
			j++
		}
		out = append(out, words[i:j]...)
		i = j
	}
	return out
}

// phraseForms are the legal forms of more than one word, longest first:
// "s a r l" before "s a".
var phraseForms = func() []string {
	var out []string
	for _, f := range legalForms {
		if strings.Contains(f, " ") {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}()

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
		if f != "" && len(w) >= len(f)-1 && len(w) <= len(f)+1 && osaDistance(w, f) == 1 {
			return true
		}
	}
	return false
}
