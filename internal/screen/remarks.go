// Package screen runs the deterministic checks on export declarations, as
// of each declaration's date: the remarks statement, licences, destination
// rules, restricted parties and the ledger. Each finding explains itself in
// Chinese and English with machine-readable evidence.
package screen

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"orewatch/internal/textnorm"
)

// Remarks is what the remarks field says about control status.
type Remarks struct {
	Stated     bool     // a statement of control status was found
	Controlled bool     // what it states (meaningful when Stated)
	Codes      []string // dual-use control codes stated for the goods, canonical form (1C902.a)
	Snippet    string   // the text that carried the statement
}

// The remarks are read as language, not matched against phrasings: the
// field is cut into clauses; a clause that mentions control status
// (管制物项, 两用物项, export control, dual-use…) is positive unless a
// negation governs the mention (不属于, 非, 未列入, 不再, not, no longer,
// free from…) or an answer follows it (：否, : N, : not applicable); a
// negation counted twice cancels (不是非管制物项). Clauses about the past
// (原为, previously) do not count, a clause that only negates (现已不属于)
// negates the mention before it, and any controlled line makes the goods
// controlled. A control code counts where it stands as one — never inside
// a longer identifier (批号2B12345, INV-3A00127, LIC-2025-1C226) — and not
// where it is negated or excluded (1C226管制的除外, not covered by 1C226).

