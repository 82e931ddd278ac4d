package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"orewatch/internal/core"
	"orewatch/internal/geo"
)

// declarations lists declaration items, newest first, filtered by number,
// exporter, HS code prefix, destination and date; a province's officer
// sees its province's exporters' only, counted before the page is cut.
func (s *server) declarations(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	f := core.DeclarationFilter{DeclarationNo: strings.TrimSpace(q.Get("no")), HSPrefix: strings.TrimSpace(q.Get("hs")), Province: p.User.Province,
		Newest: true, Limit: pageSize}
	if v := strings.TrimSpace(q.Get("exporter")); v != "" {
		u, err := core.ParseUSCC(v)
		if err != nil {
			return core.FieldErrorf("exporter", "%v", err)
		}
		f.ExporterUSCC = u
	}
	if v := strings.TrimSpace(q.Get("dest")); v != "" {
		c, err := geo.MustDefault().NormalizeCountry(v)
		if err != nil {
			return core.FieldErrorf("dest", "%v", err)
		}
		f.Destination = c
	}
	for _, b := range []struct {
		name string
		to   *core.Date
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(b.name); v != "" {
			d, err := core.ParseDate(v)
			if err != nil {
				return core.FieldErrorf(b.name, "%v", err)
			}
			*b.to = d
		}
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(0, f.Offset)
	ds, total, err := s.Store.Declarations().List(r.Context(), f)
	if err != nil {
		return err
	}
	base := url.Values{}
	for _, k := range []string{"no", "exporter", "hs", "dest", "from", "to"} {
		if v := q.Get(k); v != "" {
			base.Set(k, v)
		}
	}
	p.Title = p.L.T("nav.declarations")
	p.Data = map[string]any{"Items": ds, "Total": total, "Filter": q, "From": min(len(ds), 1) + f.Offset, "To": f.Offset + len(ds),
		"Prev": nextLink("/declarations", base, f.Offset-pageSize, f.Offset > 0), "Next": nextLink("/declarations", base, f.Offset+pageSize, f.Offset+pageSize < total)}
	return s.render(w, http.StatusOK, "declarations", p)
}
