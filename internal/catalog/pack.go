package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"orewatch/internal/core"
)

// A Pack changes the catalogue without a new release: a new announcement,
// a suspension extended or ended early, a measure superseded, a list
// announcement or a change to listings. The shipped data is the first
// pack; later ones apply in the order they were applied, each validated
// against everything before it. docs/reference-data.md shows the format.
type Pack struct {
	Header PackHeader `yaml:"pack"`
	// Measures are new announcements, in the schema of measures.yaml. One
	// with `replace: true` takes the place of the measure of its id (a
	// transcription completed); without it, a known id is an error.
	Measures []*PackMeasure `yaml:"measures"`
	// Suspensions add a window to a measure, or to one article's
	// destination rule; a window starting on the day one already starts
	// moves that window's end (extended, or ended early).
	Suspensions []PackSuspension `yaml:"suspensions"`
	// Ends supersede a measure from a day.
	Ends []PackEnd `yaml:"ends"`
	// Lists, Announcements and Changes are sections of entity-lists.yaml.
	Lists         map[string]ListInfo `yaml:"lists"`
	Announcements []listAnnouncement  `yaml:"announcements"`
	Changes       []listChange        `yaml:"changes"`

	SHA256 string `yaml:"-"`
	Name   string `yaml:"-"` // where it was read from, for errors
	Body   []byte `yaml:"-"`
	lines  map[string][]int
}

// PackHeader names a pack and cites what it transcribes.
type PackHeader struct {
	ID        string    `yaml:"id" json:"id"`
	TitleZh   string    `yaml:"title_zh" json:"title_zh"`
	TitleEn   string    `yaml:"title_en" json:"title_en"`
	Published core.Date `yaml:"published" json:"published"`
	Sources   []string  `yaml:"sources" json:"sources"`
	Note      string    `yaml:"note" json:"note,omitempty"`
}

// PackMeasure is a measure a pack adds or replaces.
type PackMeasure struct {
	Measure `yaml:",inline"`
	Replace bool `yaml:"replace"`
}

// PackSuspension sets a measure (or its article's rule) aside for a window.
type PackSuspension struct {
	Measure string    `yaml:"measure" json:"measure"`
	Article int       `yaml:"article" json:"article,omitempty"`
	From    core.Date `yaml:"from" json:"from"`
	To      core.Date `yaml:"to" json:"to"`
	By      string    `yaml:"by" json:"by"`
}

// PackEnd supersedes a measure from On.
type PackEnd struct {
	Measure string    `yaml:"measure" json:"measure"`
	On      core.Date `yaml:"on" json:"on"`
	By      string    `yaml:"by" json:"by"`
}

type listAnnouncement struct {
	// ID names the announcement (MOFCOM-2025-21, UEL-2025-2) for the
	// changes that refer to it.
	ID         string       `yaml:"id"`
	List       string       `yaml:"list"`
	Date       core.Date    `yaml:"date"`
	Count      int          `yaml:"count"`
	Complete   bool         `yaml:"complete"`
	SourceURLs []string     `yaml:"source_urls"`
	Note       string       `yaml:"note"`
	Entries    []listedName `yaml:"entries"`
}

type listedName struct {
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
}

// MaxPackBytes bounds one pack: the whole shipped catalogue is under 150 KB.
const MaxPackBytes = 4 << 20

// PackError is a pack that cannot be applied, at the line that says why.
type PackError struct {
	Name string // the pack's file name or id
	Line int    // 0 when the problem is the pack as a whole
	Err  error
}

func (e *PackError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d: %v", e.Name, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Name, e.Err)
}

func (e *PackError) Unwrap() error { return e.Err }

