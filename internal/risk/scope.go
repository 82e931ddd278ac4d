package risk

import (
	"strconv"
	"strings"
)

// OutsideScope names an enterprise outside the reader's province.
const OutsideScope = "outside your province / 本省以外"

// ScopeSubgraph limits a subgraph to what a province officer may see: the
// parties abroad and the province's enterprises as they are, every other
// enterprise as an unnamed node (its links stay, so the shape of a network
// is not hidden, only who is in it elsewhere). It reports whether one of
// the province's enterprises is in the subgraph: one without is not the
// officer's to see.
func ScopeSubgraph(sg *Subgraph, mine func(uscc string) bool) bool {
	ids := map[string]string{}
	seen := false
	var nodes []*Node
	for _, n := range sg.Nodes {
		if n.Kind != "enterprise" {
			nodes = append(nodes, n)
			continue
		}
		if mine(strings.TrimPrefix(n.ID, "enterprise:")) {
			seen = true
			nodes = append(nodes, n)
			continue
		}
		hidden := "outside-" + strconv.Itoa(len(ids)+1)
		ids[n.ID] = hidden
		nodes = append(nodes, &Node{ID: hidden, Kind: n.Kind, Name: OutsideScope, Country: n.Country})
	}
	sg.Nodes = nodes
	rename := func(id string) string {
		if h, ok := ids[id]; ok {
			return h
		}
		return id
	}
	for i := range sg.Edges {
		e := &sg.Edges[i]
		if ids[e.A] != "" || ids[e.B] != "" {
			e.Detail = "" // an address or phone would name it
		}
		e.A, e.B = rename(e.A), rename(e.B)
	}
	sg.Center = rename(sg.Center)
	if sg.Tie != nil {
		tie := Tie{Hops: sg.Tie.Hops, Flagged: sg.Tie.Flagged}
		for _, e := range sg.Tie.Path {
			if ids[e.A] != "" || ids[e.B] != "" {
				e.Detail = ""
			}
			e.A, e.B = rename(e.A), rename(e.B)
			tie.Path = append(tie.Path, e)
		}
		if f := tie.Flagged; f != nil && ids[f.ID] != "" {
			tie.Flagged = &Node{ID: ids[f.ID], Kind: f.Kind, Name: OutsideScope, Listed: f.Listed, Military: f.Military}
		}
		sg.Tie = &tie
	}
	return seen
}

// ScopeSubgraphs keeps the subgraphs a province officer may see, each
// scoped (ScopeSubgraph).
func ScopeSubgraphs(sgs []Subgraph, mine func(uscc string) bool) []Subgraph {
	var out []Subgraph
	for i := range sgs {
		if ScopeSubgraph(&sgs[i], mine) {
			out = append(out, sgs[i])
		}
	}
	return out
}
