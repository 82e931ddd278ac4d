package main

import (
	"fmt"
	"sort"
	"strings"
)

// oracle derives the ground truth from the world as generated: rule codes
// are recomputed from the data (so clean traffic is checked to be clean),
// intent codes (TRANSSHIPMENT, STRUCTURING) come from the planting tags.
func (w *World) oracle() {
	type hit struct{ code, why string }
	licUse := map[string]float64{}
	licN := map[string]int{}
	// weight evidence per container
	contFlag := map[string][2]bool{} // UNDERDECLARATION, CONCEALMENT
	for no, c := range w.conts {
		ud := c.payload-c.declared > maxf(800, 0.12*c.declared)
		cc := c.payload/c.density > 1.25*contVol(c.size)
		contFlag[no] = [2]bool{ud, cc}
	}
	for _, d := range w.Decls {
		var hits []hit
		add := func(code, why string) {
			for _, h := range hits {
				if h.code == code {
					return
				}
			}
			hits = append(hits, hit{code, why})
		}
		if d.Cons.List.activeOn(d.Date) {
			add("END_USER_LISTED", "consignee is listed on "+d.Cons.List.List)
		}
		if d.EndUserParty != nil && d.EndUserParty.List.activeOn(d.Date) {
			add("END_USER_LISTED", "end user is listed")
		}
		for _, it := range d.Items {
			m := it.Mat
			eff, ref := controlledRef[it.HS]
			ctrl := ref && !d.Date.Before(eff) && m.Class == "ctrl"
			if ref && !d.Date.Before(eff) && m.Class != "ctrl" {
				w.warn("%s item %d: HS %s is a controlled reference code but material %s is not marked controlled", d.No, it.No, it.HS, m.ID)
			}
			if ctrl {
				if !(it.Stmt == "pos" && (m.Code == "" || strings.EqualFold(it.StmtCode, m.Code))) {
					add("CONTROL_UNDECLARED", fmt.Sprintf("item %d statement %q code %q", it.No, it.Stmt, it.StmtCode))
				}
				l := w.licBy[it.LicNo]
				if it.LicNo == "" || l == nil {
					add("LICENCE_MISSING", fmt.Sprintf("item %d has no valid licence number", it.No))
				} else {
					switch {
					case d.Date.Before(l.From) || d.Date.After(l.To):
						add("LICENCE_INVALID", "outside validity")
					case l.Status != "valid":
						add("LICENCE_INVALID", "status "+l.Status)
					case l.Exporter != d.Exp.USCC:
						add("LICENCE_INVALID", "held by another exporter")
					case l.Uses == "single" && licN[l.No] > 0:
						add("LICENCE_INVALID", "single-use licence reused")
					}
					if l.HS != it.HS {
						add("LICENCE_MISMATCH", "goods")
					}
					if l.Dest != d.Dest {
						add("LICENCE_MISMATCH", "destination")
					}
					if normName(l.Consignee) != normName(d.ConsName) {
						add("LICENCE_MISMATCH", "consignee")
					}
					licN[l.No]++
					q := it.Qty
					switch it.Unit {
					case "t":
						q *= 1000
					case "g":
						q /= 1000
					case "kg":
					default:
						q = it.Net
					}
					licUse[l.No] += q
					if licUse[l.No] > l.qtyKg()+1e-6 {
						add("LICENCE_EXCEEDED", fmt.Sprintf("cumulative %.1f kg > %.1f kg", licUse[l.No], l.qtyKg()))
					}
				}
				if d.Dest == "US" && (d.Cons.Kind == "military" || (m.Art2() && inPoD(d.Date))) {
					add("DESTINATION_PROHIBITED", "US rule")
				}
			}
			if ctrl || m.Mineral() {
				e := d.Exp
				if !e.InLedger || e.Status != "active" || e.RegisteredOn.After(d.Date) {
					add("UNREGISTERED_ENTERPRISE", "exporter not active in the ledger")
				}
				if d.Producer != "" {
					if pe := w.entBy[d.Producer]; pe == nil || !pe.InLedger || pe.Status != "active" || pe.RegisteredOn.After(d.Date) {
						add("UNREGISTERED_ENTERPRISE", "producer not active in the ledger")
					}
				}
			}
			if it.True != it.Mat && it.True.Class == "ctrl" {
				add("MISDECLARATION", it.True.ID+" declared as "+it.Mat.ID)
			}
			if m.Priced() && it.Net > 0 {
				usdkg := it.Total * usdPer(d.Currency, d.Date) / it.Net
				ratio := usdkg / w.intlUSDkg(m, d.Date)
				if ratio < 1.0/3 || ratio > 3 {
					add("VALUE_ANOMALY", fmt.Sprintf("unit value %.2f× market", ratio))
				}
			}
		}
		for _, c := range d.Containers {
			f := contFlag[c]
			if f[0] && d.Mode == 2 {
				add("UNDERDECLARATION", "VGM above declared")
			}
			if f[1] && d.Mode == 2 {
				add("CONCEALMENT", "density implausible")
			}
		}
		for _, code := range []string{"TRANSSHIPMENT", "STRUCTURING"} {
			if v, ok := d.Tags[code]; ok {
				add(code, v)
			}
		}
		// every planted code must be found by the oracle; every oracle code on clean traffic is a generator bug
		for code := range d.Tags {
			found := false
			for _, h := range hits {
				if h.code == code {
					found = true
				}
			}
			if !found {
				w.warn("%s: planted %s not reproduced by the oracle", d.No, code)
			}
		}
		for _, h := range hits {
			v, ok := d.Tags[h.code]
			if !ok {
				if !d.Planted {
					w.warn("clean declaration %s triggers %s (%s)", d.No, h.code, h.why)
					v = "unintended: " + h.why
				} else {
					v = "follows from the planted case: " + h.why
				}
			}
			w.Truth = append(w.Truth, TruthRow{"declaration", d.No, h.code, v})
		}
	}
	// enterprise codes
	for id, m := range w.entTruth {
		for code, v := range m {
			w.Truth = append(w.Truth, TruthRow{"enterprise", id, code, v})
		}
	}
	for id, v := range w.leakers {
		w.Truth = append(w.Truth, TruthRow{"enterprise", id, "FLOW_LEAKAGE", leakVariant[v]})
	}
	// party codes
	for _, p := range w.Parties {
		if p.List.activeOn(w.AsOf) {
			w.markParty(p.ID, "END_USER_LISTED", "party matches "+p.List.List+" entry '"+p.List.Name+"'")
		}
	}
	restricted := map[string]string{}
	for _, p := range w.Parties {
		if p.List.activeOn(w.AsOf) {
			restricted[p.ID] = "listed " + p.List.Name
		} else if p.Kind == "military" && p.Country == "US" {
			restricted[p.ID] = "US military end user " + p.Name
		}
	}
	flagged := map[string]string{}
	for id, m := range w.partyTruth {
		for code := range m {
			if code == "TRANSSHIPMENT" || code == "STRUCTURING" || code == "END_USER_LISTED" {
				flagged[id] = "flagged (" + strings.ToLower(code) + ")"
			}
		}
	}
	bad := func(id string) (string, bool) {
		if s, ok := restricted[id]; ok {
			return s, true
		}
		s, ok := flagged[id]
		return s, ok
	}
	for _, l := range w.Links {
		for _, pair := range [][2]string{{l.From, l.To}, {l.To, l.From}} {
			x, y := pair[0], pair[1]
			if x == y {
				continue
			}
			if why, ok := bad(y); ok {
				if _, listed := restricted[x]; listed {
					continue
				}
				v := l.Relation + " link to " + why
				if w.entBy[x] != nil {
					w.markEnt(x, "NETWORK_RISK", v)
					w.Truth = append(w.Truth, TruthRow{"enterprise", x, "NETWORK_RISK", v})
				} else {
					w.markParty(x, "NETWORK_RISK", v)
				}
			}
		}
	}
	for _, id := range sortedKeys(w.partyTruth) {
		m := w.partyTruth[id]
		for _, code := range sortedKeys(m) {
			w.Truth = append(w.Truth, TruthRow{"party", id, code, m[code]})
		}
	}
	// dedupe and order
	seen := map[string]bool{}
	var out []TruthRow
	for _, t := range w.Truth {
		k := t.Type + "|" + t.ID + "|" + t.Code
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	order := map[string]int{"declaration": 0, "enterprise": 1, "party": 2}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return order[out[i].Type] < order[out[j].Type]
		}
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return out[i].Code < out[j].Code
	})
	w.Truth = out
}

var leakVariant = map[string]string{
	"overyield":     "smelter books more output than its inputs can yield (made_from yield exceeded by ~50%)",
	"divert":        "product shipped to a domestic party outside the ledger, no onward record",
	"phantom-input": "transformations consume more concentrate than the smelter ever received",
	"oversell":      "trader ships and exports more than it received (lots never booked in)",
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}
