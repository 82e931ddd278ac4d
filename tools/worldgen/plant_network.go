package main

import (
	"strings"
	"time"
)

func (w *World) newShell(r *R, cc, kind string) *Party {
	name, alt := foreignCompany(r, cc, "mineral")
	for tries := 0; w.partyNamed(name); tries++ {
		name, alt = foreignCompany(r, cc, "mineral")
		if tries > 8 && !hasNonLatin(name) {
			name = pick(r, []string{"Apex ", "Pinnacle ", "Meridian ", "Zenith ", "Crestline ", "Vertex ", "Summit ", "Harborview ", "Orient ", "Silverline "}) + name
		}
	}
	p := &Party{ID: w.newPartyID(r), Name: name, Alt: alt, Country: cc, Kind: kind, Address: foreignAddress(r, cc), Phone: foreignPhone(r, cc), Role: "shell", NoClean: true, Sector: "mineral"}
	if r.P(0.5) {
		p.Registry = foreignRegistry(r, cc)
	}
	return w.addParty(p)
}

func (w *World) partyNamed(n string) bool {
	for _, p := range w.Parties {
		if normName(p.Name) == normName(n) {
			return true
		}
	}
	return false
}

func (w *World) plantTransshipment(r *R) {
	type tv struct {
		cc, via string
		n       int
		mats    []string
		a, b    time.Time
		link    func(p *Party) string
	}
	restricted := w.mil // US military end users (Art.1)
	vs := []tv{
		{"VN", "", w.ps(6), []string{"gallium-metal", "germanium-ingot", "antimony-ingot"}, day(2025, 1, 10), day(2025, 10, 30), func(p *Party) string {
			lp := w.listedP[pick(r, []string{"LMT", "RMD"})]
			w.Links = append(w.Links, Link{p.ID, lp.ID, "agent_of", "shipping documents seized in a 2025 inspection"})
			return "Vietnamese trader acting as agent of " + lp.Name + " (party_links); monthly gallium/germanium/antimony"
		}},
		{"MY", "USLAX", w.ps(4), []string{"antimony-ingot", "antimony-trioxide-4n", "germanium-dioxide"}, day(2025, 1, 10), addDays(podTo, -5), func(p *Party) string {
			return "declared to Malaysia; B/L discharges in Los Angeles via Port Klang (manifest)"
		}},
		{"AE", "", w.ps(5), []string{"germanium-ingot", "gallium-metal", "germanium-dioxide"}, day(2025, 4, 1), w.End, func(p *Party) string {
			op := w.listedP["ORION"]
			p.Phone, p.Address = op.Phone, op.Address
			w.Links = append(w.Links, Link{p.ID, op.ID, "same_phone", "trade directory"}, Link{p.ID, op.ID, "same_address", "JAFZA registry"})
			return "new Jebel Ali FZE sharing phone and address with listed Orion Strategic Metals FZE"
		}},
		{"KR", "", w.ps(3), []string{"tungsten-carbide", "yttrium-oxide"}, day(2026, 3, 2), w.End, func(p *Party) string {
			lp := w.listedP["IHIAS"]
			w.Links = append(w.Links, Link{p.ID, lp.ID, "agent_of", "purchase orders in a customs audit"})
			return "Korean trader buying on behalf of IHI Aerospace after its 2026-02-24 listing"
		}},
		{"MX", "", w.ps(3), []string{"antimony-ingot", "spherical-graphite"}, day(2025, 2, 1), addDays(podTo, -5), func(p *Party) string {
			mp := pick(r, restricted)
			w.Links = append(w.Links, Link{p.ID, mp.ID, "agent_of", "US customs entry data (notify party)"})
			return "Mexican consignee named as agent of US military end user " + mp.Name + " in onward entries"
		}},
	}
	for _, v := range vs {
		p := w.newShell(r, v.cc, "trader")
		variant := v.link(p)
		ds := w.dates(r, v.n, v.a, v.b, false)
		for _, d := range ds {
			m := matBy[pick(r, v.mats)]
			if !m.Controlled(d) {
				continue
			}
			dc, _ := w.base(r, m, d, baseOpt{party: p, mode: 2})
			if v.via != "" {
				dc.DestPort, dc.TransPort = v.via, pick(r, countryBy[v.cc].Ports)
			}
			dc.tag("TRANSSHIPMENT", variant)
		}
		w.markParty(p.ID, "TRANSSHIPMENT", variant)
		if v.cc == "AE" {
			// a ledger exporter owns the FZE: the enterprise is tied to a flagged party
			var cands []*Enterprise
			for _, e := range w.Ents {
				if e.Role == "trader" && e.Books {
					cands = append(cands, e)
				}
			}
			e := pick(r, cands)
			w.agentOf = e
			w.Links = append(w.Links, Link{e.USCC, p.ID, "owns", "ODI filing (境外投资备案)"})
		}
	}
	// an exporter acting as agent for a listed entity
	{
		var cands []*Enterprise
		for _, e := range w.Ents {
			if e.Role == "trader" && e.Books {
				cands = append(cands, e)
			}
		}
		e := pick(r, cands)
		for e == w.agentOf && len(cands) > 1 {
			e = pick(r, cands)
		}
		w.Links = append(w.Links, Link{e.USCC, w.listedP["ORION"].ID, "agent_of", "payment records"})
	}
	// shells tied to listed parties, receiving only ordinary goods (NETWORK_RISK only)
	var ordExp []*Enterprise
	for _, e := range w.Ents {
		if e.Role == "ordinary" {
			ordExp = append(ordExp, e)
		}
	}
	for _, s := range []struct{ cc, key, rel string }{{"HK", "LMT", "agent_of"}, {"TR", "GAASI", "agent_of"}, {"SG", "RMD", "subsidiary_of"}} {
		p := w.newShell(r, s.cc, "trader")
		w.Links = append(w.Links, Link{p.ID, w.listedP[s.key].ID, s.rel, pick(r, []string{"OpenCorporates", "trade registry", "web archive of company site"})})
		for _, d := range w.dates(r, r.I(1, 3), w.Start, w.End, false) {
			e := pick(r, ordExp)
			m := pick(r, e.Sells)
			dc := w.newDecl(r, DOpts{Exp: e, Party: p, Date: d, Mode: 2, NoProd: true, Lines: []Line{{Mat: m, Kg: r.F(m.Min, m.Max) * m.UnitKg * 0.5}}})
			w.Decls = append(w.Decls, dc)
		}
	}
}

