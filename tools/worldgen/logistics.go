package main

import (
	"fmt"
	"math"
	"sort"
)

type ManRow struct {
	BL, Container   string
	VGM, Tare       float64
	NoTare          bool
	Size            int
	POL, POD, Trans string
}

type container struct {
	no       string
	size     int
	tare     float64
	payload  float64 // actual
	declared float64 // declared gross of all cargo in it
	density  float64 // declared goods (harmonic, by mass)
	decls    []*Decl
}

// number assigns 18-digit declaration numbers: office + year + 0 (export) + 9-digit sequence.
func (w *World) number() {
	r := w.r.Fork("numbers")
	sort.SliceStable(w.Decls, func(i, j int) bool { return w.Decls[i].Date.Before(w.Decls[j].Date) })
	seq := map[string]int{}
	used := map[string]bool{}
	for _, d := range w.Decls {
		k := fmt.Sprintf("%s%d", d.Office.Code, d.Date.Year())
		if _, ok := seq[k]; !ok {
			seq[k] = r.I(10000000, 600000000)
		}
		seq[k] += r.I(1, 90)
		d.No = fmt.Sprintf("%s%d0%09d", d.Office.Code, d.Date.Year(), seq[k])
		if used[d.No] {
			panic("duplicate declaration number")
		}
		used[d.No] = true
	}
	sortDecls(w.Decls)
}

func declDensity(d *Decl) float64 {
	v, m := 0.0, 0.0
	for _, it := range d.Items {
		dens := it.Mat.Density
		if dens <= 0 {
			dens = 1000
		}
		v += it.Gross / dens
		m += it.Gross
	}
	if v == 0 {
		return 1000
	}
	return m / v
}

func contVol(size int) float64 {
	if size == 20 {
		return 33
	}
	return 67
}

func (w *World) logistics() {
	r := w.r.Fork("logistics")
	w.conts = map[string]*container{}
	newCont := func(size int) *container {
		c := &container{no: containerNo(r), size: size}
		for w.conts[c.no] != nil {
			c.no = containerNo(r)
		}
		if size == 20 {
			c.tare = round(r.F(2150, 2360), 10)
		} else {
			c.tare = round(r.F(3700, 4050), 10)
		}
		w.conts[c.no] = c
		w.contOrder = append(w.contOrder, c.no)
		return c
	}
	for _, d := range w.Decls {
		if d.DestPort == "" {
			if c := countryBy[d.Dest]; c != nil && len(c.Ports) > 0 {
				d.DestPort = pick(r, c.Ports)
			}
			if hubs := legitHub[d.Dest]; len(hubs) > 0 && r.P(0.5) {
				d.TransPort = pick(r, hubs)
			}
		}
	}
	// consolidated LCL: small clean sea declarations of ordinary goods share a container
	var small []*Decl
	for _, d := range w.Decls {
		if d.Mode == 2 && !d.Planted && d.gross() < 7000 && d.Items[0].Mat.Class == "ordinary" {
			small = append(small, d)
		}
	}
	shuffle(r, small)
	paired := map[*Decl]bool{}
	for i := 0; i+1 < len(small); i++ {
		a := small[i]
		if paired[a] || !r.P(0.35) {
			continue
		}
		for j := i + 1; j < len(small) && j < i+60; j++ {
			b := small[j]
			if paired[b] || b.Office != a.Office || b.DestPort != a.DestPort || b.TransPort != a.TransPort || absDays(a, b) > 4 {
				continue
			}
			g := a.gross() + b.gross()
			dens := math.Min(declDensity(a), declDensity(b))
			size := 40
			if dens >= 1000 {
				size = 20
			}
			if g > 0.7*contVol(size)*dens || g > 20000 {
				continue
			}
			c := newCont(size)
			for _, d := range []*Decl{a, b} {
				d.Consolidated = true
				d.Containers = []string{c.no}
				c.decls = append(c.decls, d)
				c.declared += d.gross()
				c.payload += d.gross() * d.Payload
			}
			c.density = dens
			paired[a], paired[b] = true, true
			break
		}
	}
	for _, d := range w.Decls {
		switch d.Mode {
		case 2:
			d.BL = billOfLading(r, d.Office.Port)
		case 5:
			d.BL = airWaybill(r)
		case 6:
			d.BL = expressWaybill(r)
		case 4:
			d.BL = roadManifestNo(r, d.Office.Code)
		case 3:
			d.BL = railWaybill(r)
		}
		if (d.Mode != 2 && d.Mode != 3) || d.Consolidated {
			continue
		}
		g := d.gross()
		dens := declDensity(d)
		size := 40
		if dens >= 1000 {
			size = 20
		}
		if d.ForceSize > 0 {
			size = d.ForceSize
		}
		capKg := 24000.0
		if size == 40 {
			capKg = math.Min(26000, 0.75*contVol(40)*dens)
		} else if dens < 1000 {
			capKg = math.Min(24000, 0.75*contVol(20)*dens)
		}
		actual := g * math.Max(d.Payload, 1)
		n := int(math.Ceil(actual / capKg))
		if n < 1 {
			n = 1
		}
		if d.ForceContainers > 0 {
			n = d.ForceContainers
		}
		// containers of one shipment are loaded alike (within a few percent)
		shares := make([]float64, n)
		wsum := 0.0
		for i := range shares {
			shares[i] = r.F(0.97, 1.03)
			wsum += shares[i]
		}
		rest := g
		for i := range shares {
			if i == n-1 {
				shares[i] = round(rest, 0.1)
			} else {
				shares[i] = round(g*shares[i]/wsum, 0.1)
				rest -= shares[i]
			}
		}
		heavy := -1
		if d.Payload < 0 {
			heavy = r.IntN(n)
		}
		for i := 0; i < n; i++ {
			c := newCont(size)
			c.declared = shares[i]
			c.density = dens
			switch {
			case heavy == i:
				extra := r.F(9000, 12000)
				if shares[i]+extra > 27500 {
					extra = 27500 - shares[i]
				}
				c.payload = shares[i] + extra
				for _, it := range d.Items {
					it.ActualNet = it.Net + extra*it.Net/g
				}
			case d.Payload > 0:
				c.payload = shares[i] * d.Payload
			default:
				c.payload = shares[i]
			}
			c.decls = []*Decl{d}
			d.Containers = append(d.Containers, c.no)
		}
	}
	// manifests (sea only; carriers report VGM)
	for _, no := range w.contOrder {
		c := w.conts[no]
		vgm := c.tare + c.payload + r.F(0, 200)
		vgm = round(vgm*r.F(0.9975, 1.0025), 10)
		for _, d := range c.decls {
			if d.Mode != 2 {
				continue
			}
			w.Manifests = append(w.Manifests, ManRow{BL: d.BL, Container: c.no, VGM: vgm, Tare: c.tare, NoTare: r.P(0.05), Size: c.size, POL: d.Office.Port, POD: d.DestPort, Trans: d.TransPort})
		}
	}
}

func absDays(a, b *Decl) int {
	n := daysBetween(a.Date, b.Date)
	if n < 0 {
		return -n
	}
	return n
}
