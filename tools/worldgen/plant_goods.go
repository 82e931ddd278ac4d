package main

import (
	"fmt"
	"math"
	"time"
)

// plantDestinations plants violations of destination rules and listed end users.
func (w *World) plantDestinations(r *R) {
	r = r.Fork("plantDestinations")
	late := addDays(effRE, 100)
	// ---- DESTINATION_PROHIBITED ----
	usCiv := func(p *Party) bool { return p.Country == "US" && p.Kind != "military" }
	usParties := w.consignees("mineral", func(p *Party) bool { return p.Role == "consignee" && usCiv(p) })
	for i, d := range w.dates(r, w.ps(6)+w.ps(2), day(2024, 12, 16), addDays(podTo, -10), false) {
		m := matBy[pick(r, []string{"gallium-metal", "germanium-ingot", "germanium-dioxide", "antimony-ingot", "antimony-trioxide-4n"})]
		v := "presumption of denial (MOFCOM 2024 No.46 Art.2): " + m.Group + " to a US user, licence issued before 2024-12-03"
		if i >= w.ps(6) {
			m = matBy["cubic-press-parts"]
			v = "superhard-material press parts to the US under Art.2, licence issued before the rule"
		}
		p := pick(r, usParties)
		exp, prod := w.bookExporter(r, m)
		kg := r.F(m.Min, m.Max) * 0.5
		lic := w.newLicence(r, exp, m, "US", p.Name, randDay(r, day(2024, 10, 8), day(2024, 11, 28)), 364, kg*2+10, "multiple")
		lic.Planted = true
		if d.After(lic.To) {
			d = addDays(lic.To, -r.I(5, 30))
		}
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: d, Mode: w.modeFor(r, m, "US", exp), Lines: []Line{{Mat: m, Kg: kg, Lic: lic}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("DESTINATION_PROHIBITED", v)
	}
	for _, d := range w.dates(r, w.ps(2), day(2025, 10, 30), podTo, true) {
		m := matBy[pick(r, []string{"gallium-metal", "antimony-ingot"})]
		p := pick(r, usParties)
		exp, prod := w.bookExporter(r, m)
		kg := r.F(m.Min, m.Max) * 0.5
		lic := w.newLicence(r, exp, m, "US", p.Name, day(2024, 11, 20), 364, kg*2+10, "multiple")
		lic.Planted = true
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: d, Mode: w.modeFor(r, m, "US", exp), Lines: []Line{{Mat: m, Kg: kg, Lic: lic}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("DESTINATION_PROHIBITED", "days before the 2025-11-09 suspension: Art.2 still in force")
	}
	var mil []*Party
	for _, n := range []string{"Naval Surface Warfare Center, Crane Division", "Redstone Defense Components LLC", "U.S. Army DEVCOM Armaments Center"} {
		mil = append(mil, w.addParty(&Party{ID: w.newPartyID(r), Name: n, Country: "US", Kind: "military", Address: foreignAddress(r, "US"), Role: "restricted", NoClean: true, Sector: "mineral"}))
	}
	w.mil = mil
	for _, d := range w.dates(r, w.ps(3), late, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return coded(m) && m.Controlled(d) })
		dc, _ := w.base(r, m, d, baseOpt{party: pick(r, mil), noLic: true, mode: 5})
		dc.tag("DESTINATION_PROHIBITED", "US military end user (Art.1, in force throughout)")
		dc.tag("LICENCE_MISSING", "no licence for a military end user")
	}
	// ---- END_USER_LISTED ----
	jp := []string{"IHIAS", "IHIMM", "MHIAE", "JAXA", "KHIAS", "FDNS"}
	for i, d := range w.dates(r, w.ps(6), day(2026, 3, 2), w.End, false) {
		p := w.listedP[jp[i%len(jp)]]
		m := matBy[pick(r, []string{"tungsten-carbide", "yttrium-oxide", "gallium-metal", "scandium-oxide", "dysprosium-oxide"})]
		name := pick(r, p.Alt)
		dc, lic := w.base(r, m, d, baseOpt{party: p, consName: name, licQtyF: 2})
		from := randDay(r, day(2025, 9, 1), day(2026, 1, 20))
		w.redate(lic, from, addDays(from, 364))
		dc.tag("END_USER_LISTED", "consignee on CN-ECCL since 2026-02-24, written '"+name+"'; licence issued before the listing")
	}
	for i, d := range w.dates(r, w.ps(4), day(2025, 3, 10), day(2025, 12, 20), false) {
		var p *Party
		var m *Material
		var lic *Licence
		switch i % 4 {
		case 0, 2:
			p = w.listedP[pick(r, []string{"LMT", "RMD", "GD"})]
			m = matBy["isostatic-graphite"]
		case 1:
			p = w.listedP[pick(r, []string{"SKY", "AV"})]
			m = matBy["tungsten-carbide"]
		default:
			p = w.listedP["GAASI"]
			m = matBy["isostatic-graphite"]
		}
		name := pick(r, p.Alt)
		exp, prod := w.bookExporter(r, m)
		kg := r.F(m.Min, m.Max) * 0.4
		from := day(2024, 12, 10)
		if m.Group == "tungsten" {
			from = randDay(r, day(2025, 2, 10), day(2025, 2, 28))
		}
		lic = w.newLicence(r, exp, m, "US", name, from, 364, kg*2+10, "multiple")
		lic.Planted = true
		if d.After(addDays(lic.To, -5)) {
			d = addDays(lic.To, -r.I(10, 40))
		}
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, ConsName: name, Date: d, Mode: w.modeFor(r, m, "US", exp), Lines: []Line{{Mat: m, Kg: kg, Lic: lic}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("END_USER_LISTED", "US entity on CN-ECCL ("+p.List.ListedOn.Format("2006-01-02")+"), written '"+name+"'")
		if p.Kind == "military" {
			dc.tag("DESTINATION_PROHIBITED", "US military end user (Art.1)")
		}
	}
	for _, d := range w.dates(r, w.ps(3), day(2026, 3, 2), w.End, false) {
		lp := w.listedP[pick(r, []string{"IHIAS", "JAXA", "MHIAE"})]
		cc := pick(r, []string{"JP", "SG", "HK"})
		name, alt := foreignCompany(r, cc, "mineral")
		p := w.addParty(&Party{ID: w.newPartyID(r), Name: name, Alt: alt, Country: cc, Kind: "trader", Address: foreignAddress(r, cc), Role: "consignee", NoClean: true, Sector: "mineral"})
		m := matBy[pick(r, []string{"tungsten-carbide", "gallium-metal", "yttrium-oxide"})]
		dc, lic := w.base(r, m, d, baseOpt{party: p})
		eu := pick(r, lp.Alt)
		lic.EndUser = eu
		dc.EndUser = eu
		dc.EndUserParty = lp
		dc.tag("END_USER_LISTED", "end user named in licence and remarks is a listed entity ('"+eu+"'); consignee is a trader")
	}
	for _, x := range []struct {
		k    string
		a, b time.Time
		n    int
	}{{"ORION", day(2025, 4, 1), w.End, w.ps(2)}, {"NORDIC", day(2025, 9, 20), w.End, w.ps(1)}, {"SUNDA", day(2025, 3, 1), day(2025, 10, 20), 1}, {"KESTREL", day(2025, 6, 10), w.End, 1}, {"SUBARU", day(2026, 3, 2), w.End, 1}} {
		p := w.listedP[x.k]
		for _, d := range w.dates(r, x.n, x.a, x.b, false) {
			m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) && (p.Country != "US" || !m.Art2()) && m.Min < 3000 })
			name := p.Name
			if len(p.Alt) > 0 && r.P(0.6) {
				name = pick(r, p.Alt)
			}
			dc, _ := w.base(r, m, d, baseOpt{party: p, consName: name})
			dc.tag("END_USER_LISTED", "consignee on "+p.List.List+" (listed "+iso(p.List.ListedOn)+"), written '"+name+"'")
			if p.Kind == "military" && p.Country == "US" {
				dc.tag("DESTINATION_PROHIBITED", "US military end user (Art.1)")
			}
		}
	}
}

