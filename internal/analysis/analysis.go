// Package analysis runs every check on an imported bundle and writes the
// results the bundle spec defines: declarations.jsonl, alerts.jsonl,
// rejected.jsonl, summary.json and report.html.
package analysis

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"orewatch/internal/audit"
	"orewatch/internal/balance"
	"orewatch/internal/bundle"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/ingest"
	"orewatch/internal/risk"
	"orewatch/internal/rules"
	"orewatch/internal/screen"
)

// Alert is one alert, for any subject.
type Alert struct {
	ID          string         `json:"id"`
	SubjectType string         `json:"subject_type"`
	SubjectID   string         `json:"subject_id"`
	Code        string         `json:"code"`
	Score       int            `json:"score"`
	Summary     string         `json:"summary"`
	SummaryZh   string         `json:"summary_zh"`
	Evidence    map[string]any `json:"evidence"`
}

// Result is a finished analysis.
type Result struct {
	Bundle       *bundle.Bundle
	Imported     []ingest.Counts
	Declarations []screen.Result
	Alerts       []Alert
	Leakage      []balance.Finding
	Provinces    map[core.USCC]string // exporter → province, for the report
	Timings      map[string]time.Duration
	AsOf         core.Date
	Rules        *RulesRun // analyst rules, when a rules folder was given
	// Catalogue names the control catalogue the findings were made by.
	Catalogue string
}

// RulesRun says which analyst rules ran, what they found and where they
// failed.
type RulesRun struct {
	Dir      string          `json:"dir"`
	Version  string          `json:"version"`
	Rules    int             `json:"rules"`
	Hits     map[string]int  `json:"hits"`
	Failures []rules.Failure `json:"failures"`
}

// Deps are what an analysis consults.
type Deps struct {
	Store   core.Store // nil: the bundle alone, nothing kept
	Catalog *catalog.Catalog
	Lists   []*core.ListEntry // the shipped restricted-party lists
	Actor   audit.Actor       // who the import is recorded for
	Risk    *risk.Reference   // cargo physics and exchange rates
	Rules   *rules.Set        // analyst rules; nil for none
	Policy  *screen.Policy    // channel policy; nil for the defaults
}

// Run imports the bundle into the store and screens its declarations.
// Without a store (Deps.Store nil) it reads the bundle alone, as an empty
// store would give it back, and keeps nothing: the same results without
// writing every row only to read it back and throw it away.
func Run(ctx context.Context, d Deps, b *bundle.Bundle, progress ingest.Progress) (*Result, error) {
	res := &Result{Bundle: b, Timings: map[string]time.Duration{"read": b.ReadTime}, AsOf: b.Meta.AsOf, Catalogue: d.Catalog.Version.String()}
	t := time.Now()
	var src source
	if d.Store != nil {
		counts, err := ingest.Import(ctx, d.Store, b, progress, d.Actor)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		res.Imported, src = counts, storeSource{d.Store}
	} else {
		u, err := ingest.Rehearse(ctx, b)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		res.Imported, src = u.Counts, bundleSource{b: b, u: u, at: t}
	}
	res.Timings["import"] = time.Since(t)

	t = time.Now()
	in, err := inputs(ctx, d, src)
	if err != nil {
		return nil, err
	}
	res.Provinces = map[core.USCC]string{}
	for u, le := range in.Ledger {
		res.Provinces[u] = le.Enterprise.Province
	}
	res.Declarations = screen.New(in).Run(b.Declarations)
	res.Timings["screen"] = time.Since(t)

	t = time.Now()
	books, leaks, departed, err := leakage(ctx, d, src, in)
	if err != nil {
		return nil, err
	}
	res.Leakage = leaks
	res.Timings["balance"] = time.Since(t)

	t = time.Now()
	riskAlerts, err := detect(ctx, d, src, in, b, books, leaks, departed, res)
	if err != nil {
		return nil, err
	}
	res.Timings["detect"] = time.Since(t)

	if d.Rules != nil {
		t = time.Now()
		res.Rules = applyRules(d, in, b, res)
		res.Timings["rules"] = time.Since(t)
	}

	if d.Policy != nil {
		for i := range res.Declarations {
			r := &res.Declarations[i]
			r.Channel, r.Score = d.Policy.Apply(r.Findings)
		}
	}

	t = time.Now()
	listed := listedParties(in, res.AsOf, b)
	res.Alerts = alerts(res.Declarations, in.Parties, listed)
	have := map[string]bool{}
	for _, a := range res.Alerts {
		have[a.ID] = true
	}
	for _, a := range listed {
		if !have[a.ID] { // the declarations' alert on the party says more
			res.Alerts = append(res.Alerts, a)
		}
	}
	res.Alerts = append(res.Alerts, riskAlerts...)
	res.Alerts = append(res.Alerts, leakageAlerts(leaks)...)
	sort.SliceStable(res.Alerts, func(i, j int) bool { return res.Alerts[i].Score > res.Alerts[j].Score })
	if d.Store != nil {
		if err := persist(ctx, d, res); err != nil {
			return nil, err
		}
	}
	res.Timings["alerts"] = time.Since(t)
	return res, nil
}

