package simulate

import (
	"fmt"
	"math"

	"orewatch/internal/core"
)

var sizes = map[string]struct{ vol, tare float64 }{"20": {33.2, 2250}, "40": {67.7, 3750}}

// sea loads cargo kilograms of goods of the given packed density (0 for
// goods too dense to fill a container) into containers, writes the
// carrier's manifest rows honestly, and returns the bill and containers.
func (w *world) sea(cargo, density float64, dest string) (string, []string) {
	n, size := 1, "40"
	switch {
	case density > 0:
		n = int(math.Ceil(cargo / (density * 0.9 * sizes["40"].vol)))
	case cargo <= 24000:
		size = "20"
	default:
		n = int(math.Ceil(cargo / 25000))
	}
	n = max(n, 1)
	w.bl++
	bl := fmt.Sprintf("SIMBL%08d", w.bl)
	var cs []string
	for i := 0; i < n; i++ {
		w.cnt++
		c := fmt.Sprintf("SIMU%07d", w.cnt)
		cs = append(cs, c)
		per := cargo / float64(n)
		tare := sizes[size].tare + w.r.between(-80, 120)
		// Pallets, dunnage and scale error: the verified mass scatters
		// around gross + tare by a per cent or so.
		vgm := per + tare + per*w.r.normal(0.006, 0.008)
		m := manifest{bl: bl, container: c, vgm: math.Round(vgm), tare: math.Round(tare), size: size, pol: []string{"CNSZX", "CNSHA", "CNNSA", "CNXMN"}[w.r.pick(4)], pod: portOf[dest]}
		if w.r.chance(0.1) {
			m.tare = 0 // carriers do not always report tare
		}
		w.manifests = append(w.manifests, m)
	}
	return bl, cs
}

func (w *world) remarksControlled(code string) string {
	if code == "" {
		switch w.r.pick(4) {
		case 0:
			return "是否属于管制物项：是"
		case 1:
			return "合同号HT-" + fmt.Sprint(1000+w.r.pick(9000)) + "；属于管制物项"
		case 2:
			return "是否屬於管制物項：是"
		}
		return "Controlled item: yes"
	}
	switch w.r.pick(5) {
	case 0:
		return "是否属于管制物项：是；管制编码：" + code
	case 1:
		return "合同号HT-" + fmt.Sprint(1000+w.r.pick(9000)) + "；属于管制物项，管制编码" + code
	case 2:
		return "是否屬於管制物項：是；管制編碼：" + code
	case 3:
		return "Controlled item: yes; control code " + code
	}
	return "管制物项：是 编码：" + code + "；唛头：N/M"
}

func (w *world) remarksGeneral() string {
	switch w.r.pick(4) {
	case 0:
		return ""
	case 1:
		return "非管制物项"
	case 2:
		return "是否属于管制物项：否"
	}
	return fmt.Sprintf("合同号HT-%d", 1000+w.r.pick(9000))
}

// licenceFor finds a licence the exporter holds for these goods, this
// consignee and destination with room left on the day, or issues one.
func (w *world) licenceFor(exporter string, p product, code, dest, consignee string, d core.Date, kg float64) *licence {
	for i := len(w.licences) - 1; i >= 0 && i >= len(w.licences)-400; i-- {
		l := w.licences[i]
		if l.holder == exporter && l.hs == p.hs && l.dest == dest && l.consignee == consignee && l.status == "valid" && l.uses == "multiple" &&
			!d.Before(l.from) && !d.After(l.to) && l.used+kg <= l.kg {
			l.used += kg
			return l
		}
	}
	w.lic++
	l := &licence{no: fmt.Sprintf("SIML%07d", w.lic), holder: exporter, status: "valid", uses: "multiple", from: d.AddDays(-5 - w.r.pick(40)),
		hs: p.hs, code: code, goods: p.nameZh, kg: roundTo(kg*w.r.between(2, 6), 1000), dest: dest, consignee: consignee, used: kg}
	if l.kg < kg {
		l.kg = roundTo(kg, 1)
	}
	if w.r.chance(0.15) {
		l.uses, l.kg = "single", kg
	}
	l.to = l.from.AddDays(364)
	w.licences = append(w.licences, l)
	return l
}

// price is an honest export price per kilogram in yuan: between the
// domestic and the overseas market, with a few per cent of scatter.
func (w *world) price(p product, d core.Date) float64 {
	return p.priceCN(d) * w.r.between(1, p.intlRatio) * w.r.normal(1, 0.05)
}

func (w *world) valueIn(cny float64, d core.Date) (float64, string) {
	cur := currencies[w.r.pick(len(currencies))]
	return math.Round(cny/w.fx(cur, d)*100) / 100, cur
}

