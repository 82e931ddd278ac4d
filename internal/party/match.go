package party

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	edlib "github.com/hbollon/go-edlib"

	"orewatch/internal/core"
)

// DefaultThreshold is the score at which a name is reported as a match.
// docs/screening.md shows how recall and false hits move with it.
const DefaultThreshold = 0.88

// Match is a list entry a name matched, and how well.
type Match struct {
	Entry       *core.ListEntry `json:"entry"`
	Score       float64         `json:"score"`
	MatchedName string          `json:"matched_name"` // the entry name or alias that matched
}

// Screener holds the lists, indexed for screening many names.
type Screener struct {
	Threshold float64
	entries   []*core.ListEntry
	names     []indexed
	byToken   map[string][]int // token → indexes into names
	// cache holds each screened name's candidates. The server screens
	// with one Screener from every request at once, and a spray of new
	// names must not grow it without end.
	cache candidates
}

// candidates is a concurrent cache of candidates by name, emptied when it
// reaches maxCached: sync.Map keeps the hits of a batch of a million
// declarations (few names, read over and over) free of locks, and
// emptying it whole is the eviction a spray of unique names needs.
type candidates struct {
	m sync.Map // name → []scored
	n atomic.Int64
}

// maxCached bounds the names a Screener remembers.
const maxCached = 65_536

func (c *candidates) get(name string) ([]scored, bool) {
	v, ok := c.m.Load(name)
	if !ok {
		return nil, false
	}
	return v.([]scored), true
}

func (c *candidates) put(name string, v []scored) {
	if c.n.Add(1) > maxCached {
		c.m.Clear()
		c.n.Store(1)
	}
	c.m.Store(name, v)
}

func (c *candidates) len() int {
	n := 0
	c.m.Range(func(any, any) bool { n++; return true })
	return n
}

type indexed struct {
	entry int
	name  string
	norm  Normalized
}

type scored struct {
	name  int
	score float64
}

// NewScreener indexes the entries (names and aliases).
func NewScreener(entries []*core.ListEntry) *Screener {
	s := &Screener{Threshold: DefaultThreshold, entries: entries, byToken: map[string][]int{}}
	for i, e := range entries {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if strings.TrimSpace(n) == "" {
				continue
			}
			nm := Normalize(n)
			if len(nm.Tokens) == 0 {
				continue
			}
			idx := len(s.names)
			s.names = append(s.names, indexed{entry: i, name: n, norm: nm})
			for _, k := range blockKeys(nm) {
				s.byToken[k] = append(s.byToken[k], idx)
			}
		}
	}
	return s
}

// blockKeys are what a candidate must share with a name to be compared at
// all: each token, and each token's first and last three letters, so that
// one typo anywhere in a word still leaves a shared key.
func blockKeys(n Normalized) []string {
	seen := map[string]bool{}
	var keys []string
	add := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, t := range n.Tokens {
		add("t:" + t)
		r := []rune(t)
		if len(r) > 3 {
			add("p:" + string(r[:3]))
			add("s:" + string(r[len(r)-3:]))
		} else {
			add("p:" + t)
		}
	}
	return keys
}

// Similarity scores two normalised names from 0 to 1.
func Similarity(a, b Normalized) float64 {
	if len(a.Tokens) == 0 || len(b.Tokens) == 0 {
		return 0
	}
	if a.Han != "" && b.Han != "" {
		// Two names in Han characters: their characters decide. Through
		// pinyin, homophones (华为 / 华伟, 旷视 / 旷世) were the same name.
		return numbersAgree(a.Han, b.Han, hanSimilarity(a.Han, b.Han))
	}
	return formsAgree(a, b, numbersAgree(a.Joined, b.Joined, latinSimilarity(a, b)))
}

