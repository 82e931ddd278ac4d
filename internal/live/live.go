// Package live judges lodged declarations with the smuggling detectors of
// the batch analysis. It keeps what the detectors consult (parties and
// their graph, the ledger, manifests, prices, the chain of custody's
// unaccounted stock and departures) from the store, rebuilt on a schedule
// and after imports, and every stored declaration item in memory, indexed
// by the populations the detectors compare within (risk.Focus). A lodging
// runs the detectors over its declaration and the stored ones sharing a
// population with it: the batch's judgement on the data up to that
// moment, without reading the store per request.
package live

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/risk"
)

// Detectors is the live judge of one process (lodge.Detectors).
type Detectors struct {
	// Catalogs, when set, gives each refresh the catalogue and lists in
	// force (packs applied since start); deps' are used otherwise.
	Catalogs *catalog.Live

	deps  analysis.Deps
	every time.Duration
	log   *slog.Logger

	// mu guards the snapshot and the index: judges read them side by
	// side; storing, rechecking and refreshing write them.
	mu    sync.RWMutex
	in    risk.Input
	focus *risk.Focus
	decls map[string][]*core.DeclarationItem // by declaration number
	index map[string][]string                // population key → declaration numbers
	keys  map[string][]string                // declaration number → its keys
	// since holds, while a refresh reads the store, the declarations
	// stored meanwhile, which its reading may have missed.
	since map[string][]*core.DeclarationItem
	// checked is, by declaration, the findings the last refresh's whole
	// judgement made on it (its refreshes' own; under refreshing).
	checked map[string]string

	refreshing sync.Mutex
}

