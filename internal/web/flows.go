package web

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"orewatch/internal/core"
	"orewatch/internal/ledger"
	"orewatch/internal/trace"
)

func (s *server) traceLot(w http.ResponseWriter, r *http.Request, p *page) error {
	lot := strings.TrimSpace(r.URL.Query().Get("lot"))
	dir := r.URL.Query().Get("dir")
	if dir != trace.Forward {
		dir = trace.Backward
	}
	data := map[string]any{"Lot": lot, "Dir": dir}
	p.Title = p.L.T("nav.trace")
	if lot != "" {
		n, err := trace.Trace(r.Context(), s.Store.Events(), lot, dir, 10)
		if err != nil {
			return err
		}
		if p.User.Province != "" {
			// A chain crosses provinces: the officer sees their
			// province's steps whole and the rest without names.
			mine, err := ledger.InProvince(r.Context(), s.Store, p.User.Province)
			if err != nil {
				return err
			}
			if !trace.Scope(n, func(u string) bool { return mine[core.USCC(u)] }) {
				return core.Errorf(core.ENOTFOUND, "no event of lot %s in your province", lot)
			}
		}
		data["Tree"] = n
	}
	p.Data = data
	return s.render(w, http.StatusOK, "trace", p)
}

// flows is the Sankey of a group's material between enterprises (shipped
// along the chain) and out to destinations (exported), in a period.
func (s *server) flows(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	_, groups := s.groupCodes()
	group := q.Get("group")
	if group == "" && len(groups) > 0 {
		group = groups[0]
	}
	from, to := q.Get("from"), q.Get("to")
	// A province's officer sees the flows that start or end at their
	// province's enterprises and its exporters' exports.
	var mine map[core.USCC]bool
	if p.User.Province != "" {
		var err error
		if mine, err = ledger.InProvince(r.Context(), s.Store, p.User.Province); err != nil {
			return err
		}
	}
	var fromT, beforeT time.Time
	if t, err := time.Parse("2006-01", from); err == nil {
		fromT = t
	}
	if t, err := time.Parse("2006-01", to); err == nil {
		beforeT = t.AddDate(0, 1, 0)
	}
	ships, err := s.Store.Events().Shipments(r.Context(), fromT, beforeT)
	if err != nil {
		return err
	}
	mats := map[string]string{}
	for _, m := range s.cat().Materials {
		mats[m.ID] = m.Group
	}
	names := map[string]string{}
	ids := map[string]string{} // node name → USCC, for click-through
	name := func(u string) string {
		if n, ok := names[u]; ok {
			return n
		}
		n := u
		if e, err := s.Store.Enterprises().Get(r.Context(), core.USCC(u)); err == nil {
			n = e.Name
			ids[n] = u
		}
		names[u] = n
		return n
	}
	type key struct{ a, b string }
	links := map[key]float64{}
	for _, sh := range ships {
		src := trace.Enterprise(sh.BizLocation)
		mat, kg, ok := lotKgOf(core.EventQty{EPCClass: sh.EPCClass, Quantity: sh.Quantity, UOM: sh.UOM})
		if !ok || mats[mat] != group {
			continue
		}
		for _, d := range sh.Destinations {
			dst := strings.TrimPrefix(d.ID, "urn:orewatch:party:")
			if mine != nil && !mine[core.USCC(src)] && !mine[core.USCC(dst)] {
				continue
			}
			if src != "" && dst != "" && src != dst {
				links[key{name(src), name(dst)}] += kg / 1000
			}
		}
	}
	by, _ := s.groupCodes()
	rows, err := s.Store.Declarations().Monthly(r.Context(), by[group], p.User.Province)
	if err != nil {
		return err
	}
	for _, m := range rows {
		if (from != "" && m.Month < from) || (to != "" && m.Month > to) {
			continue
		}
		// Exports leave from their exporter, so the chain and the exports
		// are one graph.
		links[key{name(string(m.Exporter)), "→ " + m.Destination}] += m.NetKg.Float() / 1000
	}
	type link struct {
		Source string  `json:"source"`
		Target string  `json:"target"`
		Value  float64 `json:"value"`
	}
	var all []link
	for k, v := range links {
		all = append(all, link{k.a, k.b, float64(int(v*10+0.5)) / 10})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Value != all[j].Value {
			return all[i].Value > all[j].Value
		}
		return all[i].Source+all[i].Target < all[j].Source+all[j].Target
	})
	// A Sankey is acyclic: material that went back up the chain (A → B →
	// A) keeps its larger direction; the rest is listed in the table.
	var out, back []link
	next := map[string][]string{}
	reaches := func(from, to string) bool {
		seen := map[string]bool{}
		stack := []string{from}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if n == to {
				return true
			}
			if !seen[n] {
				seen[n] = true
				stack = append(stack, next[n]...)
			}
		}
		return false
	}
	for _, l := range all {
		if l.Value <= 0 || reaches(l.Target, l.Source) {
			back = append(back, l)
			continue
		}
		next[l.Source] = append(next[l.Source], l.Target)
		out = append(out, l)
	}
	p.Title = p.L.T("nav.flows")
	p.Data = map[string]any{"Group": group, "Groups": groups, "From": from, "To": to, "Links": out, "Back": back,
		"Chart": map[string]any{"links": out, "ids": ids}}
	return s.render(w, http.StatusOK, "flows", p)
}

func lotKgOf(q core.EventQty) (string, float64, bool) {
	_, mat, _, err := trace.ParseLot(q.EPCClass)
	if err != nil {
		return "", 0, false
	}
	kg := q.Quantity.Float()
	switch q.UOM {
	case "KGM", "":
	case "TNE":
		kg *= 1000
	default:
		return "", 0, false
	}
	return mat, kg, true
}
