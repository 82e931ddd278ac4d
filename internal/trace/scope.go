package trace

// Outside stands for a site, enterprise or party outside the reader's
// scope.
const Outside = "outside your province / 本省以外"

// Scope limits a tree to what a province officer may see: the steps at
// their province's enterprises whole; steps elsewhere keep their kind,
// date, role and quantity — the chain stays a chain — but not the site,
// the enterprise, the parties or the declarations. It reports whether any
// step is theirs: a tree with none is not theirs to see at all.
func Scope(n *Node, mine func(uscc string) bool) bool {
	seen := false
	for i := range n.Steps {
		st := &n.Steps[i]
		if st.Enterprise != "" && mine(st.Enterprise) {
			seen = true
			continue
		}
		st.Site, st.Enterprise, st.EventKey = Outside, "", ""
		st.From, st.To, st.Declarations = redact(st.From), redact(st.To), nil
	}
	own := false
	for _, s := range n.Steps {
		if s.Enterprise != "" {
			own = true
		}
	}
	if !own {
		n.Declarations = nil
	}
	for _, c := range n.Children {
		if Scope(c, mine) {
			seen = true
		}
	}
	return seen
}

func redact(xs []string) []string {
	if len(xs) == 0 {
		return nil
	}
	return []string{Outside}
}