// New reads the store once; Run keeps it fresh.
func New(ctx context.Context, deps analysis.Deps, every time.Duration, log *slog.Logger) (*Detectors, error) {
	if log == nil {
		log = slog.Default()
	}
	d := &Detectors{deps: deps, every: every, log: log}
	if err := d.Refresh(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// Refresh reads the detectors' context and every stored declaration again:
// what imports, captures and other servers' lodgings changed.
func (d *Detectors) Refresh(ctx context.Context) error {
	d.refreshing.Lock()
	defer d.refreshing.Unlock()
	start := time.Now()
	d.mu.Lock()
	d.since = map[string][]*core.DeclarationItem{}
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.since = nil
		d.mu.Unlock()
	}()
	deps := d.deps
	if d.Catalogs != nil {
		deps.Catalog, deps.Lists = d.Catalogs.Catalog(), d.Catalogs.Lists()
	}
	in, err := analysis.DetectorInput(ctx, deps, core.DateOf(time.Now()))
	if err != nil {
		return fmt.Errorf("live detectors: %w", err)
	}
	decls := map[string][]*core.DeclarationItem{}
	const page = 10000
	for off := 0; ; off += page {
		its, total, err := d.deps.Store.Declarations().List(ctx, core.DeclarationFilter{Offset: off, Limit: page})
		if err != nil {
			return fmt.Errorf("live detectors: read declarations: %w", err)
		}
		for _, it := range its {
			decls[it.DeclarationNo] = append(decls[it.DeclarationNo], it)
		}
		if off+len(its) >= total || len(its) == 0 {
			break
		}
	}
	in = risk.Prepare(in)
	var all []*core.DeclarationItem
	for _, its := range decls {
		all = append(all, its...)
	}
	sf := risk.MeasureShortfalls(in, all)
	in.Shortfalls = &sf
	// The whole store judged at once, as an analysis would: its alerts on
	// parties and enterprises (rings, ties, series), and what it finds on
	// lodged declarations that their lodging could not see yet.
	whole := in
	whole.Items = all
	out := risk.Detect(whole)
	if err := d.raiseAlerts(ctx, in.Ledger, out.Alerts); err != nil {
		return fmt.Errorf("live detectors: %w", err)
	}
	rejudged := d.rejudge(ctx, out.Findings)
	focus := risk.NewFocus(in)
	next := &Detectors{focus: focus, decls: decls, index: map[string][]string{}, keys: map[string][]string{}}
	for no, its := range decls {
		next.keys[no] = keysOf(focus, its)
		for _, k := range next.keys[no] {
			next.index[k] = append(next.index[k], no)
		}
	}
	// In the order they were made, as lodgings append them.
	for _, list := range next.index {
		sort.Slice(list, func(i, j int) bool {
			a, b := decls[list[i]][0], decls[list[j]][0]
			if c := a.DeclaredAt.Compare(b.DeclaredAt); c != 0 {
				return c < 0
			}
			return list[i] < list[j]
		})
	}
	d.mu.Lock()
	for _, its := range d.since {
		next.store(its)
	}
	d.in, d.focus, d.decls, d.index, d.keys = in, focus, next.decls, next.index, next.keys
	d.mu.Unlock()
	d.log.Info("live detectors refreshed", "declarations", len(decls), "rejudged", rejudged, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// Run refreshes every interval while ctx lives, and at once when asked
// through Changed.
func (d *Detectors) Run(ctx context.Context, changed <-chan struct{}) {
	if d.every <= 0 {
		return
	}
	t := time.NewTicker(d.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-changed:
		}
		if err := d.Refresh(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("live detectors refresh failed", "err", err)
		}
	}
}

func keysOf(f *risk.Focus, items []*core.DeclarationItem) []string {
	var ks []string
	for _, it := range items {
		for _, k := range f.Keys(it) {
			if !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
	}
	return ks
}

// Judge runs the detectors over items and the stored declarations that
// share a population with them, and returns the findings on items and
// the alerts on parties and enterprises that name this declaration.
func (d *Detectors) Judge(items []*core.DeclarationItem) ([]core.Finding, []*core.Alert) {
	if len(items) == 0 {
		return nil, nil
	}
	no := items[0].DeclarationNo
	d.mu.RLock()
	defer d.mu.RUnlock()
	in := d.in
	in.Items = d.population(no, items[0].DeclaredAt, keysOf(d.focus, items))
	in.Items = append(in.Items, items...)
	out := risk.Detect(in)
	var alerts []*core.Alert
	for _, a := range out.Alerts {
		decls, _ := a.Evidence["declarations"].([]string)
		if a.Summary == "" || !slices.Contains(decls, no) {
			continue // a collector for another alert, or one this declaration is not behind
		}
		if ca, err := toAlert(a, in.Ledger); err == nil {
			alerts = append(alerts, ca)
		}
	}
	return out.Findings[no], alerts
}

// toAlert is a detector's alert as the store keeps it, with the province
// of an enterprise subject.
func toAlert(a risk.Alert, ledger map[core.USCC]*core.Enterprise) (*core.Alert, error) {
	ev, err := json.Marshal(a.Evidence)
	if err != nil {
		return nil, err
	}
	prov := ""
	if e := ledger[core.USCC(a.SubjectID)]; a.SubjectType == "enterprise" && e != nil {
		prov = e.Province
	}
	return &core.Alert{ID: analysis.RiskAlertID(a.SubjectType, a.SubjectID, a.Code), SubjectType: a.SubjectType,
		SubjectID: a.SubjectID, Code: a.Code, Score: a.Score, Summary: a.Summary, SummaryZh: a.SummaryZh, Evidence: string(ev), Province: prov}, nil
}

// raiseAlerts stores the alerts of a judgement of the whole store.
func (d *Detectors) raiseAlerts(ctx context.Context, ledger map[core.USCC]*core.Enterprise, as []risk.Alert) error {
	var alerts []*core.Alert
	for _, a := range as {
		if a.Summary == "" {
			continue // a collector for another alert
		}
		ca, err := toAlert(a, ledger)
		if err != nil {
			return err
		}
		alerts = append(alerts, ca)
	}
	if len(alerts) == 0 {
		return nil
	}
	return audit.Change(ctx, d.deps.Store, d.deps.Actor, "alerts.raise", fmt.Sprintf("%d detector alerts (live detectors' refresh)", len(alerts)), nil, nil, "", func(r core.Repos) error {
		for _, a := range alerts {
			if _, err := r.Alerts().Raise(ctx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// rejudge adds to lodged declarations the findings the whole store's
// judgement made on them and their lodging did not; a declaration is
// looked at again only when its findings changed since the last refresh.
func (d *Detectors) rejudge(ctx context.Context, findings map[string][]core.Finding) int {
	if d.checked == nil {
		d.checked = map[string]string{}
	}
	n := 0
	for no, fs := range findings {
		sig := signature(fs)
		if d.checked[no] == sig {
			continue
		}
		d.checked[no] = sig
		added, err := lodge.Rejudge(ctx, d.deps.Store, d.deps.Actor, no, fs, "judged again with every stored declaration (the live detectors' refresh)")
		if err != nil {
			delete(d.checked, no) // the next refresh tries again
			d.log.Error("live detectors: re-judging a lodged declaration failed", "declaration", no, "err", err)
			continue
		}
		if added {
			n++
		}
	}
	// Only the declarations flagged now are remembered: the map follows
	// the store's flagged set instead of growing with every one ever seen.
	for no := range d.checked {
		if _, ok := findings[no]; !ok {
			delete(d.checked, no)
		}
	}
	return n
}

func signature(fs []core.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s|%d;", f.Code, f.ItemNo)
	}
	return b.String()
}

// The population a lodging is judged within is bounded, so that a busy
// route does not make every lodging on it slower than the last: the
// declarations of each population made within horizon days of this one,
// among its latest perKey. The detectors look back
// months, not years (structuring's drip 300 days, a route surge's
// volumes from 180 days before a rule started to a year after), and a
// median of 500 is the median of more.
const (
	horizon = 550
	perKey  = 500
)

// population gathers the stored items of the declarations under keys,
// but declaration no's own (a new version replaces them).
func (d *Detectors) population(no string, day core.Date, keys []string) []*core.DeclarationItem {
	// Sized for a usual population (a few hundred declarations): grown
	// from empty, this map was a quarter of the judgement's map work, and
	// sized for the most it could hold it costs more to make than to grow.
	seen := make(map[string]bool, 512)
	seen[no] = true
	from, to := day.AddDays(-horizon), day.AddDays(horizon)
	var out []*core.DeclarationItem
	for _, k := range keys {
		list := d.index[k]
		for i := len(list) - 1; i >= 0 && i >= len(list)-perKey; i-- {
			other := list[i]
			if seen[other] {
				continue
			}
			seen[other] = true
			its := d.decls[other]
			if at := its[0].DeclaredAt; at.Before(from) || at.After(to) {
				continue
			}
			out = append(out, its...)
		}
	}
	return out
}

// Stored indexes a stored declaration's items.
func (d *Detectors) Stored(items []*core.DeclarationItem) {
	if len(items) == 0 {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.store(items)
	if d.since != nil {
		d.since[items[0].DeclarationNo] = d.decls[items[0].DeclarationNo]
	}
}

// store replaces a declaration's items and keys in the index.
func (d *Detectors) store(items []*core.DeclarationItem) {
	no := items[0].DeclarationNo
	for _, k := range d.keys[no] {
		d.index[k] = slices.DeleteFunc(d.index[k], func(s string) bool { return s == no })
	}
	d.decls[no] = slices.Clone(items)
	d.keys[no] = keysOf(d.focus, items)
	for _, k := range d.keys[no] {
		d.index[k] = append(d.index[k], no)
	}
}

// Recheck takes manifest rows just stored into the detectors' context and
// judges again the declarations on their bills of lading and containers;
// it returns their findings by declaration (manifests.Rechecker).
func (d *Detectors) Recheck(ms []*core.Manifest) map[string][]core.Finding {
	d.mu.Lock()
	in := d.in
	byKey := map[string]int{}
	rows := slices.Clone(in.Manifests)
	for i, m := range rows {
		byKey[m.BillOfLading+"\x00"+strings.ToUpper(m.ContainerNo)] = i
	}
	for _, m := range ms {
		if i, ok := byKey[m.BillOfLading+"\x00"+strings.ToUpper(m.ContainerNo)]; ok {
			rows[i] = m
		} else {
			rows = append(rows, m)
		}
	}
	in.Manifests = rows
	d.in = risk.Prepare(in)
	var nos []string
	for _, m := range ms {
		for _, k := range risk.ShipmentKeys(m) {
			for _, no := range d.index[k] {
				if !slices.Contains(nos, no) {
					nos = append(nos, no)
				}
			}
		}
	}
	decls := make([][]*core.DeclarationItem, len(nos))
	for i, no := range nos {
		decls[i] = d.decls[no]
	}
	d.mu.Unlock()
	out := map[string][]core.Finding{}
	for _, items := range decls {
		if fs, _ := d.Judge(items); len(fs) > 0 {
			out[items[0].DeclarationNo] = fs
		}
	}
	return out
}
