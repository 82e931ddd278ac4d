// Package risk holds the smuggling detectors: misdeclaration,
// under-declaration, concealment, value anomalies, transshipment,
// structuring and network ties. Where the screening checks (package
// screen) apply the rules, these weigh evidence: each finding says which
// facts, which threshold and which comparison population it rests on, and
// carries a weight that the declaration's score combines.
package risk

import (
	"math"
	"sort"
	"strings"
	"sync"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
)

// Codes of the detectors (docs/bundle.md).
const (
	Misdeclaration = "MISDECLARATION"
	// UnregisteredEnterprise is the ledger rule's code, raised here for
	// goods found under a cover name.
	UnregisteredEnterprise = "UNREGISTERED_ENTERPRISE"
	Underdeclaration       = "UNDERDECLARATION"
	Concealment            = "CONCEALMENT"
	ValueAnomaly           = "VALUE_ANOMALY"
	Transshipment          = "TRANSSHIPMENT"
	Structuring            = "STRUCTURING"
	NetworkRisk            = "NETWORK_RISK"
)

// Codes lists the detector codes in the order the docs describe them.
var Codes = []string{Misdeclaration, Underdeclaration, Concealment, ValueAnomaly, Transshipment, Structuring, NetworkRisk}

// Input is what the detectors consult.
type Input struct {
	Catalog   *catalog.Catalog
	Ref       *Reference
	Items     []*core.DeclarationItem
	Manifests []*core.Manifest
	Prices    []*core.Price
	Materials []*catalog.Material // a bundle's rows, overriding the shipped table
	Ledger    map[core.USCC]*core.Enterprise
	Graph     *Graph
	// Unaccounted is, by exporter, controlled material the mass balance
	// could not account for.
	Unaccounted map[core.USCC][]Unaccounted
	// Departures are, by declaration number, the lots the chain of
	// custody records leaving under it (Departures reads them).
	Departures map[string][]Departure
	// Licences are the licences declarations cite, by number: a parcel
	// under a licence for another consignee is not licensed for its own.
	Licences map[string]*core.Licence

	// Shortfalls, when set, is the population the under-declaration
	// threshold comes from, measured beforehand over more shipments than
	// Items hold (MeasureShortfalls); nil measures it over Items.
	Shortfalls *Shortfalls

	prep *prepared // Prepare's
}

// Alert is a finding about a party or an enterprise rather than one
// declaration.
type Alert struct {
	SubjectType string         `json:"subject_type"`
	SubjectID   string         `json:"subject_id"`
	Code        string         `json:"code"`
	Score       int            `json:"score"`
	Summary     string         `json:"summary"`
	SummaryZh   string         `json:"summary_zh"`
	Evidence    map[string]any `json:"evidence"`
}

// Output is what the detectors found: findings by declaration number
// (each with its item number) and alerts on parties and enterprises.
type Output struct {
	Findings map[string][]core.Finding
	Alerts   []Alert
}

type detector struct {
	in      Input
	byHS    map[string]*catalog.Material
	lookups map[lookupKey]*catalog.Answer
	out     Output
	alerted map[string]int // alert key → index in out.Alerts
	prices  map[string][]pricePoint
	// usualBox is the bundle's most common container type, for manifests
	// that give neither size nor tare.
	usualBox Container
	ix       *manifestIndex
}

type lookupKey struct {
	hs, dest string
	day      core.Date
}

// newDetector prepares the lookups every detector shares.
func newDetector(in Input) *detector {
	x := &detector{in: in, byHS: map[string]*catalog.Material{}, lookups: map[lookupKey]*catalog.Answer{},
		out: Output{Findings: map[string][]core.Finding{}}, alerted: map[string]int{}}
	if p := in.prep; p != nil {
		x.byHS, x.prices = p.byHS, p.prices
		if in.Graph == nil {
			x.in.Graph = BuildGraph(GraphInput{})
		}
		return x
	}
	for _, m := range in.Catalog.Materials {
		for _, hs := range m.HSCodes {
			if _, ok := x.byHS[hs]; !ok {
				x.byHS[hs] = m
			}
		}
	}
	for _, m := range in.Materials {
		for _, hs := range m.HSCodes {
			x.byHS[hs] = m
		}
	}
	if in.Graph == nil {
		x.in.Graph = BuildGraph(GraphInput{})
	}
	return x
}