// plantRegistry plants violations of the ledger.
func (w *World) plantRegistry(r *R) {
	r = r.Fork("plantRegistry")
	// ---- UNREGISTERED_ENTERPRISE ----
	rogue := func(status string, reg time.Time, inLedger bool, group string) *Enterprise {
		l := pick(r, w.locsWith(group))
		e := w.addEnt(r, "rogue", group, l, pick(r, []string{"trading", group}))
		e.InLedger, e.Status, e.RegisteredOn = inLedger, status, reg
		e.Segments, e.Minerals = []string{"trading", "export"}, []string{group}
		return e
	}
	for k := 0; k < 2; k++ {
		g := pick(r, []string{"antimony", "gallium", "rare-earth", "tungsten"})
		e := rogue("active", time.Time{}, false, g)
		for _, d := range w.dates(r, w.ps(3), day(2025, 5, 1), w.End, k == 0) {
			m := w.ctrlMat(r, func(m *Material) bool { return m.Group == g && m.Controlled(d) })
			dc, _ := w.base(r, m, d, baseOpt{exp: e, prod: w.producerOf(r, m)})
			dc.NoDepart = true
			dc.tag("UNREGISTERED_ENTERPRISE", "exporter not in the ledger")
		}
		w.markEnt(e.USCC, "UNREGISTERED_ENTERPRISE", "exports controlled "+g+" goods, absent from the ledger")
	}
	for _, st := range []string{"suspended", "closed"} {
		g := pick(r, []string{"antimony", "graphite", "tungsten"})
		e := rogue(st, randDay(r, day(2023, 5, 1), day(2024, 6, 1)), true, g)
		n := w.ps(3)
		if st == "closed" {
			n = w.ps(2)
		}
		for _, d := range w.dates(r, n, day(2025, 3, 1), w.End, false) {
			m := w.ctrlMat(r, func(m *Material) bool { return m.Group == g && m.Controlled(d) })
			dc, _ := w.base(r, m, d, baseOpt{exp: e, prod: w.producerOf(r, m)})
			dc.NoDepart = true
			dc.tag("UNREGISTERED_ENTERPRISE", "exporter's ledger status is "+st)
		}
		w.markEnt(e.USCC, "UNREGISTERED_ENTERPRISE", "ledger status "+st+" but still exporting")
	}
	{
		g := pick(r, []string{"germanium", "rare-earth", "antimony"})
		reg := day(2026, 1, r.I(5, 25))
		e := rogue("active", reg, true, g)
		for _, d := range w.dates(r, w.ps(2), day(2025, 8, 1), addDays(reg, -20), false) {
			m := w.ctrlMat(r, func(m *Material) bool { return m.Group == g && m.Controlled(d) })
			dc, _ := w.base(r, m, d, baseOpt{exp: e, prod: w.producerOf(r, m)})
			dc.NoDepart = true
			dc.tag("UNREGISTERED_ENTERPRISE", "exported before entering the ledger (registered "+iso(reg)+")")
		}
		for _, d := range w.dates(r, 2, addDays(reg, 10), w.End, false) { // lawful after registration
			m := w.ctrlMat(r, func(m *Material) bool { return m.Group == g && m.Controlled(d) })
			dc, _ := w.base(r, m, d, baseOpt{exp: e, prod: w.producerOf(r, m)})
			dc.NoDepart = true
		}
		w.markEnt(e.USCC, "UNREGISTERED_ENTERPRISE", "exported controlled goods before its ledger registration")
	}
	{
		g := pick(r, []string{"antimony", "tungsten", "graphite"})
		prod := rogue("active", time.Time{}, false, g)
		prod.Role = "rogue-producer"
		for _, d := range w.dates(r, w.ps(3), day(2025, 3, 1), w.End, false) {
			m := w.ctrlMat(r, func(m *Material) bool { return m.Group == g && m.Controlled(d) && m.Class == "ctrl" })
			exp, _ := w.bookExporter(r, m)
			dc, _ := w.base(r, m, d, baseOpt{exp: exp, prod: prod})
			dc.tag("UNREGISTERED_ENTERPRISE", "producer (生产销售单位) not in the ledger")
		}
		w.markEnt(prod.USCC, "UNREGISTERED_ENTERPRISE", "unregistered smelter named as producer on exports")
	}
}

