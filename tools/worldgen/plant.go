package main

import (
	"fmt"
	"math"
	"sort"
	"time"
)

func (w *World) ps(base int) int {
	// the base counts are for 10,000 declarations at the default rate; together they plant ~3 %
	w.psN++
	jitter := w.r.Fork(fmt.Sprintf("ps%d", w.psN)).F(0.8, 1.2) // counts vary a little by seed
	k := int(math.Round(float64(base) * float64(w.N) / 10000 * w.Rate / 0.028 * jitter))
	if k < 1 {
		k = 1
	}
	return k
}

// dates returns n dates in [a,b]: a burst (within a fortnight) or a drip.
func (w *World) dates(r *R, n int, a, b time.Time, burst bool) []time.Time {
	if b.After(w.End) {
		b = w.End
	}
	if a.Before(w.Start) {
		a = w.Start
	}
	if burst {
		s := randDay(r, a, maxT(a, addDays(b, -16)))
		a, b = s, minT(b, addDays(s, r.I(6, 16)))
	}
	var out []time.Time
	for i := 0; i < n; i++ {
		out = append(out, randDay(r, a, b))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

func (w *World) ctrlMat(r *R, pred func(*Material) bool) *Material {
	ms, wt := weightedMats(ctrlWeights)
	for {
		m := ms[wpick(r, wt)]
		if pred == nil || pred(m) {
			return m
		}
	}
}

func coded(m *Material) bool { return m.Code != "" }

func (w *World) bookExporter(r *R, m *Material) (*Enterprise, *Enterprise) {
	var ok []*Enterprise
	for _, e := range w.exportersFor(m) {
		if e.InLedger && e.Books && e.Status == "active" {
			ok = append(ok, e)
		}
	}
	e := pick(r, ok)
	if e.produces(m) {
		return e, e
	}
	return e, w.producerOf(r, m)
}

func (w *World) lawfulParty(r *R, m *Material, d time.Time, pred func(*Party) bool) *Party {
	cs := w.consignees("mineral", func(p *Party) bool {
		return p.Role == "consignee" && partyOK(m, p, d) && p.Kind != "research" && (pred == nil || pred(p))
	})
	return pick(r, cs)
}

type baseOpt struct {
	exp, prod *Enterprise
	party     *Party
	consName  string
	dest      string
	kg        float64
	mode      int
	noLic     bool
	lic       *Licence
	licQtyF   float64
}

// base builds a lawful-looking export of m on day d (licence issued for it),
// for the campaign to spoil in exactly one way.
func (w *World) base(r *R, m *Material, d time.Time, o baseOpt) (*Decl, *Licence) {
	if o.exp == nil {
		o.exp, o.prod = w.bookExporter(r, m)
	}
	if o.party == nil {
		o.party = w.lawfulParty(r, m, d, nil)
	}
	if o.consName == "" {
		o.consName = o.party.Name
	}
	if o.dest == "" {
		o.dest = o.party.Country
	}
	if o.kg == 0 {
		o.kg = r.F(m.Min, m.Max) * r.F(0.4, 0.9)
	}
	if o.mode == 0 {
		o.mode = w.modeFor(r, m, o.dest, o.exp)
	}
	lic := o.lic
	if lic == nil && !o.noLic && m.Controlled(d) {
		f := o.licQtyF
		if f == 0 {
			f = r.F(1.3, 2.2)
		}
		lic = w.newLicence(r, o.exp, m, o.dest, o.consName, addDays(d, -r.I(10, 90)), 364, o.kg*f+10, "multiple")
		lic.Planted = true
	}
	dc := w.newDecl(r, DOpts{Exp: o.exp, Producer: o.prod, Party: o.party, ConsName: o.consName, Dest: o.dest, Date: d, Mode: o.mode, Lines: []Line{{Mat: m, Kg: o.kg, Lic: lic}}})
	w.Decls = append(w.Decls, dc)
	return dc, lic
}

var wrongCode = map[string]string{"apt": "1C117.c", "tungsten-oxide": "1C117.c", "tungsten-carbide": "1C226", "dysprosium-oxide": "1C904.b", "terbium-oxide": "1C905.b",
	"yttrium-oxide": "1C907.b", "samarium-oxide": "1C903.b", "gadolinium-oxide": "1C902.b", "scandium-oxide": "1C908.b", "dysprosium-metal": "1C905.b", "terbium-metal": "1C904.b",
	"antimony-ingot": "3C003.c", "antimony-trioxide-4n": "3C003.b", "gallium-metal": "3C002.a", "gallium-oxide": "3C001.a", "germanium-dioxide": "3C002.a",
	"germanium-ingot": "3C001.a", "flake-graphite": "1C108.b", "spherical-graphite": "1C108.b", "isostatic-graphite": "1C108.c", "cubic-press-parts": "2B901"}

func (w *World) plant() {
	r := w.r.Fork("plant")
	w.plantControl(r)
	w.plantLicences(r)
	w.plantDestinations(r)
	w.plantRegistry(r)
	w.plantGoods(r)
	w.plantTransshipment(r)
	w.plantStructuring(r)
	w.pickLeakers(r) // FLOW_LEAKAGE: books spoiled in epcis.go
}

// plantControl plants violations of statements and licence numbers.
func (w *World) plantControl(r *R) {
	r = r.Fork("plantControl")
	late := addDays(effRE, 100)
	// ---- CONTROL_UNDECLARED ----
	for _, d := range w.dates(r, w.ps(8), w.Start, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) && m.ID != "cubic-press-parts" })
		dc, _ := w.base(r, m, d, baseOpt{})
		dc.Items[0].Stmt = "none"
		dc.tag("CONTROL_UNDECLARED", "remarks carry contract/lot numbers but no control statement; licence in order")
	}
	for _, rule := range []struct {
		eff  time.Time
		pred func(*Material) bool
		name string
	}{{effW, func(m *Material) bool { return m.Group == "tungsten" }, "tungsten rule of 2025-02-04"}, {effRE, func(m *Material) bool { return m.Group == "rare-earth" }, "rare-earth rule of 2025-04-04"}} {
		for _, d := range w.dates(r, w.ps(4), rule.eff, addDays(rule.eff, 30), true) {
			m := w.ctrlMat(r, rule.pred)
			dc, _ := w.base(r, m, d, baseOpt{noLic: true})
			dc.Items[0].Stmt = pick(r, []string{"none", "none", "neg"})
			if dc.Items[0].Stmt == "neg" {
				dc.tag("CONTROL_UNDECLARED", "burst in the weeks after the "+rule.name+": still stated 'not controlled'")
			} else {
				dc.tag("CONTROL_UNDECLARED", "burst in the weeks after the "+rule.name+": old habits, no statement")
			}
			dc.tag("LICENCE_MISSING", "burst after the "+rule.name+": exported without a licence")
		}
	}
	for _, d := range w.dates(r, w.ps(5), w.Start, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) })
		dc, _ := w.base(r, m, d, baseOpt{})
		dc.Items[0].Stmt = "neg"
		dc.tag("CONTROL_UNDECLARED", "remarks state 'not a controlled item' although licensed")
	}
	for _, d := range w.dates(r, w.ps(5), day(2025, 6, 1), w.End, r.P(0.5)) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) })
		dc, _ := w.base(r, m, d, baseOpt{noLic: true})
		dc.Items[0].Stmt = "neg"
		dc.tag("CONTROL_UNDECLARED", "remarks state 'not a controlled item', no licence")
		dc.tag("LICENCE_MISSING", "controlled goods declared as uncontrolled, no licence")
	}
	for _, d := range w.dates(r, w.ps(6), late, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return coded(m) && m.Controlled(d) })
		dc, _ := w.base(r, m, d, baseOpt{})
		dc.Items[0].StmtCode = wrongCode[m.ID]
		dc.tag("CONTROL_UNDECLARED", "states controlled but with the wrong control code ("+wrongCode[m.ID]+" for "+m.ID+")")
	}
	for _, d := range w.dates(r, w.ps(5), late, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return coded(m) && m.Controlled(d) })
		dc, _ := w.base(r, m, d, baseOpt{})
		dc.Items[0].StmtCode = ""
		dc.tag("CONTROL_UNDECLARED", "states controlled but omits the control code "+m.Code)
	}
	for _, d := range w.dates(r, w.ps(3), w.Start, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) })
		dc, _ := w.base(r, m, d, baseOpt{})
		dc.Items[0].Stmt = "ambig"
		dc.tag("CONTROL_UNDECLARED", "ambiguous statement ('是否属于管制物项：/', 'TBD')")
	}
	for _, d := range w.dates(r, w.ps(3), late, w.End, false) {
		m1, m2 := matBy["dysprosium-oxide"], matBy["terbium-oxide"]
		if r.P(0.5) {
			m1, m2 = matBy["yttrium-oxide"], matBy["gadolinium-oxide"]
		}
		exp, prod := w.bookExporter(r, m1)
		if !containsMat(exp.Sells, m2) {
			continue
		}
		p := w.lawfulParty(r, m1, d, nil)
		k1, k2 := r.F(m1.Min, m1.Max)*0.5, r.F(m2.Min, m2.Max)*0.5
		l1 := w.newLicence(r, exp, m1, p.Country, p.Name, addDays(d, -30), 364, k1*1.5+10, "multiple")
		l2 := w.newLicence(r, exp, m2, p.Country, p.Name, addDays(d, -30), 364, k2*1.5+10, "multiple")
		l1.Planted, l2.Planted = true, true
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: d, Mode: 5, Lines: []Line{{Mat: m1, Kg: k1, Lic: l1}, {Mat: m2, Kg: k2, Lic: l2, Stmt: "none"}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("CONTROL_UNDECLARED", "two controlled items; remarks give only item 1's code, item 2 ("+m2.ID+") not covered")
	}
	// ---- LICENCE_MISSING ----
	for i, d := range w.dates(r, w.ps(8), w.Start, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) })
		dc, _ := w.base(r, m, d, baseOpt{noLic: true})
		dc.tag("LICENCE_MISSING", "control status stated correctly but licence number left empty")
		if i%3 == 0 {
			dc.misc = "许可证待补"
		}
	}
	for _, d := range w.dates(r, w.ps(6), w.Start, w.End, r.P(0.5)) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) })
		dc, _ := w.base(r, m, d, baseOpt{noLic: true})
		no := fmt.Sprintf("%02dSL%s%05d", d.Year()%100, dc.Exp.Loc.Prov[:2], r.I(100, 99999))
		for w.licBy[no] != nil {
			no = fmt.Sprintf("%02dSL%s%05d", d.Year()%100, dc.Exp.Loc.Prov[:2], r.I(100, 99999))
		}
		fakeLics[no] = true
		dc.Items[0].LicNo = no
		dc.extraLicMention = true
		dc.tag("LICENCE_MISSING", "licence number quoted does not exist in the licence register")
	}
	for _, d := range w.dates(r, w.ps(4), w.Start, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) })
		dc, lic := w.base(r, m, d, baseOpt{})
		b := []byte(lic.No)
		for {
			i := len(b) - 1 - r.IntN(4)
			b[i] = byte('0' + (int(b[i]-'0')+r.I(1, 9))%10)
			if w.licBy[string(b)] == nil {
				break
			}
		}
		fakeLics[string(b)] = true
		dc.Items[0].LicNo = string(b)
		dc.tag("LICENCE_MISSING", "licence number mistyped (one digit off "+lic.No+"): no such licence")
	}
}