var (
	// reTerm finds a mention of control status. Longer forms first.
	reTerm = regexp.MustCompile(`两用物项出口管制|出口管制编码|管制编码|管控编码|管制物项|管制物品|管制货物|管制商品|管控物项|管控物品|两用物项|两用物品|出口管制|列管|管制|管控|受控|两用|` +
		`subject to (?:the )?(?:prc |china'?s |chinese )?export controls?|export control code|export[- ]?controll?ed|export controls?|control list|dual[- ]?use|controll?ed|control code|control no|ctrl item|eccn?\b`)
	// reAbout is control status named as a topic, not stated of the goods:
	// "出口管制合规声明", "export control compliance".
	reAbout = regexp.MustCompile(`(?:出口管制|export controls?)\s*(?:合规|声明|政策|法规|法律|培训|compliance|regulations?|laws?|policy|training|statement)|` +
		// The licence's name is a document cited, not a statement of the
		// goods: "两用物项出口许可证：26SL4361488".
		`(?:两用物项和技术|两用物项|dual[- ]use(?: items?)?)\s*(?:出口)?\s*(?:许可证|许可|licen[cs]e)\s*(?:号|编号|no\.?|number)?`)
	// reOptions is a template's list of answers: "（是/否）", "(Y/N)".
	reOptions = regexp.MustCompile(`[(（]\s*(?:是\s*/\s*否|是或否|y\s*/\s*n|yes\s*/\s*no)\s*[)）]`)
	// reUncertain is a clause that asks or defers instead of stating.
	// Pointing elsewhere ("见附件", "see attached") states nothing either.
	reUncertain = regexp.MustCompile(`待确认|待鉴定|待定|待核|核查|核实|确认是否|疑问|咨询|请|见附件|详见|另附|附后|见随附|随附单据|\bwhether\b|\btbd\b|to be (?:confirmed|determined)|\bpending\b|\bunknown\b|\bsee (?:the )?attach|\bas per (?:the )?attach|\brefer to\b|[?？]`)
	// reUnanswered is a label left empty: "管制物项：", "Export control code:".
	// A slash, a dash or "TBD" for the answer is no answer either.
	// After a space alone ("是否管制物项 /") only a placeholder is no
	// answer: "属于管制物项" ends its label and is a statement. A
	// placeholder after the colon is no answer whatever follows it in the
	// clause ("管制物项：/ 合同RQC2508817").
	reUnanswered = regexp.MustCompile(`^\s*(?:items?|goods|status|code|no\.?|物项|编码)?\s*(?:[:=]\s*(?:(?:[/\\\-—–_*]+|tbd|待定|待填|待确认)(?:\s|$)|$)|\s+(?:[/\\\-—–_*]+|tbd|待定|待填|待确认)\s*$)`)
	// reBareAnswer is an answer after a space, without a colon: "管制物项 N",
	// "管制物项 否 样品".
	reBareAnswer = regexp.MustCompile(`^\s+(?:items?|goods|物项)?\s*(是|否|yes|no|y|n)(?:\s|$)`)
	// reQuestion is a question marker that holds 否 without negating.
	reQuestion = regexp.MustCompile(`是否|是不是|有无|是/否|是或否|\(y/n\)|\(yes/no\)|y/n|yes/no`)
	// reAnswer is an answer right after a mention: "：是", ": N", "=yes".
	reAnswer = regexp.MustCompile(`^\s*(?:items?|goods|status|物项|物品|货物)?\s*[:=]\s*(是|否|有|无|属于|不属于|不是|涉及|不涉及|非|不|yes|no|y|n|true|false|none|nil|n/a|na|not applicable|applicable|negative|positive|controlled|not controlled|√|×)(?:[^a-z0-9]|$)`)
	// reNegator is a word that negates a mention after it.
	reNegator = regexp.MustCompile(`不再|不属于|不涉及|不是|未列入|未列|没有|免于|无需|无须|解除|撤销|低于|不|非|未|无|免|` +
		`\bno longer\b|\blifted\b|\bremoved from\b|\bdelisted\b|\bdecontrolled\b|\bbelow\b|\bnot covered\b|\bnot\b|\bnon\b|\bnon-|\bno\b|\bnever\b|\bwithout\b|\bfree from\b|\bexempt\b|\bneither\b|\bnor\b|\bn/a\b`)
	// reNotNegator is what reads like a negation and is not one: "No."
	// as a number's label ("Contract No.CT25-1807", "Invoice No: 0856"),
	// "no marks" (无唛头, N/M), words and places with 无 or 非 in them, and
	// another label's empty answer ("品牌：无").
	reNotNegator = regexp.MustCompile(`\bno\.\s*[:#]?\s*[a-z0-9]|\bno\s*[:#：]\s*[a-z0-9]|\bno\s+[0-9]|\bnos?\.\s*$|` +
		`无唛头?|唛头\s*[:：]?\s*n/m|\bn/m\b|\bno marks?\b|无木质包装|无木包装|无商业价值|无纸化?|无锡|非木质|非洲|` +
		// The declaration elements' words with 无 or 非 that describe the
		// goods, not their control: no brand, anhydrous, inorganic,
		// oxygen-free, lead-free, seamless, non-metallic, amorphous.
		// Dangerous goods and wooden packing, which declarants state
		// beside the control statement: "不属于危险品 两用物项 管制编码:3C001.b".
		`(?:不属于|不是|非|无)\s*危险(?:化学品|品|货物|物品)?|不含木质包装|不含木包装|` +
		// Their English: "Non-DG cargo 管制类别6C001.a，属管制物项".
		`\bnon[- ]?(?:dg|dangerous|hazardous|haz)\b|\bnot (?:dangerous|hazardous)\b|\bno (?:dangerous|hazardous|dg)\b|` +
		`\bno (?:solid )?wood(?:en)? (?:packing|packaging|pallets?|cases?)\b|\bnon[- ]wood(?:en)?\b|\bno commercial value\b|` +
		`不享受优惠(?:关税|税率)?|不享惠|不享受协定税率|不含税|不退税|非优惠|无品牌|无牌|无中文品牌|无英文品牌|无型号|无规格型号|无特殊关系|无优惠|无涂层|无水|无机|无氧|无铅|无缝|无尘|无磁|无卤|非金属|非合金|非晶|非标|非织造|非医用|非零售|非食用|` +
		// Another label's answer before the statement: "品牌：无", "型号: N/A".
		`[:：]\s*(?:无|没有|none|n/a)(?:\s|/|$)`)
	// rePast marks a clause about an earlier status.
	rePast = regexp.MustCompile(`^(?:原为|原属|原先|曾属|曾为|曾经|以前|此前|previously|formerly|was\b|used to)`)
	// reExclusion marks a clause that names what the goods are not.
	reExclusion = regexp.MustCompile(`除外|以外|之外|\bexcept\b|\bexcluding\b|\bexcluded\b|\bother than\b`)
	// reBareNegation is a clause that only negates: "现已不属于", "now not".
	reBareNegation = regexp.MustCompile(`^(?:现|现已|已|目前|now|currently)?\s*(?:不再属于|不属于|不是|不再是|not|no longer)\s*$`)
	// reCode is a dual-use control code: category digit, group letter,
	// three digits, sub-items (1C902.a, 3A001.a.1), or the sub-item
	// letter written without its dot (1C117d).
	reCode = regexp.MustCompile(`([0-9il])([a-e])([0-9]{3})((?:\.[a-z0-9]+)+|[a-z](?:\.[a-z0-9]+)*)?`)
	// reBracketAnswer is an answer in brackets after a mention, "管制物项（否）",
	// and reQuestionAnswer one after a question mark, "Controlled item? NO":
	// both are read as "：否".
	reBracketAnswer  = regexp.MustCompile(`[(（]\s*(是|否|yes|no|y|n)\s*[)）]`)
	reQuestionAnswer = regexp.MustCompile(`[?？]\s*(是|否|yes|no|y|n)(?:[^a-z0-9]|$)`)
	// reExcludedCode is a code and the words that exclude it, "1C226管制的
	// 除外": cut off as a clause of its own so that the exclusion does not
	// take the statement before it along.
	reExcludedCode = regexp.MustCompile(`[0-9il][a-e][0-9]{3}[.a-z0-9]*\s*(?:项下)?(?:管制的|所列的?|规定的)?\s*(?:除外|以外|之外)`)
	// reModelLabel precedes a product's own number, which looks like a
	// code and is none: "型号6C002A", "Product code 3C004B", "P/N 1C117D".
	reModelLabel = regexp.MustCompile(`(?:型号|规格|货号|料号|品号|批号|款号|model|type|product code|item code|part no\.?|p/n|sku|art\.?\s*no\.?)\s*[:：#]?\s*$`)
	// reCodeKey precedes a code whose first digit may be written as I or l.
	reCodeAtEnd   = regexp.MustCompile(`(?:^|[^a-z0-9])[0-9][a-e][0-9]{3}(?:\.?[a-z0-9]+)*$`)
	reCodeAtStart = regexp.MustCompile(`^[0-9][a-e][0-9]{3}(?:[^0-9]|$)`)
	reAnswerAtEnd = regexp.MustCompile(`(?:^|[^a-z0-9])(?:y|yes)$`)
	reCodeKey     = regexp.MustCompile(`(?:编码|code|eccn?|no\.?)\s*[:：]?\s*$`)
)

