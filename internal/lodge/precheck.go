// Package lodge judges one declaration as it is lodged, against what the
// store holds at that moment: its ledger, licences and their drawdown, the
// restricted-party lists. A pre-check stores nothing.
package lodge

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/party"
	"orewatch/internal/screen"
)

// Deps are what a pre-check consults.
type Deps struct {
	Store   core.Store
	Catalog *catalog.Catalog
	// Lists are the restricted-party lists in force: the shipped ones and
	// the store's.
	Lists func() []*core.ListEntry
	// Screener, when set, is the party screener over Lists' entries (a
	// server keeps one; without it each declaration builds its own).
	Screener func() *party.Screener
	// Detectors, when set, judge each declaration with the smuggling
	// detectors of the batch analysis (package live); without them a
	// lodging gets the rule checks alone.
	Detectors Detectors
}

// Detectors are the live smuggling detectors.
type Detectors interface {
	// Judge runs the detectors on a declaration about to be stored, with
	// the stored declarations it shares a population with.
	// Its alerts are those on parties and enterprises that name this
	// declaration among their evidence.
	Judge(items []*core.DeclarationItem) ([]core.Finding, []*core.Alert)
	// Stored records a declaration's items once they are stored (an
	// amendment's replace the earlier version's).
	Stored(items []*core.DeclarationItem)
}

// Problem is one thing wrong with a request, at a JSON pointer.
type Problem struct {
	Pointer string `json:"pointer"`
	Message string `json:"message"`
}

// Invalid is a request that could not be read as a declaration (or, with
// What set, a licence); nothing was stored or screened.
type Invalid struct {
	Problems []Problem
	What     string // "declaration" when empty
}

func (e *Invalid) Error() string {
	what := e.What
	if what == "" {
		what = "declaration"
	}
	if len(e.Problems) == 0 {
		return "invalid " + what
	}
	return fmt.Sprintf("invalid %s: %s: %s (and %d more)", what, e.Problems[0].Pointer, e.Problems[0].Message, len(e.Problems)-1)
}

// AllProblems flattens rejected rows with every problem each row had.
func allProblems(rejected []bundle.Rejected) []bundle.Rejected {
	var out []bundle.Rejected
	for _, r := range rejected {
		out = append(out, r)
		out = append(out, r.More...)
	}
	return out
}

// Finding is a finding as declarations.jsonl writes it.
type Finding struct {
	Code      string         `json:"code"`
	Severity  string         `json:"severity"`
	ItemNo    int            `json:"item_no"`
	Message   string         `json:"message"`
	MessageZh string         `json:"message_zh"`
	Evidence  map[string]any `json:"evidence"`
	// Channel and Weight are what the finding contributes to the
	// declaration's channel and score (screen.Grade), kept so that a
	// stored answer can be graded again with findings added later.
	Channel string  `json:"channel"`
	Weight  float64 `json:"weight"`
}

func findingOf(f core.Finding) Finding {
	return Finding{Code: f.Code, Severity: f.Severity, ItemNo: f.ItemNo, Message: f.Message, MessageZh: f.MessageZh,
		Evidence: f.Evidence, Channel: f.Channel, Weight: f.Weight}
}

func (f Finding) core() core.Finding {
	return core.Finding{Code: f.Code, Severity: f.Severity, ItemNo: f.ItemNo, Message: f.Message, MessageZh: f.MessageZh,
		Evidence: f.Evidence, Channel: f.Channel, Weight: f.Weight}
}

// Answer is what a pre-check says of a declaration.
type Answer struct {
	DeclarationNo string    `json:"declaration_no"`
	Channel       string    `json:"channel"`
	Score         int       `json:"score"`
	Findings      []Finding `json:"findings"`
	// AsOf is the day the controls were read for: the declaration's.
	AsOf string `json:"as_of"`
	// Catalogue says which control list answered: its newest measure.
	Catalogue CatalogueVersion `json:"catalogue"`
}

