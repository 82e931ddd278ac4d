package httpapi

import (
	"fmt"
	"net/http"
	"strings"

	"orewatch/internal/access"
	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/ledger"
	"orewatch/internal/risk"
	"orewatch/internal/rules"
)

// network returns the party graph around ?party= (an id, a USCC or a
// name in any script) within ?depth= hops, with the reason for every edge.
func (s *server) network(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("party")
	if q == "" {
		return core.FieldErrorf("party", "the party parameter is required: a party id, a USCC or a name")
	}
	depth, err := intParam(r, "depth", 2, 1, 5)
	if err != nil {
		return err
	}
	g, err := risk.LoadGraph(r.Context(), st, s.lists(), core.DateOf(s.Now()))
	if err != nil {
		return err
	}
	sgs, err := g.Network(q, depth)
	if err != nil {
		return err
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		// The graph joins parties abroad and enterprises of every
		// province: the officer sees the subgraphs that reach their
		// province, other provinces' enterprises unnamed.
		mine, err := ledger.InProvince(r.Context(), st, scope)
		if err != nil {
			return err
		}
		if sgs = risk.ScopeSubgraphs(sgs, func(u string) bool { return mine[core.USCC(u)] }); len(sgs) == 0 {
			return core.Errorf(core.ENOTFOUND, "no network in your province matches %q", q)
		}
	}
	centers := make([]string, len(sgs))
	for i, sg := range sgs {
		centers[i] = sg.Center
	}
	// Who looked at whom is itself sensitive: party reads are audited.
	if err := audit.Change(r.Context(), st, actorOf(r), "party.read", strings.Join(centers, ","), nil, nil,
		fmt.Sprintf("network API, query %q, depth %d", q, depth), func(core.Repos) error { return nil }); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"query": q, "depth": depth, "subgraphs": sgs})
	return nil
}

// rules lists the analyst rules in force, their version, and why newer
// files are not in force when they failed to load.
func (s *server) rules(w http.ResponseWriter, r *http.Request) error {
	var cur *rules.Set
	if s.Rules != nil {
		cur = s.Rules.Current()
	}
	if cur == nil {
		loadErr := ""
		if s.Rules != nil {
			loadErr = s.Rules.LastError()
		}
		writeJSON(w, http.StatusOK, map[string]any{"configured": false, "rules": []any{}, "load_error": loadErr})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]any{"configured": true, "dir": cur.Dir, "version": cur.Version, "seq": s.Rules.Seq(), "rules": cur.Rules, "load_error": s.Rules.LastError()})
	return nil
}