// typos are misspellings seen in the field, mended before reading.
var typos = strings.NewReplacer("controled", "controlled", "controll item", "controlled item", "controll ", "controlled ",
	"飞管制", "非管制", "ctrl item", "controlled item", "dual us ", "dual use ", "管制编吗", "管制编码", "管製編嗎", "管制编码")

// clause is one stretch of the field between separators.
type clause struct {
	text     string
	polarity int // +1 controlled, -1 not controlled, 0 no statement
	past     bool
	excluded bool
	codes    []string
}

// reItemMark starts what a multi-item declaration's remarks say of one
// item: 项1, 第2项, 项号3, item 2, Item 1:, #2.
var reItemMark = regexp.MustCompile(`(?i)(?:第\s*([0-9]{1,2})\s*项|项号?\s*([0-9]{1,2})|\bitems?\s*(?:no\.?\s*)?([0-9]{1,2})\b|#\s*([0-9]{1,2})\b)\s*[:：]?`)

// reListMark is a numbered list's mark where a field or a clause starts:
// "1. … 2. …", "1、", "(2)", "（3）", "2)", "①".
var reListMark = regexp.MustCompile(`(?:^|[\s/／|｜;；,，。])\s*(?:[(（]\s*([0-9]{1,2})\s*[)）]|([0-9]{1,2})\s*[.．、)）]|([①②③④⑤⑥⑦⑧⑨⑩]))`)

