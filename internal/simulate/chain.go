package simulate

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"time"

	"orewatch/internal/core"
)

// event is one EPCIS 2.0 event as the bundle's epcis/ documents carry it.
type event struct {
	day  core.Date
	body map[string]any
}

func qty(material, lot string, kg float64) map[string]any {
	return map[string]any{"epcClass": fmt.Sprintf("urn:orewatch:lot:%s:%s", material, lot), "quantity": math.Round(kg*10) / 10, "uom": "KGM"}
}

func (w *world) emitEvent(d core.Date, typ, bizStep, site string, fields map[string]any) {
	w.evSeq++
	b := map[string]any{"type": typ, "eventID": fmt.Sprintf("urn:uuid:%08x-5eed-4000-8000-%012x", w.seed32, w.evSeq),
		"eventTime": d.Time().Add(8 * time.Hour).Format("2006-01-02T15:04:05+08:00"), "eventTimeZoneOffset": "+08:00",
		"bizStep": bizStep, "bizLocation": map[string]any{"id": "urn:orewatch:site:" + site}}
	for k, v := range fields {
		b[k] = v
	}
	w.events = append(w.events, event{d, b})
}

// inputOf is the feedstock and yield the shipped materials table gives a
// product (its first made_from entry), or ok=false.
func (w *world) inputOf(material string) (string, float64, bool) {
	for _, m := range w.cat.Materials {
		if m.ID != material {
			continue
		}
		keys := make([]string, 0, len(m.MadeFrom))
		for k := range m.MadeFrom {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) > 0 {
			return keys[0], m.MadeFrom[keys[0]], true
		}
	}
	return "", 0, false
}

func (w *world) miner(group string) string {
	for i := len(w.ledger) - 1; i >= 0; i-- {
		if w.ledger[i].group == group && w.ledger[i].segments == "mining" && w.r.chance(0.5) {
			return w.ledger[i].uscc
		}
	}
	for _, e := range w.ledger {
		if e.group == group && e.segments == "mining" {
			return e.uscc
		}
	}
	return ""
}

// supply writes the chain behind kg of a product reaching holder by day:
// mined feedstock shipped to a smelter, smelted at the material's yield
// (with the scatter of real ore grades), shipped on to a trader when the
// holder is not the smelter. yieldFactor below 1 diverts product.
func (w *world) supply(p product, holder, smelter string, kg float64, d core.Date, yieldFactor float64) string {
	w.lots++
	lot := fmt.Sprintf("S%d-%06d", w.seed32%1000, w.lots)
	out := kg
	if in, y, ok := w.inputOf(p.material); ok {
		inKg := kg / (y * w.r.normal(1, 0.03))
		if m := w.miner(p.group); m != "" {
			w.emitEvent(d.AddDays(-30), "ObjectEvent", "commissioning", m, map[string]any{"action": "ADD", "quantityList": []any{qty(in, "M"+lot, inKg)}})
			w.emitEvent(d.AddDays(-27), "ObjectEvent", "shipping", m, map[string]any{"action": "OBSERVE", "quantityList": []any{qty(in, "M"+lot, inKg)},
				"sourceList": []any{map[string]any{"type": "owning_party", "source": "urn:orewatch:party:" + m}}, "destinationList": []any{map[string]any{"type": "owning_party", "destination": "urn:orewatch:party:" + smelter}}})
			w.emitEvent(d.AddDays(-25), "ObjectEvent", "receiving", smelter, map[string]any{"action": "OBSERVE", "quantityList": []any{qty(in, "M"+lot, inKg)}})
		} else {
			w.emitEvent(d.AddDays(-25), "ObjectEvent", "commissioning", smelter, map[string]any{"action": "ADD", "quantityList": []any{qty(in, "M"+lot, inKg)}})
		}
		out = kg * yieldFactor
		w.emitEvent(d.AddDays(-20), "TransformationEvent", "commissioning", smelter, map[string]any{
			"inputQuantityList": []any{qty(in, "M"+lot, inKg)}, "outputQuantityList": []any{qty(p.material, lot, out)}})
	} else {
		w.emitEvent(d.AddDays(-20), "ObjectEvent", "commissioning", smelter, map[string]any{"action": "ADD", "quantityList": []any{qty(p.material, lot, out)}})
	}
	if holder != smelter {
		w.emitEvent(d.AddDays(-12), "ObjectEvent", "shipping", smelter, map[string]any{"action": "OBSERVE", "quantityList": []any{qty(p.material, lot, out)},
			"sourceList": []any{map[string]any{"type": "owning_party", "source": "urn:orewatch:party:" + smelter}}, "destinationList": []any{map[string]any{"type": "owning_party", "destination": "urn:orewatch:party:" + holder}}})
		w.emitEvent(d.AddDays(-10), "ObjectEvent", "receiving", holder, map[string]any{"action": "OBSERVE", "quantityList": []any{qty(p.material, lot, out)}})
	}
	return lot
}

