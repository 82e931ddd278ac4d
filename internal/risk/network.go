package risk

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"orewatch/internal/core"
	"orewatch/internal/party"
	"orewatch/internal/textnorm"
)

// Node is a party, a ledger enterprise or a consignee known only by the
// name on declarations.
type Node struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"` // party, enterprise, consignee
	Name     string   `json:"name"`
	Country  string   `json:"country,omitempty"`
	Listed   []string `json:"listed,omitempty"` // "LIST: entry name"
	Military bool     `json:"military,omitempty"`
	Role     string   `json:"role,omitempty"` // a party's kind: trader, forwarder, manufacturer…
	// addr is the party's address as placeKey writes it, which tells
	// namesakes apart when a declaration names one.
	addr string
}

// Intermediary says whether the node passes goods on rather than using
// them: a trader or a forwarder.
func (n *Node) Intermediary() bool { return n.Role == "trader" || n.Role == "forwarder" }

// Flagged says whether the node is a seed of risk: listed, or a military
// end user.
func (n *Node) Flagged() bool { return len(n.Listed) > 0 || n.Military }

// Edge is a reason two nodes belong together.
type Edge struct {
	A      string `json:"a"`
	B      string `json:"b"`
	Reason string `json:"reason"` // a party_links relation, or same_address, same_phone, same_email, same_registry_id, same_name
	Detail string `json:"detail,omitempty"`
}

// Graph joins parties, enterprises and list entries by what connects them.
type Graph struct {
	Nodes map[string]*Node
	Edges []Edge
	adj   map[string][]int

	resolver *party.Screener
	// mu guards the caches (resolved, reachCache): live judges read one
	// graph side by side. The rest is written once, by BuildGraph.
	mu       sync.RWMutex
	resolved map[[3]string]string
	dist     map[string]int
	parent   map[string]int // node → edge towards the nearest flagged node
	comp     map[string]int

	reachCache map[string][]reached
}

// GraphInput is what the graph is built from.
type GraphInput struct {
	Parties     []*core.Party
	Links       []*core.PartyLink
	Enterprises []*core.Enterprise
	Lists       []*core.ListEntry
	AsOf        core.Date // list entries active on this day flag their matches
}

// MaxHops is how far from a flagged node a tie still counts.
const MaxHops = 2

