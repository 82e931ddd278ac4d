package main

import (
	"math"
	"sort"
	"strings"
	"time"
)

type ship struct {
	date time.Time
	kg   float64
	mode int
}

type flowSpec struct {
	m, m2      *Material
	exp, prod  *Enterprise
	party      *Party
	consName   string
	dest       string
	mode       int
	start, end time.Time
	gap        int
	sizeF      float64
	singleUse  bool
	extraNear  bool
	trading    string
	note       string
	caseNoise  bool // declarant types the consignee in capitals; the licence has it in mixed case
}

func (w *World) modeFor(r *R, m *Material, dest string, e *Enterprise) int {
	if r.P(m.Air) {
		return 5
	}
	switch dest {
	case "VN":
		if (e.Loc.Prov == "450000" || e.Loc.Prov == "530000") && r.P(0.4) {
			return 4
		}
	case "RU", "KZ":
		if r.P(0.35) {
			return pick(r, []int{3, 4})
		}
	case "DE", "PL":
		if r.P(0.12) {
			return 3
		}
	case "HK":
		if r.P(0.3) {
			return 4
		}
	}
	return 2
}

// schedule lays out shipment dates and sizes of a flow.
func (w *World) schedule(r *R, f *flowSpec) []ship {
	var out []ship
	t := f.start
	for !t.After(f.end) {
		d := randDay(r, t, addDays(t, 6))
		if d.After(w.End) {
			break
		}
		kg := r.F(f.m.Min, f.m.Max) * f.sizeF
		if f.m.Max > 0 && kg > f.m.Max {
			kg = f.m.Max
		}
		mode := f.mode
		if mode == 0 {
			mode = w.modeFor(r, f.m, f.dest, f.exp)
		}
		out = append(out, ship{d, kg, mode})
		t = addDays(t, int(float64(f.gap)*r.F(0.6, 1.4))+1)
	}
	// the licence regime: shipments pause for a while after a control takes effect
	if !f.m.Eff.IsZero() && f.m.Eff.After(f.start) {
		lag := r.I(35, 100)
		var kept []ship
		for _, s := range out {
			if !s.date.Before(f.m.Eff) && s.date.Before(addDays(f.m.Eff, lag)) {
				continue
			}
			kept = append(kept, s)
		}
		out = kept
	}
	return out
}

// licencesFor groups controlled shipments into licence periods and issues
// licences that cover them (clean: valid, same holder/goods/destination/consignee,
// quantity never exceeded).
func (w *World) licencesFor(r *R, f *flowSpec, m *Material, ships []ship) map[int]*Licence {
	out := map[int]*Licence{}
	var idx []int
	for i, s := range ships {
		if m.Controlled(s.date) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return out
	}
	if f.singleUse {
		for _, i := range idx {
			l := w.newLicence(r, f.exp, m, f.dest, f.consName, addDays(ships[i].date, -r.I(4, 30)), r.I(90, 180), ships[i].kg*r.F(1.02, 1.15)+5, "single")
			out[i] = l
		}
		return out
	}
	for k := 0; k < len(idx); {
		first := ships[idx[k]].date
		from := addDays(first, -r.I(5, 28))
		days := 364
		if r.P(0.3) {
			days = daysBetween(from, day(from.Year(), 12, 31))
			if days < 120 {
				days = 364
			}
		}
		to := addDays(from, days)
		var members []int
		total := 0.0
		for k < len(idx) && !ships[idx[k]].date.After(to) {
			members = append(members, idx[k])
			total += ships[idx[k]].kg
			k++
		}
		factor := r.F(1.05, 1.5)
		if r.P(0.08) {
			factor = 1.0 // licence used up exactly: not an excess
		}
		uses := "multiple"
		l := w.newLicence(r, f.exp, m, f.dest, f.consName, from, days, total*factor, uses)
		if factor == 1.0 {
			l.Unit, l.Qty = "kg", 0 // set once shipments are rounded
		}
		for _, i := range members {
			out[i] = l
		}
	}
	return out
}

