package party

import (
	"cmp"
	"slices"
	"strings"
)

// Similarity scores two normalised names from 0 to 1.
func Similarity(a, b Normalized) float64 {
	if len(a.Tokens) == 0 || len(b.Tokens) == 0 {
		return 0
	}
	if a.Han != "" && b.Han != "" {
		// Two names in Han characters: their characters decide. Through
		// pinyin, homophones (华为 / 华伟, 旷视 / 旷世) were the same name.
		return numbersAgree(numerals(a.Han), numerals(b.Han), false, hanSimilarity(a.Han, b.Han))
	}
	return formsAgree(a, b, numbersAgree(a.Numbers, b.Numbers, true, latinSimilarity(a, b)))
}

// formsAgree: two names with specific legal forms of different kinds (an
// AG and a GmbH, an AB and an Oy) are two entities, however alike.
func formsAgree(a, b Normalized, score float64) float64 {
	// A PLC and a Limited of one name are a public and a private company:
	// two entities (the British and Irish registers keep them apart).
	// So are an LLC and an Inc. or Corp. (a limited liability company and
	// a corporation).
	if other(a, b, "plc", b.Private) || other(b, a, "plc", a.Private) || other(a, b, "llc", b.Inc || b.Corporation) || other(b, a, "llc", a.Inc || a.Corporation) {
		return min(score, 0.8)
	}
	if len(a.Forms) == 0 || len(b.Forms) == 0 {
		return score
	}
	for _, f := range a.Forms {
		if slices.Contains(b.Forms, f) {
			return score
		}
	}
	return min(score, 0.8)
}

// other: a carries the specific form kind, and b, without it, says it is
// another kind of company (has).
func other(a, b Normalized, kind string, has bool) bool {
	return has && slices.Contains(a.Forms, kind) && !slices.Contains(b.Forms, kind)
}

// numbersAgree: names that differ in their numbers (第十三研究所 /
// 第十四研究所, Plant 3 / Plant 4, Fund VIII / Fund IX) are different
// parties, however alike the rest. Where only one name has a number
// (Management Company 23 / Management Company, Solutions II / Solutions)
// they are a related party at most: close, below the alert threshold.
func numbersAgree(na, nb string, oneSided bool, score float64) float64 {
	switch {
	case na != "" && nb != "" && na != nb:
		return min(score, 0.5)
	case oneSided && (na == "") != (nb == ""):
		return min(score, 0.85)
	}
	return score
}

// numerals are a name's numbers, Arabic or Chinese, in order.
func numerals(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune("〇零一二两三四五六七八九十百千", r):
			b.WriteByte(byte('0' + strings.IndexRune("〇一二三四五六七八九十百千", r)%16))
		}
	}
	return b.String()
}

// extraWeight is what a word found in only the longer name costs, against
// a word of the same length that should have matched: middle names,
// patronymics and trade words ("Holdings") are often left out, so
// "Fazl Rabi" is close to "Fazl Rabi Abdul Hamid", while a word that
// differs where both names have one ("… al-Mosuli" / "… al-Rawi") costs
// in full.
const extraWeight = 0.15

// orgExtraWeight is the same for organisations, where an added word more
// often names a subsidiary or a branch.
const orgExtraWeight = 0.7

