package risk

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/geo"
)

// Surge thresholds: after a destination is restricted, a third country's
// monthly volume of the group at least surgeFactor times its level before,
// and at least surgeMinKg a month, is a surge.
const (
	surgeFactor  = 3.0
	surgeMinKg   = 1000.0
	surgePreDays = 180
	surgePostMax = 365
	surgeP       = 1e-3
)

// binomCDF is P(X <= k) for X ~ Binomial(n, p).
func binomCDF(k, n int, p float64) float64 {
	total := 0.0
	for i := 0; i <= k && i <= n; i++ {
		lg1, _ := math.Lgamma(float64(n + 1))
		lg2, _ := math.Lgamma(float64(i + 1))
		lg3, _ := math.Lgamma(float64(n - i + 1))
		total += math.Exp(lg1 - lg2 - lg3 + float64(i)*math.Log(p) + float64(n-i)*math.Log1p(-p))
	}
	return total
}

type surgeKey struct{ group, country string }

type surge struct {
	restricted string
	start      core.Date
	measure    string
	pre, post  float64 // kg per 30 days
	preSeen    map[string]bool
	until      core.Date
}

// surges finds, for every destination rule that restricts a group, the
// third countries whose imports of that group jumped after it started.
func (x *detector) surges(items []*core.DeclarationItem) map[surgeKey]*surge {
	out := map[surgeKey]*surge{}
	if len(items) == 0 {
		return out
	}
	first, last := items[0].DeclaredAt, items[len(items)-1].DeclaredAt
	type restriction struct {
		dest, group, measure string
		start                core.Date
	}
	var rs []restriction
	for _, m := range x.in.Catalog.Measures {
		for _, r := range m.Rules {
			if r.Military || (r.Rule != catalog.RuleProhibited && r.Rule != catalog.RulePresumptionOfDenial) {
				continue
			}
			for _, g := range r.Groups {
				rs = append(rs, restriction{r.Destination, g, m.ID, m.Effective})
			}
		}
	}
	groupOf := make([]string, len(items))
	for i, d := range items {
		groupOf[i] = x.sensitive(d)
	}
	for _, r := range rs {
		preFrom := r.start.AddDays(-surgePreDays)
		if first.After(preFrom.AddDays(surgePreDays/2)) || !last.After(r.start) {
			continue // too little history on one side to compare
		}
		postTo := r.start.AddDays(surgePostMax)
		if last.Before(postTo) {
			postTo = last
		}
		postDays := postTo.Time().Sub(r.start.Time()).Hours()/24 + 1
		preKg, postKg := map[string]float64{}, map[string]float64{}
		preN, postN := map[string]float64{}, map[string]float64{}
		seen := map[string]map[string]bool{}
		for i, d := range items {
			if groupOf[i] != r.group || d.DestinationCountry == r.dest {
				continue
			}
			c := d.DestinationCountry
			switch {
			case !d.DeclaredAt.Before(preFrom) && d.DeclaredAt.Before(r.start):
				preKg[c] += weightOf(d)
				preN[c]++
				if seen[c] == nil {
					seen[c] = map[string]bool{}
				}
				seen[c][consigneeKey(d)] = true
			case !d.DeclaredAt.Before(r.start) && !d.DeclaredAt.After(postTo):
				postKg[c] += weightOf(d)
				postN[c]++
			}
		}
		for c, post := range postKg {
			pre := preKg[c] * 30 / surgePreDays
			post = post * 30 / postDays
			// Both the kilograms and the number of declarations must jump,
			// the count beyond chance: given n declarations in both
			// windows, as few before as seen has probability below
			// surgeP if the rate had not changed (a one-sided binomial
			// test; strict, because every country and group is tested:
			// some 150 tests in a bundle expect 0.15 false surges).
			n := int(preN[c] + postN[c])
			p0 := float64(surgePreDays) / (float64(surgePreDays) + postDays)
			rateUp := postN[c]/postDays >= surgeFactor*preN[c]/surgePreDays
			if post >= surgeMinKg && post >= surgeFactor*pre && rateUp && binomCDF(int(preN[c]), n, p0) < surgeP {
				k := surgeKey{r.group, c}
				if _, ok := out[k]; !ok {
					out[k] = &surge{restricted: r.dest, start: r.start, measure: r.measure, pre: pre, post: post, preSeen: seen[c], until: postTo}
				}
			}
		}
	}
	return out
}

func consigneeKey(d *core.DeclarationItem) string {
	return strings.Join(strings.Fields(strings.ToLower(d.ConsigneeName)), " ")
}

// transshipments runs TRANSSHIPMENT on controlled and strategic goods
// bound for a destination that is itself allowed.
// routedDecl is a declaration whose containers went on to a restricted
// destination, and how.
type routedDecl struct {
	d          *core.DeclarationItem
	why, whyZh string
}