// CatalogueVersion names the control list a check was made against.
type CatalogueVersion struct {
	// ID is the catalogue's version (catalog.Version: the shipped data
	// and the packs applied on it); Packs name those packs.
	ID            string   `json:"id"`
	Packs         []string `json:"packs"`
	Measures      int      `json:"measures"`
	LatestMeasure string   `json:"latest_measure"`
	LatestDate    string   `json:"latest_effective"`
}

// itemsKey is the request's list of items; every other key is a header
// field shared by the items.
const itemsKey = "items"

// Parse reads a declaration sent as JSON: the header fields of
// declarations.csv (declaration_no … licence_no, in English, 简体 or 繁體)
// and "items", objects with item_no and the item columns from hs_code on.
// Values may be strings or numbers. Every problem is reported at its JSON
// pointer.
func Parse(body []byte) ([]*core.DeclarationItem, error) {
	var req map[string]json.RawMessage
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, &Invalid{Problems: []Problem{{"", "not a JSON object: " + err.Error()}}}
	}
	var probs []Problem
	header := map[string]string{}
	for k, v := range req {
		if k == itemsKey {
			continue
		}
		s, err := bundle.JSONCell(v)
		if err != nil {
			probs = append(probs, Problem{"/" + k, err.Error()})
			continue
		}
		header[k] = s
	}
	var rawItems []map[string]json.RawMessage
	if err := json.Unmarshal(req[itemsKey], &rawItems); err != nil || len(rawItems) == 0 {
		probs = append(probs, Problem{"/" + itemsKey, "a declaration has one or more items: objects with item_no, hs_code, goods_name, quantity, unit…"})
	}
	items := make([]map[string]string, len(rawItems))
	for i, it := range rawItems {
		items[i] = map[string]string{}
		for k, v := range it {
			s, err := bundle.JSONCell(v)
			if err != nil {
				probs = append(probs, Problem{fmt.Sprintf("/%s/%d/%s", itemsKey, i, k), err.Error()})
				continue
			}
			items[i][k] = s
		}
	}
	if len(probs) > 0 {
		return nil, &Invalid{Problems: probs}
	}
	// One header for every row: the header fields, then each item field.
	var cols []string
	for k := range header {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	var itemCols []string
	for _, it := range items {
		for k := range it {
			if _, shared := header[k]; !shared && !slices.Contains(itemCols, k) {
				itemCols = append(itemCols, k)
			}
		}
	}
	sort.Strings(itemCols)
	cols = append(cols, itemCols...)
	rows := make([][]string, len(items))
	for i, it := range items {
		row := make([]string, len(cols))
		for j, c := range cols {
			if v, ok := it[c]; ok {
				row[j] = v
			} else {
				row[j] = header[c]
			}
		}
		rows[i] = row
	}
	ds, rejected, err := bundle.DeclarationRows("request", cols, rows)
	if err != nil {
		return nil, err
	}
	for _, r := range allProblems(rejected) {
		for _, col := range strings.Split(r.Column, ",") {
			ptr := "/" + itemsKey + "/" + strconv.Itoa(r.Line-1) + "/" + col
			if _, shared := header[col]; shared || col == "" {
				ptr = "/" + col
			}
			probs = append(probs, Problem{ptr, r.Reason})
		}
	}
	if len(probs) > 0 {
		return nil, &Invalid{Problems: dedupe(probs)}
	}
	for _, d := range ds[1:] {
		if d.DeclarationNo != ds[0].DeclarationNo {
			return nil, &Invalid{Problems: []Problem{{"/declaration_no", "every item belongs to one declaration"}}}
		}
	}
	return ds, nil
}

