package risk

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"orewatch/internal/core"
)

// shipment is what travels together: the items and containers joined by
// shared bills of lading and container numbers, so that a consolidated
// container's mass is compared with everything declared into it. A
// container number names a box, not a voyage: boxes are used again and
// again, so a container joins only what was declared within
// voyageGapDays of each other (one box reused a year later joined two
// unrelated shipments, and their goods weighed against both VGMs).
type shipment struct {
	items      []*core.DeclarationItem
	containers map[string]*core.Manifest // container → its manifest row (nil when the carrier gave none)
}

// voyageGapDays: two uses of one container further apart than this are
// two voyages.
const voyageGapDays = 30

func (x *detector) shipments(items []*core.DeclarationItem) []*shipment {
	ix := x.manifests()
	byBL := ix.byBL
	var keyed []*core.DeclarationItem
	// The days each container was used on: by an item naming it, or on
	// the manifest of an item's bill of lading.
	days := map[string][]core.Date{}
	for _, d := range items {
		if len(d.Containers) == 0 && d.BillOfLading == "" {
			continue
		}
		keyed = append(keyed, d)
		for _, c := range d.Containers {
			c = normContainer(c)
			days[c] = append(days[c], d.DeclaredAt)
		}
		for _, m := range byBL[d.BillOfLading] {
			c := normContainer(m.ContainerNo)
			days[c] = append(days[c], d.DeclaredAt)
		}
	}
	// Each container's uses in voyages: a new one after a gap.
	starts := make(map[string][]core.Date, len(days))
	for c, ds := range days {
		slices.SortFunc(ds, func(a, b core.Date) int { return a.Compare(b) })
		vs := []core.Date{ds[0]}
		for i := 1; i < len(ds); i++ {
			if ds[i].After(ds[i-1].AddDays(voyageGapDays)) {
				vs = append(vs, ds[i])
			}
		}
		starts[c] = vs
	}
	voyage := func(c string, day core.Date) string {
		vs := starts[c]
		i := sort.Search(len(vs), func(i int) bool { return vs[i].After(day) }) - 1
		return "C:" + c + "@" + strconv.Itoa(max(i, 0))
	}
	u := newJoin(nil)
	find, union := u.find, u.union
	for _, d := range keyed {
		first := ""
		if d.BillOfLading != "" {
			first = "B:" + d.BillOfLading
			find(first)
			for _, m := range byBL[d.BillOfLading] {
				union(voyage(normContainer(m.ContainerNo), d.DeclaredAt), first)
			}
		}
		for _, c := range d.Containers {
			k := voyage(normContainer(c), d.DeclaredAt)
			if first == "" {
				first = k
				find(k)
			} else {
				union(k, first)
			}
		}
	}
	groups := map[string]*shipment{}
	var order []string
	get := func(root string) *shipment {
		s, ok := groups[root]
		if !ok {
			s = &shipment{containers: map[string]*core.Manifest{}}
			groups[root] = s
			order = append(order, root)
		}
		return s
	}
	bls := map[*shipment]map[string]bool{}
	for _, d := range keyed {
		k := "B:" + d.BillOfLading
		if d.BillOfLading == "" {
			k = voyage(normContainer(d.Containers[0]), d.DeclaredAt)
		}
		s := get(find(k))
		s.items = append(s.items, d)
		if d.BillOfLading != "" {
			if bls[s] == nil {
				bls[s] = map[string]bool{}
			}
			bls[s][d.BillOfLading] = true
		}
		for _, m := range byBL[d.BillOfLading] {
			s.containers[normContainer(m.ContainerNo)] = m
		}
	}
	// A container an item names without its bill's manifest listing it:
	// the carrier's row for it on this voyage, if any.
	for _, s := range groups {
		onBill := func(bl string) bool { return bls[s][bl] }
		for _, d := range s.items {
			for _, c := range d.Containers {
				c = normContainer(c)
				if _, ok := s.containers[c]; ok {
					continue
				}
				var row *core.Manifest
				if rows := ix.voyageRows(c, onBill, len(bls[s]) > 0); len(rows) > 0 {
					row = rows[0]
				}
				s.containers[c] = row
			}
		}
	}
	out := make([]*shipment, 0, len(order))
	for _, k := range order {
		out = append(out, groups[k])
	}
	return out
}

func normContainer(c string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(c), " ", ""))
}

