package party

import (
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
	if a.Joined == b.Joined {
		return 1
	}
	// Whole-string similarity catches typos that split or join words
	// ("Jinxin" / "jin xin"); it only counts when very close, because
	// Jaro-Winkler rewards shared prefixes ("Lockwood" / "Lockheed").
	whole := 0.0
	// Jaro-Winkler cannot reach 0.95 when the shorter string is under 3/4 of
	// the longer: Jaro ≤ (2 + r)/3 and the prefix boost adds ≤ 0.4·(1 − Jaro).
	if la, lb := len(a.Joined), len(b.Joined); 4*min(la, lb) >= 3*max(la, lb) {
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