func dedupe(ps []Problem) []Problem {
	seen := map[Problem]bool{}
	var out []Problem
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// PreCheck screens one declaration as the checks of an analysis would,
// against the store as it is: the exporter's and producer's ledger
// entries, the licence and what the store's declarations have drawn on it
// before, the restricted-party lists. It stores nothing.
func PreCheck(ctx context.Context, d Deps, items []*core.DeclarationItem) (*Answer, error) {
	in, stored, err := inputs(ctx, d, d.Store, items, true, nil)
	if err != nil {
		return nil, err
	}
	rs := screen.New(in).Run(append(stored, items...))
	no := items[0].DeclarationNo
	for _, r := range rs {
		if r.DeclarationNo != no {
			continue
		}
		a := &Answer{DeclarationNo: no, Channel: r.Channel, Score: r.Score, Findings: []Finding{}, AsOf: items[0].DeclaredAt.String(),
			Catalogue: catalogueVersion(d.Catalog)}
		for _, f := range r.Findings {
			a.Findings = append(a.Findings, findingOf(f))
		}
		return a, nil
	}
	return nil, fmt.Errorf("pre-check: declaration %s not screened", no)
}

// inputs reads what the checks need of the store for these items, and
// not more: the two ledger entries, the licences they name, and (with
// withDrawn) the stored items drawn on those licences (this declaration's own stored
// items left out, so that checking it again does not count it twice).
func inputs(ctx context.Context, d Deps, r core.Repos, items []*core.DeclarationItem, withDrawn bool, ref *reference) (screen.Input, []*core.DeclarationItem, error) {
	in := screen.Input{Catalog: d.Catalog, Ledger: map[core.USCC]*screen.LedgerEntry{}, Licences: map[string]*core.Licence{}}
	if d.Lists != nil {
		in.Lists = d.Lists()
	}
	if d.Screener != nil {
		in.PartyScreener = d.Screener()
	}
	var err error
	if ref == nil {
		if ref, err = readReference(ctx, r); err != nil {
			return in, nil, err
		}
	}
	in.Parties, in.Materials = ref.parties, ref.materials
	var stored []*core.DeclarationItem
	for _, it := range items {
		for _, u := range []core.USCC{it.ExporterUSCC, it.ProducerUSCC} {
			if _, done := in.Ledger[u]; done || u == "" {
				continue
			}
			e, err := r.Enterprises().Get(ctx, u)
			if core.ErrorCode(err) == core.ENOTFOUND {
				continue
			}
			if err != nil {
				return in, nil, err
			}
			h, err := r.Enterprises().History(ctx, u)
			if err != nil {
				return in, nil, err
			}
			in.Ledger[u] = &screen.LedgerEntry{Enterprise: e, History: h}
		}
		if _, done := in.Licences[it.LicenceNo]; done || it.LicenceNo == "" {
			continue
		}
		l, err := r.Licences().Get(ctx, it.LicenceNo)
		if core.ErrorCode(err) == core.ENOTFOUND {
			continue
		}
		if err != nil {
			return in, nil, err
		}
		in.Licences[l.No] = l
		if !withDrawn {
			continue // lodging counts drawdown from its own ledger
		}
		drawn, _, err := r.Declarations().List(ctx, core.DeclarationFilter{LicenceNo: l.No, Limit: 100000})
		if err != nil {
			return in, nil, err
		}
		for _, s := range drawn {
			if s.DeclarationNo != it.DeclarationNo {
				stored = append(stored, s)
			}
		}
	}
	return in, stored, nil
}

// reference is what every declaration is screened with beside its own
// ledger entries and licences: the store's parties and materials.
type reference struct {
	parties   []*core.Party
	materials []*core.Material
}

// readReference reads it; a lodging reads it before its write
// transaction, so that the embedded store's single writer is not held
// while every party is read.
func readReference(ctx context.Context, r core.Repos) (*reference, error) {
	var ref reference
	var err error
	if ref.parties, err = r.Parties().All(ctx); err != nil {
		return nil, fmt.Errorf("read parties: %w", err)
	}
	if ref.materials, err = r.Materials().All(ctx); err != nil {
		return nil, fmt.Errorf("read materials: %w", err)
	}
	return &ref, nil
}

func catalogueVersion(c *catalog.Catalog) CatalogueVersion {
	v := CatalogueVersion{ID: c.Version.ID, Packs: []string{}, Measures: c.Version.Measures,
		LatestDate: c.Version.LatestDate, LatestMeasure: c.Version.LatestMeasure}
	for _, p := range c.Version.Packs {
		v.Packs = append(v.Packs, p.ID)
	}
	return v
}
