package catalog

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"orewatch/internal/core"
)

// ListInfo describes one restricted-party list.
type ListInfo struct {
	Code   string `json:"code"`
	NameZh string `yaml:"name_zh" json:"name_zh"`
	Effect string `yaml:"effect" json:"effect"`
}

type listsFile struct {
	Lists         map[string]ListInfo `yaml:"lists"`
	Announcements []listAnnouncement  `yaml:"announcements"`
	Changes       []listChange        `yaml:"changes"`
}

// listChange is a later announcement setting listings aside or back:
// suspend (from Date to Until, inclusive), lift (from Date, no end),
// restore (a lift or suspension ends on Date); a suspension announced
// without an end has none. It covers every entry of
// the announcements it names, or the entries it names by name.
type listChange struct {
	ID         string    `yaml:"id"`
	Date       core.Date `yaml:"date"`
	Kind       string    `yaml:"kind"`
	Until      core.Date `yaml:"until"`
	AppliesTo  []string  `yaml:"applies_to"`
	Entries    []string  `yaml:"entries"`
	SourceURLs []string  `yaml:"source_urls"`
	Note       string    `yaml:"note"`
}

// LoadEntityLists returns the restricted-party lists OreWatch ships: each entry
// listed from its announcement's date, with the announcement as reference.
func LoadEntityLists(fsys fs.FS) ([]ListInfo, []*core.ListEntry, error) {
	var f listsFile
	if err := decodeStrict(fsys, "catalog/entity-lists.yaml", &f); err != nil {
		return nil, nil, err
	}
	return buildLists(f, "catalog/entity-lists.yaml")
}

// changeError is a change that cannot be applied, by its place in the file.
type changeError struct {
	index int
	id    string
	cause error
}

func (e *changeError) Error() string { return e.cause.Error() }

func checkAnnouncement(a listAnnouncement, lists map[string]ListInfo) error {
	if _, ok := lists[a.List]; !ok {
		return fmt.Errorf("names unknown list %q", a.List)
	}
	if a.Date.IsZero() || len(a.SourceURLs) == 0 {
		return fmt.Errorf("(%s) needs a date and a source", a.ID)
	}
	if a.Complete && len(a.Entries) != a.Count {
		return fmt.Errorf("(%s) is marked complete with %d of the %d entries it announces", a.ID, len(a.Entries), a.Count)
	}
	for j, e := range a.Entries {
		if e.NameZh == "" && e.NameEn == "" {
			return fmt.Errorf("(%s) entry %d has no name", a.ID, j+1)
		}
	}
	return nil
}

// buildLists makes the entries of the lists' announcements, with their
// later changes recorded on them.
func buildLists(f listsFile, file string) ([]ListInfo, []*core.ListEntry, error) {
	var infos []ListInfo
	for code, li := range f.Lists {
		li.Code = code
		infos = append(infos, li)
	}
	slices.SortFunc(infos, func(a, b ListInfo) int { return strings.Compare(a.Code, b.Code) })
	var out []*core.ListEntry
	byAnnouncement := map[string][]*core.ListEntry{}
	for i, a := range f.Announcements {
		if err := checkAnnouncement(a, f.Lists); err != nil {
			return nil, nil, fmt.Errorf("%s: announcement %d %w", file, i+1, err)
		}
		for _, e := range a.Entries {
			le := &core.ListEntry{List: a.List, Name: e.NameZh, Country: e.Country, ListedOn: a.Date,
				Reference: strings.TrimSpace(fmt.Sprintf("%s %s %s", a.ID, a.Date, a.SourceURLs[0]))}
			if le.Name == "" {
				le.Name = e.NameEn
			} else if e.NameEn != "" {
				le.Aliases = []string{e.NameEn}
			}
			le.Aliases = append(le.Aliases, e.Aliases...)
			out = append(out, le)
			if a.ID != "" {
				byAnnouncement[a.ID] = append(byAnnouncement[a.ID], le)
			}
		}
	}
	for i, c := range f.Changes {
		if err := applyChange(c, byAnnouncement, out); err != nil {
			return nil, nil, fmt.Errorf("%s: change %d (%s): %w", file, i+1, c.ID, &changeError{index: i, id: c.ID, cause: err})
		}
	}
	return infos, out, nil
}

// applyChange records a change on the entries it covers.
func applyChange(c listChange, byAnnouncement map[string][]*core.ListEntry, all []*core.ListEntry) error {
	if c.ID == "" || c.Date.IsZero() || len(c.SourceURLs) == 0 {
		return fmt.Errorf("needs an id, a date and a source")
	}
	var targets []*core.ListEntry
	for _, id := range c.AppliesTo {
		es, ok := byAnnouncement[id]
		if !ok {
			return fmt.Errorf("applies_to names %q, which is no announcement with entries", id)
		}
		targets = append(targets, es...)
	}
	for _, name := range c.Entries {
		n := len(targets)
		for _, e := range all {
			if e.Name == name || slices.Contains(e.Aliases, name) {
				targets = append(targets, e)
			}
		}
		if len(targets) == n {
			return fmt.Errorf("entries names %q, which no announcement lists", name)
		}
	}
	if len(targets) == 0 {
		return fmt.Errorf("covers no entry: give applies_to or entries")
	}
	for _, e := range targets {
		if c.Date.Before(e.ListedOn) {
			return fmt.Errorf("dated %s, before %s was listed (%s)", c.Date, e.Name, e.ListedOn)
		}
		switch c.Kind {
		case "suspend":
			if !c.Until.IsZero() && c.Until.Before(c.Date) {
				return fmt.Errorf("a suspension ends (%s) before it starts", c.Until)
			}
			l := core.Lapse{From: c.Date, Kind: c.Kind, By: c.ID}
			if !c.Until.IsZero() {
				l.Until = c.Until.AddDays(1)
			}
			e.Lapses = append(e.Lapses, l)
		case "lift", "remove":
			e.Lapses = append(e.Lapses, core.Lapse{From: c.Date, Kind: "lift", By: c.ID})
		case "restore":
			// Whatever set the listing aside ends the day before.
			restored := false
			for i, l := range e.Lapses {
				if l.Covers(c.Date) {
					e.Lapses[i].Until, restored = c.Date, true
				}
			}
			if !restored {
				return fmt.Errorf("restores %s, whose listing was not set aside on %s", e.Name, c.Date)
			}
		default:
			return fmt.Errorf("unknown kind %q: suspend, lift, remove or restore", c.Kind)
		}
	}
	return nil
}
