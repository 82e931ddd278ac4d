package risk

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"orewatch/internal/core"
	"orewatch/internal/party"
)

// Structuring thresholds: at least structMin small consignments by air or
// post within structWindow days to one consignee cluster.
const (
	structMin    = 5
	structWindow = 30
	structSmall  = 100.0 // kg net: a parcel, not a shipment
	// By sea, road or rail: a tenth of the goods' usual consignment and
	// at most a tonne.
	structShare        = 0.1
	structSmallFreight = 1000.0
	structBurst        = 4.0 // a window this many times the cluster's usual month
	// A slow drip: at least dripMin small parcels of sensitive goods to one
	// cluster over more than a window, from several senders — split so that
	// no month looks busy (3–6 in the busiest 30 days, 10–27 in ten months).
	dripMin     = 8
	dripSenders = 2
	dripWindow  = 300 // days: a drip is steady, about one parcel a month or more
)

// structuring runs STRUCTURING: many small air or postal consignments to
// one consignee cluster, of sensitive goods or from related senders.
// parcel is one small consignment, its sender's cluster and whether its
// goods are sensitive.
type parcel struct {
	d      *core.DeclarationItem
	sender string
	touchy bool
	// cover: the goods were found to be other than declared: sensitive
	// goods under cover names, which no ordinary customer receives.
	cover bool
	// group is the goods' mineral group ("" for general goods): a flow
	// split into parcels is of one mineral, where a laboratory's samples
	// from several suppliers are of many.
	group string
	// unlicensed: controlled goods that day, sent without a licence.
	unlicensed bool
}

// small says whether a consignment is a parcel a flow could be split
// into: a small air or postal consignment, or one by any mode a tenth or
// less of its goods' usual consignment (half a tonne of antimony ingots
// by sea where twenty tonnes go) and not over a tonne.
func small(d *core.DeclarationItem, usual map[string]float64) bool {
	w := weightOf(d)
	if (d.TransportMode == "5" || d.TransportMode == "6") && w <= structSmall {
		return true
	}
	// By any mode, air included: hundreds of kilograms of APT flown where
	// tonnes go by sea are split too.
	u, ok := usual[d.HSCode]
	return ok && w > 0 && w <= structShare*u && w <= structSmallFreight
}

// usualWeights is the median net weight of each HS code's consignments,
// where there are enough of them to say.
func usualWeights(items []*core.DeclarationItem) map[string]float64 {
	by := map[string][]float64{}
	for _, d := range items {
		if w := weightOf(d); w > 0 {
			by[d.HSCode] = append(by[d.HSCode], w)
		}
	}
	out := map[string]float64{}
	for hs, ws := range by {
		if len(ws) < 20 {
			continue
		}
		sort.Float64s(ws)
		out[hs] = median(ws)
	}
	return out
}

// oneFlow says whether most parcels are of one mineral group.
func oneFlow(ps []parcel) bool {
	n := map[string]int{}
	top := 0
	for _, p := range ps {
		g := p.group
		if p.cover {
			g = "cover"
		}
		if g == "" {
			continue
		}
		n[g]++
		top = max(top, n[g])
	}
	return top*2 >= len(ps)
}

// mostlyUnlicensed: two parcels in three are controlled goods without a
// licence. A flow of gallium and germanium parcels (or germanium, and
// germanium under a cover name) split among senders evades licensing as
// one of a single mineral does; a laboratory's samples of many minerals,
// which oneFlow keeps out, come licensed.
func mostlyUnlicensed(unlicensed, n int) bool { return unlicensed*3 >= 2*n }

// misdeclared says the item was found to be other goods than declared
// (MISDECLARATION, run before): parcels of cover goods whose chain of
// custody says germanium are germanium parcels.
func (x *detector) misdeclared(d *core.DeclarationItem) bool {
	for _, f := range x.out.Findings[d.DeclarationNo] {
		if f.Code == Misdeclaration && f.ItemNo == d.ItemNo {
			return true
		}
	}
	return false
}