// ParsePack reads a pack and checks what it can on its own: known fields,
// a header with an id, a date and a source, well-formed windows. What it
// refers to is checked when it is applied (Build).
func ParsePack(name string, body []byte) (*Pack, error) {
	if len(body) > MaxPackBytes {
		return nil, &PackError{Name: name, Err: fmt.Errorf("%d bytes, more than a pack may hold (%d)", len(body), MaxPackBytes)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(body, &root); err != nil {
		return nil, &PackError{Name: name, Err: yamlErr(err)}
	}
	p := &Pack{Name: name, Body: body}
	dec := yaml.NewDecoder(bytes.NewReader(body))
	dec.KnownFields(true)
	if err := dec.Decode(p); err != nil {
		return nil, &PackError{Name: name, Line: locate(&root), Err: yamlErr(err)}
	}
	sum := sha256.Sum256(body)
	p.SHA256 = hex.EncodeToString(sum[:])
	p.lines = sectionLines(&root)
	h := p.Header
	bad := func(section string, i int, format string, args ...any) error {
		return &PackError{Name: name, Line: p.line(section, i), Err: fmt.Errorf(format, args...)}
	}
	switch {
	case strings.TrimSpace(h.ID) == "":
		return nil, bad("pack", -1, "pack.id is required")
	case strings.ContainsAny(h.ID, " /\\?#"):
		return nil, bad("pack", -1, "pack.id %q: letters, digits, dots and dashes only", h.ID)
	case h.Published.IsZero():
		return nil, bad("pack", -1, "pack.published (YYYY-MM-DD) is required")
	case len(h.Sources) == 0:
		return nil, bad("pack", -1, "pack.sources: a pack cites the announcement it transcribes")
	}
	if len(p.Measures)+len(p.Suspensions)+len(p.Ends)+len(p.Lists)+len(p.Announcements)+len(p.Changes) == 0 {
		return nil, bad("pack", -1, "the pack changes nothing: give measures, suspensions, ends, announcements or changes")
	}
	for i, s := range p.Suspensions {
		switch {
		case s.Measure == "":
			return nil, bad("suspensions", i, "suspension %d: measure is required", i+1)
		case s.From.IsZero() || s.To.IsZero():
			return nil, bad("suspensions", i, "suspension %d: from and to are required (inclusive dates)", i+1)
		case s.To.Before(s.From):
			return nil, bad("suspensions", i, "suspension %d: ends (%s) before it starts (%s)", i+1, s.To, s.From)
		case s.By == "":
			return nil, bad("suspensions", i, "suspension %d: by (the announcement that suspends) is required", i+1)
		}
	}
	for i, e := range p.Ends {
		if e.Measure == "" || e.On.IsZero() || e.By == "" {
			return nil, bad("ends", i, "end %d: measure, on and by are required", i+1)
		}
	}
	return p, nil
}

// yamlErr keeps the decoder's message, which already names the line.
func yamlErr(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return errors.New(strings.Join(te.Errors, "; "))
	}
	return err
}

// locate finds the element a decoding error came from, for the errors
// that do not say their line themselves (a malformed date). 0 when the
// decoder's own message names it.
func locate(root *yaml.Node) int {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return 0
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		var fresh func() any
		switch k.Value {
		case "pack":
			fresh = func() any { return new(PackHeader) }
		case "measures":
			fresh = func() any { return new(PackMeasure) }
		case "suspensions":
			fresh = func() any { return new(PackSuspension) }
		case "ends":
			fresh = func() any { return new(PackEnd) }
		case "announcements":
			fresh = func() any { return new(listAnnouncement) }
		case "changes":
			fresh = func() any { return new(listChange) }
		default:
			continue
		}
		if v.Kind == yaml.SequenceNode {
			for _, el := range v.Content {
				if el.Decode(fresh()) != nil {
					return el.Line
				}
			}
		} else if v.Decode(fresh()) != nil {
			return v.Line
		}
	}
	return 0
}

// sectionLines records the line of the header and of every element of the
// pack's list sections, so that a problem found later names its line.
func sectionLines(root *yaml.Node) map[string][]int {
	out := map[string][]int{}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return out
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		lines := []int{k.Line}
		for _, el := range v.Content {
			lines = append(lines, el.Line)
		}
		out[k.Value] = lines
	}
	return out
}

// line is the line of a section's i-th element (-1: the section itself).
func (p *Pack) line(section string, i int) int {
	ls := p.lines[section]
	if len(ls) == 0 {
		return 0
	}
	if i+1 < len(ls) && i >= 0 {
		return ls[i+1]
	}
	return ls[0]
}

