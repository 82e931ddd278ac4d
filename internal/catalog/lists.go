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
	Announcements []struct {
		// ID names the announcement (MOFCOM-2025-21, UEL-2025-2) for the
		// changes that refer to it.
		ID         string    `yaml:"id"`
		List       string    `yaml:"list"`
		Date       core.Date `yaml:"date"`
		Count      int       `yaml:"count"`
		Complete   bool      `yaml:"complete"`
		SourceURLs []string  `yaml:"source_urls"`
		Note       string    `yaml:"note"`
		Entries    []struct {
			NameZh      string `yaml:"name_zh"`
			NameEn      string `yaml:"name_en"`
			EnglishFrom string `yaml:"english_from"`
			Country     string `yaml:"country"`
			// Aliases are other names the entity goes by: its registered
			// name in its own language (declarations to Japan write
			// 株式会社IHIマスターメタル, not IHI主要金属株式会社), acronyms.
			Aliases []string `yaml:"aliases"`
			// Uncertain says what of the entry could not be read.
			Uncertain string `yaml:"uncertain"`
		} `yaml:"entries"`
	} `yaml:"announcements"`
	Changes []listChange `yaml:"changes"`
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

// EntityLists returns the restricted-party lists OreWatch ships: each entry
// listed from its announcement's date, with the announcement as reference.
func LoadEntityLists(fsys fs.FS) ([]ListInfo, []*core.ListEntry, error) {
	var f listsFile
	if err := decodeStrict(fsys, "catalog/entity-lists.yaml", &f); err != nil {
		return nil, nil, err
	}
	var infos []ListInfo
	for code, li := range f.Lists {
		li.Code = code
		infos = append(infos, li)
	}
	var out []*core.ListEntry
	byAnnouncement := map[string][]*core.ListEntry{}
	for i, a := range f.Announcements {
		if _, ok := f.Lists[a.List]; !ok {
			return nil, nil, fmt.Errorf("catalog/entity-lists.yaml: announcement %d names unknown list %q", i+1, a.List)
		}
		if a.Date.IsZero() || len(a.SourceURLs) == 0 {
			return nil, nil, fmt.Errorf("catalog/entity-lists.yaml: announcement %d (%s) needs a date and a source", i+1, a.ID)
		}
		if a.Complete && len(a.Entries) != a.Count {
			return nil, nil, fmt.Errorf("catalog/entity-lists.yaml: announcement %d (%s) is marked complete with %d of the %d entries it announces", i+1, a.ID, len(a.Entries), a.Count)
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
			return nil, nil, fmt.Errorf("catalog/entity-lists.yaml: change %d (%s): %w", i+1, c.ID, err)
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