func (x *detector) structuring(items []*core.DeclarationItem) {
	usual := usualWeights(items)
	clusters := map[string][]parcel{}
	for _, d := range items {
		// Controlled goods flown, posted or trucked without a licence are
		// parcels up to a tonne, whatever the code's usual consignment: a ring of
		// exporters flying 200–800 kg of APT and tungsten carbide to one
		// buyer's names, week after week, splits a flow.
		// By road and rail too: lorries across the border to one buyer's
		// names every few days, each under a tonne, unlicensed (seen on a
		// world the detector was not written against).
		// And by sea: a few hundred kilograms of molybdenum powder as
		// less-than-container loads to one Moscow address under two names
		// in a week (seen on another such world).
		unlicensedParcel := d.LicenceNo == "" && weightOf(d) <= structSmallFreight && x.controlledByCatalogue(d)
		if !small(d, usual) && !unlicensedParcel {
			continue
		}
		cover := x.misdeclared(d)
		group := x.sensitive(d)
		if ms := mentioned(strings.ToLower(d.GoodsName+" "+d.GoodsSpec), d.GoodsName+" "+d.GoodsSpec, nil); group == "" && len(ms) > 0 {
			group = strings.TrimPrefix(strings.TrimPrefix(ms[0].Name, "description_names_"), "content_")
		}
		// Goods found under a cover name are the controlled goods they
		// hide: without a licence they are unlicensed too.
		unlicensed := !x.licensedFor(d) && (cover || x.controlledByCatalogue(d))
		base := x.consigneeCluster(d)
		clusters[base] = append(clusters[base],
			parcel{d: d, sender: x.senderCluster(d.ExporterUSCC), touchy: cover || group != "", cover: cover, group: group, unlicensed: unlicensed})
	}
	clusters = mergeByAddress(clusters)
	var span float64 = 30
	if len(items) > 1 {
		span = max(30, items[len(items)-1].DeclaredAt.Time().Sub(items[0].DeclaredAt.Time()).Hours()/24)
	}
	keys := make([]string, 0, len(clusters))
	for k := range clusters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ps := clusters[k]
		if len(dedupeDecls(ps, func(p parcel) string { return p.d.DeclarationNo })) < structMin {
			continue
		}
		// A regular customer's steady parcels are its normal rate; a burst
		// is several times the cluster's own average month.
		usual := float64(len(dedupeDecls(ps, func(p parcel) string { return p.d.DeclarationNo }))) * structWindow / span
		flagged := map[*core.DeclarationItem]bool{}
		for i := range ps {
			// The window that ends at this parcel.
			j := i
			for j > 0 && ps[i].d.DeclaredAt.Time().Sub(ps[j-1].d.DeclaredAt.Time()).Hours() < 24*structWindow {
				j--
			}
			win := ps[j : i+1]
			decls := dedupeDecls(win, func(p parcel) string { return p.d.DeclarationNo })
			if len(decls) < structMin {
				continue
			}
			senders := map[string]bool{}
			exporters := map[core.USCC]bool{}
			touchy, cover, unlicensed := 0, 0, 0
			var kg float64
			for _, p := range win {
				senders[p.sender] = true
				exporters[p.d.ExporterUSCC] = true
				kg += weightOf(p.d)
				if p.touchy {
					touchy++
				}
				if p.cover {
					cover++
				}
				if p.unlicensed {
					unlicensed++
				}
			}
			names := map[string]bool{}
			for _, p := range win {
				names[consigneeKey(p.d)] = true
			}
			// Splitting shows as related senders, or as one buyer under
			// several names taking parcels from one sender, or some of
			// them without a licence (several suppliers each licensed to a
			// buyer of many names is a buyer's trade); a regular customer
			// of sensitive goods gets frequent parcels too, so volume alone
			// must be far higher and a burst against the buyer's own usual
			// month.
			related := len(exporters) >= 2 && len(senders) < len(exporters)
			sensitive := touchy*2 >= len(win) && oneFlow(win)
			burst := len(decls) >= 3*structMin && float64(len(decls)) >= structBurst*usual
			disguised := cover*2 >= len(win)
			// Controlled goods without a licence, from more than one
			// sender, parcel after parcel: a flow split so that no
			// consignment looks worth a licence.
			evading := unlicensed*2 >= len(win) && len(exporters) >= 2 && (oneFlow(win) || mostlyUnlicensed(unlicensed, len(win)))
			// A burst of parcels each licensed for its buyer evades nothing:
			// a distributor's licensed trade comes in many small parcels (on
			// worlds the detector was not tuned on, 123 such parcels of five
			// distributors were flagged).
			if !related && !disguised && !evading && !(sensitive && (len(names) >= 2 && (unlicensed > 0 || len(exporters) == 1) || burst && unlicensed > 0)) {
				continue
			}
			w := 0.5 + 0.03*float64(min(len(decls)-structMin, 10))
			if related {
				w += 0.1
			}
			ev := map[string]any{"consignee_cluster": k, "consignments": len(decls), "window_days": structWindow, "total_kg": round(kg, 1),
				"exporters": len(exporters), "related_senders": related, "consignee_names": len(names), "usual_per_window": round(usual, 1), "sensitive_share": round(float64(touchy)/float64(len(win)), 2),
				"misdeclared_share": round(float64(cover)/float64(len(win)), 2), "unlicensed_share": round(float64(unlicensed)/float64(len(win)), 2),
				"threshold": map[string]any{"min_consignments": structMin, "max_kg_each": structSmall}, "declarations": decls}
			x.structured(k, win, flagged, w, ev, decls, kg, len(exporters), structWindow, !related)
		}
		x.drip(k, ps, flagged)
	}
}