// inputs gathers what the checks consult: the store, which now holds
// the bundle's rows next to anything imported before (or the bundle
// alone), plus the shipped restricted-party lists.
func inputs(ctx context.Context, d Deps, src source) (screen.Input, error) {
	in := screen.Input{Catalog: d.Catalog}
	var err error
	if in.Parties, err = src.parties(ctx); err != nil {
		return in, fmt.Errorf("read parties: %w", err)
	}
	if in.Materials, err = src.materials(ctx); err != nil {
		return in, fmt.Errorf("read materials: %w", err)
	}
	stored, err := src.lists(ctx)
	if err != nil {
		return in, fmt.Errorf("read list entries: %w", err)
	}
	in.Lists = append(append(in.Lists, d.Lists...), stored...)
	if in.Ledger, err = src.ledger(ctx); err != nil {
		return in, fmt.Errorf("read the ledger: %w", err)
	}
	if in.Licences, err = src.licences(ctx); err != nil {
		return in, fmt.Errorf("read licences: %w", err)
	}
	return in, nil
}

// InputFromBundle builds the screening input from a bundle alone (its
// ledger and licences), for measuring screening without a store.
func InputFromBundle(cat *catalog.Catalog, lists []*core.ListEntry, b *bundle.Bundle) screen.Input {
	in := screen.Input{Catalog: cat, Ledger: map[core.USCC]*screen.LedgerEntry{}, Licences: map[string]*core.Licence{},
		Parties: b.Parties, Materials: b.Materials}
	in.Lists = append(append(in.Lists, lists...), b.Lists...)
	for _, e := range b.Enterprises {
		in.Ledger[e.USCC] = &screen.LedgerEntry{Enterprise: e}
	}
	for _, l := range b.Licences {
		in.Licences[l.No] = l
	}
	return in
}

// leakage keeps the books over every captured event and returns where
// material leaks out of the chain, and the lots that left under each
// declaration.
func leakage(ctx context.Context, d Deps, src source, in screen.Input) ([]balance.Row, []balance.Finding, map[string][]risk.Departure, error) {
	evs, err := src.events(ctx)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read events: %w", err)
	}
	if len(evs) == 0 {
		return nil, nil, nil, nil
	}
	groups := materialGroups(d.Catalog, in.Materials)
	departed := risk.Departures(evs, func(m string) string { return groups[m] })
	ledger := map[string]bool{}
	for u := range in.Ledger {
		ledger[string(u)] = true
	}
	exports, err := exports(ctx, src, d.Catalog, in.Materials)
	if err != nil {
		return nil, nil, nil, err
	}
	rows, fs := balance.Compute(evs, exports, ledger, Yields(d.Catalog, in.Materials), balance.Options{})
	return rows, fs, departed, nil
}