func (w *World) runFlow(r *R, f *flowSpec) []*Decl {
	if f.consName == "" {
		f.consName = f.party.Name
	}
	if f.dest == "" {
		f.dest = f.party.Country
	}
	ships := w.schedule(r, f)
	lic1 := w.licencesFor(r, f, f.m, ships)
	var lic2 map[int]*Licence
	if f.m2 != nil {
		lic2 = w.licencesFor(r, f, f.m2, ships)
	}
	var out []*Decl
	for i, s := range ships {
		lines := []Line{{Mat: f.m, Kg: s.kg, Lic: lic1[i], InT: s.kg >= 20000 && r.P(0.3)}}
		if f.m2 != nil {
			lines = append(lines, Line{Mat: f.m2, Kg: s.kg * r.F(0.1, 0.4), Lic: lic2[i]})
		}
		if f.extraNear && s.mode == 2 && r.P(0.3) {
			var near []*Material
			for _, x := range f.exp.Sells {
				if x.Group == f.m.Group && x.Class == "near" {
					near = append(near, x)
				}
			}
			if len(near) > 0 {
				x := pick(r, near)
				lines = append(lines, Line{Mat: x, Kg: r.F(x.Min, x.Max) * 0.3})
			}
		}
		prod := f.prod
		cn := f.consName
		if f.caseNoise && isASCII(cn) && r.P(0.6) {
			cn = strings.ToUpper(cn)
			if r.P(0.5) {
				cn = strings.NewReplacer(", ", ",", ".,", ",").Replace(cn)
			}
		}
		d := w.newDecl(r, DOpts{Exp: f.exp, Producer: prod, Party: f.party, ConsName: cn, Dest: f.dest, Trading: f.trading, Date: s.date, Mode: s.mode, Lines: lines})
		w.Decls = append(w.Decls, d)
		out = append(out, d)
	}
	// licences issued "exactly used up": quantity = sum of rounded shipments
	for _, d := range out {
		for _, it := range d.Items {
			if l := w.licBy[it.LicNo]; l != nil && l.Qty == 0 {
				sum := 0.0
				for _, d2 := range out {
					for _, it2 := range d2.Items {
						if it2.LicNo == l.No {
							sum += it2.Net
						}
					}
				}
				l.Qty = sum
			}
		}
	}
	return out
}

func (w *World) pickFlow(r *R, m *Material, party *Party) *flowSpec {
	exps := w.exportersFor(m)
	var ok []*Enterprise
	for _, e := range exps {
		if e.InLedger && e.Books {
			ok = append(ok, e)
		}
	}
	if len(ok) == 0 {
		return nil
	}
	exp := pick(r, ok)
	prod := exp
	if !exp.produces(m) {
		prod = w.producerOf(r, m)
	}
	f := &flowSpec{m: m, exp: exp, prod: prod, party: party, sizeF: r.F(0.5, 1.0), extraNear: r.P(0.5)}
	f.dest = party.Country
	f.consName = party.Name
	f.caseNoise = r.P(0.12)
	f.start = randDay(r, addDays(w.Start, -20), addDays(w.End, -45))
	if f.start.Before(w.Start) {
		f.start = w.Start
	}
	f.end = minT(addDays(f.start, r.I(90, 540)), w.End)
	f.gap = r.I(16, 55)
	if m.Class == "ctrl" && r.P(0.12) {
		f.singleUse = true
	}
	if r.P(0.04) && m.Class == "ctrl" {
		f.trading = "HK" // triangular trade through a Hong Kong buyer, goods to the final country
	}
	return f
}

var ctrlWeights = map[string]float64{"antimony-ingot": 12, "antimony-trioxide-4n": 6, "gallium-metal": 8, "gallium-oxide": 2, "germanium-ingot": 5, "germanium-dioxide": 5,
	"flake-graphite": 9, "spherical-graphite": 8, "isostatic-graphite": 3, "apt": 7, "tungsten-oxide": 4, "tungsten-carbide": 6, "dysprosium-oxide": 5,
	"terbium-oxide": 4, "yttrium-oxide": 4, "samarium-oxide": 2, "gadolinium-oxide": 2, "scandium-oxide": 1, "dysprosium-metal": 1, "terbium-metal": 1, "cubic-press-parts": 2}

func weightedMats(ws map[string]float64) ([]*Material, []float64) {
	ids := sortedKeys(ws)
	var ms []*Material
	var wt []float64
	for _, id := range ids {
		ms = append(ms, matBy[id])
		wt = append(wt, ws[id])
	}
	return ms, wt
}

// partyOK tells whether a clean export of m to p on dates [a,b] is lawful.
func partyOK(m *Material, p *Party, a time.Time) bool {
	if p.Kind == "military" || p.List != nil {
		return false
	}
	if p.Country == "US" && m.Class == "ctrl" && m.Art2() && !a.After(podTo) {
		return false
	}
	return true
}