func (x *detector) transshipments(items []*core.DeclarationItem) {
	surges := x.surges(items)
	// A consignee whose goods go on to a restricted destination again and
	// again is part of the route, though one such voyage says nothing of
	// it: from routedTwice declarations on, it is alerted.
	routed := map[string][]routedDecl{}
	defer func() { x.routedConsignees(routed) }()
	ix := x.manifests()
	for _, d := range items {
		group := x.sensitive(d)
		if group == "" {
			continue
		}
		if _, direct := x.restricted(d, d.DestinationCountry); direct {
			continue // a direct export: DESTINATION_PROHIBITED says so
		}
		var sigs []signal
		if c := d.ConsigneeCountry; c != "" && c != d.DestinationCountry {
			if rule, ok := x.restricted(d, c); ok {
				en, zh := ruleWords(rule)
				sigs = append(sigs, sig("consignee_country", 0.8, fmt.Sprintf("the consignee is in %s (%s for these goods), the declared destination is %s", c, en, d.DestinationCountry),
					fmt.Sprintf("收货人位于%s（此类货物%s），申报目的国为%s", c, zh, d.DestinationCountry)))
			}
		}
		if c := d.TradingCountry; c != "" && c != d.DestinationCountry && c != d.ConsigneeCountry {
			if rule, ok := x.restricted(d, c); ok {
				en, zh := ruleWords(rule)
				sigs = append(sigs, sig("trading_country", 0.7, fmt.Sprintf("the trading country (the contract's counterparty) is %s (%s for these goods), the declared destination is %s", c, en, d.DestinationCountry),
					fmt.Sprintf("贸易国（合同相对方）为%s（此类货物%s），申报目的国为%s", c, zh, d.DestinationCountry)))
			}
		}
		if c, ok := addressCountry(d.ConsigneeAddress); ok && c != d.DestinationCountry && c != d.ConsigneeCountry {
			if rule, ok := x.restricted(d, c); ok {
				en, zh := ruleWords(rule)
				sigs = append(sigs, sig("consignee_address", 0.8, fmt.Sprintf("the consignee's address is in %s (%s for these goods: %q), the declared destination is %s", c, en, d.ConsigneeAddress, d.DestinationCountry),
					fmt.Sprintf("收货人地址位于%s（此类货物%s：%q），申报目的国为%s", c, zh, d.ConsigneeAddress, d.DestinationCountry)))
			}
		}
		if s, ok := x.licenceEndUserAbroad(d); ok {
			sigs = append(sigs, s)
		}
		var ms []*core.Manifest
		if d.BillOfLading != "" {
			ms = append(ms, ix.byBL[d.BillOfLading]...)
		}
		onBill := func(bl string) bool { return bl == d.BillOfLading }
		for _, c := range d.Containers {
			for _, m := range ix.voyageRows(normContainer(c), onBill, d.BillOfLading != "") {
				if !slices.Contains(ms, m) {
					ms = append(ms, m)
				}
			}
		}
		for _, m := range ms {
			for _, p := range []struct{ name, port string }{{"port_of_discharge", m.PortOfDischarge}, {"transshipment_port", m.TransshipmentPort}} {
				if c := countryOfPort(p.port); c != "" && c != d.DestinationCountry {
					if rule, ok := x.restricted(d, c); ok {
						en, zh := ruleWords(rule)
						sigs = append(sigs, sig(p.name, 0.8, fmt.Sprintf("container %s's %s %s is in %s (%s)", m.ContainerNo, strings.ReplaceAll(p.name, "_", " "), p.port, c, en),
							fmt.Sprintf("集装箱%s的%s%s位于%s（%s）", m.ContainerNo, map[string]string{"port_of_discharge": "卸货港", "transshipment_port": "中转港"}[p.name], p.port, c, zh)))
					}
				}
			}
			if n := len(sigs); n > 0 && (sigs[n-1].Name == "port_of_discharge" || sigs[n-1].Name == "transshipment_port") {
				break // one port says it
			}
		}
		node := x.in.Graph.ResolveConsignee(d)
		if node != "" {
			if s, ok := x.tiedToRestricted(d, node); ok {
				sigs = append(sigs, s)
			}
		}
		if s, ok := surges[surgeKey{group, d.DestinationCountry}]; ok && !d.DeclaredAt.Before(s.start) && !d.DeclaredAt.After(s.until) && !s.preSeen[consigneeKey(d)] {
			gen, gzh := groupWords(group)
			sigs = append(sigs, sig("route_surge", 0.35, fmt.Sprintf("%s exports to %s rose from %.0f to %.0f kg a month after %s restricted %s on %s (%s), and this consignee is new since then",
				gen, d.DestinationCountry, s.pre, s.post, s.measure, s.restricted, s.start, d.ConsigneeName),
				fmt.Sprintf("%s起%s限制对%s出口后，%s对%s出口由每月%.0f千克增至%.0f千克，收货人%s为此后新出现",
					s.start, s.measure, s.restricted, gzh, d.DestinationCountry, s.pre, s.post, d.ConsigneeName)))
		}
		// A surge on the route speaks of the route, not of this export:
		// alone it is no finding (seen on a world the detector was not
		// tuned on: 233 clean exports to Thailand, Vietnam and Türkiye
		// after the US restrictions, one planted).
		if len(sigs) == 0 || len(sigs) == 1 && sigs[0].Name == "route_surge" {
			continue
		}
		w, channel, details := combine(sigs)
		x.add(d, core.Finding{Code: Transshipment, Channel: channel, Weight: w,
			Evidence:  map[string]any{"group": group, "destination": d.DestinationCountry, "consignee": d.ConsigneeName, "consignee_node": node, "signals": sigs, "combined": round(w, 2)},
			Message:   fmt.Sprintf("%s to %s is likely routed on to a restricted destination or end user: %s", groupEn(group), d.DestinationCountry, strings.Join(details, "; ")),
			MessageZh: fmt.Sprintf("出口至%s的%s疑经第三国转口至受限目的地或最终用户：%s", d.DestinationCountry, groupZh(group), strings.Join(detailsZh(sigs), "；"))})
		implicates := false // one route through a port says nothing of the consignee
		for _, s := range sigs {
			implicates = implicates || s.Name == "tied_party" || s.Name == "consignee_country" || s.Name == "consignee_address"
			if s.Name == "port_of_discharge" || s.Name == "transshipment_port" {
				routed[x.partyOf(d)] = append(routed[x.partyOf(d)], routedDecl{d, s.Detail, s.DetailZh})
			}
		}
		if !implicates {
			continue
		}
		x.alert(Alert{SubjectType: "party", SubjectID: x.partyOf(d), Code: Transshipment, Score: scoreOf(w),
			Summary:   fmt.Sprintf("%s receives %s that is likely routed on: %s", d.ConsigneeName, groupEn(group), details[0]),
			SummaryZh: fmt.Sprintf("%s接收的%s疑经转口：%s", d.ConsigneeName, groupZh(group), detailsZh(sigs)[0]),
			Evidence:  map[string]any{"signals": sigs}}, d.DeclarationNo)
	}
}