const circledDigits = "①②③④⑤⑥⑦⑧⑨⑩"

// itemMark is where a field's part on one item starts (start), where its
// text starts (end), and the item's number.
type itemMark struct{ start, end, n int }

// itemMarks are the marks that cut a field into items: 项1/item 2/#3
// marks, or else a list numbered 1, 2, … in order (numbers out of order
// number something else: lots, invoices; a decimal is no mark).
func itemMarks(text string) []itemMark {
	var marks []itemMark
	for _, m := range reItemMark.FindAllStringSubmatchIndex(text, -1) {
		marks = append(marks, itemMark{m[0], m[1], submatchNumber(text, m)})
	}
	if len(marks) >= 2 {
		return marks
	}
	marks = marks[:0]
	for _, m := range reListMark.FindAllStringSubmatchIndex(text, -1) {
		n := submatchNumber(text, m)
		if m[6] >= 0 {
			n = strings.Index(circledDigits, text[m[6]:m[7]])/len("①") + 1
		}
		if m[4] >= 0 && m[1] < len(text) && text[m[1]] >= '0' && text[m[1]] <= '9' {
			continue // 99.9: a decimal
		}
		switch {
		case n == len(marks)+1:
		case n == 1: // a list starts again: the later one counts
			marks = marks[:0]
		default:
			continue
		}
		start := m[0]
		for start < len(text) && strings.ContainsRune(" \t/／|｜;；,，。", rune(text[start])) {
			start++
		}
		marks = append(marks, itemMark{start, m[1], n})
	}
	return marks
}

// submatchNumber reads the first digit group a mark's regexp captured.
func submatchNumber(text string, m []int) int {
	for g := 2; g+1 < len(m); g += 2 {
		if m[g] < 0 {
			continue
		}
		n := 0
		for _, c := range text[m[g]:m[g+1]] {
			if c < '0' || c > '9' {
				return 0
			}
			n = 10*n + int(c-'0')
		}
		return n
	}
	return 0
}

// ItemRemarks is the part of a remarks field that speaks of item itemNo:
// where the field is cut into items ("项1 属管制物项 项2 管制物项 否",
// "1. DU:Y 1C912.b / 2. 不属于管制物项"), the text before the first mark
// and the item's own part; otherwise the whole field. An item the field
// does not mark gets the unmarked text alone.
func ItemRemarks(text string, itemNo int) string {
	marks := itemMarks(text)
	if len(marks) < 2 {
		return text // one mark is a reference ("item 1 of the contract"), not a split
	}
	var own strings.Builder
	own.WriteString(text[:marks[0].start])
	for i, m := range marks {
		end := len(text)
		if i+1 < len(marks) {
			end = marks[i+1].start
		}
		if m.n == itemNo {
			own.WriteString(" ；")
			own.WriteString(text[m.end:end])
		}
	}
	return own.String()
}