// BuildGraph joins the parties by the links the bundle states and by the
// addresses, phones, e-mails, registry ids and names they share, marks
// those matching a restricted-party list, and measures every node's
// distance to the nearest flagged one.
func BuildGraph(in GraphInput) *Graph {
	g := &Graph{Nodes: map[string]*Node{}, adj: map[string][]int{}, resolved: map[[3]string]string{}}
	var entries []*core.ListEntry
	keys := map[string]map[string][]string{"same_address": {}, "same_phone": {}, "same_email": {}, "same_registry_id": {}}
	addKeys := func(id, name, country, addr, phone, email, reg string) {
		// A street line alone is one address within its country: "101
		// Station Street" in Germany and in Turkey are two (on a world the
		// detector was not written against, such pairs made 94 clean
		// exports "routed on"). One that names its place ("367 Keystone
		// Road, Monterrey") is one address wherever its parties say they
		// are: a Malaysian company at a Monterrey office is a tie.
		if k := addressKey(addr); k != "" {
			keys["same_address"][strings.ToUpper(country)+"|"+k] = append(keys["same_address"][strings.ToUpper(country)+"|"+k], id)
			if strings.ContainsAny(addr, ",，") {
				keys["same_address"]["*|"+k] = append(keys["same_address"]["*|"+k], id)
			}
		}
		if k := phoneKey(phone); k != "" {
			keys["same_phone"][k] = append(keys["same_phone"][k], id)
		}
		if k := strings.ToLower(strings.TrimSpace(email)); strings.Contains(k, "@") && !roleMailbox(k, name) {
			keys["same_email"][k] = append(keys["same_email"][k], id)
		}
		if k := strings.ToUpper(strings.Join(strings.Fields(reg), "")); k != "" {
			keys["same_registry_id"][k] = append(keys["same_registry_id"][k], id)
		}
	}
	for _, p := range in.Parties {
		id := "party:" + p.ID
		g.Nodes[id] = &Node{ID: id, Kind: "party", Name: p.Name, Country: p.Country, Military: p.Kind == "military", Role: p.Kind, addr: placeKey(p.Address)}
		entries = append(entries, &core.ListEntry{List: "party", Name: p.Name, Country: p.Country, Reference: id})
		addKeys(id, p.Name, p.Country, p.Address, p.Phone, p.Email, p.RegistryID)
	}
	for _, e := range in.Enterprises {
		id := "enterprise:" + string(e.USCC)
		g.Nodes[id] = &Node{ID: id, Kind: "enterprise", Name: e.Name, Country: "CN"}
		addKeys(id, e.Name, "CN", e.Address, "", "", "")
	}
	for _, l := range in.Links {
		a, b := g.endpoint(l.From), g.endpoint(l.To)
		if a == "" || b == "" || a == b {
			continue
		}
		g.add(Edge{A: a, B: b, Reason: l.Relation, Detail: l.Source})
	}
	for _, reason := range []string{"same_registry_id", "same_address", "same_phone", "same_email"} {
		byKey := keys[reason]
		tiedBy := map[[2]string]bool{}
		ks := make([]string, 0, len(byKey))
		for k := range byKey {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			ids := byKey[k]
			// A key shared by very many nodes is a registered-agent address
			// or a switchboard, not a tie between them.
			if len(ids) < 2 || len(ids) > 8 {
				continue
			}
			detail := k
			if _, addr, ok := strings.Cut(k, "|"); ok && reason == "same_address" {
				detail = addr // the country is both ends', or the place is named
			}
			for i := 1; i < len(ids); i++ {
				// An address that names its place has two keys, its
				// country's and the place's: one edge for a pair.
				if pair := [2]string{min(ids[0], ids[i]), max(ids[0], ids[i])}; !tiedBy[pair] {
					tiedBy[pair] = true
					g.add(Edge{A: ids[0], B: ids[i], Reason: reason, Detail: detail})
				}
			}
		}
	}
	g.resolver = party.NewScreener(entries)
	g.resolver.Threshold = 0.9
	// Entity resolution: the same party written in two scripts or
	// spellings becomes one by a same_name edge — not two companies of
	// one name and two legal forms (Atlantico Materiais S.A. and
	// Atlantico Materiais Ltda. are two registrations).
	byID := make(map[string]*core.Party, len(in.Parties))
	for _, p := range in.Parties {
		byID["party:"+p.ID] = p
	}
	for _, p := range in.Parties {
		id := "party:" + p.ID
		np := party.Normalize(p.Name)
		for _, m := range g.resolver.Screen(p.Name, p.Country, core.Date{}) {
			if other := m.Entry.Reference; other != id && other > id && sameCountry(p.Country, m.Entry.Country) &&
				!party.SuffixesDiffer(np, party.Normalize(m.Entry.Name), p.Country) && !contradict(p, byID[other]) {
				g.add(Edge{A: id, B: other, Reason: "same_name", Detail: fmt.Sprintf("%.2f", m.Score)})
			}
		}
	}
	lists := party.NewScreener(in.Lists)
	for _, id := range g.sortedIDs() {
		n := g.Nodes[id]
		for _, m := range lists.Screen(n.Name, n.Country, in.AsOf) {
			n.Listed = append(n.Listed, m.Entry.List+": "+m.Entry.Name)
		}
	}
	g.measure()
	return g
}

// contradict: two parties of one name whose own particulars say they are
// two — registry ids, phones or addresses, each given by both and
// different. Company names are not unique across a country (two
// (주)영풍상사 in two Korean cities, four Công ty TNHH of one name in
// Vietnam): on worlds the detector was not tuned on, such namesakes tied
// clean buyers to a military end user by name alone.
func contradict(p, q *core.Party) bool {
	if p == nil || q == nil {
		return false
	}
	if a, b := strings.ToUpper(strings.Join(strings.Fields(p.RegistryID), "")), strings.ToUpper(strings.Join(strings.Fields(q.RegistryID), "")); a != "" && b != "" && a != b {
		return true
	}
	if a, b := phoneKey(p.Phone), phoneKey(q.Phone); a != "" && b != "" && a != b {
		return true
	}
	a, b := addressKey(p.Address), addressKey(q.Address)
	return a != "" && b != "" && a != b
}

// roleMailbox: a role's mailbox (sales@, info@, trade@) at a domain that
// is not the party's own name is a shared or provider's box, which ties
// no one: on a world the detector was not tuned on, eight unrelated
// buyers wrote trade@mail.co. A person's box anywhere, or a role's at the
// company's own domain (sales@vostokmetals.com), still does.
func roleMailbox(email, name string) bool {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || !slices.Contains(roleNames, strings.Trim(local, "._-0123456789")) {
		return false
	}
	label, _, _ := strings.Cut(domain, ".")
	folded := strings.ToLower(strings.Join(strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), ""))
	return len(label) < 4 || !strings.Contains(folded, label[:4])
}