// materialGroups maps each material to its mineral group: the shipped
// table, then a bundle's rows.
func materialGroups(cat *catalog.Catalog, extra []*core.Material) map[string]string {
	groups := map[string]string{}
	for _, m := range cat.Materials {
		groups[m.ID] = m.Group
	}
	for _, m := range extra {
		groups[m.ID] = m.Group
	}
	return groups
}

// Exports turns the stored declaration items into exports of materials:
// an item's HS code names the material (bundle materials first, then the
// shipped table), its net weight the kilograms.
func Exports(ctx context.Context, s core.Store, cat *catalog.Catalog, extra []*core.Material) ([]balance.Export, error) {
	return exports(ctx, storeSource{s}, cat, extra)
}

func exports(ctx context.Context, src source, cat *catalog.Catalog, extra []*core.Material) ([]balance.Export, error) {
	// Only the controlled and strategic minerals' materials are kept in the
	// books; general goods (group "other") are not.
	byHS := map[string]string{}
	for _, m := range cat.Materials {
		if m.Group == "other" {
			continue
		}
		for _, hs := range m.HSCodes {
			if _, ok := byHS[hs]; !ok {
				byHS[hs] = m.ID
			}
		}
	}
	for _, m := range extra {
		if m.Group == "other" {
			continue
		}
		for _, hs := range m.HSCodes {
			byHS[hs] = m.ID
		}
	}
	var out []balance.Export
	err := src.declarations(ctx, func(d *core.DeclarationItem) {
		if mat, ok := byHS[d.HSCode]; ok {
			out = append(out, balance.Export{Enterprise: string(d.ExporterUSCC), Material: mat, Month: d.DeclaredAt.Month(),
				Kg: d.NetWeightKg.Float(), DeclarationNo: d.DeclarationNo})
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read declarations: %w", err)
	}
	return out, nil
}

// Yields reads typical yields from the materials table, the bundle's rows
// overriding the shipped ones.
func Yields(cat *catalog.Catalog, extra []*core.Material) balance.Yields {
	table := map[string]map[string]float64{}
	for _, m := range cat.Materials {
		table[m.ID] = m.MadeFrom
	}
	for _, m := range extra {
		if len(m.MadeFrom) > 0 {
			table[m.ID] = m.MadeFrom
		}
	}
	return func(out, in string) (float64, bool) {
		y, ok := table[out][in]
		return y, ok
	}
}

// detect runs the smuggling detectors over the bundle's declarations with
// everything the store holds, adds their findings to the screening results
// and grades each declaration again on all of its findings.
func detect(ctx context.Context, d Deps, src source, in screen.Input, b *bundle.Bundle, books []balance.Row, leaks []balance.Finding, departed map[string][]risk.Departure, res *Result) ([]Alert, error) {
	if d.Risk == nil {
		return nil, nil
	}
	asOf := res.AsOf
	if asOf.IsZero() {
		for _, it := range b.Declarations {
			if it.DeclaredAt.After(asOf) {
				asOf = it.DeclaredAt
			}
		}
	}
	rin, err := riskInput(ctx, d, src, in, books, leaks, departed, asOf)
	if err != nil {
		return nil, err
	}
	rin.Items = b.Declarations
	out := risk.Detect(rin)
	for i := range res.Declarations {
		r := &res.Declarations[i]
		if fs := out.Findings[r.DeclarationNo]; len(fs) > 0 {
			r.Findings = append(r.Findings, fs...)
			sort.SliceStable(r.Findings, func(a, b int) bool { return r.Findings[a].ItemNo < r.Findings[b].ItemNo })
			r.Channel, r.Score = screen.Grade(r.Findings)
		}
	}
	alerts := make([]Alert, 0, len(out.Alerts))
	for _, a := range out.Alerts {
		if a.SubjectType == "party" && a.Summary == "" {
			continue // a party alert raised only to collect declarations for one already summarised
		}
		alerts = append(alerts, Alert{ID: RiskAlertID(a.SubjectType, a.SubjectID, a.Code), SubjectType: a.SubjectType, SubjectID: a.SubjectID,
			Code: a.Code, Score: a.Score, Summary: a.Summary, SummaryZh: a.SummaryZh, Evidence: a.Evidence})
	}
	return alerts, nil
}

// riskInput is what the detectors consult beside the declarations judged:
// everything the store holds of parties, links, the ledger, manifests,
// prices and the chain of custody, with the lists as of asOf.
func riskInput(ctx context.Context, d Deps, src source, in screen.Input, books []balance.Row, leaks []balance.Finding, departed map[string][]risk.Departure, asOf core.Date) (risk.Input, error) {
	links, err := src.links(ctx)
	if err != nil {
		return risk.Input{}, fmt.Errorf("read party links: %w", err)
	}
	manifests, err := src.manifests(ctx)
	if err != nil {
		return risk.Input{}, fmt.Errorf("read manifests: %w", err)
	}
	prices, err := src.prices(ctx)
	if err != nil {
		return risk.Input{}, fmt.Errorf("read prices: %w", err)
	}
	ledger := make(map[core.USCC]*core.Enterprise, len(in.Ledger))
	ents := make([]*core.Enterprise, 0, len(in.Ledger))
	for u, le := range in.Ledger {
		ledger[u] = le.Enterprise
		ents = append(ents, le.Enterprise)
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].USCC < ents[j].USCC })
	g := risk.BuildGraph(risk.GraphInput{Parties: in.Parties, Links: links, Enterprises: ents, Lists: in.Lists, AsOf: asOf})
	return risk.Input{Catalog: d.Catalog, Ref: d.Risk, Manifests: manifests, Prices: prices,
		Materials: in.Materials, Ledger: ledger, Graph: g, Unaccounted: unaccounted(books, leaks, d.Catalog, in.Materials), Departures: departed,
		Licences: in.Licences}, nil
}