// background writes one declaration of general trade.
func (w *world) background(d core.Date) {
	e := w.general[w.r.pick(len(w.general))]
	gi := 4 + w.r.pick(len(goods)-4)
	if w.r.chance(0.03) {
		gi = 0 // honest zinc from a general trader
	}
	g := goods[gi]
	dest := honestCountries[w.r.pick(len(honestCountries))]
	if w.r.chance(0.15) {
		dest = hubs[w.r.pick(len(hubs))]
	}
	cons := w.honest[dest][w.r.pick(len(w.honest[dest]))]
	office := offices[w.r.pick(len(offices))]
	no := w.declNo(office, d)
	mode := "2"
	var cargo float64
	switch x := w.r.Float64(); {
	case x < 0.1:
		mode = "5"
		cargo = w.r.between(50, 2000)
	case x < 0.16:
		// E-commerce parcels: one seller, many buyers.
		mode = "6"
		cargo = w.r.between(0.5, 30)
		cons = partyRow{name: fmt.Sprintf("%s Online Buyer %d", cities[dest], w.r.pick(100000)), country: dest}
	case g.density > 0:
		cargo = g.density * 67.7 * w.r.between(0.5, 0.9) * float64(1+w.r.pick(2))
	default:
		cargo = w.r.between(15000, 27500) // dense goods: heavy but honest, up to the payload
	}
	it := item{no: no, itemNo: 1, day: d, exporter: e.uscc, exporterName: e.name, office: office, mode: mode, dest: dest, country: dest,
		consignee: cons.name, consCountry: cons.country, consAddress: cons.address, hs: g.hs, goods: g.nameZh, remarks: w.remarksGeneral()}
	if mode == "2" {
		it.bl, it.containers = w.sea(cargo, g.density, dest)
	}
	it.gross = math.Round(cargo)
	it.kg = math.Round(cargo * w.r.between(0.95, 0.99))
	it.value, it.currency = w.valueIn(it.kg*w.r.between(g.cnyKg[0], g.cnyKg[1]), d)
	w.items = append(w.items, it)
}

// controlled writes an honest export of a controlled or strategic product
// and returns its item for a planted variant to alter.
func (w *world) controlled(d core.Date, p product, e ent, cons partyRow) *item {
	return w.controlledKg(d, p, e, cons, math.Round(w.r.between(p.lotKg[0], p.lotKg[1])))
}

func (w *world) controlledKg(d core.Date, p product, e ent, cons partyRow, kg float64) *item {
	code, isControlled := controlCode(w.cat, p.hs, d)
	office := offices[w.r.pick(len(offices))]
	it := item{no: w.declNo(office, d), itemNo: 1, day: d, exporter: e.uscc, exporterName: e.name, office: office, dest: cons.country, country: cons.country,
		consignee: cons.name, consCountry: cons.country, consAddress: cons.address, hs: p.hs, goods: p.nameZh, spec: p.spec, kg: kg, gross: math.Round(kg * 1.01)}
	if smelters := w.smelters[p.group]; len(smelters) > 0 {
		it.producer = smelters[w.r.pick(len(smelters))].uscc
	}
	if p.air || kg < 1000 {
		it.mode = "5"
	} else {
		it.mode = "2"
		density := 0.0
		if p.group == "graphite" {
			density = 800
		}
		it.bl, it.containers = w.sea(it.gross, density, cons.country)
	}
	it.value, it.currency = w.valueIn(kg*w.price(p, d), d)
	if isControlled {
		it.remarks = w.remarksControlled(code)
		it.licence = w.licenceFor(e.uscc, p, code, cons.country, cons.name, d, kg).no
	} else {
		it.remarks = w.remarksGeneral()
	}
	w.chained(&it, p)
	w.items = append(w.items, it)
	return &w.items[len(w.items)-1]
}

// honestControlled picks a product, exporter and a destination its rules
// allow that day.
func (w *world) honestControlled(d core.Date) {
	p := products[w.r.pick(len(products))]
	exps := w.byGroup[p.group]
	e := exps[w.r.pick(len(exps))]
	var cons partyRow
	for {
		c := honestCountries[w.r.pick(len(honestCountries))]
		if w.r.chance(0.25) {
			c = hubs[w.r.pick(len(hubs))]
		}
		if (c == "US" && (usRestricted(p.group, d) || p.group == "graphite")) || len(w.honest[c]) == 0 {
			continue
		}
		cons = w.honest[c][w.r.pick(len(w.honest[c]))]
		break
	}
	w.controlled(d, p, e, cons)
}

// sample is a legitimate small air shipment of gallium or germanium to a
// laboratory: a look-alike of structuring.
func (w *world) sample(d core.Date) {
	p := w.productFor("gallium", "germanium")
	e := w.byGroup[p.group][0]
	c := honestCountries[w.r.pick(len(honestCountries))]
	if c == "US" {
		c = "JP"
	}
	var labs []partyRow
	for _, x := range w.honest[c] {
		if x.kind == "research" {
			labs = append(labs, x)
		}
	}
	if len(labs) == 0 {
		labs = w.honest[c]
	}
	it := w.controlled(d, p, e, labs[w.r.pick(len(labs))])
	it.kg = math.Round(w.r.between(0.2, 3)*10) / 10
	it.gross = it.kg + 0.5
	it.mode = "5"
	it.value, it.currency = w.valueIn(it.kg*w.price(p, d), d)
}
