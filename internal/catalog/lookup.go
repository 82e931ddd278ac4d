package catalog

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

// ParseHS reads an HS code as people write it ("8110.10.1000",
// "8110 10 10 00"). Ten digits is an exact code; eight or six digits is a
// prefix search, which the answer says it is.
func ParseHS(s string) (code string, prefix bool, err error) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == '.' || r == ' ' || r == '-':
		default:
			return "", false, core.FieldErrorf("hs", "HS code %q has a character that is not a digit: %q", s, r)
		}
	}
	code = b.String()
	switch len(code) {
	case 10:
		return code, false, nil
	case 8, 6:
		return code, true, nil
	}
	return "", false, core.FieldErrorf("hs", "HS code %q has %d digits: give the 10-digit customs code (8- or 6-digit prefixes are searched as prefixes)", s, len(code))
}

// Query asks what the controls require for one HS code on one day.
type Query struct {
	HS          string    // 10 digits, or a 6/8-digit prefix
	Prefix      bool      // HS is a prefix
	Date        core.Date // the day whose rules apply
	Destination string    // ISO alpha-2, or "" for none given
	Military    bool      // end user or end use is military
	// Text is the goods' name and specification, for the items recognised
	// by description (Described); empty means by code alone.
	Text string
}

// Answer is the as-of answer, in the JSON shape the CLI and API promise.
type Answer struct {
	HS              string       `json:"hs"`
	Prefix          bool         `json:"prefix,omitempty"`
	Date            string       `json:"date"`
	Destination     string       `json:"destination"`
	Controlled      bool         `json:"controlled"`
	LicenceRequired bool         `json:"licence_required"`
	DestinationRule string       `json:"destination_rule"`
	Items           []AnswerItem `json:"items"`
	Sources         []string     `json:"sources"`
	// Catalogue is the version of the catalogue that answered.
	Catalogue string `json:"catalogue_version"`

	// For people, not the JSON contract: why the destination rule is what
	// it is, and which rules or measures were passed over on that day.
	Rules []AppliedRule `json:"-"`
	Notes []string      `json:"-"`
	// RuledOut are the items of the code that a value the goods'
	// description states (Query.Text) put short of their parameters.
	RuledOut []string `json:"-"`
}

// AnswerItem is a controlled item that lists the code.
type AnswerItem struct {
	Measure     string `json:"measure"`
	NameZh      string `json:"name_zh"`
	NameEn      string `json:"name_en"`
	ControlCode string `json:"control_code"`
	ListCode    string `json:"list_code,omitempty"` // Item.ListCode
	Group       string `json:"group"`
	Parameters  string `json:"parameters"`
	HSCode      string `json:"hs_code,omitempty"` // only for prefix searches
	Item        *Item  `json:"-"`
}

// AppliedRule is a destination rule in force that covers the answer.
type AppliedRule struct {
	Rule *DestinationRule
}

// Lookup answers q. It never fails for a well-formed query: an HS code no
// item lists is simply not controlled.
// Lists reports whether any measure lists goods under the 10-digit HS
// code: goods under no listed code are not controlled on any date, to
// any destination, for any end use.
func (c *Catalog) Lists(hs string) bool {
	return len(c.byHS[hs]) > 0 || (len(hs) >= 8 && len(c.byLine[hs[:8]]) > 0)
}

// Siblings are the items listed under other 10-digit codes of hs's
// 8-digit tariff line, when no item is listed under hs itself: the line
// is split between the item's goods and the same goods short of its
// parameters (antimony trioxide of 99.99 % and more on 2825800010, the
// rest on 2825800090), so that goods declared on the other code name the
// item's mineral as a matter of course.
func (c *Catalog) Siblings(hs string) []*Item {
	if len(hs) != 10 || c.Lists(hs) {
		return nil
	}
	return c.byLine10[hs[:8]]
}

// Passes says whether a stated value meets the threshold.
func (t Threshold) Passes(v float64) bool { return t.passes(v) }

// itemsAt are the items referenced under hs: listed under it, or under
// its 8-digit tariff line.
func (c *Catalog) itemsAt(hs string) []*Item {
	its := c.byHS[hs]
	if len(hs) >= 8 {
		if line := c.byLine[hs[:8]]; len(line) > 0 {
			its = append(slices.Clone(its), line...)
		}
	}
	return its
}

// Covers says whether one of the reference codes covers hs: the code
// itself, or the 8-digit tariff line it is under.
func Covers(codes []string, hs string) bool {
	return slices.ContainsFunc(codes, func(c string) bool { return c == hs || (len(c) == 8 && strings.HasPrefix(hs, c)) })
}