// maxNamesAtAddress bounds the consignees one address joins into one
// buyer: more are a business centre's tenants or a registered agent's
// clients, not one buyer's names.
const maxNamesAtAddress = 4

// mergeByAddress joins the clusters whose parcels were declared to one
// street address (a number in it): a buyer's names taking turns at its
// addresses ("Holland Chemicals B.V." and "Veluwe Alpha Chemicals B.V.",
// each at two Eindhoven addresses) are one consignee network, whether or
// not the party records know it. Parcels keep their date order.
func mergeByAddress(clusters map[string][]parcel) map[string][]parcel {
	// Clusters meet at a street address, and at a name (a cluster keyed
	// by its address holds one name at it; the same name at another
	// address is the same buyer).
	byAddr := map[string]map[string]bool{}
	byName := map[string]map[string]bool{}
	for k, ps := range clusters {
		for _, p := range ps {
			if a := addressKey(p.d.ConsigneeAddress); a != "" && strings.ContainsAny(a, "0123456789") {
				if byAddr[a] == nil {
					byAddr[a] = map[string]bool{}
				}
				byAddr[a][k] = true
			}
			if n := consigneeKey(p.d); n != "" {
				if byName[n] == nil {
					byName[n] = map[string]bool{}
				}
				byName[n][k] = true
			}
		}
	}
	for n, ks := range byName {
		if len(ks) >= 2 {
			byAddr["name:"+n] = ks
		}
	}
	parent := map[string]string{}
	var find func(string) string
	find = func(k string) string {
		for parent[k] != "" && parent[k] != k {
			k = parent[k]
		}
		return k
	}
	addrs := make([]string, 0, len(byAddr))
	for a := range byAddr {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs) // the same merges, and names, on every run
	merged := false
	for _, a := range addrs {
		ks := byAddr[a]
		if len(ks) < 2 || len(ks) > maxNamesAtAddress && !strings.HasPrefix(a, "name:") {
			continue
		}
		names := make([]string, 0, len(ks))
		for k := range ks {
			names = append(names, find(k))
		}
		sort.Strings(names)
		for _, n := range names[1:] {
			if n != names[0] {
				parent[n], merged = names[0], true
			}
		}
	}
	if !merged {
		return clusters
	}
	out := make(map[string][]parcel, len(clusters))
	for k, ps := range clusters {
		root := find(k)
		out[root] = append(out[root], ps...)
	}
	for k, ps := range out {
		if len(ps) > len(clusters[k]) {
			sort.Slice(ps, func(i, j int) bool {
				a, b := ps[i].d, ps[j].d
				if a.DeclaredAt != b.DeclaredAt {
					return a.DeclaredAt.Before(b.DeclaredAt)
				}
				if a.DeclarationNo != b.DeclarationNo {
					return a.DeclarationNo < b.DeclarationNo
				}
				return a.ItemNo < b.ItemNo
			})
		}
	}
	return out
}

