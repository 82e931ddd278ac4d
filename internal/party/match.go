package party

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

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
	// max is how many names it keeps (maxCached when zero).
	max int64
}

// maxCached bounds the names a Screener remembers in a batch analysis.
const maxCached = 65_536

// maxCachedLive bounds them in a server, whose names come one request at
// a time: at the soak test's rate (nine new names a second) 65,536 took
// two hours to fill, and the server's memory rose for all of them.
const maxCachedLive = 4_096

func (c *candidates) get(name string) ([]scored, bool) {
	v, ok := c.m.Load(name)
	if !ok {
		return nil, false
	}
	return v.([]scored), true
}

func (c *candidates) put(name string, v []scored) {
	limit := c.max
	if limit <= 0 {
		limit = maxCached
	}
	if c.n.Add(1) > limit {
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
		if sk := skeleton(t); len(sk) >= 3 {
			add("k:" + sk) // Qaddafi / Gaddafi
		}
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
		// A division or branch in parentheses qualifies the company it
		// follows: "Lockheed Martin Corp (Missiles and Fire Control)" is
		// Lockheed Martin's.
		if bare := withoutAside(name); bare != "" && bare != name {
			cands = bestOf(cands, s.candidates(Normalize(bare)))
		}
		// "Land Systems Division, General Dynamics" is General Dynamics
		// Land Systems; "Leidos Holdings" and 莱多斯控股 the holding of
		// Leidos (莱多斯): the group's own name.
		unit, company := divisionFirst(name)
		for _, v := range [...]string{unit, company, withoutHolding(name)} {
			if v != "" && v != name {
				cands = bestOf(cands, s.candidates(Normalize(v)))
			}
		}
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
	// Fully ordered: one name is often on two lists (the control list and
	// the unreliable entity list), and which comes first must not depend
	// on map order — it names the alert's list.
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Entry.Name != b.Entry.Name {
			return a.Entry.Name < b.Entry.Name
		}
		if a.Entry.List != b.Entry.List {
			return a.Entry.List < b.Entry.List
		}
		if c := a.Entry.ListedOn.Compare(b.Entry.ListedOn); c != 0 {
			return c < 0
		}
		if a.MatchedName != b.MatchedName {
			return a.MatchedName < b.MatchedName
		}
		return a.Entry.Reference < b.Entry.Reference // the shipped entry and a bundle's copy of it
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
			} else if facilityOf(n, s.names[idx].norm) {
				out = append(out, scored{idx, facilityScore})
			}
		}
	}
	return out
}

// facilityScore is a facility of a listed entity's: above the alert
// threshold, below the score that makes a controlled export red, so an
// officer reviews it.
const facilityScore = 0.9

// facilityWords end the name of a place an organisation works at, not of
// another organisation ("Land Systems" is a company; "Space Center" a
// site).
var facilityWords = map[string]bool{"center": true, "centre": true, "campus": true, "branch": true, "office": true, "site": true,
	"station": true, "laboratory": true, "laboratories": true, "lab": true, "labs": true, "plant": true, "works": true, "facility": true,
	"base": true, "中心": true, "分部": true, "分公司": true, "基地": true, "工厂": true, "实验室": true}

// facilityOf says name is a site of the listed one: its words begin
// with all of the listed name's (two words at least, or one of four
// letters or more: JAXA), and what follows — three words at most — ends
// in a facility word ("JAXA Tsukuba Space Center").
func facilityOf(name, listed Normalized) bool {
	lw, nw := listed.Words, name.Words
	if len(lw) == 0 || len(nw) <= len(lw) || len(nw)-len(lw) > 3 {
		return false
	}
	if len(lw) == 1 && len([]rune(lw[0])) < 4 {
		return false
	}
	for i, w := range lw {
		if nw[i] != w {
			return false
		}
	}
	return facilityWords[nw[len(nw)-1]]
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// Names returns the number of indexed names (entries and aliases).
func (s *Screener) Names() int { return len(s.names) }

// reAside is a parenthetical: (…), （…）, […], 【…】.
var reAside = regexp.MustCompile(`\s*[(（\[【][^()（）\[\]【】]*[)）\]】]\s*`)

// withoutAside is a name with its parentheticals taken out.
func withoutAside(name string) string {
	return strings.Join(strings.Fields(reAside.ReplaceAllString(name, " ")), " ")
}

// reDivision is a unit named before its company: "Land Systems Division,
// General Dynamics", "Missiles Division of Raytheon", "X, a division of Y".
var reDivision = regexp.MustCompile(`(?i)^\s*(.+?)\s*,?\s+(?:a\s+)?(?:division|div\.|branch|business unit)\s*(?:,|\bof\b)\s*(.+?)\s*$`)

// divisionFirst is a unit's name written company first ("General Dynamics
// Land Systems"), and its company's ("General Dynamics"), as a division in
// parentheses is its company's; "" when the name names no unit before its
// company.
func divisionFirst(name string) (unit, company string) {
	m := reDivision.FindStringSubmatch(name)
	if m == nil {
		return "", ""
	}
	company = strings.TrimSpace(m[2])
	return company + " " + strings.TrimSpace(m[1]), company
}

// reHolding is a holding company's word after the group's name, before
// any legal form: Holdings, Holding, 控股, 控股集团.
var reHolding = regexp.MustCompile(`(?i)(?:\s+holdings?\b|控股(?:集团)?)`)

// withoutHolding is the name without its holding word, "" when it has
// none.
func withoutHolding(name string) string {
	if !reHolding.MatchString(name) {
		return ""
	}
	return strings.Join(strings.Fields(reHolding.ReplaceAllString(name, " ")), " ")
}

// bestOf merges two candidate lists, each name at its higher score.
func bestOf(a, b []scored) []scored {
	at := make(map[int]int, len(a))
	for i, c := range a {
		at[c.name] = i
	}
	for _, c := range b {
		if i, ok := at[c.name]; ok {
			a[i].score = max(a[i].score, c.score)
			continue
		}
		at[c.name] = len(a)
		a = append(a, c)
	}
	return a
}