// ParseRemarks reads a remarks field.
func ParseRemarks(text string) Remarks {
	var r Remarks
	f := textnorm.Fold(text)
	if f == "" {
		return r
	}
	f = typos.Replace(f)
	f = reOptions.ReplaceAllString(f, "")
	f = reAbout.ReplaceAllString(f, " ")
	f = reBracketAnswer.ReplaceAllString(f, ":$1 ")
	f = reQuestionAnswer.ReplaceAllString(f, ":$1 ")
	f = reExcludedCode.ReplaceAllStringFunc(f, func(m string) string { return ";" + m })
	cls := splitClauses(f)
	last := 0 // polarity of the last clause that mentioned control status
	for i := range cls {
		c := &cls[i]
		c.past = rePast.MatchString(c.text)
		c.excluded = reExclusion.MatchString(c.text)
		c.polarity = polarityOf(c.text)
		if c.polarity == 0 && last != 0 && reBareNegation.MatchString(c.text) {
			c.polarity = -1 // "曾属管制物项，现已不属于"
		}
		if c.polarity != 0 {
			last = c.polarity
		}
		c.codes = codesIn(c.text)
	}
	// Any controlled line makes the goods controlled; otherwise a negative
	// statement; the past does not count.
	for _, want := range []int{1, -1} {
		for _, c := range cls {
			if c.polarity == want && !c.past && !c.excluded {
				r.Stated, r.Controlled, r.Snippet = true, want == 1, strings.TrimSpace(c.text)
				break
			}
		}
		if r.Stated {
			break
		}
	}
	seen := map[string]bool{}
	for _, c := range cls {
		if c.polarity < 0 || c.past || c.excluded {
			continue // a negated or excluded code is not the goods' code
		}
		for _, code := range c.codes {
			if !seen[code] {
				seen[code] = true
				r.Codes = append(r.Codes, code)
			}
		}
	}
	// A code given without any other statement states control by itself.
	if !r.Stated && len(r.Codes) > 0 {
		r.Stated, r.Controlled, r.Snippet = true, true, r.Codes[0]
	}
	if r.Stated && !r.Controlled {
		r.Codes = nil
	}
	return r
}

// splitClauses cuts the field at clause separators; a full stop splits
// only where it ends a sentence (not inside 1C117.d or "No.").
func splitClauses(f string) []clause {
	var out []clause
	var b strings.Builder
	flush := func() {
		if t := strings.TrimSpace(b.String()); t != "" {
			out = append(out, clause{text: t})
		}
		b.Reset()
	}
	for i, r := range f {
		switch r {
		case ';', '；', '。', ',', '，', '、', '\n', '|', '(', ')', '（', '）', '[', ']', '【', '】':
			flush()
			continue
		case '.':
			next, _ := utf8.DecodeRuneInString(f[i+1:])
			if i+1 >= len(f) || next == ' ' {
				flush()
				continue
			}
		}
		b.WriteRune(r)
	}
	flush()
	return out
}

// polarityOf reads one clause: +1 states controlled, -1 not controlled,
// 0 says nothing of control status.
func polarityOf(t string) int {
	t = reQuestion.ReplaceAllString(t, " ")
	locs := reTerm.FindAllStringIndex(t, -1)
	if locs == nil {
		// A code under a negation is a statement: "not covered by 1C226".
		if c := reCode.FindStringIndex(t); c != nil && len(reNegator.FindAllString(tail(reNotNegator.ReplaceAllString(t[:c[0]], " "), 24), -1))%2 == 1 {
			return -1
		}
		return 0
	}
	// An answer after the last mention decides ("是否管制物项：否").
	rest := t[locs[len(locs)-1][1]:]
	if m := reAnswer.FindStringSubmatch(rest); m != nil {
		return answer(m[1])
	}
	if m := reBareAnswer.FindStringSubmatch(rest); m != nil {
		return answer(m[1])
	}
	// Or an answer after an earlier mention, up to the next one
	// ("export control: n/a - not controlled").
	for i := 0; i+1 < len(locs); i++ {
		if m := reAnswer.FindStringSubmatch(t[locs[i][1]:locs[i+1][0]]); m != nil {
			return answer(m[1])
		}
	}
	// A label left empty, a question or a deferral says nothing.
	if reUnanswered.MatchString(rest) || reUncertain.MatchString(t) {
		return 0
	}
	// Negations before the first mention, in this clause; a code between
	// them does not break the reach ("不属于1C226管制物项").
	before := reNotNegator.ReplaceAllString(reCode.ReplaceAllString(t[:locs[0][0]], ""), " ")
	n := len(reNegator.FindAllString(tail(before, 24), -1))
	if n%2 == 1 {
		return -1
	}
	return 1
}