func (w *World) genClean() {
	r := w.r.Fork("clean")
	planted := int(math.Round(float64(w.N) * w.Rate))
	target := w.N - planted
	nCtrl := int(float64(target) * 0.17)
	nNear := int(float64(target) * 0.09)
	nMetal := int(float64(target) * 0.23)
	count := 0
	// special lawful flows that sit close to the rules (false-alarm tests)
	count += w.specialCleanFlows(r)
	// controlled
	ms, wt := weightedMats(ctrlWeights)
	for count < nCtrl {
		m := ms[wpick(r, wt)]
		cands := w.consignees("mineral", nil)
		p := pick(r, cands)
		f := w.pickFlow(r, m, p)
		if f == nil {
			continue
		}
		if !partyOK(m, p, f.start) {
			if p.Country == "US" && m.Art2() {
				f.start = maxT(f.start, addDays(podTo, r.I(3, 60)))
				if !f.start.Before(addDays(w.End, -30)) {
					continue
				}
				f.end = maxT(f.end, addDays(f.start, 60))
				f.end = minT(f.end, w.End)
			} else {
				continue
			}
		}
		if p.Kind == "research" {
			f.sizeF = r.F(0.05, 0.2)
			f.gap = r.I(60, 150)
		}
		if m.Group == "rare-earth" && m.Class == "ctrl" && r.P(0.12) {
			for _, x := range []string{"terbium-oxide", "dysprosium-oxide", "gadolinium-oxide"} {
				if x != m.ID && f.exp.produces(matBy[x]) || x != m.ID && containsMat(f.exp.Sells, matBy[x]) {
					f.m2 = matBy[x]
					break
				}
			}
		}
		count += len(w.runFlow(r, f))
	}
	// near-controlled neighbours
	var near []*Material
	for _, m := range materialList {
		if m.Class == "near" {
			near = append(near, m)
		}
	}
	for count < nCtrl+nNear {
		m := pick(r, near)
		p := pick(r, w.consignees("mineral", nil))
		f := w.pickFlow(r, m, p)
		if f == nil {
			continue
		}
		count += len(w.runFlow(r, f))
	}
	// pre-effective-date exports of tungsten / rare earths (not controlled then)
	// happen naturally in flows starting before 2025-02-04 / 2025-04-04.
	// base metals
	var metals []*Material
	for _, m := range materialList {
		if m.Class == "metal" {
			metals = append(metals, m)
		}
	}
	var metalExp []*Enterprise
	for _, e := range w.Ents {
		if e.Role == "metal" {
			metalExp = append(metalExp, e)
		}
	}
	for count < nCtrl+nNear+nMetal {
		e := pick(r, metalExp)
		m := pick(r, e.Sells)
		p := pick(r, w.consignees("", nil))
		f := &flowSpec{m: m, exp: e, prod: e, party: p, sizeF: r.F(0.6, 1.0), gap: r.I(15, 50)}
		f.start = randDay(r, w.Start, addDays(w.End, -40))
		f.end = minT(addDays(f.start, r.I(60, 400)), w.End)
		if r.P(0.5) {
			f.prod = nil
		}
		count += len(w.runFlow(r, f))
	}
	// legitimate small samples of controlled goods by courier, with single-use licences
	for i := 0; i < int(float64(w.N)*0.003)+2; i++ {
		m := pick(r, []*Material{matBy["gallium-metal"], matBy["germanium-ingot"], matBy["terbium-oxide"], matBy["scandium-oxide"], matBy["tungsten-carbide"], matBy["dysprosium-oxide"]})
		p := pick(r, w.consignees("mineral", func(p *Party) bool { return p.Kind == "research" || p.Kind == "manufacturer" }))
		f := w.pickFlow(r, m, p)
		if f == nil {
			continue
		}
		f.start = randDay(r, maxT(w.Start, addDays(m.Eff, 100)), addDays(w.End, -10))
		if !partyOK(m, p, f.start) {
			continue
		}
		f.end = f.start
		f.mode = 6
		f.sizeF = 0
		f.singleUse = true
		f.extraNear = false
		ships := []ship{{f.start, round(r.F(0.05, 2.0), 0.01), 6}}
		lic := w.licencesFor(r, f, m, ships)
		d := w.newDecl(r, DOpts{Exp: f.exp, Producer: f.prod, Party: p, Date: ships[0].date, Mode: 6, TradeMode: "3010", Lines: []Line{{Mat: m, Kg: ships[0].kg, Lic: lic[0], Ratio: r.F(1.1, 1.4)}}})
		w.Decls = append(w.Decls, d)
		count++
	}
	// ordinary goods
	var ordExp []*Enterprise
	for _, e := range w.Ents {
		if e.Role == "ordinary" {
			ordExp = append(ordExp, e)
		}
	}
	for count < target {
		e := pick(r, ordExp)
		p := pick(r, w.consignees("", nil))
		if p.Sector == "mineral" && r.P(0.7) {
			continue
		}
		mode := []int{2, 5, 4, 3, 6}[wpick(r, []float64{66, 5, 4, 3, 22})]
		if mode == 4 && p.Country != "VN" && p.Country != "RU" && p.Country != "KZ" && p.Country != "HK" {
			mode = 2
		}
		if mode == 3 && p.Country != "DE" && p.Country != "PL" && p.Country != "RU" && p.Country != "KZ" {
			mode = 2
		}
		n := []int{1, 2, 3, 4}[wpick(r, []float64{45, 30, 15, 10})]
		var lines []Line
		used := map[*Material]bool{}
		for k := 0; k < n; k++ {
			m := pick(r, e.Sells)
			if used[m] {
				continue
			}
			used[m] = true
			kg := r.F(m.Min, m.Max) * m.UnitKg / float64(len(e.Sells)+1) * 2
			if mode == 6 {
				kg = r.F(1, 30)
			} else if mode == 5 {
				kg = r.F(20, 400)
			}
			lines = append(lines, Line{Mat: m, Kg: kg})
		}
		tm := ""
		if mode == 6 {
			tm = pick(r, []string{"9710", "9610", "0110"})
		} else if e.Loc.County == "330782" && r.P(0.5) {
			tm = "1039" // market procurement, Yiwu
		}
		d := w.newDecl(r, DOpts{Exp: e, Party: p, Date: randDay(r, w.Start, w.End), Mode: mode, TradeMode: tm, Lines: lines, NoProd: true})
		w.Decls = append(w.Decls, d)
		count++
	}
}