// Describes reports whether goods under hs may be an item recognised by
// description, so that their words must be read.
func (c *Catalog) Describes(hs string) bool {
	if h, ok := heading(hs); ok && c.describedHead != nil && !c.describedHead[h] {
		return false
	}
	// Prefixes are 4 to 10 digits (checked when the catalogue is built).
	for n := 4; n <= min(len(hs), 10); n++ {
		if c.describedPrefix[hs[:n]] {
			return true
		}
	}
	return false
}

// heading is the number of an HS code's first four digits, if they are
// digits.
func heading(hs string) (int, bool) {
	if len(hs) < 4 {
		return 0, false
	}
	n := 0
	for i := range 4 {
		c := hs[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// describedBy returns the items recognised by description in goods under
// hs whose name and specification are text.
func (c *Catalog) describedBy(hs, text string) []*Item {
	if text == "" {
		return nil
	}
	folded := textnorm.Fold(text)
	var out []*Item
	for _, it := range c.described {
		if it.Described.matches(hs, folded) {
			out = append(out, it)
		}
	}
	return out
}

func (d *Description) matches(hs, folded string) bool {
	if !slices.ContainsFunc(d.HSPrefixes, func(p string) bool { return strings.HasPrefix(hs, p) }) {
		return false
	}
	for _, e := range d.Except {
		if strings.Contains(folded, textnorm.Fold(e)) {
			return false
		}
	}
	return mentionsAny(folded, d.Mentions) && (len(d.Also) == 0 || mentionsAny(folded, d.Also))
}

func mentionsAny(folded string, words []string) bool {
	for _, m := range words {
		m = textnorm.Fold(m)
		for i := 0; i < len(folded); {
			j := strings.Index(folded[i:], m)
			if j < 0 {
				break
			}
			j += i
			i = j + len(m)
			short := len(m) <= 3 && isASCIIWord(m)
			if short && !isWordAt(folded, j, len(m)) {
				continue
			}
			if !negated(folded, j, j+len(m)) {
				return true
			}
		}
	}
	return false
}

// negators before an element's name say the goods hold none of it:
// 不含镝铽, 无镝, without Dy. The window is a few characters, so that a
// list of elements after one negator (不含镝、铽) is covered.
var negators = []string{"不含", "未含", "无", "不添加", "未添加", "without ", "no ", "free of "}

// negated reports whether the mention at s[from:to] is denied: a negator
// shortly before it, or "-free" / " free" / " 0%" right after it.
func negated(s string, from, to int) bool {
	start := from - 12 // four CJK characters
	if start < 0 {
		start = 0
	}
	before := s[start:from]
	for _, n := range negators {
		if strings.Contains(before, n) {
			return true
		}
	}
	after := skipListed(strings.TrimLeft(s[to:], " :：="))
	for _, p := range []string{"-free", "free", "0%", "0.0%", "0.00%"} {
		if strings.HasPrefix(after, p) {
			return true
		}
	}
	return false
}

// skipListed skips the other elements listed after a mention, so that
// what follows the list applies to each: "dy/tb-free", "镝、铽 0%".
func skipListed(s string) string {
	for range 4 {
		rest, ok := "", false
		for _, sep := range []string{"/", "、", ",", "，", "&", "+", "和", "及"} {
			if r, found := strings.CutPrefix(s, sep); found {
				rest, ok = strings.TrimLeft(r, " "), true
				break
			}
		}
		if !ok {
			return s
		}
		n := 0
		for n < len(rest) && isLatin(rest[n]) {
			n++
		}
		if n == 0 {
			if r, size := utf8.DecodeRuneInString(rest); unicode.Is(unicode.Han, r) {
				n = size
			}
		}
		if n == 0 || n > 12 {
			return s
		}
		s = strings.TrimLeft(rest[n:], " :：=")
	}
	return s
}

// isWordAt: s[at:at+n] has no Latin letter on either side: "dy" in
// "Nd-Dy-Fe-B" or "Dy 1.5%", not in "body".
func isWordAt(s string, at, n int) bool {
	end := at + n
	return (at == 0 || !isLatin(s[at-1])) && (end == len(s) || !isLatin(s[end]))
}

func isASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

func isLatin(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func (c *Catalog) Lookup(q Query) Answer {
	a := Answer{HS: q.HS, Prefix: q.Prefix, Date: q.Date.String(), Destination: q.Destination,
		DestinationRule: RuleNone, Items: []AnswerItem{}, Sources: []string{}, Catalogue: c.Version.ID}
	type hit struct {
		it *Item
		hs string
	}
	var hits []hit
	if q.Prefix {
		for hs, items := range c.byHS {
			if strings.HasPrefix(hs, q.HS) {
				for _, it := range items {
					hits = append(hits, hit{it, hs})
				}
			}
		}
		for line, items := range c.byLine {
			if strings.HasPrefix(line, q.HS) || strings.HasPrefix(q.HS, line) {
				for _, it := range items {
					hits = append(hits, hit{it, line})
				}
			}
		}
	} else {
		for _, it := range c.itemsAt(q.HS) {
			hits = append(hits, hit{it, q.HS})
		}
		for _, it := range c.describedBy(q.HS, q.Text) {
			hits = append(hits, hit{it, q.HS})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		mi, mj := hits[i].it.Measure, hits[j].it.Measure
		if !mi.Effective.Equal(mj.Effective) {
			return mi.Effective.Before(mj.Effective)
		}
		if mi.ID != mj.ID {
			return mi.ID < mj.ID
		}
		if hits[i].it.ID != hits[j].it.ID {
			return hits[i].it.ID < hits[j].it.ID
		}
		return hits[i].hs < hits[j].hs
	})
	measures := map[string]*Measure{}
	groups := map[string]bool{}
	seen := map[string]bool{}
	for _, h := range hits {
		m := h.it.Measure
		if !m.InForce(q.Date) {
			a.Notes = append(a.Notes, notInForce(m, q.Date, h.it))
			continue
		}
		if why, byValue := h.it.ruledOut(q.Text); why != "" {
			a.Notes = append(a.Notes, fmt.Sprintf("not %s (%s): %s", h.it.ID, h.it.NameEn, why))
			if byValue {
				a.RuledOut = append(a.RuledOut, h.it.ID)
			}
			continue
		}
		key := m.ID + "/" + h.it.ID
		if q.Prefix {
			key += "/" + h.hs
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		ai := AnswerItem{Measure: m.ID, NameZh: h.it.NameZh, NameEn: h.it.NameEn, ControlCode: h.it.ControlCode, ListCode: h.it.ListCode,
			Group: h.it.Group, Parameters: h.it.Parameters, Item: h.it}
		if q.Prefix {
			ai.HSCode = h.hs
		}
		a.Items = append(a.Items, ai)
		measures[m.ID] = m
		groups[h.it.Group] = true
	}
	a.Controlled = len(a.Items) > 0
	a.LicenceRequired = a.Controlled
	if a.Controlled && q.Destination != "" {
		for _, m := range c.Measures {
			for _, r := range m.Rules {
				if r.Destination != q.Destination || !r.covers(groups, q.Military) {
					continue
				}
				if !r.InForce(q.Date) {
					a.Notes = append(a.Notes, ruleNotInForce(r, q.Date))
					continue
				}
				a.Rules = append(a.Rules, AppliedRule{Rule: r})
				measures[m.ID] = m
				if RuleRank(r.Rule) > RuleRank(a.DestinationRule) {
					a.DestinationRule = r.Rule
				}
			}
		}
	}
	var ids []string
	for id := range measures {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		mi, mj := measures[ids[i]], measures[ids[j]]
		if !mi.Effective.Equal(mj.Effective) {
			return mi.Effective.Before(mj.Effective)
		}
		return mi.ID < mj.ID
	})
	for _, id := range ids {
		a.Sources = append(a.Sources, measures[id].Sources...)
	}
	a.Notes = dedupe(a.Notes)
	return a
}

func (r *DestinationRule) covers(groups map[string]bool, military bool) bool {
	if r.Military {
		return military
	}
	for _, g := range r.Groups {
		if groups[g] {
			return true
		}
	}
	return false
}

func notInForce(m *Measure, d core.Date, it *Item) string {
	if d.Before(m.Effective) {
		return fmt.Sprintf("%s lists %s but takes effect on %s", m.ID, it.NameZh, m.Effective)
	}
	for _, w := range m.Suspensions {
		if w.Contains(d) {
			return fmt.Sprintf("%s is suspended from %s to %s (%s)", m.ID, w.From, w.To, w.By)
		}
	}
	return fmt.Sprintf("%s no longer applies on %s", m.ID, d)
}

func ruleNotInForce(r *DestinationRule, d core.Date) string {
	for _, w := range r.Suspensions {
		if w.Contains(d) {
			return fmt.Sprintf("%s article %d (%s) is suspended from %s to %s by %s", r.Measure.ID, r.Article, r.Rule, w.From, w.To, w.By)
		}
	}
	if d.Before(r.Measure.Effective) {
		return fmt.Sprintf("%s article %d (%s) takes effect on %s", r.Measure.ID, r.Article, r.Rule, r.Measure.Effective)
	}
	return fmt.Sprintf("%s article %d (%s) does not apply on %s", r.Measure.ID, r.Article, r.Rule, d)
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
