// Package catalog is the dated control list: the measures China has
// published on strategic minerals, their controlled items and reference HS
// codes, destination rules and suspensions, and the materials and strategic
// minerals they concern. Every answer is given "as of" a date.
package catalog

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"orewatch/internal/core"
)

// Groups are the mineral groups of the bundle spec, with Chinese names.
var Groups = []Group{
	{"antimony", "锑", "antimony"}, {"gallium", "镓", "gallium"}, {"germanium", "锗", "germanium"},
	{"graphite", "石墨", "graphite"}, {"tungsten", "钨", "tungsten"}, {"tellurium", "碲", "tellurium"},
	{"bismuth", "铋", "bismuth"}, {"molybdenum", "钼", "molybdenum"}, {"indium", "铟", "indium"},
	{"rare-earth", "稀土", "rare earths"}, {"superhard", "超硬材料", "superhard materials"},
	{"lithium-battery", "锂电池", "lithium batteries"}, {"other", "其他", "other"},
}

// Group is a mineral group.
type Group struct{ ID, NameZh, NameEn string }

// IsGroup reports whether id is a known group.
func IsGroup(id string) bool {
	for _, g := range Groups {
		if g.ID == id {
			return true
		}
	}
	return false
}

// Window is an inclusive date range, e.g. a suspension.
type Window struct {
	From core.Date `yaml:"from" json:"from"`
	To   core.Date `yaml:"to" json:"to"`
	By   string    `yaml:"by" json:"by,omitempty"`
}

// Contains reports whether d falls in the window.
func (w Window) Contains(d core.Date) bool { return d.Within(w.From, w.To) }

// Measure is one published announcement.
type Measure struct {
	ID          string             `yaml:"id" json:"id"`
	TitleZh     string             `yaml:"title_zh" json:"title_zh"`
	TitleEn     string             `yaml:"title_en" json:"title_en"`
	Published   core.Date          `yaml:"published" json:"published"`
	Effective   core.Date          `yaml:"effective" json:"effective"`
	Complete    bool               `yaml:"complete" json:"complete"`
	Note        string             `yaml:"note" json:"note,omitempty"`
	Sources     []string           `yaml:"sources" json:"sources"`
	Suspensions []Window           `yaml:"suspensions" json:"suspensions,omitempty"`
	Superseded  *Supersession      `yaml:"superseded" json:"superseded,omitempty"`
	Items       []*Item            `yaml:"items" json:"items,omitempty"`
	Rules       []*DestinationRule `yaml:"destination_rules" json:"destination_rules,omitempty"`
}

// Supersession says a later measure replaced this one from a date.
type Supersession struct {
	By string    `yaml:"by" json:"by"`
	On core.Date `yaml:"on" json:"on"`
}

// InForce reports whether the measure applies on d: on or after its
// effective date, before any supersession, outside its suspensions.
func (m *Measure) InForce(d core.Date) bool {
	if d.Before(m.Effective) {
		return false
	}
	if m.Superseded != nil && !d.Before(m.Superseded.On) {
		return false
	}
	for _, w := range m.Suspensions {
		if w.Contains(d) {
			return false
		}
	}
	return true
}

// Item is a controlled item of a measure.
type Item struct {
	ID          string `yaml:"id" json:"id"`
	Group       string `yaml:"group" json:"group"`
	NameZh      string `yaml:"name_zh" json:"name_zh"`
	NameEn      string `yaml:"name_en" json:"name_en"`
	ControlCode string `yaml:"control_code" json:"control_code,omitempty"`
	// ListCode is the code the unified dual-use list (MOFCOM/GAC 2024
	// No. 51, in force 2024-12-01) gives an item whose own announcement
	// printed none, as the list is reprinted in the licence catalogue
	// (the list's annex itself was not found: docs/reference-data.md).
	// Lookups and the exporters' advice give it, a declared code is
	// checked against it, and remarks that state the goods controlled
	// without any code lack it, as they would lack a ControlCode (three
	// generators written without sight of the code read the spec so).
	ListCode   string   `yaml:"list_code" json:"list_code,omitempty"`
	Parameters string   `yaml:"parameters" json:"parameters,omitempty"`
	Forms      string   `yaml:"forms" json:"forms,omitempty"`
	HSCodes    []string `yaml:"hs_codes" json:"hs_codes"`
	// Described: an item the announcement gives no reference code for
	// (含镝的钕铁硼永磁材料) is recognised by what declarations say of it.
	Described *Description `yaml:"described" json:"described,omitempty"`
	// Thresholds are the parameters the goods must all meet, where the
	// announcement sets them in numbers; Unless are words naming another
	// kind of goods under the same codes (人造 for natural graphite).
	// A declaration that states a value short of one, or uses such a
	// word, is not of the item (Query.Text).
	Thresholds []Threshold `yaml:"thresholds" json:"thresholds,omitempty"`
	Unless     []string    `yaml:"unless" json:"unless,omitempty"`
	Uncertain  string      `yaml:"uncertain" json:"uncertain,omitempty"`
	Measure    *Measure    `yaml:"-" json:"-"`
}

