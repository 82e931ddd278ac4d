package risk

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"orewatch/internal/core"
	"orewatch/internal/trace"
)

// Departure is a lot the chain of custody records leaving under an export
// declaration (an event whose business transaction names it), with what
// the lot was made of.
type Departure struct {
	Lot      string
	Material string
	Group    string
	Kg       float64
	// Controlled is the share of the lot's mass that came from controlled
	// or strategic material, through up to four transformations back, and
	// Sources names that material with the kilograms that went in.
	Controlled float64
	Sources    []string
	// Shares are Controlled by the mineral group of the material it came
	// from, and sourceGroups the group of each of Sources: a judgement as
	// of a day counts only the groups under control that day (dysprosium
	// oxide in a magnet of 2024 was not yet a controlled item).
	Shares       map[string]float64
	sourceGroups []string
}

// asOf is the departure as a day's controls see it: only the shares of
// groups under control that day count.
func (d Departure) asOf(inForce func(group string) bool) Departure {
	if len(d.Shares) == 0 {
		return d
	}
	out := d
	out.Controlled, out.Sources = 0, nil
	for g, f := range d.Shares {
		if inForce(g) {
			out.Controlled += f
		}
	}
	out.Controlled = min(out.Controlled, 1)
	for i, src := range d.Sources {
		if i < len(d.sourceGroups) && inForce(d.sourceGroups[i]) {
			out.Sources = append(out.Sources, src)
		}
	}
	return out
}

// maxGenealogy bounds how many transformations back a departing lot's
// inputs are followed.
const maxGenealogy = 4

// Departures reads, from captured events, the lots that left under each
// declaration number. groupOf gives a material's mineral group ("other"
// for general goods, "" when unknown).
func Departures(evs []*core.Event, groupOf func(material string) string) map[string][]Departure {
	groupOf = controlledOnly(groupOf)
	made := map[string]*core.Event{} // lot class → the transformation that output it
	for _, e := range evs {
		if e.Type != "TransformationEvent" {
			continue
		}
		for _, q := range e.Quantities {
			if q.Role == "output" {
				made[q.EPCClass] = e
			}
		}
	}
	out := map[string][]Departure{}
	seen := map[[2]string]bool{}
	for _, e := range evs {
		var nos []string
		for _, b := range e.BizTransactions {
			if no := trace.DeclarationNo(b); no != "" {
				nos = append(nos, no)
			}
		}
		if len(nos) == 0 {
			continue
		}
		for _, q := range e.Quantities {
			if q.Role != "quantity" && q.Role != "output" {
				continue
			}
			_, mat, _, err := trace.ParseLot(q.EPCClass)
			if err != nil || !strings.HasPrefix(q.EPCClass, trace.LotPrefix) {
				continue
			}
			for _, no := range nos {
				if seen[[2]string{no, q.EPCClass}] {
					continue // shipped, then departed: one lot
				}
				seen[[2]string{no, q.EPCClass}] = true
				d := Departure{Lot: q.EPCClass, Material: mat, Group: groupOf(mat), Kg: kgOf(q)}
				if controlled(d.Group) {
					d.Controlled = 1
					d.Shares = map[string]float64{d.Group: 1}
				} else {
					shares := controlledShares(q.EPCClass, made, groupOf, maxGenealogy, map[string]bool{})
					for _, m := range slices.Sorted(maps.Keys(shares)) {
						f := shares[m]
						g := groupOf(m)
						d.Controlled += f
						if d.Shares == nil {
							d.Shares = map[string]float64{}
						}
						d.Shares[g] += f
						d.Sources = append(d.Sources, fmt.Sprintf("%.0f kg %s", f*d.Kg, m))
						d.sourceGroups = append(d.sourceGroups, g)
					}
					d.Controlled = min(d.Controlled, 1)
				}
				out[no] = append(out[no], d)
			}
		}
	}
	return out
}

func controlled(group string) bool { return group != "" && group != "other" }

// controlledOnly narrows the rare earths to the controlled ones: Pr-Nd
// metal and plain NdFeB magnets are strategic, not controlled; a material
// counts when its name holds one of the seven controlled elements
// (dysprosium-iron-alloy, ndfeb-magnet-dy).
func controlledOnly(groupOf func(string) string) func(string) string {
	return func(m string) string {
		g := groupOf(m)
		if g != "rare-earth" {
			return g
		}
		for _, w := range strings.FieldsFunc(m, func(r rune) bool { return r == '-' || r == '_' }) {
			if controlledRareEarths[w] {
				return g
			}
		}
		return "other"
	}
}