// apply merges the pack into measures already validated.
func (p *Pack) apply(mf *measuresFile, lf *listsFile) error {
	bad := func(section string, i int, format string, args ...any) error {
		return &PackError{Name: p.name(), Line: p.line(section, i), Err: fmt.Errorf(format, args...)}
	}
	byID := func(id string) int {
		return slices.IndexFunc(mf.Measures, func(m *Measure) bool { return m.ID == id })
	}
	for i, pm := range p.Measures {
		if pm == nil {
			return bad("measures", i, "measure %d is empty", i+1)
		}
		m := pm.Measure
		alone := &Catalog{Measures: []*Measure{&m}, byHS: map[string][]*Item{}, byLine: map[string][]*Item{}}
		if err := alone.index(); err != nil {
			return bad("measures", i, "measure %d: %v", i+1, err)
		}
		at := byID(m.ID)
		switch {
		case at >= 0 && !pm.Replace:
			return bad("measures", i, "measure %s is already in the catalogue: set replace: true to replace it, or use suspensions and ends to change its dates", m.ID)
		case at < 0 && pm.Replace:
			return bad("measures", i, "measure %s: replace: true, but no measure has that id", m.ID)
		case at >= 0:
			mf.Measures[at] = &m
		default:
			mf.Measures = append(mf.Measures, &m)
		}
	}
	for i, s := range p.Suspensions {
		at := byID(s.Measure)
		if at < 0 {
			return bad("suspensions", i, "suspension %d: no measure %q", i+1, s.Measure)
		}
		m := mf.Measures[at]
		w := Window{From: s.From, To: s.To, By: s.By}
		if s.Article == 0 {
			m.Suspensions = setWindow(m.Suspensions, w)
			continue
		}
		found := false
		for _, r := range m.Rules { // an article may hold several rules (by goods)
			if r.Article == s.Article {
				r.Suspensions, found = setWindow(r.Suspensions, w), true
			}
		}
		if !found {
			return bad("suspensions", i, "suspension %d: measure %s has no destination rule of article %d", i+1, s.Measure, s.Article)
		}
	}
	for i, e := range p.Ends {
		at := byID(e.Measure)
		if at < 0 {
			return bad("ends", i, "end %d: no measure %q", i+1, e.Measure)
		}
		if m := mf.Measures[at]; e.On.Before(m.Effective) {
			return bad("ends", i, "end %d: %s ends on %s, before it took effect (%s)", i+1, e.Measure, e.On, m.Effective)
		}
		mf.Measures[at].Superseded = &Supersession{By: e.By, On: e.On}
	}
	if lf.Lists == nil {
		lf.Lists = map[string]ListInfo{}
	}
	for code, li := range p.Lists {
		if _, ok := lf.Lists[code]; ok {
			return bad("lists", -1, "list %s is already known", code)
		}
		lf.Lists[code] = li
	}
	for i, a := range p.Announcements {
		if slices.ContainsFunc(lf.Announcements, func(x listAnnouncement) bool { return a.ID != "" && x.ID == a.ID }) {
			return bad("announcements", i, "list announcement %s is already in the catalogue", a.ID)
		}
		if err := checkAnnouncement(a, lf.Lists); err != nil {
			return bad("announcements", i, "announcement %d: %v", i+1, err)
		}
		lf.Announcements = append(lf.Announcements, a)
	}
	lf.Changes = append(lf.Changes, p.Changes...)
	return nil
}

// setWindow adds w, or moves the end of the window that starts the same day.
func setWindow(ws []Window, w Window) []Window {
	if j := slices.IndexFunc(ws, func(x Window) bool { return x.From == w.From }); j >= 0 {
		ws[j] = w
		return ws
	}
	return append(ws, w)
}

func (p *Pack) name() string {
	if p.Name != "" {
		return p.Name
	}
	return p.Header.ID
}