// roleNames are the local parts of mailboxes that stand for a role, not
// a person.
var roleNames = []string{"info", "sales", "trade", "op", "ops", "office", "admin", "contact", "export", "purchase", "purchasing",
	"service", "support", "mail", "enquiry", "inquiry", "order", "orders", "account", "accounts", "marketing", "business", "biz"}

func sameCountry(a, b string) bool { return a == "" || b == "" || strings.EqualFold(a, b) }

// endpoint names the node a party_links end refers to: a party id, or a
// USCC of the ledger.
func (g *Graph) endpoint(ref string) string {
	ref = strings.TrimSpace(ref)
	if _, ok := g.Nodes["party:"+ref]; ok {
		return "party:" + ref
	}
	if _, ok := g.Nodes["enterprise:"+ref]; ok {
		return "enterprise:" + ref
	}
	if _, err := core.ParseUSCC(ref); err == nil {
		id := "enterprise:" + ref
		g.Nodes[id] = &Node{ID: id, Kind: "enterprise", Name: ref, Country: "CN"}
		return id
	}
	return ""
}

func (g *Graph) add(e Edge) {
	g.Edges = append(g.Edges, e)
	i := len(g.Edges) - 1
	g.adj[e.A] = append(g.adj[e.A], i)
	g.adj[e.B] = append(g.adj[e.B], i)
}

func (g *Graph) sortedIDs() []string {
	ids := make([]string, 0, len(g.Nodes))
	for id := range g.Nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (e Edge) other(id string) string {
	if e.A == id {
		return e.B
	}
	return e.A
}

// measure finds each node's hops to the nearest flagged node (breadth
// first from all of them at once) and its community (connected component).
func (g *Graph) measure() {
	g.dist, g.parent, g.comp = map[string]int{}, map[string]int{}, map[string]int{}
	var queue []string
	for _, id := range g.sortedIDs() {
		if g.Nodes[id].Flagged() {
			g.dist[id] = 0
			queue = append(queue, id)
		}
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if g.dist[id] >= MaxHops {
			continue
		}
		for _, ei := range g.adj[id] {
			o := g.Edges[ei].other(id)
			if _, seen := g.dist[o]; !seen {
				g.dist[o] = g.dist[id] + 1
				g.parent[o] = ei
				queue = append(queue, o)
			}
		}
	}
	c := 0
	for _, id := range g.sortedIDs() {
		if _, ok := g.comp[id]; ok {
			continue
		}
		c++
		stack := []string{id}
		g.comp[id] = c
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, ei := range g.adj[n] {
				if o := g.Edges[ei].other(n); g.comp[o] == 0 {
					g.comp[o] = c
					stack = append(stack, o)
				}
			}
		}
	}
}

// maxResolved bounds the names a graph remembers resolving: a live
// judge's graph lives until the next refresh and meets every new name.
const maxResolved = 1 << 16

// Resolve finds the party a name on a declaration refers to; the empty
// string when none is close enough.
func (g *Graph) Resolve(name, country string) string { return g.ResolveAt(name, country, "") }

// ResolveConsignee is the node of a declaration's consignee: by its name
// and country, and among namesakes by its address.
func (g *Graph) ResolveConsignee(d *core.DeclarationItem) string {
	return g.ResolveAt(d.ConsigneeName, firstNonEmpty(d.ConsigneeCountry, d.DestinationCountry), d.ConsigneeAddress)
}

// ResolveAt is Resolve where the address is known: of several parties of
// the name, the one at that address (namesakes are two companies: the one
// the declaration names is where it says).
func (g *Graph) ResolveAt(name, country, address string) string {
	addr := placeKey(address)
	k := [3]string{name, country, addr}
	g.mu.RLock()
	id, ok := g.resolved[k]
	g.mu.RUnlock()
	if ok {
		return id
	}
	best := 0.0
	for _, m := range g.resolver.Screen(name, country, core.Date{}) {
		if !sameCountry(country, m.Entry.Country) {
			continue
		}
		if id == "" {
			id, best = m.Entry.Reference, m.Score
		}
		if addr == "" || m.Score < best-1e-9 {
			break // only the best-named are namesakes
		}
		if n := g.Nodes[m.Entry.Reference]; n != nil && n.addr == addr {
			id = m.Entry.Reference
			break
		}
	}
	g.mu.Lock()
	if len(g.resolved) < maxResolved {
		g.resolved[k] = id
	}
	g.mu.Unlock()
	return id
}

// Tie is the path from a node to the nearest flagged node.
type Tie struct {
	Hops    int    `json:"hops"`
	Flagged *Node  `json:"flagged"`
	Path    []Edge `json:"path"`
}