// Detect runs every detector over the items.
func Detect(in Input) Output {
	x := newDetector(in)
	items := append([]*core.DeclarationItem(nil), in.Items...)
	sort.SliceStable(items, func(i, j int) bool {
		if c := items[i].DeclaredAt.Compare(items[j].DeclaredAt); c != 0 {
			return c < 0
		}
		if items[i].DeclarationNo != items[j].DeclarationNo {
			return items[i].DeclarationNo < items[j].DeclarationNo
		}
		return items[i].ItemNo < items[j].ItemNo
	})
	x.sideBySide(items, (*detector).weights, (*detector).values, (*detector).misdeclarations, (*detector).transshipments)
	x.structuring(items)
	x.rings()
	x.conduits()
	x.networks(items)
	for no, fs := range x.out.Findings {
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].ItemNo < fs[j].ItemNo })
		x.out.Findings[no] = fs
	}
	sort.SliceStable(x.out.Alerts, func(i, j int) bool {
		a, b := x.out.Alerts[i], x.out.Alerts[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.SubjectID < b.SubjectID
	})
	return x.out
}

// sideBySide runs detectors that read none of each other's findings or
// alerts on all cores, each on a fork of x, and then takes their findings
// and alerts in the order given, as if they had run one after another:
// the results are the same, byte for byte; the detectors take half the
// time on two cores. What the forks share is built first and only read.
func (x *detector) sideBySide(items []*core.DeclarationItem, runs ...func(*detector, []*core.DeclarationItem)) {
	x.priceTable()
	x.usualBox = x.manifests().usualBox
	forks := make([]*detector, len(runs))
	var wg sync.WaitGroup
	for i, run := range runs {
		f := *x
		f.lookups = map[lookupKey]*catalog.Answer{}
		f.out = Output{Findings: map[string][]core.Finding{}}
		f.alerted = map[string]int{}
		forks[i] = &f
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(forks[i], items)
		}()
	}
	wg.Wait()
	for _, f := range forks {
		for no, fs := range f.out.Findings {
			x.out.Findings[no] = append(x.out.Findings[no], fs...)
		}
		for _, a := range f.out.Alerts {
			ds, _ := a.Evidence["declarations"].([]string)
			k := a.SubjectType + "\x00" + a.SubjectID + "\x00" + a.Code
			if _, ok := x.alerted[k]; !ok {
				x.out.Alerts = append(x.out.Alerts, a)
				x.alerted[k] = len(x.out.Alerts) - 1
				continue
			}
			a.Evidence = nil
			x.alert(a, "")
			for _, no := range ds {
				x.alert(a, no)
			}
		}
	}
}

func (x *detector) add(d *core.DeclarationItem, f core.Finding) {
	f.ItemNo = d.ItemNo
	if f.Channel == "" {
		f.Channel = core.ChannelYellow
	}
	if f.Severity == "" {
		switch {
		case atLeast(f.Weight, 0.8):
			f.Severity = core.SeverityHigh
		case atLeast(f.Weight, 0.45):
			f.Severity = core.SeverityMedium
		default:
			f.Severity = core.SeverityLow
		}
	}
	x.out.Findings[d.DeclarationNo] = append(x.out.Findings[d.DeclarationNo], f)
}