// Cargo is a manifest row's cargo mass (verified gross mass less tare), the
// tare used and the container type assumed. The size gives the type and
// the tare the type when the size is missing; a missing tare is the type's
// heaviest, or, with neither size nor tare, the heaviest of usual (the
// bundle's most common box; zero for none), so a missing figure never makes
// cargo look heavier than it can be.
func (r *Reference) Cargo(m *core.Manifest, usual Container) (kg, tare float64, c Container) {
	c = r.Container(m.Size)
	tare = m.TareKg.Float()
	noSize := strings.TrimSpace(m.Size) == ""
	if noSize && tare > 0 {
		if byTare, ok := r.ContainerByTare(tare); ok {
			c = byTare
		}
	}
	if tare <= 0 {
		tare = c.TareMaxKg
		if noSize && usual.TareMaxKg > 0 {
			tare = usual.TareMaxKg
		}
	}
	return m.VGMKg.Float() - tare, tare, c
}

// cargo is the carrier's mass of the goods: verified gross mass less the
// containers' tare. Where a manifest gives no tare the heaviest tare of
// the type stands in, so a missing figure never makes cargo look heavier.
// ok is false when a container has no manifest row.
func (x *detector) cargo(s *shipment) (kg, volume float64, ok bool) {
	ok = true
	for _, m := range s.containers {
		if m == nil {
			ok = false
			volume += x.in.Ref.DefaultContainer.VolumeM3
			continue
		}
		cargo, _, c := x.in.Ref.Cargo(m, x.usualBox)
		kg += cargo
		volume += c.VolumeM3
	}
	return kg, volume, ok && len(s.containers) > 0
}

// modalContainer is the container type most of the bundle's manifests
// name; the zero Container when none names one.
func (x *detector) modalContainer() Container {
	counts := map[string]int{}
	for _, m := range x.in.Manifests {
		if strings.TrimSpace(m.Size) != "" {
			counts[x.in.Ref.Container(m.Size).Size]++
		}
	}
	best, n := "", 0
	for size, c := range counts {
		if c > n || (c == n && size < best) {
			best, n = size, c
		}
	}
	for _, c := range x.in.Ref.Containers {
		if c.Size == best {
			return c
		}
	}
	return Container{}
}

func (s *shipment) declaredGross() float64 {
	t := 0.0
	for _, d := range s.items {
		t += d.GrossWeightKg.Float()
	}
	return t
}

func (s *shipment) declarations() []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range s.items {
		if !seen[d.DeclarationNo] {
			seen[d.DeclarationNo] = true
			out = append(out, d.DeclarationNo)
		}
	}
	return out
}