// Description recognises goods as an item from their HS code and their
// name and specification: the code starts with one of HSPrefixes, the
// words mention one of Mentions (and one of Also), and none of Except (a statement that the
// element is absent) stands in them. Words are compared folded
// (Simplified, lower case); a Latin mention of three letters or fewer
// (Dy, Tb) counts only as a word of its own.
type Description struct {
	HSPrefixes []string `yaml:"hs_prefixes" json:"hs_prefixes"`
	Mentions   []string `yaml:"mentions" json:"mentions"`
	// Also: when given, the words must mention one of these too (the
	// magnet is NdFeB, and it holds dysprosium).
	Also   []string `yaml:"also" json:"also,omitempty"`
	Except []string `yaml:"except" json:"except,omitempty"`
}

// Rule kinds, strictest first.
const (
	RuleNone                = "none"
	RuleEnhancedReview      = "enhanced_review"
	RulePresumptionOfDenial = "presumption_of_denial"
	RuleProhibited          = "prohibited"
)

// RuleRank orders rule kinds by strictness.
func RuleRank(r string) int {
	switch r {
	case RuleProhibited:
		return 3
	case RulePresumptionOfDenial:
		return 2
	case RuleEnhancedReview:
		return 1
	}
	return 0
}

// DestinationRule restricts exports of some groups (or, with Military, of
// every controlled item to military end users) to one destination.
type DestinationRule struct {
	Article     int      `yaml:"article" json:"article"`
	Destination string   `yaml:"destination" json:"destination"`
	Military    bool     `yaml:"military" json:"military,omitempty"`
	Groups      []string `yaml:"groups" json:"groups,omitempty"`
	Rule        string   `yaml:"rule" json:"rule"`
	Scope       string   `yaml:"scope" json:"scope"`
	Suspensions []Window `yaml:"suspensions" json:"suspensions,omitempty"`
	Measure     *Measure `yaml:"-" json:"-"`
}

// InForce reports whether the rule applies on d.
func (r *DestinationRule) InForce(d core.Date) bool {
	if !r.Measure.InForce(d) {
		return false
	}
	for _, w := range r.Suspensions {
		if w.Contains(d) {
			return false
		}
	}
	return true
}

// Catalog is the loaded control list.
type Catalog struct {
	Measures  []*Measure
	Materials []*Material
	Minerals  []Mineral
	// MineralsSource cites the strategic minerals catalogue.
	MineralsSource string
	// Version names this catalogue: the shipped data and the packs on it.
	Version Version
	byHS    map[string][]*Item
	// byLine holds the items whose reference code is an 8-digit tariff
	// line (税则号列), as the October 2025 announcements print them: the
	// item is referenced under every 10-digit code of the line.
	byLine map[string][]*Item
	// byLine10 holds the items of each 8-digit line by their 10-digit
	// codes: a line split between an item and the rest (Siblings).
	byLine10  map[string][]*Item
	described []*Item
	// describedPrefix holds every HS prefix of a described item, so that
	// Describes, asked for every declaration item, looks up the few
	// prefixes of a code instead of walking every described item.
	describedPrefix map[string]bool
	// readsText holds the codes and 8-digit lines whose items have
	// thresholds or exceptions read from the goods' words (ReadsText).
	readsText map[string]bool
	// describedHead and textHead mark the 4-digit headings that any
	// described prefix, or any code whose words are read, starts with:
	// Describes and ReadsText are asked for every item of a bundle, and
	// most items' heading has neither, which one array read answers.
	describedHead, textHead *[10000]bool
	material                map[string]*Material
	// byCode holds the items under each control or list code and under
	// every code above it (1C117 holds 1C117.d's item), each item once,
	// in catalogue order: ItemsWithCode is asked for every declared code.
	byCode map[string][]*Item
	// ownCode holds the items whose own code is exactly the key.
	ownCode map[string][]*Item
	// ordinal is each item's place in the catalogue, to merge the two.
	ordinal map[*Item]int
	// strategic remembers IsStrategic's answer by group: each screener
	// asks it for every material, and it folds every mineral's name.
	// Groups are few, so it stays small.
	strategic sync.Map
}

