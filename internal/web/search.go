package web

import (
	"net/http"
	"strings"
	"unicode"

	"orewatch/internal/core"
	"orewatch/internal/textnorm"
)

// searchLimit bounds each kind of result.
const searchLimit = 20

// searchResults are what one query found, by kind.
type searchResults struct {
	Query        string
	Declarations []string
	Enterprises  []*core.Enterprise
	Parties      []*core.Party
	Alerts       []*core.Alert
	Licences     []*core.Licence
	Lot          string // a lot the query names, for the trace page
}

func (r searchResults) empty() bool {
	return len(r.Declarations)+len(r.Enterprises)+len(r.Parties)+len(r.Alerts)+len(r.Licences) == 0 && r.Lot == ""
}

// search finds what an officer types: a declaration or licence number, an
// enterprise's name or USCC, a party's name (any script, 简/繁), an
// alert's subject, a lot. A province-scoped officer finds their
// province's declarations, enterprises and alerts only.
func (s *server) search(w http.ResponseWriter, r *http.Request, p *page) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	res := searchResults{Query: q}
	p.Title = p.L.T("search.title")
	if q == "" {
		p.Data = map[string]any{"Results": res, "Empty": true}
		return s.render(w, http.StatusOK, "search", p)
	}
	ctx := r.Context()
	scope := p.User.Province
	inScope := func(u core.USCC) bool {
		if scope == "" {
			return true
		}
		e, err := s.Store.Enterprises().Get(ctx, u)
		return err == nil && e.Province == scope
	}
	if digitsOnly(q) {
		items, _, err := s.Store.Declarations().List(ctx, core.DeclarationFilter{DeclarationNo: q, Limit: 1})
		if err != nil {
			return err
		}
		if len(items) > 0 && inScope(items[0].ExporterUSCC) {
			res.Declarations = append(res.Declarations, q)
		}
	}
	if l, err := s.Store.Licences().Get(ctx, q); err == nil && inScope(l.ExporterUSCC) {
		res.Licences = append(res.Licences, l)
	}
	es, _, err := s.Store.Enterprises().List(ctx, core.EnterpriseFilter{Query: q, Province: scope, Limit: searchLimit})
	if err != nil {
		return err
	}
	res.Enterprises = es
	ps, err := s.Store.Parties().All(ctx)
	if err != nil {
		return err
	}
	fq := textnorm.Fold(q)
	for _, pt := range ps {
		if len(res.Parties) >= searchLimit {
			break
		}
		if strings.Contains(textnorm.Fold(pt.Name), fq) || strings.EqualFold(pt.ID, q) {
			res.Parties = append(res.Parties, pt)
		}
	}
	as, _, err := s.Store.Alerts().List(ctx, core.AlertFilter{SubjectID: q, Province: scope, Limit: searchLimit})
	if err != nil {
		return err
	}
	res.Alerts = as
	if strings.HasPrefix(q, "urn:orewatch:lot:") || strings.Count(q, ":") == 1 && !strings.ContainsFunc(q, unicode.IsSpace) {
		res.Lot = q
	}
	p.Data = map[string]any{"Results": res, "Empty": res.empty()}
	return s.render(w, http.StatusOK, "search", p)
}

func digitsOnly(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
