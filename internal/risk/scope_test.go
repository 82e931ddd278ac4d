package risk

import "testing"

// TestScopeSubgraph: other provinces' enterprises are unnamed, with their
// links kept under a stable stand-in; a subgraph without the province's
// enterprises is dropped.
func TestScopeSubgraph(t *testing.T) {
	sg := func() Subgraph {
		return Subgraph{Center: "party:P1",
			Nodes: []*Node{{ID: "party:P1", Kind: "party", Name: "Golden Kestrel"}, {ID: "enterprise:HN", Kind: "enterprise", Name: "冷水江锑业"},
				{ID: "enterprise:GX", Kind: "enterprise", Name: "广西锗业"}},
			Edges: []Edge{{A: "enterprise:HN", B: "party:P1", Reason: "shipped_to"}, {A: "enterprise:GX", B: "party:P1", Reason: "same_address", Detail: "南宁市…"}},
			Tie:   &Tie{Hops: 1, Path: []Edge{{A: "enterprise:GX", B: "party:P1"}}}}
	}
	hunan := func(u string) bool { return u == "HN" }
	out := ScopeSubgraphs([]Subgraph{sg()}, hunan)
	if len(out) != 1 {
		t.Fatalf("%d subgraphs", len(out))
	}
	g := out[0]
	names := map[string]string{}
	for _, n := range g.Nodes {
		names[n.ID] = n.Name
	}
	if names["enterprise:HN"] != "冷水江锑业" || names["party:P1"] != "Golden Kestrel" || names["outside-1"] != OutsideScope || names["enterprise:GX"] != "" {
		t.Errorf("nodes %v", names)
	}
	if e := g.Edges[1]; e.A != "outside-1" || e.Detail != "" || g.Tie.Path[0].A != "outside-1" {
		t.Errorf("edges %+v, tie %+v", g.Edges, g.Tie.Path)
	}
	if len(ScopeSubgraphs([]Subgraph{sg()}, func(u string) bool { return u == "JX" })) != 0 {
		t.Error("a subgraph without Jiangxi's enterprises is shown to Jiangxi")
	}
}
