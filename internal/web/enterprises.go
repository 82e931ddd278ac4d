package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"orewatch/internal/core"
)

// enterprises is the ledger as a list: by name or USCC, province, segment,
// mineral and status; a province's officer sees its province only,
// counted before the page is cut.
func (s *server) enterprises(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	f := core.EnterpriseFilter{Query: strings.TrimSpace(q.Get("q")), Province: q.Get("province"), Mineral: q.Get("mineral"), Limit: pageSize}
	if p.User.Province != "" {
		f.Province = p.User.Province
	}
	if v := q.Get("segment"); v != "" {
		if !slices.Contains(core.Segments, core.Segment(v)) {
			return core.FieldErrorf("segment", "unknown segment %q", v)
		}
		f.Segment = core.Segment(v)
	}
	if v := q.Get("status"); v != "" {
		f.Status = core.LedgerStatus(v)
		if !f.Status.Valid() {
			return core.FieldErrorf("status", "unknown status %q", v)
		}
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(0, f.Offset)
	es, total, err := s.Store.Enterprises().List(r.Context(), f)
	if err != nil {
		return err
	}
	base := url.Values{}
	for _, k := range []string{"q", "province", "segment", "mineral", "status"} {
		if v := q.Get(k); v != "" {
			base.Set(k, v)
		}
	}
	p.Title = p.L.T("nav.enterprises")
	p.Data = map[string]any{"Enterprises": es, "Total": total, "Filter": q, "Segments": core.Segments, "Scoped": p.User.Province != "",
		"Statuses": []core.LedgerStatus{core.StatusActive, core.StatusSuspended, core.StatusClosed},
		"From":     min(len(es), 1) + f.Offset, "To": f.Offset + len(es),
		"Prev": nextLink("/enterprises", base, f.Offset-pageSize, f.Offset > 0), "Next": nextLink("/enterprises", base, f.Offset+pageSize, f.Offset+pageSize < total)}
	return s.render(w, http.StatusOK, "enterprises", p)
}