// formsAgree: two names with specific legal forms of different kinds (an
// AG and a GmbH, an AB and an Oy) are two entities, however alike.
func formsAgree(a, b Normalized, score float64) float64 {
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

// numbersAgree: names that differ in their numbers (第十三研究所 /
// 第十四研究所, Plant 3 / Plant 4) are different parties, however alike
// the rest.
func numbersAgree(a, b string, score float64) float64 {
	na, nb := numerals(a), numerals(b)
	if na != "" && nb != "" && na != nb {
		return min(score, 0.5)
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

func latinSimilarity(a, b Normalized) float64 {
	if a.Joined == b.Joined {
		return 1
	}
	// Whole-string similarity catches typos that split or join words
	// ("Jinxin" / "jin xin"); it only counts when very close, because
	// Jaro-Winkler rewards shared prefixes ("Lockwood" / "Lockheed").
	whole := 0.0
	// Jaro-Winkler cannot reach 0.95 when the shorter string is under 3/4 of
	// the longer: Jaro ≤ (2 + r)/3 and the prefix boost adds ≤ 0.4·(1 − Jaro).
	// Short names (acronyms: CASIC / CASC) must agree exactly.
	if la, lb := len(a.Joined), len(b.Joined); 4*min(la, lb) >= 3*max(la, lb) && max(la, lb) > 5 {
		whole = max(float64(edlib.JaroWinklerSimilarity(a.Joined, b.Joined)),
			float64(edlib.JaroWinklerSimilarity(a.Ordered, b.Ordered)))
		if whole < 0.95 {
			whole = 0
		}
	}
	// Token agreement: every token of the shorter name should find a close
	// token in the longer; extra tokens in the longer name cost a little,
	// so "Leidos" does not fully match "Leidos Holdings Shipping Agency".
	short, long := a.Tokens, b.Tokens
	if len(short) > len(long) {
		short, long = long, short
	}
	used := make([]bool, len(long))
	var sum float64
	for _, t := range short {
		best, bi := 0.0, -1
		for j, u := range long {
			if used[j] {
				continue
			}
			sim := tokenSim(t, u)
			if sim > best {
				best, bi = sim, j
			}
		}
		if bi >= 0 && best > 0 {
			used[bi] = true
			sum += best
		}
	}
	coverShort := sum / float64(len(short))
	coverLong := sum / float64(len(long))
	tokenScore := 0.6*coverShort + 0.4*coverLong
	// A single-token name matching one token of a long name is weak
	// evidence: common words ("metals", "trading") must not carry it.
	if len(short) == 1 && len(long) > 2 {
		tokenScore *= 0.85
	}
	if whole > tokenScore {
		return whole
	}
	return tokenScore
}

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
	d := edlib.LevenshteinDistance(string(ra), string(rb))
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

// tokenSim compares two words allowing a typing budget that grows with
// length: none up to 4 letters (initials, pinyin syllables must agree),
// one edit (including a transposition) up to 8, two beyond.
func tokenSim(a, b string) float64 {
	if a == b {
		return 1
	}
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	budget := 0
	switch {
	case min(len(ra), len(rb)) <= 4:
		budget = 0
	case n <= 8:
		budget = 1
	default:
		budget = 2
	}
	if budget == 0 || abs(len(ra)-len(rb)) > budget {
		return 0
	}
	d := edlib.OSADamerauLevenshteinDistance(a, b)
	if d > budget {
		return 0
	}
	return 1 - float64(d)/float64(n)
}

// Screen returns the entries active on day d whose names match name at or
// above the threshold, best first. A known country that differs from the
// entry's lowers the score (fronts do register abroad, so it does not
// exclude the match).
func (s *Screener) Screen(name, country string, d core.Date) []Match {
	if strings.TrimSpace(name) == "" {
		return nil
	}
	cands, ok := s.cache.get(name)
	if !ok {
		cands = s.candidates(Normalize(name))
		s.cache.put(name, cands)
	}
	if len(cands) == 0 { // most names screened
		return nil
	}
	best := map[int]Match{}
	for _, c := range cands {
		in := s.names[c.name]
		e := s.entries[in.entry]
		if !e.ActiveOn(d) {
			continue
		}
		score := c.score
		if country != "" && e.Country != "" && !strings.EqualFold(country, e.Country) {
			score -= 0.05
		}
		if score < s.Threshold {
			continue
		}
		if m, ok := best[in.entry]; !ok || score > m.Score {
			best[in.entry] = Match{Entry: e, Score: round3(score), MatchedName: in.name}
		}
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Entry.Name < out[j].Entry.Name
	})
	return out
}

// candidates scores the indexed names that share a block key with n,
// keeping those that could reach the threshold before country penalties.
// Keys shared by many names ("trading", "pac…") are skipped when the name
// has rarer ones: a true match shares a rare word too, because token
// agreement needs most of the words to agree.
func (s *Screener) candidates(n Normalized) []scored {
	keys := blockKeys(n)
	limit := max(200, len(s.names)/50)
	var rare []string
	for _, k := range keys {
		if len(s.byToken[k]) <= limit {
			rare = append(rare, k)
		}
	}
	if len(rare) > 0 {
		keys = rare
	}
	seen := map[int]bool{}
	var out []scored
	for _, k := range keys {
		for _, idx := range s.byToken[k] {
			if seen[idx] {
				continue
			}
			seen[idx] = true
			if sc := Similarity(n, s.names[idx].norm); sc >= s.Threshold {
				out = append(out, scored{idx, sc})
			}
		}
	}
	return out
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// Names returns the number of indexed names (entries and aliases).
func (s *Screener) Names() int { return len(s.names) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