func (s *shipment) containerList() []string {
	out := make([]string, 0, len(s.containers))
	for c := range s.containers {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Thresholds of the weight detectors. The under-declaration threshold is
// the larger of a floor and the population's own scatter, so that a
// world where carriers weigh roughly does not flood the queue.
const (
	underFloor      = 0.08 // fraction of the carrier's cargo mass
	underMADs       = 5.0  // robust standard deviations above the median
	underMinKg      = 300.0
	concealSlack    = 1.05 // weighing and tare tolerance above volume × densest packing
	concealRed      = 1.5
	materialDensity = 1.0 // the bundle gives the density as shipped: a full box of the goods weighs volume × density (the spec, materials.csv)
)

// weights runs UNDERDECLARATION and CONCEALMENT over every shipment with
// containers.
func (x *detector) weights(items []*core.DeclarationItem) {
	x.usualBox = x.manifests().usualBox
	ships := x.shipments(items)
	type measured struct {
		s               *shipment
		cargo, rel, vol float64
		complete        bool
		declared        float64
	}
	var ms []measured
	var rels []float64
	for _, s := range ships {
		kg, vol, ok := x.cargo(s)
		m := measured{s: s, cargo: kg, vol: vol, complete: ok, declared: s.declaredGross()}
		if ok && kg > 0 {
			m.rel = (kg - m.declared) / kg
			rels = append(rels, m.rel)
		}
		ms = append(ms, m)
	}
	med, sigma := robust(rels)
	population := len(rels)
	if p := x.in.Shortfalls; p != nil {
		// A live judge sees a few shipments at a time: the threshold is
		// the whole store's, measured at its last refresh.
		med, sigma, population = p.Median, p.Sigma, p.Shipments
	}
	tau := math.Max(underFloor, med+underMADs*sigma)
	for _, m := range ms {
		if m.complete && m.cargo > 0 && m.rel > tau && m.cargo-m.declared >= underMinKg {
			short := m.cargo - m.declared
			w := 0.5 + 0.3*clamp01((m.rel-tau)/tau)
			channel := core.ChannelYellow
			if m.rel >= math.Max(0.3, 3*tau) && short >= 2000 {
				channel, w = core.ChannelRed, math.Max(w, 0.85)
			}
			ev := map[string]any{"containers": m.s.containerList(), "declarations": m.s.declarations(),
				"carrier_cargo_kg": round(m.cargo, 0), "declared_gross_kg": round(m.declared, 0), "shortfall_kg": round(short, 0),
				"shortfall_share": round(m.rel, 3), "threshold_share": round(tau, 3),
				"population": map[string]any{"shipments": population, "median_share": round(med, 4), "robust_sigma": round(sigma, 4)}}
			for _, d := range m.s.items {
				x.add(d, core.Finding{Code: Underdeclaration, Channel: channel, Weight: w, Evidence: ev,
					Message:   fmt.Sprintf("declared gross %.0f kg is %.0f kg (%.0f%%) below the carrier's verified cargo mass %.0f kg (VGM less tare); threshold %.0f%% from %d shipments", m.declared, short, 100*m.rel, m.cargo, 100*tau, population),
					MessageZh: fmt.Sprintf("申报毛重%.0f千克比承运人核实的货物质量%.0f千克（VGM减箱皮）少%.0f千克（%.0f%%），阈值%.0f%%（基于%d票货物）", m.declared, m.cargo, short, 100*m.rel, 100*tau, population)})
			}
		}
		x.conceal(m.s, m.cargo, m.vol, m.complete, m.declared)
	}
}

// conceal compares the shipment's mass with the most its declared goods
// could weigh in its containers' volume.
func (x *detector) conceal(s *shipment, cargo, volume float64, complete bool, declared float64) {
	densest := 0.0
	basis := map[string]any{}
	for _, d := range s.items {
		var rho float64
		if m := x.material(d.HSCode); m != nil && m.DensityKg > 0 {
			rho = m.DensityKg * materialDensity
			basis[d.HSCode] = map[string]any{"material": m.ID, "bulk_density_kg_m3": m.DensityKg, "densest_kg_m3": round(rho, 0)}
		} else if r, ok := x.in.Ref.DensityFor(d.HSCode); ok {
			rho = r.DensityKg
			basis[d.HSCode] = map[string]any{"hs_prefix": r.HS, "densest_kg_m3": r.DensityKg, "basis": r.Basis}
		} else {
			return // goods of unknown density: nothing can be said
		}
		densest = math.Max(densest, rho)
	}
	mass, source := declared, "declared gross weight"
	if complete && cargo > declared {
		mass, source = cargo, "carrier's verified gross mass less tare"
	}
	limit := volume * densest
	if limit <= 0 || mass <= limit*concealSlack {
		return
	}
	ratio := mass / limit
	w := 0.55 + 0.35*clamp01((ratio-concealSlack)/(concealRed-concealSlack))
	channel := core.ChannelYellow
	if ratio >= concealRed {
		channel = core.ChannelRed
	}
	ev := map[string]any{"containers": s.containerList(), "declarations": s.declarations(), "mass_kg": round(mass, 0), "mass_source": source,
		"volume_m3": round(volume, 1), "densest_packing_kg_m3": round(densest, 0), "max_mass_kg": round(limit, 0), "ratio": round(ratio, 2),
		"threshold_ratio": concealSlack, "goods": basis}
	for _, d := range s.items {
		x.add(d, core.Finding{Code: Concealment, Channel: channel, Weight: w, Evidence: ev,
			Message:   fmt.Sprintf("%.0f kg (%s) in %.1f m³ of containers is %.1f× the most the declared goods (densest %.0f kg/m³) could weigh: something denser is inside", mass, source, volume, ratio, densest),
			MessageZh: fmt.Sprintf("%.1f立方米集装箱内货物质量%.0f千克，为申报货物（最大堆积密度%.0f千克/立方米）可能达到质量的%.1f倍：箱内疑有更重的物品", volume, mass, densest, ratio)})
	}
}

// Shortfalls is the population of shipments' shortfalls (carrier cargo
// less declared gross, as a share of the cargo) the under-declaration
// threshold is set from.
type Shortfalls struct {
	Median, Sigma float64
	Shipments     int
}

// MeasureShortfalls measures that population over items, as Detect would.
func MeasureShortfalls(in Input, items []*core.DeclarationItem) Shortfalls {
	x := newDetector(in)
	x.usualBox = x.manifests().usualBox
	var rels []float64
	for _, s := range x.shipments(items) {
		if kg, _, ok := x.cargo(s); ok && kg > 0 {
			rels = append(rels, (kg-s.declaredGross())/kg)
		}
	}
	med, sigma := robust(rels)
	return Shortfalls{Median: med, Sigma: sigma, Shipments: len(rels)}
}