type measuresFile struct {
	Measures []*Measure `yaml:"measures"`
}

// Load reads catalog/*.yaml from fsys and checks it: unknown fields,
// duplicate ids, malformed HS codes, unknown groups and rules, and
// suspension windows that end before they start are all errors.
func Load(fsys fs.FS) (*Catalog, error) {
	c, _, _, err := Build(fsys, nil)
	return c, err
}

// fromMeasures indexes the measures and reads the materials and minerals
// beside them.
func fromMeasures(fsys fs.FS, mf measuresFile) (*Catalog, error) {
	c := &Catalog{Measures: mf.Measures, byHS: map[string][]*Item{}, byLine: map[string][]*Item{}}
	if err := c.index(); err != nil {
		return nil, fmt.Errorf("catalog/measures.yaml: %w", err)
	}
	mats, err := loadMaterials(fsys)
	if err != nil {
		return nil, err
	}
	c.Materials = mats
	c.material = map[string]*Material{}
	for _, m := range mats {
		c.material[m.ID] = m
	}
	if c.Minerals, c.MineralsSource, err = loadMinerals(fsys); err != nil {
		return nil, err
	}
	return c, nil
}

func decodeStrict(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (c *Catalog) index() error {
	seenM := map[string]bool{}
	seenI := map[string]bool{}
	for _, m := range c.Measures {
		if m == nil {
			return fmt.Errorf("an empty measure")
		}
		if m.ID == "" || seenM[m.ID] {
			return fmt.Errorf("measure id %q is empty or repeated", m.ID)
		}
		seenM[m.ID] = true
		if m.Effective.IsZero() || m.Published.IsZero() {
			return fmt.Errorf("measure %s: published and effective dates are required", m.ID)
		}
		if len(m.Sources) == 0 {
			return fmt.Errorf("measure %s: cites no source", m.ID)
		}
		for _, w := range m.Suspensions {
			if w.To.Before(w.From) {
				return fmt.Errorf("measure %s: suspension ends (%s) before it starts (%s)", m.ID, w.To, w.From)
			}
		}
		for _, it := range m.Items {
			if it == nil {
				return fmt.Errorf("measure %s: an empty item", m.ID)
			}
			it.Measure = m
			key := m.ID + "/" + it.ID
			if it.ID == "" || seenI[key] {
				return fmt.Errorf("measure %s: item id %q is empty or repeated", m.ID, it.ID)
			}
			seenI[key] = true
			if !IsGroup(it.Group) {
				return fmt.Errorf("item %s: unknown group %q", key, it.Group)
			}
			if it.NameZh == "" || it.NameEn == "" {
				return fmt.Errorf("item %s: name_zh and name_en are required", key)
			}
			seen := map[string]bool{}
			for _, hs := range it.HSCodes {
				if (len(hs) != 10 && len(hs) != 8) || !digits(hs) {
					return fmt.Errorf("item %s: HS code %q is neither 10 digits nor an 8-digit tariff line", key, hs)
				}
				if seen[hs] {
					return fmt.Errorf("item %s: HS code %s listed twice", key, hs)
				}
				seen[hs] = true
				if len(hs) == 8 {
					c.byLine[hs] = append(c.byLine[hs], it)
				} else {
					c.byHS[hs] = append(c.byHS[hs], it)
					if c.byLine10 == nil {
						c.byLine10 = map[string][]*Item{}
					}
					if !slices.Contains(c.byLine10[hs[:8]], it) {
						c.byLine10[hs[:8]] = append(c.byLine10[hs[:8]], it)
					}
				}
				if len(it.Thresholds) > 0 || len(it.Unless) > 0 {
					if c.readsText == nil {
						c.readsText = make(map[string]bool)
					}
					c.readsText[hs] = true
				}
			}
			for i, t := range it.Thresholds {
				if unitOf(t.Property) == "" {
					return fmt.Errorf("item %s: threshold %d: unknown property %q (purity, density, flexural_strength)", key, i+1, t.Property)
				}
				if (t.Above == 0) == (t.AtLeast == 0) {
					return fmt.Errorf("item %s: threshold %d (%s): give exactly one of above and at_least", key, i+1, t.Property)
				}
			}
			if d := it.Described; d != nil {
				if len(d.HSPrefixes) == 0 || len(d.Mentions) == 0 {
					return fmt.Errorf("item %s: described needs hs_prefixes and mentions", key)
				}
				for _, p := range d.HSPrefixes {
					if len(p) < 4 || len(p) > 10 || !digits(p) {
						return fmt.Errorf("item %s: described HS prefix %q is not 4 to 10 digits", key, p)
					}
				}
				c.described = append(c.described, it)
				if c.describedPrefix == nil {
					c.describedPrefix = make(map[string]bool)
				}
				for _, p := range d.HSPrefixes {
					c.describedPrefix[p] = true
				}
			}
		}
		for _, r := range m.Rules {
			if r == nil {
				return fmt.Errorf("measure %s: an empty destination rule", m.ID)
			}
			r.Measure = m
			if RuleRank(r.Rule) == 0 {
				return fmt.Errorf("measure %s article %d: unknown rule %q", m.ID, r.Article, r.Rule)
			}
			if len(r.Destination) != 2 {
				return fmt.Errorf("measure %s article %d: destination must be an alpha-2 code", m.ID, r.Article)
			}
			if !r.Military && len(r.Groups) == 0 {
				return fmt.Errorf("measure %s article %d: a rule needs groups or military: true", m.ID, r.Article)
			}
			for _, g := range r.Groups {
				if !IsGroup(g) {
					return fmt.Errorf("measure %s article %d: unknown group %q", m.ID, r.Article, g)
				}
			}
			for _, w := range r.Suspensions {
				if w.To.Before(w.From) {
					return fmt.Errorf("measure %s article %d: suspension ends before it starts", m.ID, r.Article)
				}
			}
		}
	}
	sort.SliceStable(c.Measures, func(i, j int) bool { return c.Measures[i].Effective.Before(c.Measures[j].Effective) })
	c.indexCodes()
	c.describedHead, c.textHead = new([10000]bool), new([10000]bool)
	for p := range c.describedPrefix {
		h, _ := heading(p)
		c.describedHead[h], c.textHead[h] = true, true
	}
	for hs := range c.readsText {
		h, _ := heading(hs)
		c.textHead[h] = true
	}
	return nil
}

// indexCodes builds byCode, ownCode and ordinal from the measures in
// their final order.
func (c *Catalog) indexCodes() {
	c.byCode, c.ownCode, c.ordinal = map[string][]*Item{}, map[string][]*Item{}, map[*Item]int{}
	add := func(m map[string][]*Item, k string, it *Item) {
		if l := m[k]; len(l) == 0 || l[len(l)-1] != it {
			m[k] = append(l, it)
		}
	}
	for _, m := range c.Measures {
		for _, it := range m.Items {
			c.ordinal[it] = len(c.ordinal)
			for _, ic := range []string{strings.ToLower(it.ControlCode), strings.ToLower(it.ListCode)} {
				if ic == "" {
					continue
				}
				add(c.ownCode, ic, it)
				for p := ic; ; {
					add(c.byCode, p, it)
					i := strings.LastIndexByte(p, '.')
					if i < 0 {
						break
					}
					p = p[:i]
				}
			}
		}
	}
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// ItemsWithCode returns the items, of any measure, whose control code
// (or list code) is code or a sub-item of it is code (1C117.d names
// 1C117's items too).
func (c *Catalog) ItemsWithCode(code string) []*Item {
	code = strings.ToLower(code)
	out := slices.Clone(c.byCode[code]) // the code's own items and its sub-items'
	// Items whose code is above the one asked for (1C117 for 1C117.d).
	for p := code; ; {
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
		for _, it := range c.ownCode[p] {
			if !slices.Contains(out, it) {
				out = append(out, it)
			}
		}
	}
	slices.SortFunc(out, func(a, b *Item) int { return c.ordinal[a] - c.ordinal[b] })
	return out
}

// Measure returns the measure with the given id.
func (c *Catalog) Measure(id string) (*Measure, bool) {
	for _, m := range c.Measures {
		if strings.EqualFold(m.ID, id) {
			return m, true
		}
	}
	return nil, false
}

// Timeline returns the measures in effective-date order, optionally only
// those with items or rules of one group.
func (c *Catalog) Timeline(group string) []*Measure {
	var out []*Measure
	for _, m := range c.Measures {
		if group == "" || m.touches(group) {
			out = append(out, m)
		}
	}
	return out
}

// GroupControlledOn reports whether a measure with items or rules of the
// group is in force on day; covered says whether any measure has them
// at all (a group whose items are still to be transcribed has none).
func (c *Catalog) GroupControlledOn(group string, day core.Date) (inForce, covered bool) {
	for _, m := range c.Measures {
		if m.touches(group) {
			covered = true
			if m.InForce(day) {
				return true, true
			}
		}
	}
	return false, covered
}

func (m *Measure) touches(group string) bool {
	for _, it := range m.Items {
		if it.Group == group {
			return true
		}
	}
	for _, r := range m.Rules {
		for _, g := range r.Groups {
			if g == group {
				return true
			}
		}
	}
	return false
}