func (w *World) plantStructuring(r *R) {
	// three related senders in the ledger
	var senders []*Enterprise
	l := pick(r, w.locsWith("trading"))
	addr := chineseAddress(r, l)
	for i := 0; i < 3; i++ {
		e := w.addEnt(r, "trader", "gallium", l, "trading")
		e.Segments, e.Minerals, e.Books = []string{"trading", "export"}, []string{"gallium", "germanium"}, true
		e.Sells = []*Material{matBy["gallium-metal"]}
		e.RegisteredOn = randDay(r, day(2024, 3, 1), day(2024, 10, 1))
		e.Address = addr
		if i > 0 {
			rel := pick(r, []string{"same_address", "same_phone"})
			if rel == "same_phone" {
				e.Phone = senders[0].Phone
			}
			w.Links = append(w.Links, Link{senders[0].USCC, e.USCC, rel, "工商登记信息"})
		}
		senders = append(senders, e)
	}
	var net []*Party
	for _, cc := range []string{"HK", "HK", "VN", "KR"} {
		p := w.newShell(r, cc, pick(r, []string{"trader", "unknown"}))
		net = append(net, p)
	}
	net[1].Address = net[0].Address
	net[3].Phone = net[0].Phone
	w.Links = append(w.Links, Link{net[1].ID, net[0].ID, "same_address", "express waybills"}, Link{net[2].ID, net[0].ID, "agent_of", "express waybills"}, Link{net[3].ID, net[0].ID, "same_phone", "express waybills"})
	a := randDay(r, day(2025, 2, 1), day(2025, 12, 1))
	for _, d := range w.dates(r, w.ps(30), a, addDays(a, r.I(120, 170)), false) {
		e := pick(r, senders)
		p := pick(r, net)
		m := matBy["gallium-metal"]
		stmt := pick(r, []string{"neg", "none"})
		dc := w.newDecl(r, DOpts{Exp: e, Producer: w.producerOf(r, m), Party: p, Date: d, Mode: 6, TradeMode: pick(r, []string{"3010", "9710"}), Lines: []Line{{Mat: m, Kg: r.F(0.4, 2.4), Stmt: stmt, Name: pick(r, []string{"金属镓样品", "镓 样品", "Gallium sample"})}}})
		dc.misc = pick(r, []string{"样品 无商业价值", "SAMPLE", "样品"})
		w.Decls = append(w.Decls, dc)
		dc.tag("STRUCTURING", "gallium split into ~1 kg express parcels from 3 related senders to a 4-party consignee network")
		dc.tag("CONTROL_UNDECLARED", "sample parcels of controlled gallium stated 'not controlled' or not stated")
		dc.tag("LICENCE_MISSING", "no licence on structured parcels")
	}
	for _, p := range net {
		w.markParty(p.ID, "STRUCTURING", "receives split gallium parcels from three related senders")
	}
	// germanium pieces as optical glass blanks
	ge := matBy["germanium-ingot"]
	exp, prod := w.bookExporter(r, ge)
	n2 := []*Party{w.newShell(r, "KR", "trader"), w.newShell(r, "TW", "trader")}
	n2[1].Phone = n2[0].Phone
	w.Links = append(w.Links, Link{n2[0].ID, n2[1].ID, "same_phone", "express waybills"})
	a = randDay(r, day(2025, 3, 1), day(2026, 1, 1))
	for _, d := range w.dates(r, w.ps(10), a, addDays(a, r.I(90, 130)), false) {
		p := pick(r, n2)
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: d, Mode: 6, TradeMode: "9710", Lines: []Line{{Mat: matBy["optical-glass"], True: ge, Kg: r.F(1.5, 4.5), Stmt: "none"}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("STRUCTURING", "germanium ingot pieces sent as many small 'optical glass blank' parcels to two linked consignees")
		dc.tag("MISDECLARATION", "germanium declared as optical glass blanks; EPCIS shows germanium lots departing")
	}
	for _, p := range n2 {
		w.markParty(p.ID, "STRUCTURING", "receives split germanium parcels declared as optical glass")
	}
}

// pickLeakers chooses enterprises whose books will be spoiled.
func (w *World) pickLeakers(r *R) {
	var smelters, traders []*Enterprise
	for _, e := range w.Ents {
		if !e.Books || e.Role == "rogue" {
			continue
		}
		if e.Role == "smelter" && len(e.Produces) > 0 && e.Produces[0].From != "" {
			smelters = append(smelters, e)
		}
		if e.Role == "trader" && !strings.Contains(strings.Join(e.Minerals, ","), "gallium") {
			traders = append(traders, e)
		}
	}
	shuffle(r, smelters)
	shuffle(r, traders)
	if len(smelters) >= 3 {
		w.leakers[smelters[0].USCC] = "overyield"
		w.leakers[smelters[1].USCC] = "divert"
		w.leakers[smelters[2].USCC] = "phantom-input"
	}
	if len(traders) > 0 {
		w.leakers[traders[0].USCC] = "oversell"
	}
	if w.N >= 8000 && len(smelters) >= 4 {
		w.leakers[smelters[3].USCC] = "overyield"
	}
}