// drip looks at a cluster's whole history for parcels split thinly enough
// that no window is busy: many of them, sensitive, from several senders
// of whom at least two are related or three are at work — or mostly of
// goods found under cover names, from any number of senders.
func (x *detector) drip(k string, all []parcel, flagged map[*core.DeclarationItem]bool) {
	// The busiest stretch of dripWindow days: a buyer who gets a parcel
	// every other month from its suppliers is not dripping.
	var ps []parcel
	for i, j := 0, 0; i < len(all); i++ {
		for all[i].d.DeclaredAt.Time().Sub(all[j].d.DeclaredAt.Time()).Hours() >= 24*dripWindow {
			j++
		}
		if i+1-j > len(ps) {
			ps = all[j : i+1]
		}
	}
	decls := dedupeDecls(ps, func(p parcel) string { return p.d.DeclarationNo })
	if len(decls) < dripMin {
		return
	}
	days := ps[len(ps)-1].d.DeclaredAt.Time().Sub(ps[0].d.DeclaredAt.Time()).Hours() / 24
	if days <= structWindow {
		return // the window's rule judges a burst
	}
	senders, exporters := map[string]bool{}, map[core.USCC]bool{}
	touchy, unlicensed, cover := 0, 0, 0
	var kg float64
	for _, p := range ps {
		senders[p.sender] = true
		exporters[p.d.ExporterUSCC] = true
		kg += weightOf(p.d)
		if p.touchy {
			touchy++
		}
		if p.unlicensed {
			unlicensed++
		}
		if p.cover {
			cover++
		}
	}
	related := len(exporters) >= dripSenders && len(senders) < len(exporters)
	names := map[string]bool{}
	for _, p := range ps {
		names[consigneeKey(p.d)] = true
	}
	// One sender spreading a flow over a buyer's several names, most of
	// them under no licence of their own (a licence for one of the names
	// stretched over the others), month after month: seen on a world the
	// detector was not tuned on. One name, or names each licensed, is a
	// distributor's trade.
	spread := len(exporters) == 1 && len(names) >= 2 && unlicensed*2 >= len(ps)
	// Unrelated suppliers each sending a licensed sample now and then are a
	// buyer's ordinary trade (seen on worlds the detector was not tuned
	// on: most of its false drips); unrelated senders, two or more, count
	// when most of the parcels are controlled goods sent without a licence.
	// Parcels mostly of goods found under cover names are a drip from one
	// sender too: no ordinary trade looks like that.
	disguised := cover*2 >= len(ps)
	if touchy*2 < len(ps) || !(related || disguised || spread || (len(exporters) >= 2 && unlicensed*2 >= len(ps) && (oneFlow(ps) || mostlyUnlicensed(unlicensed, len(ps))))) {
		return
	}
	w := 0.5 + 0.02*float64(min(len(decls)-dripMin, 10))
	if related {
		w += 0.1
	}
	ev := map[string]any{"consignee_cluster": k, "consignments": len(decls), "days": int(days), "total_kg": round(kg, 1),
		"exporters": len(exporters), "related_senders": related, "sensitive_share": round(float64(touchy)/float64(len(ps)), 2),
		"misdeclared_share": round(float64(cover)/float64(len(ps)), 2),
		"threshold":         map[string]any{"min_consignments": dripMin, "max_kg_each": structSmall, "min_senders": dripSenders}, "declarations": decls}
	x.structured(k, ps, flagged, w, ev, decls, kg, len(exporters), int(days), !related)
}

