package simulate

import (
	"fmt"
	"math"

	"orewatch/internal/core"
)

// restrictedFrom..restrictedTo is when exports of gallium, germanium and
// antimony to the US were presumed denied, within the world's period.
var (
	restrictedFrom = core.NewDate(2024, 12, 3)
	restrictedTo   = end
)

func (w *world) controlledOn(d core.Date) product {
	for {
		p := products[w.r.pick(len(products))]
		if _, ok := controlCode(w.cat, p.hs, d); ok {
			return p
		}
	}
}

func (w *world) honestParty() partyRow {
	c := honestCountries[w.r.pick(len(honestCountries))]
	for c == "US" {
		c = honestCountries[w.r.pick(len(honestCountries))]
	}
	return w.honest[c][w.r.pick(len(w.honest[c]))]
}

func (w *world) exporterOf(p product) ent {
	return w.byGroup[p.group][w.r.pick(len(w.byGroup[p.group]))]
}

// planters, one per code: each writes one planted case (some several
// declarations) in one of its variants.
var planters = map[string]func(w *world, d core.Date){
	"CONTROL_UNDECLARED": func(w *world, d core.Date) {
		p := w.controlledOn(d)
		it := w.controlled(d, p, w.exporterOf(p), w.honestParty())
		v := []string{"no_statement", "stated_not_controlled", "general_remarks"}[w.r.pick(3)]
		it.remarks = map[string]string{"no_statement": "", "stated_not_controlled": "是否属于管制物项：否", "general_remarks": fmt.Sprintf("合同号HT-%d 唛头N/M", w.r.pick(9999))}[v]
		w.plant(it.no, "CONTROL_UNDECLARED", v)
	},
	"LICENCE_MISSING": func(w *world, d core.Date) {
		p := w.controlledOn(d)
		it := w.controlled(d, p, w.exporterOf(p), w.honestParty())
		v := "no_number"
		if w.r.chance(0.4) {
			v, it.licence = "unknown_number", fmt.Sprintf("SIML9%06d", w.r.pick(999999))
		} else {
			it.licence = ""
		}
		w.plant(it.no, "LICENCE_MISSING", v)
	},
	"LICENCE_INVALID": func(w *world, d core.Date) {
		p := w.controlledOn(d)
		e := w.exporterOf(p)
		it := w.controlled(d, p, e, w.honestParty())
		code, _ := controlCode(w.cat, p.hs, d)
		w.lic++
		l := &licence{no: fmt.Sprintf("SIML%07d", w.lic), holder: e.uscc, status: "valid", uses: "multiple", from: d.AddDays(-400), to: d.AddDays(-30),
			hs: p.hs, code: code, goods: p.nameZh, kg: it.kg * 3, dest: it.dest, consignee: it.consignee}
		v := []string{"expired", "revoked", "other_holder"}[w.r.pick(3)]
		switch v {
		case "revoked":
			l.from, l.to, l.status = d.AddDays(-60), d.AddDays(300), "revoked"
		case "other_holder":
			l.from, l.to = d.AddDays(-60), d.AddDays(300)
			for _, o := range w.byGroup[p.group] {
				if o.uscc != e.uscc {
					l.holder = o.uscc
				}
			}
		}
		w.licences = append(w.licences, l)
		it.licence = l.no
		w.plant(it.no, "LICENCE_INVALID", v)
	},
	"LICENCE_MISMATCH": func(w *world, d core.Date) {
		p := w.controlledOn(d)
		e := w.exporterOf(p)
		licensed := w.honestParty()
		it := w.controlled(d, p, e, licensed)
		other := w.honestParty()
		for other.country == licensed.country {
			other = w.honestParty()
		}
		it.dest, it.country, it.consignee, it.consCountry, it.consAddress = other.country, other.country, other.name, other.country, other.address
		w.plant(it.no, "LICENCE_MISMATCH", "destination_and_consignee")
	},
	"LICENCE_EXCEEDED": func(w *world, d core.Date) {
		if d.After(end.AddDays(-40)) {
			d = end.AddDays(-40) // three draws on three days: the order is the dates'
		}
		p := w.controlledOn(d)
		e := w.exporterOf(p)
		cons := w.honestParty()
		code, _ := controlCode(w.cat, p.hs, d)
		lot := math.Round(w.r.between(p.lotKg[0], p.lotKg[1]))
		w.lic++
		l := &licence{no: fmt.Sprintf("SIML%07d", w.lic), holder: e.uscc, status: "valid", uses: "multiple", from: d.AddDays(-10), to: d.AddDays(200),
			hs: p.hs, code: code, goods: p.nameZh, kg: lot * 2.5, dest: cons.country, consignee: cons.name}
		w.licences = append(w.licences, l)
		for k := 0; k < 3; k++ {
			day := d.AddDays(k * 20)
			it := w.controlledKg(day, p, e, cons, lot)
			it.licence = l.no
			if k == 2 {
				w.plant(it.no, "LICENCE_EXCEEDED", "third_draw_over")
			}
		}
	},
	"DESTINATION_PROHIBITED": func(w *world, d core.Date) {
		if d.Before(restrictedFrom) {
			d = w.r.day(restrictedFrom, restrictedTo) // article 1 and 2 of MOFCOM 2024 No. 46 start then
		}
		if w.r.chance(0.4) {
			p := w.controlledOn(d)
			m := w.military[w.r.pick(len(w.military))]
			it := w.controlled(d, p, w.exporterOf(p), m)
			w.plant(it.no, "DESTINATION_PROHIBITED", "military_end_user")
			return
		}
		p := w.productFor("antimony", "gallium", "germanium")
		it := w.controlled(d, p, w.exporterOf(p), w.usEnd[w.r.pick(len(w.usEnd))])
		w.plant(it.no, "DESTINATION_PROHIBITED", "us_presumption_of_denial")
	},
	"END_USER_LISTED": func(w *world, d core.Date) {
		p := w.controlledOn(d)
		l := w.listed[w.r.pick(len(w.listed))]
		if l.country == "US" {
			l = w.listed[1]
		}
		it := w.controlled(d, p, w.exporterOf(p), l)
		v := "exact_name"
		if w.r.chance(0.5) {
			v, it.consignee = "case_and_punctuation", toUpperNoDots(l.name)
		}
		w.plant(it.no, "END_USER_LISTED", v)
	},
	"UNREGISTERED_ENTERPRISE": func(w *world, d core.Date) {
		p := w.controlledOn(d)
		g := w.general[w.r.pick(len(w.general))]
		it := w.controlled(d, p, g, w.honestParty())
		it.producer = ""
		w.plant(it.no, "UNREGISTERED_ENTERPRISE", "exporter_not_in_ledger")
	},
	"MISDECLARATION": func(w *world, d core.Date) {
		v := []string{"antimony_as_zinc", "bismuth_as_solder_paste", "rare_earth_as_ceramic", "rare_earth_as_nickel_powder", "magnet_without_dy", "acquired_never_accounted"}[w.r.pick(6)]
		if v == "acquired_never_accounted" {
			w.plant(w.acquiredNeverAccounted(d).no, "MISDECLARATION", v)
			return
		}
		var e ent
		var g good
		spec := ""
		switch v {
		case "antimony_as_zinc":
			e, g = w.smelters["antimony"][w.r.pick(len(w.smelters["antimony"]))], goods[0]
		case "bismuth_as_solder_paste":
			// Bismuth is a by-product of antimony and lead smelting.
			e, g = w.smelters["antimony"][w.r.pick(len(w.smelters["antimony"]))], goods[1]
			bi := math.Round(52 + w.r.between(0, 8))
			spec = fmt.Sprintf("Bi %.0f%%, Sn %.0f%%", bi, 100-bi)
		case "rare_earth_as_ceramic":
			e, g = w.smelters["rare-earth"][w.r.pick(len(w.smelters["rare-earth"]))], goods[3]
		case "rare_earth_as_nickel_powder":
			e, g = w.smelters["rare-earth"][w.r.pick(len(w.smelters["rare-earth"]))], goods[2]
		case "magnet_without_dy":
			for _, x := range w.ledger {
				if x.group == "magnet" {
					e = x
				}
			}
			g = good{hs: "8505111000", nameZh: "钕铁硼永磁体", cnyKg: [2]float64{250, 400}}
			spec = fmt.Sprintf("N%d%s 不含镝铽", 35+w.r.pick(10), []string{"SH", "UH", "EH"}[w.r.pick(3)])
		}
		cons := w.hubHonest[w.r.pick(len(w.hubHonest))]
		if w.r.chance(0.5) {
			cons = w.honestParty()
		}
		office := offices[w.r.pick(len(offices))]
		it := item{no: w.declNo(office, d), itemNo: 1, day: d, exporter: e.uscc, exporterName: e.name, producer: e.uscc, office: office, mode: "2",
			dest: cons.country, country: cons.country, consignee: cons.name, consCountry: cons.country, consAddress: cons.address, hs: g.hs, goods: g.nameZh, spec: spec,
			remarks: "是否属于管制物项：否"}
		it.kg = math.Round(w.r.between(2000, 20000))
		it.gross = math.Round(it.kg * 1.01)
		it.bl, it.containers = w.sea(it.gross, 0, cons.country)
		it.value, it.currency = w.valueIn(it.kg*w.r.between(g.cnyKg[0], g.cnyKg[1]), d)
		w.items = append(w.items, it)
		w.plant(it.no, "MISDECLARATION", v)
	},
	"UNDERDECLARATION": func(w *world, d core.Date) {
		n := len(w.items)
		for {
			if w.r.chance(0.5) {
				w.honestControlled(d)
			} else {
				w.background(d)
			}
			if w.items[n].mode == "2" {
				break
			}
			w.items = w.items[:n] // a parcel: try again for a container
		}
		it := &w.items[n]
		share := w.r.between(0.15, 0.45)
		it.gross = math.Round(it.gross * (1 - share))
		it.kg = math.Round(math.Min(it.kg, it.gross*0.98))
		w.plant(it.no, "UNDERDECLARATION", fmt.Sprintf("gross_%.0f_pct_low", 100*share))
	},
	"CONCEALMENT": func(w *world, d core.Date) {
		light := []int{4, 5, 6, 7, 8, 9, 12, 13}
		g := goods[light[w.r.pick(len(light))]]
		e := w.general[w.r.pick(len(w.general))]
		cons := w.hubHonest[w.r.pick(len(w.hubHonest))]
		office := offices[w.r.pick(len(offices))]
		it := item{no: w.declNo(office, d), itemNo: 1, day: d, exporter: e.uscc, exporterName: e.name, office: office, mode: "2",
			dest: cons.country, country: cons.country, consignee: cons.name, consCountry: cons.country, consAddress: cons.address, hs: g.hs, goods: g.nameZh,
			remarks: w.remarksGeneral()}
		// Antimony ingots under a layer of the declared goods. Dense cargo
		// travels in 20' containers, whose payload is the larger; a 40'
		// is loaded close to its payload.
		size, cargo := "20", w.r.between(12000, 26000)
		if w.r.chance(0.3) {
			size, cargo = "40", w.r.between(25500, 28000) // a heavy-tested 40'
		}
		w.bl++
		w.cnt++
		it.bl, it.containers = fmt.Sprintf("SIMBL%08d", w.bl), []string{fmt.Sprintf("SIMU%07d", w.cnt)}
		tare := sizes[size].tare + w.r.between(-80, 120)
		w.manifests = append(w.manifests, manifest{bl: it.bl, container: it.containers[0], vgm: math.Round(cargo + tare + cargo*w.r.normal(0.006, 0.008)), tare: math.Round(tare), size: size, pol: "CNSZX", pod: portOf[cons.country]})
		v := "declared_true_mass"
		it.gross = math.Round(cargo)
		if w.r.chance(0.4) {
			v = "declared_light"
			it.gross = math.Round(g.density * sizes[size].vol * 0.8)
		}
		it.kg = math.Round(it.gross * 0.96)
		it.value, it.currency = w.valueIn(it.kg*w.r.between(g.cnyKg[0], g.cnyKg[1]), d)
		w.items = append(w.items, it)
		w.plant(it.no, "CONCEALMENT", v)
	},
	"VALUE_ANOMALY": func(w *world, d core.Date) {
		p := w.controlledOn(d)
		it := w.controlled(d, p, w.exporterOf(p), w.honestParty())
		v, f := "undervalued", w.r.between(0.12, 0.3)
		if w.r.chance(0.3) {
			v, f = "overvalued", w.r.between(3.5, 6)*p.intlRatio // well above 2.5 × the overseas price
		}
		it.value, it.currency = w.valueIn(it.kg*p.priceCN(d)*f, d)
		w.plant(it.no, "VALUE_ANOMALY", v)
	},
	"TRANSSHIPMENT": func(w *world, d core.Date) {
		if d.Before(restrictedFrom) {
			d = w.r.day(restrictedFrom, restrictedTo)
		}
		p := w.productFor("antimony", "gallium", "germanium")
		v := []string{"front_one_hop", "front_two_hops", "consignee_in_us", "discharge_in_us"}[w.r.pick(4)]
		var cons partyRow
		switch v {
		case "front_one_hop":
			cons = w.fronts[w.r.pick(len(w.fronts))]
		case "front_two_hops":
			cons = w.fronts2[w.r.pick(len(w.fronts2))]
		default:
			cons = w.hubHonest[w.r.pick(len(w.hubHonest))]
		}
		if p.air && v == "discharge_in_us" {
			p = products[0]
		}
		it := w.controlled(d, p, w.exporterOf(p), cons)
		switch v {
		case "consignee_in_us":
			us := w.usEnd[w.r.pick(len(w.usEnd))]
			it.consignee, it.consCountry, it.consAddress = us.name, "US", us.address
			w.plantParty(us.id, "TRANSSHIPMENT", v)
		case "discharge_in_us":
			for i := range w.manifests {
				if w.manifests[i].bl == it.bl {
					w.manifests[i].pod = "USLAX"
				}
			}
		}
		w.plant(it.no, "TRANSSHIPMENT", v)
		if v == "front_one_hop" || v == "front_two_hops" {
			w.plantParty(cons.id, "TRANSSHIPMENT", v)
		}
	},
	"STRUCTURING": func(w *world, d core.Date) {
		// Two to three related senders (one address in the ledger) mail
		// gallium or germanium to a cluster of two buyers sharing a phone.
		p := w.productFor("gallium", "germanium")
		base := w.byGroup[p.group][0]
		senders := []ent{base}
		for k := 0; k < 1+w.r.pick(2); k++ {
			e := ent{uscc: uscc("440000", 900000+len(w.ledger)), name: fmt.Sprintf("深圳%s科技有限公司", randZh(w.r)), prov: "440000", segments: "trading|export",
				minerals: p.group, address: base.address, group: p.group}
			w.ledger = append(w.ledger, e)
			senders = append(senders, e)
		}
		hub := hubs[w.r.pick(len(hubs))]
		a := w.newParty(hub, "trader")
		b := w.newParty(hub, "trader")
		b.phone = a.phone
		w.parties[len(w.parties)-1] = b
		buyers := []partyRow{a, b}
		// A burst of 6–11 parcels in three weeks, or a slow drip of 10–27
		// over nine or ten months that never makes a month busy.
		n, spread := 6+w.r.pick(6), 24
		if w.r.chance(0.5) {
			n, spread = 10+w.r.pick(18), 270+w.r.pick(30)
		}
		for k := 0; k < n; k++ {
			day := d.AddDays(w.r.pick(spread))
			if day.After(end) {
				day = end
			}
			buyer := buyers[w.r.pick(2)]
			w.plantParty(buyer.id, "STRUCTURING", "buyer_of_split_parcels")
			it := w.controlled(day, p, senders[w.r.pick(len(senders))], buyer)
			it.kg = math.Round(w.r.between(2, 40)*10) / 10
			it.gross, it.mode, it.bl, it.containers = it.kg+1, []string{"5", "6"}[w.r.pick(2)], "", nil
			it.value, it.currency = w.valueIn(it.kg*w.price(p, day), day)
			w.plant(it.no, "STRUCTURING", fmt.Sprintf("%d_parcels_%d_senders", n, len(senders)))
		}
	},
	"NETWORK_RISK": func(w *world, d core.Date) {
		p := w.controlledOn(d)
		k := w.r.pick(len(w.listedNet))
		cons := w.listedNet[k]
		it := w.controlled(d, p, w.exporterOf(p), cons)
		v := "shares_phone_with_listed"
		if k%2 == 1 {
			v = "shares_address_with_listed"
		}
		w.plant(it.no, "NETWORK_RISK", v)
		// The listed party is in another country: the buyer is also a
		// likely route on to it.
		w.plantParty(cons.id, "TRANSSHIPMENT", "tied_to_listed_abroad")
	},
}

func toUpperNoDots(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '.' || r == ',' {
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 32
		}
		out = append(out, r)
	}
	return string(out)
}