// plantGoods plants violations of what is in the box: names, weights, values.
func (w *World) plantGoods(r *R) {
	r = r.Fork("plantGoods")
	// ---- MISDECLARATION ----
	type mdv struct{ real, cover, v string }
	mds := []mdv{
		{"antimony-ingot", "ferrosilicon", "antimony ingots declared as ferrosilicon at antimony prices; EPCIS shows antimony lots departing"},
		{"germanium-ingot", "zinc-ingot", "germanium ingots declared as zinc ingot by air at zinc prices; EPCIS shows germanium departing"},
		{"gallium-metal", "solder-wire", "gallium declared as solder wire at gallium prices"},
		{"antimony-trioxide-4n", "antimony-trioxide", "4N antimony trioxide declared under 2825800090 as 99.5% grade; EPCIS lots are 4N"},
		{"dysprosium-oxide", "lanthanum-oxide", "dysprosium oxide declared as lanthanum oxide at dysprosium prices"},
		{"antimony-ingot", "tile-adhesive", "antimony smelter exports 'tile adhesive'; EPCIS shows antimony ingots departing against it"},
		{"tungsten-carbide", "nickel-powder", "tungsten carbide declared as nickel powder at nickel prices; EPCIS shows WC lots departing"},
		{"terbium-oxide", "ceramic-glaze", "terbium oxide declared as ceramic glaze; EPCIS shows terbium oxide departing"},
	}
	for _, v := range mds {
		real, cover := matBy[v.real], matBy[v.cover]
		for _, d := range w.dates(r, w.ps(3), maxT(w.Start, addDays(real.Eff, 60)), w.End, r.P(0.4)) {
			exp, prod := w.bookExporter(r, real)
			if v.cover == "tile-adhesive" {
				exp = w.producerOf(r, real)
				prod = exp
			}
			p := w.lawfulParty(r, real, d, nil)
			kg := r.F(real.Min, real.Max) * 0.6
			ln := Line{Mat: cover, True: real, Kg: kg, Name: pick(r, cover.Names), Stmt: "none"}
			switch v.cover {
			case "ferrosilicon", "solder-wire", "lanthanum-oxide":
				ln.PriceMat, ln.Ratio = real, r.F(0.8, 1.0)
			case "antimony-trioxide":
				ln.PriceMat, ln.Ratio = real, r.F(0.85, 1.0)
				ln.Stmt = "neg"
			}
			if r.P(0.3) {
				ln.Stmt = "neg"
			}
			mode := w.modeFor(r, real, p.Country, exp)
			if v.cover == "zinc-ingot" || v.cover == "solder-wire" {
				mode = 5
			}
			if cover.Unit != "kg" {
				ln.Kg = kg
			}
			dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: d, Mode: mode, Lines: []Line{ln}})
			w.Decls = append(w.Decls, dc)
			dc.tag("MISDECLARATION", v.v)
			if ln.PriceMat == real && cover.Priced() && (interp(real.P, d)/interp(cover.P, d) > 3 || interp(real.P, d)/interp(cover.P, d) < 0.33) {
				dc.tag("VALUE_ANOMALY", fmt.Sprintf("declared as %s but priced like %s (~%.0f× the %s market)", cover.ID, real.ID, interp(real.P, d)/interp(cover.P, d), cover.ID))
			}
		}
	}
	// ---- UNDERDECLARATION ----
	for i, d := range w.dates(r, w.ps(6)+w.ps(3), w.Start, w.End, false) {
		m := matBy[pick(r, []string{"antimony-ingot", "apt", "flake-graphite", "yttrium-oxide", "tungsten-oxide", "antimony-trioxide-4n"})]
		if !m.Controlled(d) {
			m = matBy["antimony-ingot"]
		}
		dc, _ := w.base(r, m, d, baseOpt{mode: 2, kg: r.F(0.5, 0.9) * m.Max})
		f := r.F(1.3, 1.65)
		if i < w.ps(6) {
			dc.Payload = f
			dc.Items[0].ActualNet = dc.Items[0].Net * f
			dc.tag("UNDERDECLARATION", fmt.Sprintf("VGM minus tare about %.0f%% above the declared gross weight", (f-1)*100))
		} else {
			dc.ForceContainers = r.I(2, 4)
			if k := int(math.Ceil(dc.gross() / 21000)); k > dc.ForceContainers {
				dc.ForceContainers = k
			}
			dc.ForceSize = 20
			dc.Payload = -1 // one container heavy, see logistics
			dc.tag("UNDERDECLARATION", "multi-container shipment, one container several tonnes heavier than its share")
		}
	}
	var metalExp, ordExp []*Enterprise
	for _, e := range w.Ents {
		if e.Role == "metal" {
			metalExp = append(metalExp, e)
		}
		if e.Role == "ordinary" {
			ordExp = append(ordExp, e)
		}
	}
	for _, d := range w.dates(r, w.ps(4), w.Start, w.End, true) {
		e := pick(r, metalExp)
		m := pick(r, e.Sells)
		for m.Min < 5000 {
			e = pick(r, metalExp)
			m = pick(r, e.Sells)
		}
		p := pick(r, w.consignees("", nil))
		dc := w.newDecl(r, DOpts{Exp: e, Party: p, Date: d, Mode: 2, Lines: []Line{{Mat: m, Kg: r.F(0.6, 0.9) * m.Max}}})
		w.Decls = append(w.Decls, dc)
		f := r.F(1.25, 1.45)
		dc.Payload = f
		dc.tag("UNDERDECLARATION", fmt.Sprintf("base-metal shipment, carrier VGM %.0f%% above declared", (f-1)*100))
	}
	// ---- CONCEALMENT ----
	for i := 0; i < w.ps(5)+w.ps(3)+w.ps(3); i++ {
		d := randDay(r, w.Start, w.End)
		e := pick(r, ordExp)
		p := pick(r, w.consignees("", nil))
		var dc *Decl
		switch {
		case i < w.ps(5):
			m := matBy[pick(r, []string{"eps-foam", "plastic-hangers", "led-lamps"})]
			kg := r.F(20000, 24000)
			dc = w.newDecl(r, DOpts{Exp: e, Party: p, Date: d, Mode: 2, Lines: []Line{{Mat: m, Kg: kg}}})
			dc.ForceContainers, dc.ForceSize = 1, 40
			dc.tag("CONCEALMENT", fmt.Sprintf("declared %s, %0.f t in one 40' container: far denser than the goods can be", m.ID, kg/1000))
		case i < w.ps(5)+w.ps(3):
			m := matBy[pick(r, []string{"led-lamps", "plastic-hangers", "eps-foam"})]
			kg := r.F(2500, 5000)
			if m.ID == "eps-foam" {
				kg = r.F(1000, 1500)
			}
			dc = w.newDecl(r, DOpts{Exp: e, Party: p, Date: d, Mode: 2, Lines: []Line{{Mat: m, Kg: kg}}})
			dc.ForceContainers, dc.ForceSize = 1, 40
			dc.Payload = r.F(19000, 24000) / dc.gross()
			dc.tag("CONCEALMENT", "light goods declared; VGM shows a container loaded with ~20 t")
			dc.tag("UNDERDECLARATION", "VGM minus tare several times the declared gross")
		default:
			m := matBy["ceramic-tableware"]
			kg := r.F(22000, 26000)
			dc = w.newDecl(r, DOpts{Exp: e, Party: p, Date: d, Mode: 2, Lines: []Line{{Mat: m, Kg: kg}}})
			dc.ForceContainers, dc.ForceSize = 1, 20
			dc.tag("CONCEALMENT", "ceramic tableware at ~24 t in a 20' container: twice what the volume allows")
		}
		w.Decls = append(w.Decls, dc)
	}
	// ---- VALUE_ANOMALY ----
	for _, d := range w.dates(r, w.ps(6), w.Start, w.End, false) {
		m := matBy[pick(r, []string{"germanium-ingot", "gallium-metal", "dysprosium-oxide", "terbium-oxide", "germanium-dioxide"})]
		if !m.Controlled(d) {
			m = matBy["gallium-metal"]
		}
		dc, _ := w.base(r, m, d, baseOpt{})
		f := r.F(0.12, 0.27)
		w.reprice(dc, f)
		dc.tag("VALUE_ANOMALY", fmt.Sprintf("controlled goods under-invoiced at %.0f%% of market", f*100))
	}
	for k := 0; k < w.ps(4)+w.ps(4); k++ {
		m := matBy[pick(r, []string{"nickel-powder", "tin-ingot", "ndfeb-magnet", "solder-wire", "synthetic-diamond"})]
		exps := w.exportersFor(m)
		e := pick(r, exps)
		p := w.lawfulParty(r, m, w.End, nil)
		d := randDay(r, w.Start, w.End)
		dc := w.newDecl(r, DOpts{Exp: e, Party: p, Date: d, Mode: 2, Lines: []Line{{Mat: m, Kg: r.F(m.Min, m.Max) * 0.5}}})
		if m.Air > 0.5 {
			dc.Mode = 5
		}
		w.Decls = append(w.Decls, dc)
		if k < w.ps(4) {
			f := r.F(3.6, 6)
			w.reprice(dc, f)
			dc.tag("VALUE_ANOMALY", fmt.Sprintf("over-invoiced at %.1f× market", f))
		} else {
			f := r.F(0.08, 0.25)
			w.reprice(dc, f)
			dc.tag("VALUE_ANOMALY", fmt.Sprintf("base metal under-invoiced at %.0f%% of market", f*100))
		}
	}
	for _, d := range w.dates(r, w.ps(4), w.Start, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) && m.Priced() })
		dc, _ := w.base(r, m, d, baseOpt{})
		dc.Currency = "USD"
		w.reprice(dc, 7.15)
		dc.tag("VALUE_ANOMALY", "CNY amount entered with currency USD (about 7× market)")
	}
}

// reprice sets the declared value of every item to f × market.
func (w *World) reprice(dc *Decl, f float64) {
	for _, it := range dc.Items {
		var usdkg float64
		if it.Mat.Priced() {
			usdkg = w.intlUSDkg(it.Mat, dc.Date)
		} else {
			usdkg = it.Mat.UnitUSD / it.Mat.UnitKg
		}
		it.Total = round2(usdkg * f * it.Net / usdPer(dc.Currency, dc.Date))
		it.UnitPrice = math.Round(it.Total/it.Qty*10000) / 10000
	}
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
