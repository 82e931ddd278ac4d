package trace

import "testing"

// TestScope: a province officer's tree keeps their steps whole and the
// others' kind, date and quantity without site, enterprise, parties or
// declarations; a tree without a step of theirs is not theirs.
func TestScope(t *testing.T) {
	tree := func() *Node {
		return &Node{Lot: "urn:orewatch:lot:antimony-ingot:L2", Declarations: []string{"D1"},
			Steps: []Step{{Type: "ObjectEvent", Enterprise: "HN", Site: "urn:orewatch:site:HN", Quantity: "5", To: []string{"urn:orewatch:party:GX"}}},
			Children: []*Node{{Lot: "urn:orewatch:lot:antimony-concentrate:L1", Declarations: []string{"D0"},
				Steps: []Step{{Type: "ObjectEvent", Enterprise: "GX", Site: "urn:orewatch:site:GX", Quantity: "10", EventKey: "e1",
					From: []string{"urn:orewatch:party:YN"}, Declarations: []string{"D0"}}}}}}
	}
	hunan := func(u string) bool { return u == "HN" }
	n := tree()
	if !Scope(n, hunan) {
		t.Fatal("a tree with a Hunan step is Hunan's")
	}
	if s := n.Steps[0]; s.Enterprise != "HN" || s.To[0] != "urn:orewatch:party:GX" || n.Declarations[0] != "D1" {
		t.Errorf("the officer's own step was redacted: %+v", s)
	}
	c := n.Children[0]
	if s := c.Steps[0]; s.Enterprise != "" || s.Site != Outside || s.EventKey != "" || s.From[0] != Outside || s.Declarations != nil || s.Quantity != "10" {
		t.Errorf("another province's step shows too much or too little: %+v", s)
	}
	if c.Declarations != nil {
		t.Errorf("another province's lot keeps its declarations: %v", c.Declarations)
	}
	if Scope(tree(), func(u string) bool { return u == "JX" }) {
		t.Error("a tree with no Jiangxi step is Jiangxi's")
	}
}