// plantLicences plants violations of licence validity, match and quantity.
func (w *World) plantLicences(r *R) {
	r = r.Fork("plantLicences")
	late := addDays(effRE, 100)
	// ---- LICENCE_INVALID ----
	for _, d := range w.dates(r, w.ps(5), addDays(w.Start, 60), w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(addDays(d, -200)) })
		dc, lic := w.base(r, m, d, baseOpt{})
		to := addDays(d, -r.I(1, 40))
		w.redate(lic, addDays(to, -364), to)
		dc.tag("LICENCE_INVALID", fmt.Sprintf("licence expired %s, declared %d days later", iso(lic.To), daysBetween(lic.To, d)))
	}
	for _, d := range w.dates(r, w.ps(3), w.Start, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) })
		dc, lic := w.base(r, m, d, baseOpt{})
		from := addDays(d, r.I(3, 25))
		w.redate(lic, from, addDays(from, 364))
		dc.tag("LICENCE_INVALID", "licence not yet valid on the declaration date (valid from "+iso(lic.From)+")")
	}
	for _, st := range []string{"suspended", "revoked"} {
		n := w.ps(4)
		if st == "revoked" {
			n = w.ps(3)
		}
		for _, d := range w.dates(r, n, w.Start, w.End, r.P(0.4)) {
			m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(d) })
			dc, lic := w.base(r, m, d, baseOpt{})
			lic.Status = st
			dc.tag("LICENCE_INVALID", "licence "+st)
		}
	}
	for _, d := range w.dates(r, w.ps(5), w.Start, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(addDays(d, -60)) })
		holder, _ := w.bookExporter(r, m)
		user, prod := w.bookExporter(r, m)
		if user == holder {
			continue
		}
		d0 := addDays(d, -r.I(15, 50))
		p := w.lawfulParty(r, m, d0, nil)
		kg := r.F(m.Min, m.Max) * 0.5
		lic := w.newLicence(r, holder, m, p.Country, p.Name, addDays(d, -r.I(60, 120)), 364, kg*3+10, "multiple")
		lic.Planted = true
		// the holder's own, lawful use
		if m.Controlled(d0) && !d0.Before(lic.From) {
			c := w.newDecl(r, DOpts{Exp: holder, Party: p, Date: d0, Mode: w.modeFor(r, m, p.Country, holder), Lines: []Line{{Mat: m, Kg: kg, Lic: lic}}})
			w.Decls = append(w.Decls, c)
		}
		dc := w.newDecl(r, DOpts{Exp: user, Producer: prod, Party: p, Date: d, Mode: w.modeFor(r, m, p.Country, user), Lines: []Line{{Mat: m, Kg: kg * r.F(0.6, 1.1), Lic: lic}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("LICENCE_INVALID", "licence held by another exporter ("+holder.USCC+")")
		if r.P(0.5) {
			w.Links = append(w.Links, Link{holder.USCC, user.USCC, "owns", "国家企业信用信息公示系统"})
		}
	}
	for _, d := range w.dates(r, w.ps(4), addDays(w.Start, 60), w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(addDays(d, -60)) })
		exp, prod := w.bookExporter(r, m)
		d0 := addDays(d, -r.I(20, 60))
		p := w.lawfulParty(r, m, d0, nil)
		kg := r.F(m.Min, m.Max) * 0.4
		lic := w.newLicence(r, exp, m, p.Country, p.Name, addDays(d0, -20), 180, kg*2.6+10, "single")
		lic.Planted = true
		c := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: d0, Mode: w.modeFor(r, m, p.Country, exp), Lines: []Line{{Mat: m, Kg: kg, Lic: lic}}})
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: d, Mode: w.modeFor(r, m, p.Country, exp), Lines: []Line{{Mat: m, Kg: kg * r.F(0.8, 1.2), Lic: lic}}})
		w.Decls = append(w.Decls, c, dc)
		dc.tag("LICENCE_INVALID", "single-use licence (一批一证) used a second time")
	}
	// ---- LICENCE_MISMATCH ----
	mm := []struct{ a, b string }{{"antimony-trioxide-4n", "antimony-ingot"}, {"apt", "tungsten-oxide"}, {"germanium-dioxide", "germanium-ingot"}, {"flake-graphite", "spherical-graphite"}}
	for i, d := range w.dates(r, w.ps(4), late, w.End, false) {
		pr := mm[i%len(mm)]
		ml, md := matBy[pr.a], matBy[pr.b]
		exp, prod := w.bookExporter(r, md)
		p := w.lawfulParty(r, md, d, nil)
		kg := r.F(md.Min, md.Max) * 0.5
		lic := w.newLicence(r, exp, ml, p.Country, p.Name, addDays(d, -40), 364, kg*2+10, "multiple")
		lic.Planted = true
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: d, Mode: w.modeFor(r, md, p.Country, exp), Lines: []Line{{Mat: md, Kg: kg, Lic: lic}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("LICENCE_MISMATCH", "goods differ: licence for "+ml.HS+" ("+ml.ID+"), declared "+md.HS)
	}
	for _, d := range w.dates(r, w.ps(3), late, w.End, false) {
		ml, md := matBy["dysprosium-oxide"], matBy["terbium-oxide"]
		if r.P(0.5) {
			ml, md = md, ml
		}
		exp, prod := w.bookExporter(r, md)
		p := w.lawfulParty(r, md, d, nil)
		kg := r.F(md.Min, md.Max) * 0.5
		lic := w.newLicence(r, exp, ml, p.Country, p.Name, addDays(d, -40), 364, kg*2+10, "multiple")
		lic.Planted = true
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: d, Mode: 5, Lines: []Line{{Mat: md, Kg: kg, Lic: lic}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("LICENCE_MISMATCH", "sibling rare-earth oxide: licence for "+ml.ID+", declared "+md.ID)
	}
	eu := []string{"DE", "NL", "BE", "FR", "IT", "PL", "ES"}
	for _, d := range w.dates(r, w.ps(4), w.Start, w.End, false) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(addDays(d, -40)) })
		p := w.lawfulParty(r, m, d, func(p *Party) bool { return containsStr(eu, p.Country) })
		dest := pick(r, eu)
		for dest == p.Country {
			dest = pick(r, eu)
		}
		exp, prod := w.bookExporter(r, m)
		kg := r.F(m.Min, m.Max) * 0.5
		lic := w.newLicence(r, exp, m, p.Country, p.Name, addDays(d, -40), 364, kg*2+10, "multiple")
		lic.Planted = true
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Dest: dest, Date: d, Mode: 2, Lines: []Line{{Mat: m, Kg: kg, Lic: lic}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("LICENCE_MISMATCH", "destination differs: licence "+p.Country+", declared final destination "+dest)
	}
	for _, d := range w.dates(r, w.ps(5), w.Start, w.End, r.P(0.3)) {
		m := w.ctrlMat(r, func(m *Material) bool { return m.Controlled(addDays(d, -40)) })
		var p1, p2 *Party
		for p2 == nil {
			p1 = w.lawfulParty(r, m, d, nil)
			cs := w.consignees("mineral", func(p *Party) bool {
				return p.Role == "consignee" && p.Country == p1.Country && p != p1 && partyOK(m, p, d) && p.Kind != "research"
			})
			if len(cs) > 0 {
				p2 = pick(r, cs)
			}
		}
		exp, prod := w.bookExporter(r, m)
		kg := r.F(m.Min, m.Max) * 0.5
		lic := w.newLicence(r, exp, m, p1.Country, p1.Name, addDays(d, -40), 364, kg*2+10, "multiple")
		lic.Planted = true
		dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p2, Date: d, Mode: w.modeFor(r, m, p2.Country, exp), Lines: []Line{{Mat: m, Kg: kg, Lic: lic}}})
		w.Decls = append(w.Decls, dc)
		dc.tag("LICENCE_MISMATCH", "consignee differs from the licence ("+p1.Name+")")
	}
	// ---- LICENCE_EXCEEDED ----
	for k := 0; k < w.ps(3)+w.ps(2)+w.ps(2); k++ {
		variant := "drip"
		if k >= w.ps(3) {
			variant = "unit"
		}
		if k >= w.ps(3)+w.ps(2) {
			variant = "overshoot"
		}
		m := w.ctrlMat(r, func(m *Material) bool { return m.Min >= 500 })
		from := randDay(r, maxT(w.Start, addDays(m.Eff, 60)), addDays(w.End, -200))
		exp, prod := w.bookExporter(r, m)
		p := w.lawfulParty(r, m, from, nil)
		n := r.I(4, 7)
		if variant == "overshoot" {
			n = 1
		}
		ds := w.dates(r, n, addDays(from, 10), addDays(from, 330), false)
		for i := 1; i < len(ds); i++ { // strictly increasing: the order of use is unambiguous
			if !ds[i].After(ds[i-1]) {
				ds[i] = addDays(ds[i-1], r.I(1, 3))
			}
		}
		kgs := make([]float64, n)
		for i := range kgs {
			kgs[i] = r.F(m.Min, m.Max) * 0.5
		}
		cum := 0.0
		for _, x := range kgs[:n-1] {
			cum += x
		}
		var q float64
		over := 1
		switch variant {
		case "drip":
			if n >= 5 && r.P(0.5) {
				over = 2
				q = cum - kgs[n-2]*0.5
			} else {
				q = cum + kgs[n-1]*0.4
			}
		case "unit":
			q = cum + kgs[n-1]*0.5
		case "overshoot":
			q = kgs[0] / r.F(1.6, 2.2)
		}
		lic := w.newLicence(r, exp, m, p.Country, p.Name, from, 364, q, "multiple")
		lic.Planted = true
		if variant == "unit" {
			lic.Unit, lic.Qty = "t", math.Floor(q/100)/10
		} else {
			lic.Unit, lic.Qty = "kg", math.Floor(q)
		}
		for i := 0; i < n; i++ {
			dc := w.newDecl(r, DOpts{Exp: exp, Producer: prod, Party: p, Date: ds[i], Mode: w.modeFor(r, m, p.Country, exp), Lines: []Line{{Mat: m, Kg: kgs[i], Lic: lic}}})
			w.Decls = append(w.Decls, dc)
			if i >= n-over {
				dc.tag("LICENCE_EXCEEDED", map[string]string{"drip": "cumulative use creeps past the licensed quantity", "unit": "licence in tonnes, shipments in kg; cumulative overrun", "overshoot": "one shipment far above the licensed quantity"}[variant])
			}
		}
	}
}