// latinSimilarity aligns the two names' words, each to its most similar
// unused partner, and scores the aligned characters against all of them:
// long words weigh more than short ones, a word with no partner costs its
// length, and a whole name written with its words split or joined
// differently ("Jinxin" / "jin xin", 洛克希德 in pinyin) is compared as one
// string.
func latinSimilarity(a, b Normalized) float64 {
	if a.Ordered == b.Ordered {
		return 1
	}
	// Compared as one string only when the words are cut differently: with
	// the same number of words, one letter apart in the whole name is a
	// different word (Frost, William G. / William W. Frost).
	whole := 0.0
	if len(a.Words) != len(b.Words) {
		whole = joinedSimilarity(a.Ordered, b.Ordered)
	}
	aw, bw := expandAcronyms(a.Words, b.Words), expandAcronyms(b.Words, a.Words)
	ae, be := guessed(aw, a.Words), guessed(bw, b.Words)
	short, long := aw, bw
	shortGuess, longGuess := ae, be
	if len(short) > len(long) || (len(short) == len(long) && a.Ordered > b.Ordered) {
		short, long = long, short // the same pair always aligns the same way: symmetric scores
		shortGuess, longGuess = be, ae
	}
	type pair struct {
		i, j int
		sim  float64
	}
	var pairs []pair
	// A name of one word is often an acronym (CASIC / CASC): it has to be
	// spelt as the other.
	minEdit := 4
	if len(short) == 1 && len(long) == 1 {
		minEdit = 5
	}
	for i, t := range short {
		for j, u := range long {
			if sim := tokenSim(t, u, minEdit); sim > 0 {
				if shortGuess[i] || longGuess[j] {
					// Two initials could stand for many words: SM is
					// Strategic Metals or Strategic Materials.
					sim *= twoLetterAcronym
				}
				pairs = append(pairs, pair{i, j, sim})
			}
		}
	}
	// Best pairs first; ties keep written order, so repeated words align
	// with their counterparts in place.
	slices.SortStableFunc(pairs, func(x, y pair) int {
		switch {
		case x.sim > y.sim:
			return -1
		case x.sim < y.sim:
			return 1
		}
		return abs(x.i-x.j) - abs(y.i-y.j)
	})
	usedS, usedL := make([]bool, len(short)), make([]bool, len(long))
	var matched, total float64
	var aligned [][2]int
	for _, p := range pairs {
		if usedS[p.i] || usedL[p.j] {
			continue
		}
		usedS[p.i], usedL[p.j] = true, true
		w := float64(runeLen(short[p.i]) + runeLen(long[p.j]))
		matched += p.sim * w
		total += w
		aligned = append(aligned, [2]int{p.i, p.j})
	}
	if len(aligned) == 0 {
		return whole
	}
	// A word without a partner costs its length (missCost). A word of the
	// shorter name without a partner stands against one of the longer
	// name's leftovers: both cost in full. The longer name's other
	// leftovers are extra words, which cost less — except an initial in a
	// company's name or a country, which make another party (L.X.C. / LAU,
	// Banco Santander México / Banco Santander); a person's middle initial
	// is often left out.
	var missShort float64
	nShort := 0
	for i, t := range short {
		if !usedS[i] {
			missShort += missCost(t)
			nShort++
		}
	}
	type leftover struct {
		cost float64
		full bool
	}
	var left []leftover
	for j, u := range long {
		if !usedL[j] {
			left = append(left, leftover{missCost(u), (runeLen(u) == 1 && (a.Org || b.Org)) || countries[u]})
		}
	}
	slices.SortStableFunc(left, func(x, y leftover) int { return cmp.Compare(y.cost, x.cost) })
	extra := extraWeight
	switch {
	case a.CJK || b.CJK:
		extra = 1 // a pinyin syllable is a character of the name: 李克强 is not 李强
	case a.Org || b.Org:
		extra = orgExtraWeight
	}
	total += missShort
	for k, l := range left {
		if k < nShort || l.full {
			total += l.cost
		} else {
			total += extra * l.cost
		}
	}
	score := matched / total
	// One word of a long name is weak evidence: common words ("metals",
	// "trading") must not carry a match alone.
	if len(short) == 1 && len(long) > 2 {
		score *= 0.85
	}
	score *= orderFactor(short, long, aligned)
	if allInitials(short) && !allInitials(long) {
		score = min(score, 0.75) // N.N. could be anyone
	}
	return max(score, whole)
}

// missCost is what a word without a partner costs: its length; an initial
// as much as a short word (W. is not G.); a particle (al, de, van) and a
// patronymic (Romanovich, Oleksandrovych), often left out, little.
func missCost(w string) float64 {
	switch {
	case particles[w]:
		return 1
	case isPatronymic(w):
		return 0.25 * float64(runeLen(w))
	}
	return float64(max(3, runeLen(w)))
}

