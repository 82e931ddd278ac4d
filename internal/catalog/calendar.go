package catalog

import (
	"fmt"
	"slices"
	"sort"

	"orewatch/internal/core"
)

// Calendar event kinds.
const (
	EventEffective      = "effective"       // a measure starts to apply
	EventSuperseded     = "superseded"      // a later measure replaces it
	EventSuspended      = "suspended"       // a measure or rule stops applying for a while
	EventSuspensionEnds = "suspension_ends" // … and applies again
)

// Event is a day on which the controls' answers change.
type Event struct {
	Date    core.Date `json:"date"`
	Kind    string    `json:"kind"`
	Measure string    `json:"measure"`
	TitleZh string    `json:"title_zh"`
	TitleEn string    `json:"title_en"`
	// Article and Destination name a destination rule; empty for the
	// measure as a whole.
	Article     int    `json:"article,omitempty"`
	Destination string `json:"destination,omitempty"`
	Rule        string `json:"rule,omitempty"`
	// By is the measure that suspends or supersedes.
	By string `json:"by,omitempty"`
	// Groups and HSCodes are what changes answer that day (HS codes of
	// the measure's items, or of its items in the rule's groups).
	Groups  []string `json:"groups,omitempty"`
	HSCodes []string `json:"hs_codes,omitempty"`
}

// Calendar lists, in date order, every day in [from, to] (zero bounds are
// open) on which a measure takes effect or is superseded, or a measure or
// destination rule is suspended or applies again.
func (c *Catalog) Calendar(from, to core.Date) []Event {
	var out []Event
	in := func(d core.Date) bool {
		return (from.IsZero() || !d.Before(from)) && (to.IsZero() || !to.Before(d))
	}
	add := func(e Event) {
		if in(e.Date) {
			out = append(out, e)
		}
	}
	for _, m := range c.Measures {
		base := Event{Measure: m.ID, TitleZh: m.TitleZh, TitleEn: m.TitleEn, Groups: m.groups(), HSCodes: m.hsCodes()}
		e := base
		e.Date, e.Kind = m.Effective, EventEffective
		add(e)
		if m.Superseded != nil {
			e := base
			e.Date, e.Kind, e.By = m.Superseded.On, EventSuperseded, m.Superseded.By
			add(e)
		}
		for _, w := range m.Suspensions {
			e := base
			e.Date, e.Kind, e.By = w.From, EventSuspended, w.By
			add(e)
			e.Date, e.Kind = w.To.AddDays(1), EventSuspensionEnds
			add(e)
		}
		for _, r := range m.Rules {
			// A rule covers its groups' items wherever they are listed.
			rb := Event{Measure: m.ID, TitleZh: m.TitleZh, TitleEn: m.TitleEn, Article: r.Article, Destination: r.Destination, Rule: r.Rule,
				Groups: slices.Sorted(slices.Values(r.Groups)), HSCodes: c.groupHSCodes(r.Groups)}
			if r.Military {
				rb.Rule += " (military end users)"
			}
			for _, w := range r.Suspensions {
				e := rb
				e.Date, e.Kind, e.By = w.From, EventSuspended, w.By
				add(e)
				e.Date, e.Kind = w.To.AddDays(1), EventSuspensionEnds
				add(e)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// groups are the measure's items' groups.
func (m *Measure) groups() []string {
	var gs []string
	for _, it := range m.Items {
		if !slices.Contains(gs, it.Group) {
			gs = append(gs, it.Group)
		}
	}
	sort.Strings(gs)
	return gs
}

// hsCodes are the measure's items' reference HS codes.
func (m *Measure) hsCodes() []string {
	return itemHSCodes(m.Items, nil)
}

// groupHSCodes are the reference HS codes of every item in the groups.
func (c *Catalog) groupHSCodes(groups []string) []string {
	var its []*Item
	for _, m := range c.Measures {
		its = append(its, m.Items...)
	}
	return itemHSCodes(its, groups)
}

func itemHSCodes(its []*Item, groups []string) []string {
	var hs []string
	for _, it := range its {
		if groups != nil && !slices.Contains(groups, it.Group) {
			continue
		}
		for _, h := range it.HSCodes {
			if !slices.Contains(hs, h) {
				hs = append(hs, h)
			}
		}
	}
	sort.Strings(hs)
	return hs
}

// Lapsed are the suspensions that ended in the days before today (within
// days): their rules apply again, and an officer should know whether a
// later announcement extended them — the catalogue cannot know until one
// is recorded.
func (c *Catalog) Lapsed(today core.Date, days int) []Event {
	var out []Event
	for _, e := range c.Calendar(today.AddDays(-days), today) {
		if e.Kind == EventSuspensionEnds {
			out = append(out, e)
		}
	}
	return out
}

// String is the event in a line of English.
func (e Event) String() string {
	what := e.Measure
	if e.Destination != "" {
		what = fmt.Sprintf("%s art. %d (%s, %s)", e.Measure, e.Article, e.Destination, e.Rule)
	}
	switch e.Kind {
	case EventEffective:
		return what + " takes effect"
	case EventSuperseded:
		return what + " is superseded by " + e.By
	case EventSuspended:
		return what + " is suspended by " + e.By
	}
	return what + " applies again: the suspension by " + e.By + " has ended"
}