// chained records the supply behind an honest export, and its departure
// naming the declaration.
func (w *world) chained(it *item, p product) {
	if it.producer == "" || !w.inLedger[it.exporter] {
		return
	}
	lot := w.supply(p, it.exporter, it.producer, it.kg, it.day, 1)
	if w.r.chance(0.5) {
		w.domestic(p, it.producer, math.Round(it.kg*w.r.between(0.3, 1.2)), it.day)
	}
	w.emitEvent(it.day, "ObjectEvent", "departing", it.exporter, map[string]any{"action": "OBSERVE", "quantityList": []any{qty(p.material, lot, it.kg)},
		"bizTransactionList": []any{map[string]any{"type": "desadv", "bizTransaction": "urn:orewatch:declaration:" + it.no}}})
}

// domestic is material sold inside the country: supplied like an export's,
// shipped to a manufacturer in the ledger and consumed there.
func (w *world) domestic(p product, smelter string, kg float64, d core.Date) {
	makers := w.makers[p.group]
	if len(makers) == 0 || smelter == "" {
		return
	}
	m := makers[w.r.pick(len(makers))].uscc
	lot := w.supply(p, m, smelter, kg, d, 1)
	w.emitEvent(d.AddDays(-2), "TransformationEvent", "commissioning", m, map[string]any{
		"inputQuantityList": []any{qty(p.material, lot, kg)}, "outputQuantityList": []any{qty(p.group+"-product", "P"+lot, kg*0.9)}})
}

// writeEvents writes one EPCIS document per month into dir/epcis.
func (w *world) writeEvents(dir string) error {
	if len(w.events) == 0 {
		return nil
	}
	byMonth := map[string][]any{}
	for _, e := range w.events {
		m := e.day.Month()
		byMonth[m] = append(byMonth[m], e.body)
	}
	if err := os.MkdirAll(filepath.Join(dir, "epcis"), 0o755); err != nil {
		return err
	}
	for _, m := range sortedKeys(byMonth) {
		doc := map[string]any{"@context": []any{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}, "type": "EPCISDocument",
			"schemaVersion": "2.0", "creationDate": "2025-11-01T00:00:00Z", "epcisBody": map[string]any{"eventList": byMonth[m]}}
		b, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "epcis", m+".json"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Chain patterns: product diverted at the smelter (output short of its
// inputs), product shipped to a party outside the ledger, and product a
// trader acquired and never accounted for, exported under a cover name.
var chainPlanters = map[string]func(w *world, d core.Date){
	"FLOW_LEAKAGE": func(w *world, d core.Date) {
		p := w.productFor("antimony", "tungsten")
		sm := w.smelters[p.group][w.r.pick(len(w.smelters[p.group]))]
		if w.r.chance(0.5) {
			kg := math.Round(w.r.between(10000, 30000))
			w.supply(p, sm.uscc, sm.uscc, kg, d, w.r.between(0.45, 0.6)) // 40-55 % of the output missing
			w.truth = append(w.truth, [4]string{"enterprise", sm.uscc, "FLOW_LEAKAGE", "yield_short"})
			return
		}
		tr := w.traderOf(p.group)
		kg := math.Round(w.r.between(5000, 20000))
		lot := w.supply(p, tr.uscc, sm.uscc, kg, d, 1)
		out := w.fronts[w.r.pick(len(w.fronts))]
		w.emitEvent(d.AddDays(-3), "ObjectEvent", "shipping", tr.uscc, map[string]any{"action": "OBSERVE", "quantityList": []any{qty(p.material, lot, kg)},
			"sourceList": []any{map[string]any{"type": "owning_party", "source": "urn:orewatch:party:" + tr.uscc}}, "destinationList": []any{map[string]any{"type": "owning_party", "destination": "urn:orewatch:party:" + out.id}}})
		w.truth = append(w.truth, [4]string{"enterprise", tr.uscc, "FLOW_LEAKAGE", "off_ledger_shipment"})
	},
}

// traderOf returns a ledger trader of the group that also trades general
// goods: its ledger entry alone says nothing against a cover name.
func (w *world) traderOf(group string) ent {
	var ts []ent
	for _, e := range w.byGroup[group] {
		if e.segments == "trading|export" && e.minerals == group+"|other" {
			ts = append(ts, e)
		}
	}
	return ts[w.r.pick(len(ts))]
}

// acquiredNeverAccounted is the chain variant of MISDECLARATION.
func (w *world) acquiredNeverAccounted(d core.Date) *item {
	p := products[0] // antimony ingot
	tr := w.traderOf(p.group)
	sm := w.smelters[p.group][w.r.pick(len(w.smelters[p.group]))]
	kg := math.Round(w.r.between(8000, 20000))
	w.supply(p, tr.uscc, sm.uscc, kg, d.AddDays(-20), 1)
	g := goods[0]
	cons := w.hubHonest[w.r.pick(len(w.hubHonest))]
	office := offices[w.r.pick(len(offices))]
	it := item{no: w.declNo(office, d), itemNo: 1, day: d, exporter: tr.uscc, exporterName: tr.name, office: office, mode: "2",
		dest: cons.country, country: cons.country, consignee: cons.name, consCountry: cons.country, consAddress: cons.address, hs: g.hs, goods: g.nameZh,
		remarks: "是否属于管制物项：否", kg: kg, gross: math.Round(kg * 1.01)}
	it.bl, it.containers = w.sea(it.gross, 0, cons.country)
	it.value, it.currency = w.valueIn(it.kg*w.r.between(g.cnyKg[0], g.cnyKg[1]), d)
	w.items = append(w.items, it)
	return &w.items[len(w.items)-1]
}
