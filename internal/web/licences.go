package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"orewatch/internal/core"
)

func (s *server) licences(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	f := core.LicenceFilter{Limit: pageSize}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(0, f.Offset)
	if q.Get("valid") == "on" {
		f.ValidOn = core.DateOf(s.Now())
	}
	if u := p.User.EnterpriseUSCC; u != "" {
		f.ExporterUSCC = u
	}
	f.Province = p.User.Province // filtered before the page is cut
	ls, total, err := s.Store.Licences().List(r.Context(), f)
	if err != nil {
		return err
	}
	today := core.DateOf(s.Now())
	type row struct {
		*core.Licence
		DrawnKg, LicensedKg float64
		Share               int
		ExpiresInDays       int
		Province            string
		// State is the status as of today: a valid licence past its last
		// day is expired, whatever the record says.
		State string
	}
	var rows []row
	for _, l := range ls {
		ex, err := s.Store.Enterprises().Get(r.Context(), l.ExporterUSCC)
		prov := ""
		if err == nil {
			prov = ex.Province
		}
		items, _, err := s.Store.Declarations().List(r.Context(), core.DeclarationFilter{LicenceNo: l.No, Limit: 10000})
		if err != nil {
			return err
		}
		drawn := 0.0
		for _, it := range items {
			drawn += it.NetWeightKg.Float()
		}
		licensed := l.Quantity.Float()
		switch strings.ToLower(l.Unit) {
		case "t":
			licensed *= 1000
		case "g":
			licensed /= 1000
		}
		share := 0
		if licensed > 0 {
			share = int(100*drawn/licensed + 0.5)
		}
		days := int(l.ValidTo.Time().Sub(today.Time()).Hours() / 24)
		state := string(l.Status)
		switch {
		case l.Status == core.LicenceValid && days < 0:
			state = "expired"
		case l.Status == core.LicenceValid && today.Before(l.ValidFrom):
			state = "not_yet_valid"
		}
		rows = append(rows, row{l, drawn, licensed, share, days, prov, state})
	}
	p.Title = p.L.T("nav.licences")
	p.Data = map[string]any{"Rows": rows, "Total": total, "Valid": q.Get("valid") == "on",
		"Next": nextLink("/licences", q, f.Offset+pageSize, f.Offset+pageSize < total), "Prev": nextLink("/licences", q, f.Offset-pageSize, f.Offset > 0)}
	return s.render(w, http.StatusOK, "licences", p)
}

func nextLink(path string, q url.Values, offset int, ok bool) string {
	if !ok {
		return ""
	}
	v := url.Values{}
	for k, x := range q {
		v[k] = append([]string(nil), x...)
	}
	v.Set("offset", strconv.Itoa(max(0, offset)))
	return path + "?" + v.Encode()
}