// DetectorInput reads from the store everything the detectors consult
// but the declarations to judge, as an analysis would after importing:
// what a live judge of lodged declarations keeps between its refreshes.
func DetectorInput(ctx context.Context, d Deps, asOf core.Date) (risk.Input, error) {
	src := storeSource{d.Store}
	in, err := inputs(ctx, d, src)
	if err != nil {
		return risk.Input{}, err
	}
	books, leaks, departed, err := leakage(ctx, d, src, in)
	if err != nil {
		return risk.Input{}, err
	}
	return riskInput(ctx, d, src, in, books, leaks, departed, asOf)
}

// unaccounted turns the books into what the misdeclaration detector asks:
// controlled material an exporter should hold and cannot show. Two kinds:
// output its smelting fell short of (yield_short), and stock it acquired
// that never left its books by shipment, consumption or export (idle).
func unaccounted(rows []balance.Row, fs []balance.Finding, cat *catalog.Catalog, extra []*core.Material) map[core.USCC][]risk.Unaccounted {
	groups := materialGroups(cat, extra)
	out := map[core.USCC][]risk.Unaccounted{}
	for _, f := range fs {
		if f.Kind != "yield_short" {
			continue
		}
		u := core.USCC(f.Enterprise)
		out[u] = append(out[u], risk.Unaccounted{Month: f.Month, Material: f.Material, Group: groups[f.Material], Kg: f.Kg})
	}
	type key struct{ ent, mat string }
	byKey := map[key][]balance.Row{}
	for _, r := range rows {
		if g := groups[r.Material]; g == "" || g == "other" {
			continue
		}
		k := key{r.Enterprise, r.Material}
		byKey[k] = append(byKey[k], r)
	}
	for k, rs := range byKey {
		sort.Slice(rs, func(i, j int) bool { return rs[i].Month < rs[j].Month })
		// Stock is fungible: what arrived in a month and never left is how
		// much the lowest stock from that month on rose above the lowest
		// from the month before on.
		floor := make([]float64, len(rs))
		low := math.Inf(1)
		for i := len(rs) - 1; i >= 0; i-- {
			low = math.Min(low, rs[i].Closing)
			floor[i] = math.Max(0, low)
		}
		prev := 0.0
		for i, r := range rs {
			// Ten kilograms of gallium or germanium are worth a lot:
			// small idle lots count too.
			if idle := floor[i] - prev; idle >= 10 {
				u := core.USCC(k.ent)
				out[u] = append(out[u], risk.Unaccounted{Month: r.Month, Material: k.mat, Group: groups[k.mat], Kg: idle, Idle: true})
			}
			prev = floor[i]
		}
	}
	return out
}