var controlledRareEarths = map[string]bool{"samarium": true, "gadolinium": true, "terbium": true, "dysprosium": true, "lutetium": true,
	"scandium": true, "yttrium": true, "sm": true, "gd": true, "tb": true, "dy": true, "lu": true, "sc": true, "y": true,
	"smco": true, "tbfe": true, "dyfe": true}

// controlledShares are the shares of a lot's mass that came from each
// controlled material: every input of the transformation that made it
// counts by its mass per kilogram of output, whole when controlled and by
// its own shares otherwise.
func controlledShares(lot string, made map[string]*core.Event, groupOf func(string) string, depth int, visiting map[string]bool) map[string]float64 {
	t := made[lot]
	if t == nil || depth == 0 || visiting[lot] {
		return nil
	}
	visiting[lot] = true
	defer delete(visiting, lot)
	var outKg float64
	for _, q := range t.Quantities {
		if q.Role == "output" {
			outKg += kgOf(q)
		}
	}
	if outKg <= 0 {
		return nil
	}
	shares := map[string]float64{}
	for _, q := range t.Quantities {
		if q.Role != "input" {
			continue
		}
		_, mat, _, err := trace.ParseLot(q.EPCClass)
		if err != nil {
			continue
		}
		w := kgOf(q) / outKg
		if controlled(groupOf(mat)) {
			shares[mat] += w
			continue
		}
		for m, f := range controlledShares(q.EPCClass, made, groupOf, depth-1, visiting) {
			shares[m] += w * f
		}
	}
	return shares
}

func kgOf(q core.EventQty) float64 {
	v := q.Quantity.Float()
	if strings.EqualFold(q.UOM, "TNE") {
		return v * 1000
	}
	return v
}

// chainSignal weighs what the chain of custody says a declaration of
// general goods carried. A lot of controlled material leaving under it is
// as plain as evidence gets; a lot made partly from controlled material
// counts by its share (Dy in magnets is a few per cent of their mass and
// still controlled). ok2 reports that the chain accounts for the goods
// with no controlled material in them: then stock the exporter holds
// elsewhere says nothing about this declaration.
func chainSignal(d *core.DeclarationItem, deps []Departure) (s signal, ok bool, clean bool) {
	if len(deps) == 0 {
		return signal{}, false, false
	}
	var kg float64
	best := deps[0]
	for _, dp := range deps {
		kg += dp.Kg
		if dp.Controlled > best.Controlled {
			best = dp
		}
	}
	switch {
	case best.Controlled >= 0.999 && controlled(best.Group):
		return sig("chain_lot_"+best.Group, 0.9, fmt.Sprintf("the chain of custody records %.0f kg of %s (lot %s) leaving under this declaration", best.Kg, best.Material, best.Lot),
			fmt.Sprintf("流向记录显示%.0f千克%s（批次%s）以本报关单出境", best.Kg, best.Material, best.Lot)), true, false
	case best.Controlled >= 0.3:
		return sig("chain_made_from_controlled", 0.85, fmt.Sprintf("the lot leaving under this declaration (%s, %.0f kg) was made %.0f%% from controlled material: %s", best.Lot, best.Kg, 100*best.Controlled, strings.Join(best.Sources, ", ")),
			fmt.Sprintf("以本报关单出境的批次（%s，%.0f千克）%.0f%%由管制物料制成：%s", best.Lot, best.Kg, 100*best.Controlled, strings.Join(best.Sources, "，"))), true, false
	case best.Controlled >= 0.005:
		return sig("chain_contains_controlled", 0.6, fmt.Sprintf("the lot leaving under this declaration (%s, %.0f kg) was made with controlled material (%.1f%% of its mass): %s", best.Lot, best.Kg, 100*best.Controlled, strings.Join(best.Sources, ", ")),
			fmt.Sprintf("以本报关单出境的批次（%s，%.0f千克）含管制物料（占质量%.1f%%）：%s", best.Lot, best.Kg, 100*best.Controlled, strings.Join(best.Sources, "，"))), true, false
	}
	return signal{}, false, best.Controlled == 0 && kg >= 0.9*weightOf(d)
}
