package main

import (
	"fmt"
	"math"
	"sort"
	"time"
)

type QE struct {
	Mat string
	Lot string
	Kg  float64
}

type Event struct {
	Kind     string // add, ship, recv, transform, depart, observe
	Time     time.Time
	Site     string // uscc acting
	Src, Dst string // owning parties (uscc or party id)
	Mat      string
	Kg       float64 // quantity moved/consumed (ship/recv/depart/add)
	InMat    string
	InKg     float64
	Qty      []QE // resolved lots
	In, Out  []QE
	Tx       []string
	link     *Event // receiving event paired with a shipping event
	BizStep  string // for observe events
	seq      int
}

type planner struct {
	w      *World
	r      *R
	events []*Event
	seq    int
	lotN   map[string]int
}

func (p *planner) ev(e *Event) *Event {
	p.seq++
	e.seq = p.seq
	p.events = append(p.events, e)
	return e
}

var cst = time.FixedZone("CST", 8*3600)

// at gives a working-hours time (China time) on day t.
func (p *planner) at(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), p.r.I(7, 18), p.r.I(0, 59), 0, 0, cst)
}

func qround(x float64) float64 {
	if x >= 100 {
		return round(x, 1)
	}
	return round(x, 0.001)
}

// supply makes sure enterprise e holds need kg of m before time by.
func (p *planner) supply(e *Enterprise, m *Material, need float64, by time.Time, prefer *Enterprise, depth int) {
	if need <= 0 || depth > 6 {
		return
	}
	r := p.r
	leak := p.w.leakers[e.USCC]
	if e.produces(m) {
		out := need * r.F(1.0, 1.05)
		if m.Class == "raw" || m.From == "" {
			t := addDays(by, -r.I(2, 8))
			kg := out
			if m.Class == "raw" {
				kg = round(out, 100)
			}
			p.ev(&Event{Kind: "add", Time: p.at(t), Site: e.USCC, Mat: m.ID, Kg: math.Max(kg, out)})
			return
		}
		in := matBy[m.From]
		y := m.Yield * r.F(0.93, 0.99)
		external := !e.produces(in)
		if leak == "overyield" && external {
			y = m.Yield * r.F(1.45, 1.7)
		}
		inKg := out / y
		t := addDays(by, -r.I(2, 6))
		got := inKg
		if leak == "phantom-input" && external {
			got = inKg * r.F(0.5, 0.6)
		}
		p.supply(e, in, got, t, nil, depth+1)
		p.ev(&Event{Kind: "transform", Time: p.at(t), Site: e.USCC, Mat: m.ID, Kg: qround(out), InMat: in.ID, InKg: qround(inKg)})
		return
	}
	if prefer != nil && prefer.Role == "rogue-producer" {
		// receipt from an unregistered smelter that keeps no books
		t := addDays(by, -r.I(2, 6))
		p.ev(&Event{Kind: "recv", Time: p.at(t), Site: e.USCC, Src: prefer.USCC, Dst: e.USCC, Mat: m.ID, Kg: qround(need * r.F(1.0, 1.04))})
		return
	}
	sup := prefer
	if sup == nil || !sup.produces(m) {
		ps := p.w.producers[m.ID]
		if len(ps) == 0 {
			return
		}
		sup = ps[int(hashStr(e.USCC+m.ID))%len(ps)] // a stable supplier per buyer
	}
	if sup == e {
		return
	}
	qty := need * r.F(1.0, 1.06)
	if leak == "oversell" {
		qty = need * r.F(0.55, 0.65)
	}
	qty = qround(qty)
	ts := addDays(by, -r.I(5, 12))
	tr := addDays(ts, r.I(1, 3))
	p.supply(sup, m, qty, ts, nil, depth+1)
	s := p.ev(&Event{Kind: "ship", Time: p.at(ts), Site: sup.USCC, Src: sup.USCC, Dst: e.USCC, Mat: m.ID, Kg: qty})
	rc := p.ev(&Event{Kind: "recv", Time: p.at(tr), Site: e.USCC, Src: sup.USCC, Dst: e.USCC, Mat: m.ID, Kg: qty})
	s.link = rc
}