func containsMat(xs []*Material, m *Material) bool {
	for _, x := range xs {
		if x == m {
			return true
		}
	}
	return false
}

// specialCleanFlows: lawful traffic right next to the rules.
func (w *World) specialCleanFlows(r *R) int {
	n := 0
	us := w.consignees("mineral", func(p *Party) bool { return p.Country == "US" && p.Kind != "military" })
	// Art. 2 items to US civilian users after the suspension of 2025-11-09, licensed
	for i, id := range []string{"gallium-metal", "germanium-ingot", "antimony-trioxide-4n", "antimony-ingot"} {
		if len(us) == 0 {
			break
		}
		m := matBy[id]
		f := w.pickFlow(r, m, us[(i*7)%len(us)])
		if f == nil {
			continue
		}
		f.start = addDays(podTo, r.I(2, 40)) // first shipment right after the suspension
		f.end = minT(addDays(f.start, r.I(120, 200)), w.End)
		f.gap = r.I(25, 45)
		f.note = "US after suspension"
		n += len(w.runFlow(r, f))
	}
	// graphite to the US: enhanced review only, licensed exports lawful
	for i := 0; i < 2 && len(us) > 0; i++ {
		f := w.pickFlow(r, matBy[pick(r, []string{"spherical-graphite", "flake-graphite"})], us[(i*11+3)%len(us)])
		if f == nil {
			continue
		}
		n += len(w.runFlow(r, f))
	}
	// tungsten / rare earths to US civilian users during the presumption-of-denial window: not in scope of Art. 2
	for i := 0; i < 2 && len(us) > 0; i++ {
		f := w.pickFlow(r, matBy[pick(r, []string{"tungsten-carbide", "yttrium-oxide", "dysprosium-oxide"})], us[(i*5+1)%len(us)])
		if f == nil {
			continue
		}
		n += len(w.runFlow(r, f))
	}
	// exports to entities that were listed later, before their listing
	for _, k := range []string{"IHIAS", "JAXA", "MHIAE"} {
		p := w.listedP[k]
		m := matBy[pick(r, []string{"tungsten-carbide", "yttrium-oxide", "gallium-metal", "scandium-oxide"})]
		f := w.pickFlow(r, m, p)
		if f == nil {
			continue
		}
		f.start = randDay(r, day(2025, 6, 1), day(2025, 9, 30))
		f.end = addDays(p.List.ListedOn, -r.I(12, 40))
		f.gap = r.I(30, 60)
		f.sizeF = 0.3
		f.note = "before listing"
		n += len(w.runFlow(r, f))
	}
	// a consignee delisted from our own risk list: exports after delisting are lawful
	if p := w.listedP["SUNDA"]; p != nil {
		f := w.pickFlow(r, matBy["antimony-trioxide"], p)
		if f != nil {
			f.start = addDays(p.List.Delisted, r.I(10, 40))
			f.end = minT(addDays(f.start, 200), w.End)
			f.gap = 40
			n += len(w.runFlow(r, f))
		}
	}
	return n
}

func sortDecls(ds []*Decl) {
	sort.SliceStable(ds, func(i, j int) bool {
		if !ds[i].Date.Equal(ds[j].Date) {
			return ds[i].Date.Before(ds[j].Date)
		}
		return ds[i].No < ds[j].No
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