// routedTwice is how many of a consignee's declarations must have gone on
// to a restricted destination before the consignee is alerted.
const routedTwice = 2

func (x *detector) routedConsignees(routed map[string][]routedDecl) {
	ids := make([]string, 0, len(routed))
	for id := range routed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rs := routed[id]
		decls := dedupeDecls(rs, func(r routedDecl) string { return r.d.DeclarationNo })
		if len(decls) < routedTwice {
			continue
		}
		d := rs[0].d
		for _, no := range decls {
			x.alert(Alert{SubjectType: "party", SubjectID: id, Code: Transshipment, Score: scoreOf(0.7),
				Summary:   fmt.Sprintf("%s's goods went on to a restricted destination %d times: %s", d.ConsigneeName, len(decls), rs[0].why),
				SummaryZh: fmt.Sprintf("发往%s的货物%d次被转运至受限目的地：%s", d.ConsigneeName, len(decls), rs[0].whyZh),
				Evidence:  map[string]any{"declarations_routed": decls}}, no)
		}
	}
}

// tiedToRestricted looks within MaxHops of the consignee for a party in a
// country these goods may not go to, or a flagged one.
func (x *detector) tiedToRestricted(d *core.DeclarationItem, node string) (signal, bool) {
	g := x.in.Graph
	for _, r := range g.reach(node, MaxHops) {
		n := g.Nodes[r.id]
		if r.id == node || n.Kind == "enterprise" {
			continue
		}
		rule, ok := x.restricted(d, n.Country)
		// A flagged party counts here in another country than the
		// consignee (routing through a third country), or at home when the
		// consignee is a front for a listed trader or forwarder (the same
		// phone, address, e-mail or registry number): the goods reach its
		// onward trade under another name. Other ties at home are
		// NETWORK_RISK's.
		if !ok && (!n.Flagged() || strings.EqualFold(n.Country, g.Nodes[node].Country) && !frontOf(n, r)) {
			continue
		}
		w := 0.7
		if r.hops > 1 {
			w = 0.55
		}
		ren, rzh := ruleWords(rule)
		why, whyZh := "destination "+n.Country+", "+ren, "目的国"+n.Country+"，"+rzh
		if !ok {
			flags := append([]string(nil), n.Listed...)
			flagsZh := append([]string(nil), n.Listed...)
			if n.Military {
				flags, flagsZh = append(flags, "military end user"), append(flagsZh, "军事最终用户")
			}
			why, whyZh = "flagged: "+strings.Join(flags, ", "), "已标记："+strings.Join(flagsZh, "，")
		}
		return sig("tied_party", w, fmt.Sprintf("the consignee is %d hop(s) from %s (%s) via %s", r.hops, n.Name, why, pathString(r.path)),
			fmt.Sprintf("收货人与%s（%s）相距%d步：%s", n.Name, whyZh, r.hops, pathStringZh(r.path))), true
	}
	return signal{}, false
}