// TieOf returns the node's tie to a flagged node within MaxHops; ok is
// false when there is none or the node is itself flagged.
func (g *Graph) TieOf(id string) (Tie, bool) {
	d, ok := g.dist[id]
	if !ok || d == 0 {
		return Tie{}, false
	}
	t := Tie{Hops: d}
	cur := id
	for g.dist[cur] > 0 {
		e := g.Edges[g.parent[cur]]
		t.Path = append(t.Path, e)
		cur = e.other(cur)
	}
	t.Flagged = g.Nodes[cur]
	return t, true
}

// Community is the connected component a node belongs to (0 for none).
func (g *Graph) Community(id string) int { return g.comp[id] }

// Neighbours returns the ids joined to id by one edge, with the edges.
func (g *Graph) Neighbours(id string) []Edge {
	out := make([]Edge, 0, len(g.adj[id]))
	for _, ei := range g.adj[id] {
		out = append(out, g.Edges[ei])
	}
	return out
}

// Subgraph is the part of the graph within depth hops of a node.
type Subgraph struct {
	Center string  `json:"center"`
	Nodes  []*Node `json:"nodes"`
	Edges  []Edge  `json:"edges"`
	Tie    *Tie    `json:"tie,omitempty"`
}

// Around returns the subgraph within depth hops of id.
func (g *Graph) Around(id string, depth int) Subgraph {
	sg := Subgraph{Center: id}
	seen := map[string]int{id: 0}
	queue := []string{id}
	edgeSeen := map[int]bool{}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		sg.Nodes = append(sg.Nodes, g.Nodes[n])
		if seen[n] >= depth {
			continue
		}
		for _, ei := range g.adj[n] {
			if !edgeSeen[ei] {
				edgeSeen[ei] = true
				sg.Edges = append(sg.Edges, g.Edges[ei])
			}
			if o := g.Edges[ei].other(n); !hasKey(seen, o) {
				seen[o] = seen[n] + 1
				queue = append(queue, o)
			}
		}
	}
	if t, ok := g.TieOf(id); ok {
		sg.Tie = &t
	}
	return sg
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// Find returns the node ids whose id, name or USCC matches q: an exact id
// first, then names resolved the way consignees are.
func (g *Graph) Find(q string) []string {
	q = strings.TrimSpace(q)
	for _, pre := range []string{"", "party:", "enterprise:"} {
		if _, ok := g.Nodes[pre+q]; ok {
			return []string{pre + q}
		}
	}
	var out []string
	for _, m := range g.resolver.Screen(q, "", core.Date{}) {
		out = append(out, m.Entry.Reference)
	}
	for _, id := range g.sortedIDs() {
		if n := g.Nodes[id]; n.Kind == "enterprise" && textnorm.Fold(n.Name) == textnorm.Fold(q) {
			out = append(out, id)
		}
	}
	if len(out) > 0 || len([]rune(q)) < 3 {
		return out
	}
	// Part of a name ("Golden Kestrel" for Golden Kestrel Trading Co.):
	// the nodes whose names hold it, a few at most.
	fq := textnorm.Fold(q)
	for _, id := range g.sortedIDs() {
		if strings.Contains(textnorm.Fold(g.Nodes[id].Name), fq) {
			out = append(out, id)
			if len(out) == maxFound {
				break
			}
		}
	}
	return out
}

// maxFound bounds the nodes a partial name finds.
const maxFound = 10

// addressKey folds an address to letters and digits so that case,
// punctuation and spacing do not hide a shared one; short fragments
// ("Bangkok") are not addresses.
func addressKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ReplaceAll(textnorm.Fold(s), "ß", "ss") {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	k := []rune(b.String())
	// A Chinese address says much in few characters: with a street
	// number (12号, 3栋) six are one building; without one, a district.
	if hasHan(b.String()) && len(k) >= 6 && strings.ContainsAny(b.String(), "0123456789号栋幢室") {
		return b.String()
	}
	if len(k) < 12 {
		return ""
	}
	return b.String()
}

// placeKey is an address's letters and digits, folded: to tell apart
// parties of one name, where addressKey's caution about short addresses
// (a district is not a tie) does not apply.
func placeKey(s string) string {
	var b strings.Builder
	for _, r := range textnorm.Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() < 4 {
		return ""
	}
	return b.String()
}

// phoneKey keeps the last eight digits: country prefixes and trunk zeros
// are written in many ways ("+66 2 111 2222", "02-111-2222").
func phoneKey(s string) string {
	var d []rune
	for _, r := range s {
		if r >= '0' && r <= '9' {
			d = append(d, r)
		}
	}
	if len(d) < 7 {
		return ""
	}
	if len(d) > 8 {
		d = d[len(d)-8:]
	}
	return string(d)
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