// countries are country names as words of a name.
var countries = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain
		bangladesh belarus belgium bolivia brazil bulgaria cambodia cameroon canada chile china colombia croatia cuba cyprus czech
		denmark ecuador egypt estonia ethiopia finland france georgia germany ghana greece hungary india indonesia iran
		iraq ireland israel italy japan jordan kazakhstan kenya korea kuwait kyrgyzstan laos latvia lebanon libya lithuania
		luxembourg malaysia mexico mongolia morocco myanmar nepal netherlands nigeria norway oman pakistan panama peru philippines
		poland portugal qatar romania russia saudi serbia singapore slovakia slovenia spain sweden switzerland syria taiwan
		tajikistan tanzania thailand tunisia turkey turkiye turkmenistan uganda ukraine uae uruguay uzbekistan venezuela vietnam
		yemen zambia zimbabwe usa america uk britain england hongkong macau macao`) {
		m[c] = true
	}
	return m
}()

var particles = map[string]bool{"al": true, "el": true, "ul": true, "bin": true, "ibn": true, "de": true, "da": true, "di": true,
	"du": true, "dos": true, "das": true, "van": true, "von": true, "der": true, "den": true, "la": true, "le": true, "of": true}

func isPatronymic(w string) bool {
	for _, suf := range []string{"ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ogly", "oglu", "kyzy"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// twoLetterAcronym is what a word read from two initials scores at most.
const twoLetterAcronym = 0.75

// guessed marks the words of expanded that stand for a two-letter
// acronym of original: expanded is original with such a word replaced by
// the two words it abbreviates.
func guessed(expanded, original []string) []bool {
	g := make([]bool, len(expanded))
	if len(expanded) == len(original) {
		return g
	}
	for i, j := 0, 0; i < len(expanded) && j < len(original); j++ {
		w := original[j]
		if expanded[i] == w {
			i++
			continue
		}
		n := runeLen(w)
		for k := 0; k < n && i < len(expanded); k++ {
			g[i] = n == 2
			i++
		}
	}
	return g
}

// expandAcronyms writes a word of ws that is the initials of two or more
// consecutive words of other (MHI / Mitsubishi Heavy Industries, GD /
// General Dynamics) as those words, so that they align: a word of two to
// five letters stands for as many consecutive words, each of two letters
// or more, that start with its letters in order.
func expandAcronyms(ws, other []string) []string {
	var out []string
	changed := false
	for _, w := range ws {
		n := runeLen(w)
		if n < 2 || n > 5 || n > len(other) || !isASCIIWord(w) {
			out = append(out, w)
			continue
		}
		found := -1
		for i := 0; i+n <= len(other) && found < 0; i++ {
			ok := true
			for k := 0; k < n; k++ {
				if other[i+k] == "" || other[i+k][0] != w[k] || runeLen(other[i+k]) < 2 {
					ok = false
					break
				}
			}
			if ok {
				found = i
			}
		}
		if found < 0 {
			out = append(out, w)
			continue
		}
		out = append(out, other[found:found+n]...)
		changed = true
	}
	if !changed {
		return ws
	}
	return out
}

func isASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// orderFactor lowers the score of names whose aligned words stand in a
// different order. Word order varies in trade names (Martin Lockheed) and
// in names written surname first, so crossing costs little — except
// across a patronymic particle: Salman bin Muhammad is the father of
// Muhammad bin Salman, not the same man.
func orderFactor(short, long []string, aligned [][2]int) float64 {
	slices.SortFunc(aligned, func(x, y [2]int) int { return x[0] - y[0] })
	crossed := false
	for k := 1; k < len(aligned); k++ {
		if aligned[k][1] < aligned[k-1][1] {
			crossed = true
			break
		}
	}
	if !crossed {
		return 1
	}
	if fs, fl := fathers(short), fathers(long); (len(fs) > 0 || len(fl) > 0) && !slices.Equal(fs, fl) {
		return 0.8
	}
	if allInitials(short) {
		return 0.5 // C.B.A. is not A.B.C.
	}
	return 0.93
}

// fathers are the words after patronymic particles, sorted: "bin Salman
// Mohammed" and "Mohammed bin Salman" name the same father.
func fathers(ws []string) []string {
	var out []string
	for i, w := range ws {
		if patronymic[w] && i+1 < len(ws) {
			out = append(out, ws[i+1])
		}
	}
	slices.Sort(out)
	return out
}

var patronymic = map[string]bool{"bin": true, "ibn": true, "ben": true, "bint": true, "binti": true, "bte": true, "ould": true}

func allInitials(ws []string) bool {
	for _, w := range ws {
		if runeLen(w) > 1 {
			return false
		}
	}
	return true
}

// joinedSimilarity compares two names as single strings, for words split
// or joined differently. It counts only when nearly equal: a long name
// close as a string differs in a word somewhere, which the alignment
// scores better.
func joinedSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	n := max(runeLen(a), runeLen(b))
	if n < 6 || abs(runeLen(a)-runeLen(b)) > 1 {
		return 0
	}
	if d := osaDistance(a, b); d <= 1 {
		return 1 - 0.5/float64(n)
	}
	return 0
}

// tokenSim compares two words. Initials stand for a word that starts with
// them (J. / Joachim). Otherwise an edit budget that grows with length:
// none up to 3 letters (pinyin syllables and Korean given names must
// agree), one edit (including a transposition) up to 8, two beyond, each
// costing less than its share so that one slip in a name stays above the
// alert threshold. Words that sound alike in the usual transliterations
// (Mohammed / Muhammad, Qaddafi / Gaddafi, Husayn / Hussein) are close.
func tokenSim(a, b string, minEdit int) float64 {
	if a == b {
		return 1
	}
	ra, rb := []rune(a), []rune(b)
	la, lb := len(ra), len(rb)
	if la == 1 || lb == 1 {
		if la != lb && ra[0] == rb[0] && !isDigit(ra[0]) {
			return 0.9
		}
		return 0
	}
	if isDigit(ra[0]) || isDigit(rb[0]) {
		return 0
	}
	n := max(la, lb)
	budget := 0
	switch {
	case min(la, lb) < minEdit:
		budget = 0
	case n <= 8:
		budget = 1
	default:
		budget = 2
	}
	sim := 0.0
	if budget > 0 && abs(la-lb) <= budget {
		if d := osaDistance(a, b); d <= budget {
			sim = 1 - 0.5*float64(d)/float64(n) - 0.05*float64(d-1)
		}
	}
	// The skeletons last: they cost more than the checks that rule most
	// pairs out.
	if sim < 0.9 && abs(la-lb) <= 1 && min(la, lb) >= minEdit {
		if sa := skeleton(a); len(sa) >= 3 && sa == skeleton(b) {
			sim = 0.9
		}
	}
	return sim
}

// skeleton is a word's consonants after folding the letters that
// transliterations of one sound disagree on (kh → h, dh → d, th → t, ph →
// f, zh and dj → j, ck, q, c and g → k, w → v, x → ks, ou → u). Words of
// other letters than a–z have none.
func skeleton(w string) string {
	folded := make([]byte, 0, len(w)+2)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'a' || c > 'z' {
			return ""
		}
		if i+1 < len(w) {
			if r, ok := skeletonPairs[[2]byte{c, w[i+1]}]; ok {
				folded = append(folded, r)
				i++
				continue
			}
		}
		switch c {
		case 'q', 'c', 'g':
			c = 'k'
		case 'w':
			c = 'v'
		case 'x':
			folded = append(folded, 'k')
			c = 's'
		}
		folded = append(folded, c)
	}
	out := make([]byte, 0, len(folded))
	var last byte
	for i, c := range folded {
		if isVowel(c) {
			continue
		}
		// An h after a consonant or at the end is silent (the kh, th of
		// transliterations); between vowels it is heard (Muhammad).
		if c == 'h' && i > 0 && (i == len(folded)-1 || !isVowel(folded[i-1])) {
			continue
		}
		if c != last {
			out = append(out, c)
		}
		last = c
	}
	return string(out)
}

var skeletonPairs = map[[2]byte]byte{{'k', 'h'}: 'h', {'d', 'h'}: 'd', {'t', 'h'}: 't', {'p', 'h'}: 'f', {'z', 'h'}: 'j', {'d', 'j'}: 'j',
	{'c', 'k'}: 'k', {'o', 'u'}: 'u'}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func runeLen(s string) int { return len([]rune(s)) }

// hanSimilarity compares two names by their characters: the same
// characters are the same name; a place written before one of them
// (深圳市大疆创新 / 大疆创新) is almost the same; otherwise the share of
// characters that need no edit, so one slip in a long name stays close and
// one different character in a short one does not.
func hanSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(ra) >= 2 && strings.HasSuffix(string(rb), string(ra)) && isPlace(string(rb[:len(rb)-len(ra)])) {
		return 0.95
	}
	// Each differing character costs twice its share: a Chinese name's
	// characters are few and each is chosen, so one different character
	// (大疆 / 大江, 中芯 / 中心) is another name unless the name is long.
	d := levenshtein(string(ra), string(rb))
	return max(0, 1-2*float64(d)/float64(len(rb)))
}

// placeSuffixes end the names of provinces, prefectures and counties.
var placeSuffixes = []string{"省", "市", "自治区", "特别行政区", "地区", "自治州", "州", "盟", "区", "县", "旗"}

// provinceShort are the provinces' short names, written before company
// names without a suffix (湖南华曙 / 华曙).
var provinceShort = []string{"北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建",
	"江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海",
	"宁夏", "新疆", "香港", "澳门", "台湾", "中国"}

// isPlace reports whether a prefix is one or more place names.
func isPlace(p string) bool {
	for p != "" {
		cut := false
		for _, s := range placeSuffixes {
			if i := strings.Index(p, s); i > 0 && i <= 12 {
				p, cut = p[i+len(s):], true
				break
			}
		}
		if !cut {
			for _, s := range provinceShort {
				if rest, ok := strings.CutPrefix(p, s); ok {
					p, cut = rest, true
					break
				}
			}
		}
		if !cut {
			return false
		}
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// SuffixesDiffer says whether two names of one party, written as a
// licence and a declaration name it, carry legal forms of different kinds
// — "Fraser Alloys Ltd." against "Fraser Alloys Inc.", "Keystone Corp."
// against "Keystone, Inc.": in Canada, Britain or the United States the
// form is part of the registered name, and two are two companies. Where the form is a translation (a Japanese KK
// written Co., Ltd., Inc. or Corporation; a Korean, Chinese or Hong Kong
// company's likewise) Ltd., Inc., Corp. and KK are one kind. country is
// the party's, ISO alpha-2.
func SuffixesDiffer(a, b Normalized, country string) bool {
	fa, fb := families(a), families(b)
	if len(fa) == 0 || len(fb) == 0 {
		return false
	}
	if translatedForms[strings.ToUpper(country)] {
		fa, fb = blurTranslated(fa), blurTranslated(fb)
	}
	for _, f := range fa {
		if slices.Contains(fb, f) {
			return false
		}
	}
	return true
}

// translatedForms are the countries whose companies' legal forms reach
// English as Co., Ltd., Inc. or Corporation alike.
var translatedForms = map[string]bool{"JP": true, "KR": true, "CN": true, "TW": true, "HK": true, "MO": true}

// families are the kinds of legal form a name carries, generic ones too.
func families(n Normalized) []string {
	fs := slices.Clone(n.Forms)
	if n.Private {
		fs = append(fs, "ltd")
	}
	if n.Inc {
		fs = append(fs, "inc")
	}
	if n.Corporation {
		fs = append(fs, "corp")
	}
	return fs
}

func blurTranslated(fs []string) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		switch f {
		case "ltd", "inc", "corp", "kk":
			f = "company"
		}
		out[i] = f
	}
	return out
}