// tail is the last n bytes of s, cut at a rune boundary: a negation far
// before a mention ("无锡市…公司生产的管制物项") does not govern it.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

func answer(a string) int {
	switch a {
	case "是", "有", "属于", "涉及", "yes", "y", "true", "applicable", "positive", "controlled", "√":
		return 1
	}
	return -1
}

// codesIn finds the control codes that stand as codes in a clause.
func codesIn(t string) []string {
	var out []string
	for _, m := range reCode.FindAllStringSubmatchIndex(t, -1) {
		start, end := m[0], m[1]
		first := t[m[2]:m[3]]
		if first != "1" && first != "0" && (first < "0" || first > "9") {
			if !reCodeKey.MatchString(t[:start]) {
				continue // I117… only right after "编码" or "code"
			}
			first = "1"
		}
		if attached(t, start, end) || reModelLabel.MatchString(tail(t[:start], 16)) {
			continue
		}
		sub := ""
		if m[8] >= 0 {
			sub = t[m[8]:m[9]]
		}
		if sub != "" && sub[0] != '.' {
			sub = "." + sub // 1C117d → 1C117.d
		}
		out = append(out, first+strings.ToUpper(t[m[4]:m[5]])+t[m[6]:m[7]]+strings.TrimRight(sub, "."))
	}
	return out
}

// attached reports whether t[start:end] is part of a longer identifier: a
// letter or digit, or a joiner (- # / _) followed by one, on either side.
func attached(t string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(t[:start])
		if isAlnum(r) {
			return true
		}
		if strings.ContainsRune("-#/_", r) {
			before, _ := utf8.DecodeLastRuneInString(t[:start-1])
			// Codes listed with slashes are each a code: "1C117d/1C004";
			// so is a code after an answer and a slash: "controlled Y/1C117.d".
			if start > 1 && isAlnum(before) && !(r == '/' && (reCodeAtEnd.MatchString(t[:start-1]) || reAnswerAtEnd.MatchString(t[:start-1]))) {
				return true
			}
		}
	}
	if end < len(t) {
		r, size := utf8.DecodeRuneInString(t[end:])
		if isAlnum(r) {
			return true
		}
		if strings.ContainsRune("-#_.", r) && end+size < len(t) {
			after, _ := utf8.DecodeRuneInString(t[end+size:])
			if isAlnum(after) {
				return true
			}
		}
		// A slash separates ("1C226/FOB天津", "1C117d/1C004") unless
		// numbers go on ("1C226/2025").
		if r == '/' && end+size < len(t) {
			after, _ := utf8.DecodeRuneInString(t[end+size:])
			if unicode.IsDigit(after) && !reCodeAtStart.MatchString(t[end+size:]) {
				return true
			}
		}
	}
	return false
}

// isAlnum is an ASCII letter or digit: Han characters may touch a code
// (编码1C117.d).
func isAlnum(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// CodeMatches reports whether a declared code names the expected item: the
// same code, a more specific sub-item of it (1C902.a.1 under 1C902.a), or
// the heading it stands under (1C902 for 1C902.a), never a sibling.
func CodeMatches(declared, expected string) bool {
	d, e := strings.ToLower(declared), strings.ToLower(expected)
	// A sub-item under the expected code names it more closely; the
	// heading above it ("1C905" for 1C905.b) names it less closely but
	// no other item.
	return d == e || strings.HasPrefix(d, e+".") || strings.HasPrefix(e, d+".")
}