// applyRules runs the analyst rules on every item, with what the checks
// found so far, and grades the declarations they add findings to again.
func applyRules(d Deps, in screen.Input, b *bundle.Bundle, res *Result) *RulesRun {
	byDecl := make(map[string]*screen.Result, len(res.Declarations))
	for i := range res.Declarations {
		byDecl[res.Declarations[i].DeclarationNo] = &res.Declarations[i]
	}
	materials := map[string]*catalog.Material{}
	for _, m := range d.Catalog.Materials {
		for _, hs := range m.HSCodes {
			if _, ok := materials[hs]; !ok {
				materials[hs] = m
			}
		}
	}
	for _, m := range in.Materials {
		for _, hs := range m.HSCodes {
			materials[hs] = m
		}
	}
	type lk struct {
		hs  string
		day core.Date
	}
	answers := map[lk]catalog.Answer{}
	derive := func(it *core.DeclarationItem) rules.Derived {
		k := lk{it.HSCode, it.DeclaredAt}
		a, ok := answers[k]
		if !ok {
			a = d.Catalog.Lookup(catalog.Query{HS: it.HSCode, Date: it.DeclaredAt})
			answers[k] = a
		}
		x := rules.Derived{Controlled: a.Controlled}
		if a.Controlled && len(a.Items) > 0 {
			x.Group = a.Items[0].Group
		}
		if m := materials[it.HSCode]; m != nil {
			x.Material = m.ID
			if x.Group == "" && m.Group != "other" {
				x.Group = m.Group
			}
		}
		if d.Risk != nil {
			x.ValueCNY, _ = d.Risk.CNY(it.TotalValue.Float(), it.Currency, it.DeclaredAt)
		}
		if r := byDecl[it.DeclarationNo]; r != nil {
			x.Score = r.Score
			for _, f := range r.Findings {
				x.Codes = append(x.Codes, f.Code)
			}
		}
		if le := in.Ledger[it.ExporterUSCC]; le != nil {
			x.Exporter, x.Status = le.Enterprise, le.StatusOn(it.DeclaredAt)
		}
		x.Licence = in.Licences[it.LicenceNo]
		return x
	}
	hits, fails := d.Rules.Run(b.Declarations, derive)
	run := &RulesRun{Dir: d.Rules.Dir, Version: d.Rules.Version, Rules: len(d.Rules.Rules), Hits: map[string]int{}, Failures: fails}
	if run.Failures == nil {
		run.Failures = []rules.Failure{}
	}
	touched := map[string]bool{}
	for _, h := range hits {
		r := byDecl[h.DeclarationNo]
		if r == nil {
			continue
		}
		r.Findings = append(r.Findings, h.Finding)
		touched[h.DeclarationNo] = true
		run.Hits[h.Finding.Code]++
	}
	for no := range touched {
		r := byDecl[no]
		sort.SliceStable(r.Findings, func(a, b int) bool { return r.Findings[a].ItemNo < r.Findings[b].ItemNo })
		r.Channel, r.Score = screen.Grade(r.Findings)
	}
	return run
}
