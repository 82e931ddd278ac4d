package simulate

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"orewatch/internal/catalog"
)

// Share of declarations: honest exports of controlled or strategic goods
// and laboratory samples; the rest is general trade. Planted cases come
// on top, a few per cent of the total as in real enforcement data.
const (
	shareControlled = 0.06
	shareSamples    = 0.005
	plantedPerCode  = 0.0025 // cases per declaration, for each code
)

// Write generates a world into dir: a bundle any OreWatch command reads,
// plus truth.csv.
func Write(dir string, cat *catalog.Catalog, opt Options) (Stats, error) {
	w := newWorld(cat, opt)
	w.build()
	days := int(end.Time().Sub(start.Time()).Hours()/24) + 1
	for i := 0; i < w.n; i++ {
		d := start.AddDays(i * days / w.n)
		switch x := w.r.Float64(); {
		case x < shareSamples:
			w.sample(d)
		case x < shareSamples+shareControlled:
			w.honestControlled(d)
		default:
			w.background(d)
		}
	}
	codes := sortedKeys(planters)
	for _, code := range codes {
		n := max(6, int(math.Round(float64(w.n)*plantedPerCode)))
		if code == "STRUCTURING" {
			n = max(2, n/6)
		}
		for k := 0; k < n; k++ {
			planters[code](w, w.r.day(start, end))
		}
	}
	for _, code := range sortedKeys(chainPlanters) {
		for k := 0; k < max(4, int(math.Round(float64(w.n)*plantedPerCode/2))); k++ {
			chainPlanters[code](w, w.r.day(start.AddDays(40), end))
		}
	}
	if opt.Rough {
		w.roughen()
	}
	w.rough = opt.Rough
	if err := w.write(dir); err != nil {
		return Stats{}, err
	}
	st := Stats{Items: len(w.items), ByCode: map[string]int{}}
	seen := map[string]bool{}
	for _, it := range w.items {
		if !seen[it.no] {
			seen[it.no] = true
			st.Declarations++
		}
	}
	st.Planted = len(w.planted)
	st.Events = len(w.events)
	for _, t := range w.truth {
		st.ByCode[t[2]]++
	}
	return st, nil
}