// frontOf says whether the consignee reached r by sharing an identifier
// with n, an intermediary: one company under two names.
func frontOf(n *Node, r reached) bool {
	return n.Intermediary() && r.hops == 1 && len(r.path) == 1 && strings.HasPrefix(r.path[0].Reason, "same_") && r.path[0].Reason != "same_name"
}

type reached struct {
	id   string
	hops int
	path []Edge
}

// reach lists the nodes within depth hops of id, nearest first.
func (g *Graph) reach(id string, depth int) []reached {
	g.mu.RLock()
	r, ok := g.reachCache[id]
	g.mu.RUnlock()
	if ok {
		return r
	}
	out := []reached{{id: id}}
	seen := map[string]bool{id: true}
	for i := 0; i < len(out); i++ {
		cur := out[i]
		if cur.hops >= depth {
			continue
		}
		eis := append([]int(nil), g.adj[cur.id]...)
		sort.Ints(eis)
		for _, ei := range eis {
			o := g.Edges[ei].other(cur.id)
			if !seen[o] {
				seen[o] = true
				out = append(out, reached{id: o, hops: cur.hops + 1, path: append(append([]Edge(nil), cur.path...), g.Edges[ei])})
			}
		}
	}
	g.mu.Lock()
	if g.reachCache == nil {
		g.reachCache = map[string][]reached{}
	}
	if len(g.reachCache) < maxResolved {
		g.reachCache[id] = out
	}
	g.mu.Unlock()
	return out
}

func pathString(p []Edge) string {
	parts := make([]string, len(p))
	for i, e := range p {
		parts[i] = e.Reason
	}
	return strings.Join(parts, " → ")
}

// tieZh names the ties of a path in Chinese.
var tieZh = map[string]string{"same_address": "同地址", "same_phone": "同电话", "same_email": "同邮箱", "same_registry_id": "同注册号",
	"same_name": "同名", "owns": "持股", "controls": "控制", "director": "董事", "agent_of": "代理", "subsidiary_of": "子公司"}

func pathStringZh(p []Edge) string {
	parts := make([]string, len(p))
	for i, e := range p {
		parts[i] = cmp.Or(tieZh[e.Reason], e.Reason)
	}
	return strings.Join(parts, " → ")
}

// addressCountry is the country a consignee's address names, if any.
func addressCountry(addr string) (string, bool) {
	if addr == "" {
		return "", false
	}
	g, err := geo.Default()
	if err != nil {
		return "", false
	}
	return g.CountryInAddress(addr)
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func scoreOf(w float64) int { return int(100*w + 0.5) }

// licenceEndUserAbroad: the licence the declaration cites names an end
// user in a country the goods may not go to, while they are declared for
// another: the consignee is a stop on the way (seen on a world the
// detector was not tuned on: gallium for a US end user consigned to
// Malaysia in the months the US was closed to it).
func (x *detector) licenceEndUserAbroad(d *core.DeclarationItem) (signal, bool) {
	lic := x.in.Licences[d.LicenceNo]
	if lic == nil || lic.EndUserName == "" {
		return signal{}, false
	}
	node := x.in.Graph.Resolve(lic.EndUserName, "")
	n := x.in.Graph.Nodes[node]
	if n == nil || n.Country == "" || n.Country == d.DestinationCountry {
		return signal{}, false
	}
	rule, ok := x.restricted(d, n.Country)
	if !ok && n.Military {
		// A military end user: the rules for military users of its
		// country (the United States' since 2024-46), which stand while
		// those for the country at large are suspended.
		a := x.in.Catalog.Lookup(catalog.Query{HS: d.HSCode, Date: d.DeclaredAt, Destination: n.Country, Military: true})
		if a.Controlled && (a.DestinationRule == catalog.RuleProhibited || a.DestinationRule == catalog.RulePresumptionOfDenial) {
			rule, ok = a.DestinationRule, true
		}
	}
	if !ok {
		return signal{}, false
	}
	en, zh := ruleWords(rule)
	return sig("licence_end_user", 0.8, fmt.Sprintf("the licence's end user %s is in %s (%s for these goods), the declared destination is %s", lic.EndUserName, n.Country, en, d.DestinationCountry),
		fmt.Sprintf("许可证载明的最终用户%s位于%s（此类货物%s），申报目的国为%s", lic.EndUserName, n.Country, zh, d.DestinationCountry)), true
}