func hashStr(s string) uint32 {
	var h uint32 = 2166136261
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func (w *World) buildEPCIS() {
	p := &planner{w: w, r: w.r.Fork("epcis"), lotN: map[string]int{}}
	r := p.r
	type key struct {
		e     *Enterprise
		m     *Material
		prod  string
		month string
	}
	type dep struct {
		d  *Decl
		it *Item
	}
	groups := map[key][]dep{}
	var keys []key
	for _, d := range w.Decls {
		if !d.Exp.Books || d.NoDepart {
			continue
		}
		for _, it := range d.Items {
			if !it.True.Mineral() {
				continue
			}
			k := key{d.Exp, it.True, d.Producer, d.Date.Format("2006-01")}
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], dep{d, it})
		}
	}
	for _, k := range keys {
		deps := groups[k]
		need := 0.0
		first := deps[0].d.Date
		for _, x := range deps {
			need += x.it.ActualNet
			if x.d.Date.Before(first) {
				first = x.d.Date
			}
		}
		prefer := w.entBy[k.prod]
		p.supply(k.e, k.m, need, first, prefer, 0)
		for _, x := range deps {
			p.ev(&Event{Kind: "depart", Time: p.at(x.d.Date), Site: k.e.USCC, Src: k.e.USCC, Dst: x.d.Cons.ID, Mat: k.m.ID, Kg: x.it.ActualNet, Tx: []string{x.d.No}})
		}
	}
	// leakage by diversion: product shipped to a domestic party outside the ledger
	for _, id := range sortedKeys(w.leakers) {
		if w.leakers[id] != "divert" {
			continue
		}
		e := w.entBy[id]
		m := e.Produces[0]
		shell := w.addParty(&Party{ID: w.newPartyID(r), Name: chineseCompanyName(r, e.Loc, "trading"), Country: "CN", Kind: "trader", Address: chineseAddress(r, e.Loc), Phone: chinaPhone(r, e.Loc), Role: "domestic", NoClean: true})
		shell.Name = []string{shell.Name, e.Loc.City + ziHao(r) + "贸易商行", e.Loc.City + ziHao(r) + "金属材料经营部"}[r.IntN(3)]
		for _, d := range w.dates(r, r.I(3, 5), day(2025, 3, 1), w.End, false) {
			kg := round(r.F(m.Min, m.Max)*r.F(0.8, 1.5), 1)
			if m.Min == 0 {
				kg = round(r.F(500, 3000), 1)
			}
			p.supply(e, m, kg, d, nil, 0)
			p.ev(&Event{Kind: "ship", Time: p.at(d), Site: e.USCC, Src: e.USCC, Dst: shell.ID, Mat: m.ID, Kg: kg})
		}
	}
	// resolve lots in time order (FIFO per holder and material)
	sort.SliceStable(p.events, func(i, j int) bool {
		if !p.events[i].Time.Equal(p.events[j].Time) {
			return p.events[i].Time.Before(p.events[j].Time)
		}
		return p.events[i].seq < p.events[j].seq
	})
	stock := map[string][]QE{}
	take := func(holder, mat string, kg float64) []QE {
		k := holder + "|" + mat
		var out []QE
		for kg > 1e-6 && len(stock[k]) > 0 {
			l := &stock[k][0]
			q := math.Min(l.Kg, kg)
			out = append(out, QE{mat, l.Lot, round(q, 0.001)})
			l.Kg -= q
			kg -= q
			if l.Kg < 1e-6 {
				stock[k] = stock[k][1:]
			}
		}
		if kg > 0.01 {
			out = append(out, QE{mat, p.newLot(w.entBy[holder], mat, time.Time{}, true), round(kg, 0.001)})
		}
		// one entry per lot
		var merged []QE
		for _, q := range out {
			found := false
			for i := range merged {
				if merged[i].Lot == q.Lot {
					merged[i].Kg = round(merged[i].Kg+q.Kg, 0.001)
					found = true
				}
			}
			if !found {
				merged = append(merged, q)
			}
		}
		return merged
	}
	put := func(holder string, qs []QE) {
		for _, q := range qs {
			k := holder + "|" + q.Mat
			stock[k] = append(stock[k], q)
		}
	}
	for _, e := range p.events {
		switch e.Kind {
		case "add":
			e.Qty = []QE{{e.Mat, p.newLot(w.entBy[e.Site], e.Mat, e.Time, false), e.Kg}}
			put(e.Site, e.Qty)
		case "transform":
			e.In = take(e.Site, e.InMat, e.InKg)
			e.Out = []QE{{e.Mat, p.newLot(w.entBy[e.Site], e.Mat, e.Time, false), e.Kg}}
			put(e.Site, e.Out)
		case "ship":
			e.Qty = take(e.Site, e.Mat, e.Kg)
			if e.link != nil {
				e.link.Qty = e.Qty
			}
		case "recv":
			if e.Qty == nil { // from an unbooked source
				e.Qty = []QE{{e.Mat, p.newLot(w.entBy[e.Src], e.Mat, e.Time, false), e.Kg}}
			}
			put(e.Site, e.Qty)
		case "depart":
			e.Qty = take(e.Site, e.Mat, e.Kg)
		}
	}
	// noise: inspections and storage observations (no change of stock or owner)
	var extra []*Event
	for _, e := range p.events {
		if (e.Kind == "recv" || e.Kind == "transform") && r.P(0.12) {
			q := e.Qty
			if e.Kind == "transform" {
				q = e.Out
			}
			t := e.Time.Add(time.Duration(r.I(2, 40)) * time.Hour)
			if t.Hour() < 7 || t.Hour() > 19 {
				t = t.Add(12 * time.Hour)
			}
			extra = append(extra, &Event{Kind: "observe", BizStep: pick(r, []string{"inspecting", "storing", "sampling"}), Time: t, Site: e.Site, Qty: q})
		}
	}
	p.events = append(p.events, extra...)
	sort.SliceStable(p.events, func(i, j int) bool { return p.events[i].Time.Before(p.events[j].Time) })
	for _, e := range p.events {
		if e.Site == "" || w.entBy[e.Site] == nil || !w.entBy[e.Site].Books {
			continue
		}
		if len(e.Qty) == 0 && len(e.Out) == 0 {
			w.warn("EPCIS %s event at %s without quantity", e.Kind, e.Site)
			continue
		}
		w.Events[e.Site] = append(w.Events[e.Site], e)
	}
}

func (p *planner) newLot(e *Enterprise, mat string, t time.Time, phantom bool) string {
	abbr := "XX"
	if e != nil {
		abbr = e.Abbr
	}
	p.lotN[abbr]++
	if phantom {
		return fmt.Sprintf("%s-%s%04d", abbr, upper(p.r, 2), p.r.I(1, 9999))
	}
	return fmt.Sprintf("%s%s-%03d", abbr, t.Format("060102"), p.lotN[abbr]%1000)
}