func (w *world) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	meta, _ := json.Marshal(map[string]string{"format": "orewatch-bundle/1", "created": "2025-11-01T00:00:00Z",
		"title": "simulated world (orewatch simulate)", "as_of": end.String()})
	if err := os.WriteFile(filepath.Join(dir, "bundle.json"), append(meta, '\n'), 0o644); err != nil {
		return err
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	tables := map[string][][]string{}
	ents := [][]string{{"uscc", "name", "province", "segments", "minerals", "registered_on", "ledger_status", "compliance_program", "address"}}
	for _, e := range w.ledger {
		ents = append(ents, []string{e.uscc, e.name, e.prov, e.segments, e.minerals, "2024-01-15", "active", "true", e.address})
	}
	tables["enterprises"] = ents
	ps := [][]string{{"party_id", "name", "country", "address", "phone", "email", "registry_id", "kind"}}
	for _, p := range w.parties {
		ps = append(ps, []string{p.id, p.name, p.country, p.address, p.phone, p.email, p.registry, p.kind})
	}
	tables["parties"] = ps
	ls := [][]string{{"from_party", "to_party", "relation", "source"}}
	for _, l := range w.links {
		ls = append(ls, l[:])
	}
	tables["party_links"] = ls
	tables["entity_lists"] = append([][]string{{"list", "name", "aliases", "country", "listed_on", "delisted_on", "reference"}}, w.lists...)
	lic := [][]string{{"licence_no", "exporter_uscc", "status", "uses", "valid_from", "valid_to", "hs_code", "control_code", "goods_name", "quantity", "unit", "destination", "consignee_name"}}
	for _, l := range w.licences {
		lic = append(lic, []string{l.no, l.holder, l.status, l.uses, l.from.String(), l.to.String(), l.hs, l.code, l.goods, f(l.kg), "kg", l.dest, l.consignee})
	}
	tables["licences"] = lic
	decl := [][]string{{"declaration_no", "item_no", "declared_at", "exporter_uscc", "exporter_name", "producer_uscc", "customs_office", "transport_mode",
		"bill_of_lading", "containers", "trade_mode", "trading_country", "destination_country", "consignee_name", "consignee_country", "consignee_address",
		"licence_no", "hs_code", "goods_name", "goods_spec", "quantity", "unit", "net_weight_kg", "gross_weight_kg", "total_value", "currency", "remarks"}}
	items := append([]item(nil), w.items...)
	sort.SliceStable(items, func(i, j int) bool { return items[i].no < items[j].no })
	for _, it := range items {
		decl = append(decl, []string{it.no, strconv.Itoa(it.itemNo), it.day.String(), it.exporter, it.exporterName, it.producer, it.office, it.mode,
			it.bl, strings.Join(it.containers, "|"), "0110", it.country, it.dest, it.consignee, it.consCountry, it.consAddress,
			it.licence, it.hs, it.goods, it.spec, f(it.kg), "kg", f(it.kg), f(it.gross), f(it.value), it.currency, it.remarks})
	}
	tables["declarations"] = decl
	man := [][]string{{"bill_of_lading", "container_no", "vgm_kg", "tare_kg", "size", "port_of_loading", "port_of_discharge", "transshipment_port"}}
	for _, m := range w.manifests {
		tare := ""
		if m.tare > 0 {
			tare = f(m.tare)
		}
		man = append(man, []string{m.bl, m.container, f(m.vgm), tare, m.size, m.pol, m.pod, m.tsp})
	}
	tables["manifests"] = man
	pr := [][]string{{"material", "market", "date", "price", "currency", "unit"}}
	seen := map[string]bool{}
	for _, p := range products {
		if seen[p.material] {
			continue
		}
		seen[p.material] = true
		for d := start; !d.After(end); d = d.AddDays(14) {
			sd := 0.02
			if w.rough {
				sd = 0.06
			}
			cn := p.priceCN(d) * 1000 * w.r.normal(1, sd)
			intl := p.priceCN(d) * p.intlRatio * 1000 / 7.15 * w.r.normal(1, sd+0.01)
			pr = append(pr, []string{p.material, "CN", d.String(), f(math.Round(cn)), "CNY", "t"}, []string{p.material, "INTL", d.String(), f(math.Round(intl)), "USD", "t"})
		}
	}
	for d := start; !d.After(end); d = d.AddDays(14) {
		pr = append(pr, []string{"zinc-ingot", "CN", d.String(), f(math.Round(22500 * w.r.normal(1, 0.03))), "CNY", "t"},
			[]string{"zinc-ingot", "INTL", d.String(), f(math.Round(2800 * w.r.normal(1, 0.03))), "USD", "t"})
	}
	tables["prices"] = pr
	tr := [][]string{{"subject_type", "subject_id", "code", "variant"}}
	for _, t := range w.truth {
		tr = append(tr, t[:])
	}
	tables["truth"] = tr
	if err := w.writeEvents(dir); err != nil {
		return err
	}
	for name, rows := range tables {
		if err := writeCSV(filepath.Join(dir, name+".csv"), rows); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	if err := cw.WriteAll(rows); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// roughen applies Options.Rough to everything but the facts the planted
// cases rest on.
func (w *world) roughen() {
	for i := range w.manifests {
		m := &w.manifests[i]
		m.vgm = math.Round(m.vgm * w.r.normal(1, 0.02))
		if w.r.chance(0.33) {
			m.size = ""
		}
		if w.r.chance(0.33) {
			m.tare = 0
		}
	}
	for i := range w.items {
		it := &w.items[i]
		if w.planted[it.no] {
			continue
		}
		if w.r.chance(0.5) {
			it.producer = ""
		}
		if w.r.chance(0.5) {
			it.consCountry = ""
		}
		it.value = math.Round(it.value*w.r.normal(1, 0.12)*100) / 100
	}
}