// Build is the catalogue and lists of fsys (the shipped data) with packs
// applied in order. It validates as Load does; a pack's problem is a
// *PackError at the pack's line.
func Build(fsys fs.FS, packs []*Pack) (*Catalog, []ListInfo, []*core.ListEntry, error) {
	var mf measuresFile
	if err := decodeStrict(fsys, "catalog/measures.yaml", &mf); err != nil {
		return nil, nil, nil, err
	}
	var lf listsFile
	if err := decodeStrict(fsys, "catalog/entity-lists.yaml", &lf); err != nil {
		return nil, nil, nil, err
	}
	shippedChanges := len(lf.Changes)
	base, err := shippedDigest(fsys)
	if err != nil {
		return nil, nil, nil, err
	}
	seen := map[string]bool{}
	var changeOwner []*Pack // for each change past the shipped ones, its pack
	for _, p := range packs {
		if seen[p.Header.ID] {
			return nil, nil, nil, &PackError{Name: p.name(), Line: p.line("pack", -1), Err: fmt.Errorf("pack %s is applied already", p.Header.ID)}
		}
		seen[p.Header.ID] = true
		if err := p.apply(&mf, &lf); err != nil {
			return nil, nil, nil, err
		}
		for range p.Changes {
			changeOwner = append(changeOwner, p)
		}
	}
	c, err := fromMeasures(fsys, mf)
	if err != nil {
		return nil, nil, nil, err
	}
	infos, entries, err := buildLists(lf, "catalog/entity-lists.yaml")
	if err != nil {
		var ce *changeError
		if errors.As(err, &ce) && ce.index >= shippedChanges {
			k := ce.index - shippedChanges
			p := changeOwner[k]
			first := slices.Index(changeOwner, p)
			return nil, nil, nil, &PackError{Name: p.name(), Line: p.line("changes", k-first), Err: fmt.Errorf("change %s: %w", ce.id, ce.cause)}
		}
		return nil, nil, nil, err
	}
	c.Version = versionOf(base, packs, c)
	return c, infos, entries, nil
}

// shippedDigest identifies the shipped data: the digest of its files.
func shippedDigest(fsys fs.FS) (string, error) {
	h := sha256.New()
	for _, name := range []string{"catalog/measures.yaml", "catalog/entity-lists.yaml", "catalog/materials.yaml", "catalog/strategic-minerals.yaml"} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", name, err)
		}
		fmt.Fprintf(h, "%s %d\n", name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Version names the catalogue an answer was given by: the shipped data's
// digest and the packs applied on it. ID changes with any of them.
type Version struct {
	ID      string    `json:"id"`
	Shipped string    `json:"shipped"`
	Packs   []PackRef `json:"packs"`
	// Measures and Latest say what it holds: the newest measure's date
	// and id.
	Measures      int    `json:"measures"`
	LatestDate    string `json:"latest_date"`
	LatestMeasure string `json:"latest_measure"`
}

// PackRef names an applied pack by id and checksum.
type PackRef struct {
	ID     string `json:"id"`
	SHA256 string `json:"sha256"`
}

func (v Version) String() string {
	if len(v.Packs) == 0 {
		return v.ID + " (shipped)"
	}
	ids := make([]string, len(v.Packs))
	for i, p := range v.Packs {
		ids[i] = p.ID
	}
	return fmt.Sprintf("%s (shipped + %s)", v.ID, strings.Join(ids, ", "))
}

func versionOf(shipped string, packs []*Pack, c *Catalog) Version {
	h := sha256.New()
	h.Write([]byte(shipped))
	v := Version{Shipped: shipped[:12], Packs: []PackRef{}, Measures: len(c.Measures)}
	for _, p := range packs {
		h.Write([]byte(p.SHA256))
		v.Packs = append(v.Packs, PackRef{ID: p.Header.ID, SHA256: p.SHA256})
	}
	v.ID = hex.EncodeToString(h.Sum(nil))[:12]
	for _, m := range c.Measures {
		if e := m.Effective.String(); e >= v.LatestDate {
			v.LatestDate, v.LatestMeasure = e, m.ID
		}
	}
	return v
}
