package catalog

import (
	"fmt"
	"io/fs"

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
		List      string    `yaml:"list"`
		Date      core.Date `yaml:"date"`
		Count     int       `yaml:"count"`
		Complete  bool      `yaml:"complete"`
		SourceURL string    `yaml:"source_url"`
		Note      string    `yaml:"note"`
		Entries   []struct {
			NameZh      string `yaml:"name_zh"`
			NameEn      string `yaml:"name_en"`
			EnglishFrom string `yaml:"english_from"`
			Country     string `yaml:"country"`
			// Aliases are other names the entity goes by: its registered
			// name in its own language (declarations to Japan write
			// 株式会社IHIマスターメタル, not IHI主要金属株式会社), acronyms.
			Aliases []string `yaml:"aliases"`
		} `yaml:"entries"`
	} `yaml:"announcements"`
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
	for i, a := range f.Announcements {
		if _, ok := f.Lists[a.List]; !ok {
			return nil, nil, fmt.Errorf("catalog/entity-lists.yaml: announcement %d names unknown list %q", i+1, a.List)
		}
		if a.Date.IsZero() || a.SourceURL == "" {
			return nil, nil, fmt.Errorf("catalog/entity-lists.yaml: announcement %d needs a date and a source", i+1)
		}
		for _, e := range a.Entries {
			le := &core.ListEntry{List: a.List, Name: e.NameZh, Country: e.Country, ListedOn: a.Date,
				Reference: fmt.Sprintf("%s %s", a.Date, a.SourceURL)}
			if le.Name == "" {
				le.Name = e.NameEn
			} else if e.NameEn != "" {
				le.Aliases = []string{e.NameEn}
			}
			le.Aliases = append(le.Aliases, e.Aliases...)
			out = append(out, le)
		}
	}
	return infos, out, nil
}
