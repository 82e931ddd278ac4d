// Package balance keeps the books of material for each enterprise, material
// and month from chain-of-custody events — opening + received + produced −
// consumed − shipped − exported = closing — and finds where material leaks
// out of the chain (FLOW_LEAKAGE).
package balance

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"orewatch/internal/core"
	"orewatch/internal/trace"
)

// Code is the finding and alert code for leakage.
const Code = "FLOW_LEAKAGE"

// Row is one enterprise's books for one material and month, in kg.
type Row struct {
	Enterprise string  `json:"enterprise"`
	Material   string  `json:"material"`
	Month      string  `json:"month"`
	Opening    float64 `json:"opening_kg"`
	Received   float64 `json:"received_kg"`
	Produced   float64 `json:"produced_kg"`
	Consumed   float64 `json:"consumed_kg"`
	Shipped    float64 `json:"shipped_kg"`
	Exported   float64 `json:"exported_kg"`
	Closing    float64 `json:"closing_kg"`
	// Expected is what the month's inputs should have given of this
	// material at its typical yield (0 when nothing was transformed).
	Expected float64 `json:"expected_output_kg,omitempty"`
}

// Finding is one leakage, with its evidence.
type Finding struct {
	Enterprise string         `json:"enterprise"`
	Kind       string         `json:"kind"` // yield_short, off_ledger_shipment, never_received, unbacked_export
	Month      string         `json:"month"`
	Material   string         `json:"material"`
	Kg         float64        `json:"kg"`
	Message    string         `json:"message"`
	MessageZh  string         `json:"message_zh"`
	Evidence   map[string]any `json:"evidence"`
}

// Options tune the checks.
type Options struct {
	// YieldTolerance is how far below inputs × typical yield a month's
	// output may fall before it is leakage: normal scatter of ore grades
	// and recoveries. 0 means the default.
	YieldTolerance float64
	// LotYieldTolerance is the same for a single transformation.
	LotYieldTolerance float64
	// MinKg ignores leaks smaller than this (weighing noise).
	MinKg float64
}

// DefaultYieldTolerance: monthly yields scatter by about ±8 % (one standard
// deviation) around the typical figure for the same route; a shortfall
// beyond 25 % is three standard deviations out.
const DefaultYieldTolerance = 0.25

// DefaultLotYieldTolerance is how far one transformation may fall short:
// a single lot's ore grade scatters more than a month's average.
const DefaultLotYieldTolerance = 0.35

// minRunLots is how many transformations into a material must add up to
// too much before their sum is found, each within its own tolerance.
const minRunLots = 3

// Export is a declared export drawn from an enterprise's stock of a
// material: from a declaration item whose HS code is one of the
// material's.
type Export struct {
	Enterprise    string
	Material      string
	Month         string
	Kg            float64
	DeclarationNo string
}

// Yields gives kg of material out per kg of input material.
type Yields func(output, input string) (float64, bool)

