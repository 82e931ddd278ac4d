package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"orewatch/internal/core"
	"orewatch/internal/trace"
)

// exportsSeries is the chart of a group's exports by destination and
// month, with the dates its controls started (and were suspended) marked.
type exportsSeries struct {
	Group  string       `json:"group"`
	Months []string     `json:"months"`
	Series []destSeries `json:"series"`
	Marks  []mark       `json:"marks"`
}

type destSeries struct {
	Name string    `json:"name"`
	Data []float64 `json:"data"` // tonnes
}

type mark struct {
	Month string `json:"month"`
	Label string `json:"label"`
}

// groups lists the mineral groups with controlled HS codes.
func (s *server) groupCodes() (map[string][]string, []string) {
	by := map[string][]string{}
	seen := map[string]bool{}
	for _, m := range s.Catalog.Measures {
		for _, it := range m.Items {
			for _, hs := range it.HSCodes {
				if k := it.Group + hs; !seen[k] {
					seen[k] = true
					by[it.Group] = append(by[it.Group], hs)
				}
			}
		}
	}
	var groups []string
	for g := range by {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	return by, groups
}

func (s *server) exportsChart(r *http.Request, group string) (*exportsSeries, error) {
	by, _ := s.groupCodes()
	rows, err := s.Store.Declarations().Monthly(r.Context(), by[group])
	if err != nil {
		return nil, err
	}
	months := map[string]bool{}
	perDest := map[string]map[string]float64{}
	total := map[string]float64{}
	for _, m := range rows {
		months[m.Month] = true
		if perDest[m.Destination] == nil {
			perDest[m.Destination] = map[string]float64{}
		}
		t := m.NetKg.Float() / 1000
		perDest[m.Destination][m.Month] += t
		total[m.Destination] += t
	}
	out := &exportsSeries{Group: group}
	marks := s.controlMarks(group)
	for _, m := range marks {
		months[m.Month] = true
	}
	out.Months = monthRange(months)
	out.Marks = marks
	dests := make([]string, 0, len(total))
	for d := range total {
		dests = append(dests, d)
	}
	sort.Slice(dests, func(i, j int) bool { return total[dests[i]] > total[dests[j]] })
	const shown = 6
	other := destSeries{Name: "other", Data: make([]float64, len(out.Months))}
	for i, d := range dests {
		ser := destSeries{Name: d, Data: make([]float64, len(out.Months))}
		for j, m := range out.Months {
			ser.Data[j] = perDest[d][m]
			if i >= shown {
				other.Data[j] += perDest[d][m]
			}
		}
		if i < shown {
			out.Series = append(out.Series, ser)
		}
	}
	if len(dests) > shown {
		out.Series = append(out.Series, other)
	}
	return out, nil
}

// controlMarks are the dates a group's controls started and were
// suspended.
func (s *server) controlMarks(group string) []mark {
	var out []mark
	for _, m := range s.Catalog.Measures {
		covers := false
		for _, it := range m.Items {
			covers = covers || it.Group == group
		}
		for _, r := range m.Rules {
			for _, g := range r.Groups {
				covers = covers || g == group
			}
		}
		if !covers {
			continue
		}
		out = append(out, mark{m.Effective.Month(), m.ID})
		for _, w := range m.Suspensions {
			out = append(out, mark{w.From.Month(), m.ID + " suspended"})
		}
		for _, r := range m.Rules {
			for _, w := range r.Suspensions {
				out = append(out, mark{w.From.Month(), m.ID + " art. " + strconv.Itoa(r.Article) + " suspended"})
			}
		}
	}
	return out
}

// monthRange lists every month from the earliest to the latest of set,
// so that the time axis is even.
func monthRange(set map[string]bool) []string {
	var ms []string
	for m := range set {
		ms = append(ms, m)
	}
	if len(ms) == 0 {
		return nil
	}
	sort.Strings(ms)
	first, err1 := time.Parse("2006-01", ms[0])
	last, err2 := time.Parse("2006-01", ms[len(ms)-1])
	if err1 != nil || err2 != nil {
		return ms
	}
	var out []string
	for t := first; !t.After(last) && len(out) < 240; t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out
}

func (s *server) licences(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	f := core.LicenceFilter{Limit: pageSize}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(0, f.Offset)
	if q.Get("valid") == "on" {
		f.ValidOn = core.DateOf(s.Now())
	}
	if u := p.User.EnterpriseUSCC; u != "" {
		f.ExporterUSCC = u
	}
	ls, total, err := s.Store.Licences().List(r.Context(), f)
	if err != nil {
		return err
	}
	today := core.DateOf(s.Now())
	type row struct {
		*core.Licence
		DrawnKg, LicensedKg float64
		Share               int
		ExpiresInDays       int
		Province            string
	}
	var rows []row
	for _, l := range ls {
		ex, err := s.Store.Enterprises().Get(r.Context(), l.ExporterUSCC)
		prov := ""
		if err == nil {
			prov = ex.Province
		}
		if p.User.Province != "" && prov != p.User.Province {
			continue
		}
		items, _, err := s.Store.Declarations().List(r.Context(), core.DeclarationFilter{LicenceNo: l.No, Limit: 10000})
		if err != nil {
			return err
		}
		drawn := 0.0
		for _, it := range items {
			drawn += it.NetWeightKg.Float()
		}
		licensed := l.Quantity.Float()
		switch strings.ToLower(l.Unit) {
		case "t":
			licensed *= 1000
		case "g":
			licensed /= 1000
		}
		share := 0
		if licensed > 0 {
			share = int(100*drawn/licensed + 0.5)
		}
		days := int(l.ValidTo.Time().Sub(today.Time()).Hours() / 24)
		rows = append(rows, row{l, drawn, licensed, share, days, prov})
	}
	p.Title = p.L.T("nav.licences")
	p.Data = map[string]any{"Rows": rows, "Total": total, "Valid": q.Get("valid") == "on",
		"Next": nextLink("/licences", q, f.Offset+pageSize, f.Offset+pageSize < total), "Prev": nextLink("/licences", q, f.Offset-pageSize, f.Offset > 0)}
	return s.render(w, http.StatusOK, "licences", p)
}

func nextLink(path string, q url.Values, offset int, ok bool) string {
	if !ok {
		return ""
	}
	v := url.Values{}
	for k, x := range q {
		v[k] = append([]string(nil), x...)
	}
	v.Set("offset", strconv.Itoa(max(0, offset)))
	return path + "?" + v.Encode()
}

func (s *server) traceLot(w http.ResponseWriter, r *http.Request, p *page) error {
	lot := strings.TrimSpace(r.URL.Query().Get("lot"))
	dir := r.URL.Query().Get("dir")
	if dir != trace.Forward {
		dir = trace.Backward
	}
	data := map[string]any{"Lot": lot, "Dir": dir}
	p.Title = p.L.T("nav.trace")
	if lot != "" {
		if p.User.Province != "" {
			return core.Errorf(core.EFORBIDDEN, "lot genealogy crosses provinces: it needs national scope")
		}
		n, err := trace.Trace(r.Context(), s.Store.Events(), lot, dir, 10)
		if err != nil {
			return err
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
	if p.User.Province != "" {
		return core.Errorf(core.EFORBIDDEN, "flows cross provinces: they need national scope")
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
	for _, m := range s.Catalog.Materials {
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
			if src != "" && dst != "" && src != dst {
				links[key{name(src), name(dst)}] += kg / 1000
			}
		}
	}
	by, _ := s.groupCodes()
	rows, err := s.Store.Declarations().Monthly(r.Context(), by[group])
	if err != nil {
		return err
	}
	for _, m := range rows {
		if (from != "" && m.Month < from) || (to != "" && m.Month > to) {
			continue
		}
		links[key{p.L.T("flows.exports"), "→ " + m.Destination}] += m.NetKg.Float() / 1000
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