// structured raises STRUCTURING on each parcel not yet flagged, and the
// cluster's alert. Where the senders are not related, the flow is the
// sensitive parcels: a T-shirt posted to the same buyer among them is not
// part of it.
func (x *detector) structured(k string, ps []parcel, flagged map[*core.DeclarationItem]bool, w float64, ev map[string]any, decls []string, kg float64, exporters, days int, touchyOnly bool) {
	for _, p := range ps {
		if flagged[p.d] || touchyOnly && !p.touchy {
			continue
		}
		flagged[p.d] = true
		x.add(p.d, core.Finding{Code: Structuring, Weight: w, Evidence: ev,
			Message:   fmt.Sprintf("one of %d small consignments (%.1f kg in all, %d exporter(s)) to %s within %d days", len(decls), kg, exporters, p.d.ConsigneeName, days),
			MessageZh: fmt.Sprintf("%d天内向%s发出的%d票小额货物之一（共%.1f千克，%d个发货人）", days, p.d.ConsigneeName, len(decls), kg, exporters)})
		x.alert(Alert{SubjectType: "party", SubjectID: x.partyOf(p.d), Code: Structuring, Score: scoreOf(w),
			Summary:   fmt.Sprintf("%s receives many small consignments (%d within %d days)", p.d.ConsigneeName, len(decls), days),
			SummaryZh: fmt.Sprintf("%s在%d天内接收%d票小额货物", p.d.ConsigneeName, days, len(decls)),
			Evidence:  map[string]any{"consignee": p.d.ConsigneeName, "consignee_cluster": k}}, p.d.DeclarationNo)
	}
}