// alert raises (or strengthens) one alert per subject and code; the
// declarations behind it accumulate in its evidence.
func (x *detector) alert(a Alert, declarationNo string) {
	k := a.SubjectType + "\x00" + a.SubjectID + "\x00" + a.Code
	i, ok := x.alerted[k]
	if !ok {
		if a.Evidence == nil {
			a.Evidence = map[string]any{}
		}
		a.Evidence["declarations"] = []string{}
		x.out.Alerts = append(x.out.Alerts, a)
		i = len(x.out.Alerts) - 1
		x.alerted[k] = i
	}
	cur := &x.out.Alerts[i]
	cur.Score = max(cur.Score, a.Score)
	if declarationNo != "" {
		ds := cur.Evidence["declarations"].([]string)
		if len(ds) == 0 || ds[len(ds)-1] != declarationNo {
			cur.Evidence["declarations"] = append(ds, declarationNo)
		}
	}
}

func (x *detector) material(hs string) *catalog.Material { return x.byHS[hs] }

// answer is the catalogue's answer for a code, day and destination,
// cached: the same few combinations repeat across a million items.
func (x *detector) answer(hs string, day core.Date, dest string) *catalog.Answer {
	k := lookupKey{hs, dest, day}
	if a, ok := x.lookups[k]; ok {
		return a
	}
	if p := x.in.prep; p != nil {
		if a, ok := p.lookup(k); ok {
			x.lookups[k] = a
			return a
		}
	}
	a := x.in.Catalog.Lookup(catalog.Query{HS: hs, Date: day, Destination: dest})
	x.lookups[k] = &a
	if p := x.in.prep; p != nil {
		p.keep(k, &a)
	}
	return &a
}

const maxLookups = 1 << 17

// sensitive reports the mineral group of goods that are controlled on the
// day or belong to a strategic mineral's material; "" for general goods.
// Goods the catalogue recognises by description (Dy-bearing NdFeB magnets)
// are read with their words.
func (x *detector) sensitive(d *core.DeclarationItem) string {
	p := x.in.prep
	if p == nil {
		return x.sensitiveNow(d)
	}
	return remember(p, p.groups, d, maxGroups, x.sensitiveNow)
}

func (x *detector) sensitiveNow(d *core.DeclarationItem) string {
	a := x.answer(d.HSCode, d.DeclaredAt, "")
	if x.in.Catalog.ReadsText(d.HSCode) {
		described := x.in.Catalog.Lookup(catalog.Query{HS: d.HSCode, Date: d.DeclaredAt, Text: d.GoodsName + " " + d.GoodsSpec})
		a = &described
	}
	if a.Controlled && len(a.Items) > 0 {
		return a.Items[0].Group
	}
	if m := x.material(d.HSCode); m != nil && m.Group != "other" {
		return m.Group
	}
	return ""
}

// restricted reports whether exporting these goods to country on day is
// prohibited or presumed denied by a rule in force.
func (x *detector) restricted(d *core.DeclarationItem, country string) (string, bool) {
	if country == "" {
		return "", false
	}
	a := x.answer(d.HSCode, d.DeclaredAt, country)
	if !a.Controlled {
		return "", false
	}
	switch a.DestinationRule {
	case catalog.RuleProhibited, catalog.RulePresumptionOfDenial:
		return a.DestinationRule, true
	}
	return "", false
}

func weightOf(d *core.DeclarationItem) float64 { return d.NetWeightKg.Float() }

// robust returns the median and the scaled median absolute deviation
// (comparable to a standard deviation for normal data) of xs.
func robust(xs []float64) (med, sigma float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	med = median(s)
	dev := make([]float64, len(s))
	for i, v := range s {
		dev[i] = math.Abs(v - med)
	}
	sort.Float64s(dev)
	return med, 1.4826 * median(dev)
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// atLeast compares a weight with a cut allowing for the rounding of the
// arithmetic that made it: one signal of 0.45 combines to
// 1-(1-0.45) = 0.44999999999999996, which a plain >= put below the cut.
func atLeast(w, cut float64) bool { return w >= cut-1e-9 }

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// countryOfPort reads the country from a UN/LOCODE ("USLAX" → "US").
func countryOfPort(p string) string {
	p = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(p), " ", ""))
	if len(p) == 5 && p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z' {
		return p[:2]
	}
	return ""
}