// Compute keeps the books and finds leakage. ledger says which USCCs are
// in the ledger; events need not be sorted.
//
// exports are the declarations' quantities, drawn from the exporter's stock
// in their month: a departing event that names one of them counts nothing
// of its own (the declaration's kilograms stand for it). Declarations of
// a material an enterprise reports no events of are left out: there are
// no books to draw them from.
func Compute(events []*core.Event, exports []Export, ledger map[string]bool, yields Yields, opt Options) ([]Row, []Finding) {
	if opt.YieldTolerance == 0 {
		opt.YieldTolerance = DefaultYieldTolerance
	}
	if opt.MinKg == 0 {
		opt.MinKg = 1
	}
	if opt.LotYieldTolerance == 0 {
		opt.LotYieldTolerance = DefaultLotYieldTolerance
	}
	evs := append([]*core.Event(nil), events...)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].EventTime.Before(evs[j].EventTime) })

	type key struct{ ent, mat, month string }
	rows := map[key]*Row{}
	get := func(ent, mat, month string) *Row {
		k := key{ent, mat, month}
		r, ok := rows[k]
		if !ok {
			r = &Row{Enterprise: ent, Material: mat, Month: month}
			rows[k] = r
		}
		return r
	}
	var findings []Finding
	lotShort := map[key]bool{} // months whose shortfall a lot finding already reports
	// runs add up each enterprise's transformations into a material: a
	// grade that varies lot to lot averages out over several, so output
	// that exceeds its inputs' yield lot after lot, each within the ore's
	// tolerance, is material from nowhere all the same.
	type route struct{ ent, mat string }
	type run struct {
		out, expected float64
		lots          int
		last          string
		flagged       bool // a lot of it was found on its own
	}
	runs := map[route]*run{}
	type shipment struct {
		ev   *core.Event
		lot  string
		kg   float64
		to   string
		from string
	}
	var shipments []shipment
	received := map[string]map[string]bool{} // lot → enterprises that received it
	declared := map[string]bool{}
	for _, x := range exports {
		declared[x.DeclarationNo] = true
	}
	for _, e := range evs {
		ent := trace.Enterprise(e.BizLocation)
		if ent == "" {
			continue
		}
		month := e.EventTime.Format("2006-01")
		switch {
		case e.Type == "TransformationEvent":
			inputs := map[string]float64{}
			for _, q := range e.Quantities {
				mat, kg, ok := lotKg(q)
				if !ok {
					continue
				}
				switch q.Role {
				case "input":
					get(ent, mat, month).Consumed += kg
					inputs[mat] += kg
				case "output":
					get(ent, mat, month).Produced += kg
				}
			}
			// One event may give several lots of a material (a day's
			// batch packed in drums): its inputs are weighed against them
			// all, not against each.
			type produced struct {
				kg   float64
				lots []string
			}
			outs := map[string]*produced{}
			var mats []string
			for _, q := range e.Quantities {
				mat, kg, ok := lotKg(q)
				if !ok || q.Role != "output" {
					continue
				}
				if outs[mat] == nil {
					outs[mat] = &produced{}
					mats = append(mats, mat)
				}
				outs[mat].kg += kg
				outs[mat].lots = append(outs[mat].lots, q.EPCClass)
			}
			for _, mat := range mats {
				out := outs[mat].kg
				lot := strings.Join(outs[mat].lots, ", ")
				// Inputs of several materials are read both ways: as
				// alternatives (two concentrates into one APT: the output
				// can be their sum, the bound of an excess) and as
				// ingredients of one product (neodymium oxide and
				// dysprosium into a magnet: the output needs each, the
				// least being the bound of a shortfall). Summing
				// ingredients made every magnet maker "short" by half on
				// a world the balance was not written against.
				expected, least := 0.0, math.Inf(1)
				complete := len(inputs) > 0 // every input has a known yield
				fromOre := false
				for in, kg := range inputs {
					if y, ok := yields(mat, in); ok {
						expected += kg * y
						least = min(least, kg*y)
						fromOre = fromOre || isOre(in)
					} else {
						complete = false
					}
				}
				if math.IsInf(least, 1) {
					least = 0
				}
				// Far more output than every input can give is material
				// from nowhere: ore or metal booked in without a source.
				// An ore's yield follows its grade, which varies lot to lot:
				// twice the tolerance. A refining or conversion step gives
				// what chemistry gives: the tolerance itself — crude gallium
				// cannot give 1.5 times its mass of metal.
				tol := opt.LotYieldTolerance
				if fromOre {
					tol = 2 * opt.LotYieldTolerance
				}
				if complete && expected > 0 {
					r := runs[route{ent, mat}]
					if r == nil {
						r = &run{}
						runs[route{ent, mat}] = r
					}
					r.out, r.expected, r.lots, r.last = r.out+out, r.expected+expected, r.lots+1, month
					r.flagged = r.flagged || out > expected*(1+tol) && out-expected >= max(opt.MinKg, 10)
				}
				if complete && expected > 0 && out > expected*(1+tol) && out-expected >= max(opt.MinKg, 10) {
					excess := out - expected
					findings = append(findings, Finding{Enterprise: ent, Kind: "yield_excess", Month: month, Material: mat, Kg: round1(excess),
						Message: fmt.Sprintf("%s's transformation on %s gave %.0f kg of %s (lot %s); its inputs can give %.0f kg at typical yield: %.0f kg came from no recorded source",
							ent, e.EventTime.Format("2006-01-02"), out, mat, lot, expected, excess),
						MessageZh: fmt.Sprintf("%s于%s的加工产出%s %.0f千克（批次%s），按典型收率投入仅能产出%.0f千克，%.0f千克来源不明",
							ent, e.EventTime.Format("2006-01-02"), mat, out, lot, expected, excess),
						Evidence: map[string]any{"event": e.Key, "lot": lot, "produced_kg": round1(out), "expected_kg": round1(expected), "tolerance": tol}})
				}
				get(ent, mat, month).Expected += least
				// One lot far short of its inputs is diversion even when
				// the month's other lots hide it in the total.
				if least > 0 && out < least*(1-opt.LotYieldTolerance) && least-out >= opt.MinKg {
					lotShort[key{ent, mat, month}] = true
					missing := least - out
					expected := least
					findings = append(findings, Finding{Enterprise: ent, Kind: "yield_short", Month: month, Material: mat, Kg: round1(missing),
						Message: fmt.Sprintf("%s's transformation on %s gave %.0f kg of %s (lot %s); its inputs should give %.0f kg at typical yield (lot tolerance %.0f%%): %.0f kg unaccounted for",
							ent, e.EventTime.Format("2006-01-02"), out, mat, lot, expected, 100*opt.LotYieldTolerance, missing),
						MessageZh: fmt.Sprintf("%s于%s的加工产出%s %.0f千克（批次%s），按典型收率投入应产出%.0f千克（单批容差%.0f%%），%.0f千克去向不明",
							ent, e.EventTime.Format("2006-01-02"), mat, out, lot, expected, 100*opt.LotYieldTolerance, missing),
						Evidence: map[string]any{"event": e.Key, "lot": lot, "produced_kg": round1(out), "expected_kg": round1(expected), "tolerance": opt.LotYieldTolerance}})
				}
			}
		default:
			for _, q := range e.Quantities {
				mat, kg, ok := lotKg(q)
				if !ok || q.Role != "quantity" {
					continue
				}
				r := get(ent, mat, month)
				switch {
				case e.Action == "ADD" && (e.BizStep == "commissioning" || e.BizStep == ""):
					r.Produced += kg
				case e.BizStep == "receiving" || e.BizStep == "accepting":
					r.Received += kg
					if received[q.EPCClass] == nil {
						received[q.EPCClass] = map[string]bool{}
					}
					received[q.EPCClass][ent] = true
				case e.BizStep == "shipping":
					r.Shipped += kg
					to := ""
					for _, d := range e.Destinations {
						if d.Type == "owning_party" || to == "" {
							to = strings.TrimPrefix(d.ID, "urn:orewatch:party:")
						}
					}
					shipments = append(shipments, shipment{ev: e, lot: q.EPCClass, kg: kg, to: to, from: ent})
				case e.BizStep == "departing" || e.BizStep == "exporting":
					counted := false
					for _, b := range e.BizTransactions {
						if no := trace.DeclarationNo(b); no != "" && declared[no] {
							counted = true // the declaration's own kilograms count below
						}
					}
					if !counted {
						r.Exported += kg
					}
				}
			}
		}
	}
	rks := make([]route, 0, len(runs))
	for k := range runs {
		rks = append(rks, k)
	}
	sort.Slice(rks, func(i, j int) bool {
		return rks[i].ent < rks[j].ent || rks[i].ent == rks[j].ent && rks[i].mat < rks[j].mat
	})
	for _, k := range rks {
		r := runs[k]
		if r.flagged || r.lots < minRunLots || r.out <= r.expected*(1+opt.LotYieldTolerance) || r.out-r.expected < max(opt.MinKg, 10) {
			continue
		}
		excess := r.out - r.expected
		findings = append(findings, Finding{Enterprise: k.ent, Kind: "yield_excess", Month: r.last, Material: k.mat, Kg: round1(excess),
			Message: fmt.Sprintf("%s's %d transformations into %s gave %.0f kg; their inputs can give %.0f kg at typical yield (%.0f%% more, over the %.0f%% a run of lots may scatter): %.0f kg came from no recorded source",
				k.ent, r.lots, k.mat, r.out, r.expected, 100*(r.out/r.expected-1), 100*opt.LotYieldTolerance, excess),
			MessageZh: fmt.Sprintf("%s的%d次加工共产出%s %.0f千克，按典型收率投入仅能产出%.0f千克（多%.0f%%，超出多批次容差%.0f%%），%.0f千克来源不明",
				k.ent, r.lots, k.mat, r.out, r.expected, 100*(r.out/r.expected-1), 100*opt.LotYieldTolerance, excess),
			Evidence: map[string]any{"lots": r.lots, "produced_kg": round1(r.out), "expected_kg": round1(r.expected), "tolerance": opt.LotYieldTolerance}})
	}
	// Declarations count as exports from the exporter's stock, whether an
	// event names them (their kilograms replace the event's) or not — of
	// a material the exporter keeps books of: one that reports its
	// antimony but not its graphite has no graphite stock to draw from,
	// and its graphite exports say nothing of leakage.
	books := map[[2]string]bool{}
	for k := range rows {
		books[[2]string{k.ent, k.mat}] = true
	}
	for _, x := range exports {
		if books[[2]string{x.Enterprise, x.Material}] {
			get(x.Enterprise, x.Material, x.Month).Exported += x.Kg
		}
	}
	// Carry closing stock into the next month, per enterprise and material.
	var keys []key
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.ent != b.ent {
			return a.ent < b.ent
		}
		if a.mat != b.mat {
			return a.mat < b.mat
		}
		return a.month < b.month
	})
	var out []Row
	carry := map[[2]string]float64{}
	for _, k := range keys {
		r := rows[k]
		r.Opening = carry[[2]string{k.ent, k.mat}]
		r.Closing = r.Opening + r.Received + r.Produced - r.Consumed - r.Shipped - r.Exported
		carry[[2]string{k.ent, k.mat}] = r.Closing
		roundRow(r)
		out = append(out, *r)
		if r.Expected > 0 && r.Produced < r.Expected*(1-opt.YieldTolerance) && r.Expected-r.Produced >= opt.MinKg && !lotShort[k] {
			missing := r.Expected - r.Produced
			findings = append(findings, Finding{Enterprise: k.ent, Kind: "yield_short", Month: k.month, Material: k.mat, Kg: round1(missing),
				Message: fmt.Sprintf("%s produced %.0f kg of %s in %s; its inputs should give %.0f kg at typical yield (tolerance %.0f%%): %.0f kg unaccounted for",
					k.ent, r.Produced, k.mat, k.month, r.Expected, 100*opt.YieldTolerance, missing),
				MessageZh: fmt.Sprintf("%s于%s产出%s %.0f千克，按典型收率投入应产出%.0f千克（容差%.0f%%），%.0f千克去向不明",
					k.ent, k.month, k.mat, r.Produced, r.Expected, 100*opt.YieldTolerance, missing),
				Evidence: map[string]any{"produced_kg": r.Produced, "expected_kg": r.Expected, "tolerance": opt.YieldTolerance, "month": k.month}})
		}
		// Only the shortfall that is new this month: one carried forward
		// was reported in the month it arose.
		if short := max(0, -r.Closing) - max(0, -r.Opening); short >= opt.MinKg && r.Exported == 0 && r.Consumed > 0 {
			findings = append(findings, Finding{Enterprise: k.ent, Kind: "unbacked_consumption", Month: k.month, Material: k.mat, Kg: round1(short),
				Message:   fmt.Sprintf("%s consumed or shipped %.0f kg more %s in %s than it held, received or produced", k.ent, short, k.mat, k.month),
				MessageZh: fmt.Sprintf("%s于%s投料或发运的%s比其持有、收到或生产的多%.0f千克", k.ent, k.month, k.mat, short),
				Evidence:  map[string]any{"opening_kg": r.Opening, "closing_kg": r.Closing, "consumed_kg": r.Consumed, "shipped_kg": r.Shipped, "month": k.month}})
		}
		if short := max(0, -r.Closing) - max(0, -r.Opening); short >= opt.MinKg && r.Exported > 0 {
			findings = append(findings, Finding{Enterprise: k.ent, Kind: "unbacked_export", Month: k.month, Material: k.mat, Kg: round1(short),
				Message:   fmt.Sprintf("%s shipped or exported %.0f kg more %s in %s than it held, received or produced", k.ent, short, k.mat, k.month),
				MessageZh: fmt.Sprintf("%s于%s出运或出口的%s比其持有、收到或生产的多%.0f千克", k.ent, k.month, k.mat, short),
				Evidence:  map[string]any{"opening_kg": r.Opening, "closing_kg": r.Closing, "exported_kg": r.Exported, "shipped_kg": r.Shipped, "month": k.month}})
		}
	}
	// A receipt is missing only from an enterprise that reports its
	// events: one that reports none is a gap in the reporting, not a sign
	// that this shipment went elsewhere (seen on a world the detector was
	// not written against: every shipment to its manufacturers "never
	// received").
	reporting := map[string]bool{}
	for _, e := range evs {
		if ent := trace.Enterprise(e.BizLocation); ent != "" {
			reporting[ent] = true
		}
	}
	for _, s := range shipments {
		mat, _, _ := lotKg(core.EventQty{EPCClass: s.lot, UOM: "KGM"})
		month := s.ev.EventTime.Format("2006-01")
		switch {
		case s.to == "":
			continue
		case !ledger[s.to]:
			findings = append(findings, Finding{Enterprise: s.from, Kind: "off_ledger_shipment", Month: month, Material: mat, Kg: round1(s.kg),
				Message:   fmt.Sprintf("%s shipped %.0f kg of %s (lot %s) on %s to %s, which is not in the ledger", s.from, s.kg, mat, s.lot, s.ev.EventTime.Format("2006-01-02"), s.to),
				MessageZh: fmt.Sprintf("%s于%s将%s %.0f千克（批次%s）发运给未列入台账的%s", s.from, s.ev.EventTime.Format("2006-01-02"), mat, s.kg, s.lot, s.to),
				Evidence:  map[string]any{"event": s.ev.Key, "lot": s.lot, "to": s.to, "kg": s.kg}})
		case !received[s.lot][s.to] && reporting[s.to]:
			findings = append(findings, Finding{Enterprise: s.from, Kind: "never_received", Month: month, Material: mat, Kg: round1(s.kg),
				Message:   fmt.Sprintf("%s shipped %.0f kg of %s (lot %s) on %s to %s, which never recorded receiving it", s.from, s.kg, mat, s.lot, s.ev.EventTime.Format("2006-01-02"), s.to),
				MessageZh: fmt.Sprintf("%s于%s发运给%s的%s %.0f千克（批次%s）未见收货记录", s.from, s.ev.EventTime.Format("2006-01-02"), s.to, mat, s.kg, s.lot),
				Evidence:  map[string]any{"event": s.ev.Key, "lot": s.lot, "to": s.to, "kg": s.kg}})
		}
	}
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Kg > findings[j].Kg })
	return out, findings
}

// lotKg reads an OreWatch lot quantity in kilograms.
func lotKg(q core.EventQty) (material string, kg float64, ok bool) {
	rest, found := strings.CutPrefix(q.EPCClass, trace.LotPrefix)
	if !found {
		return "", 0, false
	}
	material, _, _ = strings.Cut(rest, ":")
	f := q.Quantity.Float()
	switch strings.ToUpper(q.UOM) {
	case "KGM", "":
		return material, f, true
	case "TNE":
		return material, f * 1000, true
	case "GRM":
		return material, f / 1000, true
	}
	return material, 0, false
}

// isOre says a material is an ore or a concentrate (a word of its id:
// antimony-concentrate, tungsten-ore), whose yield follows its grade.
func isOre(material string) bool {
	for _, w := range strings.Split(material, "-") {
		if w == "concentrate" || w == "ore" || w == "concentrates" || w == "ores" {
			return true
		}
	}
	return false
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func roundRow(r *Row) {
	for _, p := range []*float64{&r.Opening, &r.Received, &r.Produced, &r.Consumed, &r.Shipped, &r.Exported, &r.Closing, &r.Expected} {
		*p = round1(*p)
	}
}