func dedupeDecls[T any](xs []T, key func(T) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if k := key(x); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// consigneeCluster names the community of the party a consignee resolves
// to, or else its normalised name, so that spellings of one buyer and
// parties sharing an address or phone count together.
func (x *detector) consigneeCluster(d *core.DeclarationItem) string {
	g := x.in.Graph
	if node := g.ResolveConsignee(d); node != "" {
		if len(g.adj[node]) == 0 {
			return strings.TrimPrefix(node, "party:")
		}
		return fmt.Sprintf("community-%d", g.Community(node))
	}
	if k := addressKey(d.ConsigneeAddress); k != "" {
		return "address:" + k
	}
	return "name:" + party.Normalize(d.ConsigneeName).Joined
}

// partyOf names a consignee as alerts do: its party id when it resolves
// to one, else the name as written.
func (x *detector) partyOf(d *core.DeclarationItem) string {
	if node := x.in.Graph.ResolveConsignee(d); node != "" {
		return strings.TrimPrefix(node, "party:")
	}
	return d.ConsigneeName
}

func (x *detector) senderCluster(u core.USCC) string {
	id := "enterprise:" + string(u)
	if c := x.in.Graph.Community(id); c != 0 && len(x.in.Graph.adj[id]) > 0 {
		return fmt.Sprintf("community-%d", c)
	}
	return id
}

// networks runs NETWORK_RISK: declarations of sensitive goods to a
// consignee within MaxHops of a listed or military party, and one alert
// for every party or enterprise so tied.
func (x *detector) networks(items []*core.DeclarationItem) {
	g := x.in.Graph
	for _, id := range g.sortedIDs() {
		t, ok := g.TieOf(id)
		if !ok {
			continue
		}
		n := g.Nodes[id]
		w := 0.65
		if t.Hops > 1 {
			w = 0.5
		}
		kind := "party"
		if n.Kind == "enterprise" {
			kind = "enterprise"
		}
		x.alert(Alert{SubjectType: kind, SubjectID: strings.TrimPrefix(strings.TrimPrefix(id, "party:"), "enterprise:"), Code: NetworkRisk, Score: scoreOf(w),
			Summary:   fmt.Sprintf("%s is %d hop(s) from %s (%s) via %s", n.Name, t.Hops, t.Flagged.Name, flagWhy(t.Flagged), pathString(t.Path)),
			SummaryZh: fmt.Sprintf("%s与%s（%s）相距%d步：%s", n.Name, t.Flagged.Name, flagWhyZh(t.Flagged), t.Hops, pathStringZh(t.Path)),
			Evidence:  map[string]any{"tie": t, "community": g.Community(id)}}, "")
	}
	for _, d := range items {
		if x.sensitive(d) == "" && len(x.out.Findings[d.DeclarationNo]) == 0 {
			continue
		}
		node := g.ResolveConsignee(d)
		if node == "" {
			continue
		}
		t, ok := g.TieOf(node)
		if !ok {
			continue
		}
		w := 0.6
		if t.Hops > 1 {
			w = 0.45
		}
		x.add(d, core.Finding{Code: NetworkRisk, Weight: w, Evidence: map[string]any{"consignee": d.ConsigneeName, "node": node, "tie": t, "community": g.Community(node)},
			Message:   fmt.Sprintf("consignee %s is %d hop(s) from %s (%s) via %s", d.ConsigneeName, t.Hops, t.Flagged.Name, flagWhy(t.Flagged), pathString(t.Path)),
			MessageZh: fmt.Sprintf("收货人%s与%s（%s）相距%d步：%s", d.ConsigneeName, t.Flagged.Name, flagWhyZh(t.Flagged), t.Hops, pathStringZh(t.Path))})
		x.alert(Alert{SubjectType: "party", SubjectID: strings.TrimPrefix(node, "party:"), Code: NetworkRisk, Score: scoreOf(w)}, d.DeclarationNo)
	}
}

// rings raises NETWORK_RISK on parties receiving split parcels that are
// tied — a shared phone or address, an agent — to another such party: a
// ring of consignees taking turns, which neither party's own parcels show.
func (x *detector) rings() {
	g := x.in.Graph
	split := map[string]bool{}
	for _, a := range x.out.Alerts {
		if a.Code == Structuring && a.SubjectType == "party" {
			split[a.SubjectID] = true
		}
	}
	ids := make([]string, 0, len(split))
	for id := range split {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		node := "party:" + id
		eis := append([]int(nil), g.adj[node]...)
		sort.Ints(eis)
		for _, ei := range eis {
			e := g.Edges[ei]
			other := strings.TrimPrefix(e.other(node), "party:")
			if other == id || e.Reason == "same_name" {
				continue
			}
			if !split[other] {
				// A party on the buyer's own phone, address, e-mail or
				// registry number, or linked to it, is the buyer under
				// another name or its agent: part of the ring though it
				// received nothing split.
				if o := g.Nodes["party:"+other]; o != nil {
					n := g.Nodes[node]
					en := fmt.Sprintf("%s is tied to %s (%s), which receives split small consignments", o.Name, n.Name, e.Reason)
					zh := fmt.Sprintf("%s与%s存在关联（%s），后者接收化整为零的小额货物", o.Name, n.Name, cmp.Or(tieZh[e.Reason], e.Reason))
					if what, ok := strings.CutPrefix(e.Reason, "same_"); ok {
						en = fmt.Sprintf("%s shares %s with %s, which receives split small consignments", o.Name, strings.ReplaceAll(what, "_", " "), n.Name)
						zh = fmt.Sprintf("%s与%s%s，后者接收化整为零的小额货物", o.Name, n.Name, cmp.Or(tieZh[e.Reason], e.Reason))
					}
					x.alert(Alert{SubjectType: "party", SubjectID: other, Code: NetworkRisk, Score: scoreOf(0.5), Summary: en, SummaryZh: zh,
						Evidence: map[string]any{"tie": e, "buyer": id}}, "")
					// Two buyers of split parcels tied to one hub (a
					// director, a phone, a payer in common) are one ring
					// though neither names the other.
					if via := x.splitBeyond(other, id, split); via != "" {
						n, v := g.Nodes[node], g.Nodes["party:"+via]
						if n != nil && v != nil {
							x.alert(Alert{SubjectType: "party", SubjectID: id, Code: NetworkRisk, Score: scoreOf(0.55),
								Summary:   fmt.Sprintf("%s is tied through %s to %s, which also receives split small consignments", n.Name, o.Name, v.Name),
								SummaryZh: fmt.Sprintf("%s经由%s与%s存在关联，后者同样接收化整为零的小额货物", n.Name, o.Name, v.Name),
								Evidence:  map[string]any{"tie": e, "through": other, "other": via}}, "")
						}
					}
				}
				continue
			}
			n, o := g.Nodes[node], g.Nodes["party:"+other]
			if n == nil || o == nil {
				continue
			}
			x.alert(Alert{SubjectType: "party", SubjectID: id, Code: NetworkRisk, Score: scoreOf(0.55),
				Summary:   fmt.Sprintf("%s is tied to %s (%s), which also receives split small consignments", n.Name, o.Name, e.Reason),
				SummaryZh: fmt.Sprintf("%s与%s存在关联（%s），后者同样接收化整为零的小额货物", n.Name, o.Name, cmp.Or(tieZh[e.Reason], e.Reason)),
				Evidence:  map[string]any{"tie": e, "other": other}}, "")
			break
		}
	}
}

// splitBeyond names a party other than from, tied to hub, that receives
// split consignments, or "". A forwarder, and an agency, serve many
// buyers who are strangers to each other (on worlds the detector was
// not written against, forwarders "tied" seven unrelated buyers): only a
// hub of another kind, tied by ownership, a director or a shared phone
// or address, joins two buyers into one ring.
func (x *detector) splitBeyond(hub, from string, split map[string]bool) string {
	g := x.in.Graph
	node := "party:" + hub
	if n := g.Nodes[node]; n == nil || n.Role == "forwarder" {
		return ""
	}
	var found []string
	for _, ei := range g.adj[node] {
		e := g.Edges[ei]
		if e.Reason == "same_name" || e.Reason == "agent_of" {
			continue
		}
		if o := strings.TrimPrefix(e.other(node), "party:"); o != from && o != hub && split[o] {
			found = append(found, o)
		}
	}
	if len(found) == 0 {
		return ""
	}
	return slices.Min(found)
}

// conduits raises NETWORK_RISK on the parties and enterprises tied
// directly — a link, or a phone, address, e-mail or registry number — to a
// party alerted as a transshipment conduit: its principal behind it (a
// listed or foreign buyer), its owner at home, its twin at the same
// address. Two worlds written without sight of this detector held them as
// such; the conduit's own alert does not say who stands behind it.
func (x *detector) conduits() {
	g := x.in.Graph
	var fronts []string
	for _, a := range x.out.Alerts {
		if a.Code == Transshipment && a.SubjectType == "party" {
			fronts = append(fronts, a.SubjectID)
		}
	}
	sort.Strings(fronts)
	for _, id := range fronts {
		node := "party:" + id
		n := g.Nodes[node]
		eis := append([]int(nil), g.adj[node]...)
		sort.Ints(eis)
		for _, ei := range eis {
			e := g.Edges[ei]
			otherID := e.other(node)
			o := g.Nodes[otherID]
			if o == nil || n == nil || e.Reason == "same_name" || otherID == node {
				continue
			}
			kind := "party"
			if o.Kind == "enterprise" {
				kind = "enterprise"
			}
			x.alert(Alert{SubjectType: kind, SubjectID: strings.TrimPrefix(strings.TrimPrefix(otherID, "party:"), "enterprise:"), Code: NetworkRisk, Score: scoreOf(0.5),
				Summary:   fmt.Sprintf("%s is tied to %s (%s), a likely transshipment conduit", o.Name, n.Name, e.Reason),
				SummaryZh: fmt.Sprintf("%s与%s存在关联（%s），后者疑为第三国转口通道", o.Name, n.Name, cmp.Or(tieZh[e.Reason], e.Reason)),
				Evidence:  map[string]any{"tie": e, "conduit": id}}, "")
		}
	}
}

func flagWhyZh(n *Node) string {
	parts := append([]string(nil), n.Listed...)
	if n.Military {
		parts = append(parts, "军事最终用户")
	}
	return strings.Join(parts, "；")
}

func flagWhy(n *Node) string {
	parts := append([]string(nil), n.Listed...)
	if n.Military {
		parts = append(parts, "military end user")
	}
	return strings.Join(parts, "; ")
}

// licensedFor: the item cites a licence of its exporter's that names its
// consignee (or names none). A licence for another consignee does not
// license this one, though the declaration cites it.
func (x *detector) licensedFor(d *core.DeclarationItem) bool {
	if d.LicenceNo == "" {
		return false
	}
	lic := x.in.Licences[d.LicenceNo]
	if lic == nil {
		// Without the licences (a caller that gives none), the citation
		// stands for one, as it did before they were given.
		return x.in.Licences == nil
	}
	if lic.ExporterUSCC != d.ExporterUSCC {
		return false
	}
	if lic.ConsigneeName == "" {
		return true
	}
	a, b := party.Normalize(lic.ConsigneeName), party.Normalize(d.ConsigneeName)
	return party.Similarity(a, b) >= party.DefaultThreshold && !party.SuffixesDiffer(a, b, firstNonEmpty(d.ConsigneeCountry, d.DestinationCountry))
}
