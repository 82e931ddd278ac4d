package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/filings"
	"orewatch/internal/trace"
)

// The monthly reports page: an enterprise files its books (a row on the
// form or a CSV file) and its EPCIS documents, and sees where its books
// and what its events and declarations imply disagree; a ledger officer
// sees the same for an enterprise of the province.

func (s *server) filingDeps() filings.Deps {
	return filings.Deps{Store: s.Store, Catalog: s.cat, Now: s.Now}
}

func (s *server) reports(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.L.T("nav.reports")
	q := r.URL.Query()
	uscc := p.User.EnterpriseUSCC
	if v := strings.TrimSpace(q.Get("uscc")); v != "" && p.User.Role != core.RoleEnterprise {
		u, err := core.ParseUSCC(v)
		if err != nil {
			return core.FieldErrorf("uscc", "%v", err)
		}
		uscc = u
	}
	data := map[string]any{"USCC": uscc, "Own": p.User.Role == core.RoleEnterprise, "Figures": filings.Figures, "Month": core.DateOf(s.Now()).AddDays(-28).Month(),
		"Done": q.Get("done"), "Stored": q.Get("stored"), "Amended": q.Get("amended"), "Unchanged": q.Get("unchanged")}
	p.Data = data
	if uscc == "" {
		return s.render(w, http.StatusOK, "reports", p)
	}
	c, err := filings.Compare(r.Context(), s.filingDeps(), p.User, uscc, q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	data["Comparison"] = c
	return s.render(w, http.StatusOK, "reports", p)
}

// fileReports files the form's row or an uploaded CSV file; problems are
// shown on the page with their line and column, and nothing is filed.
func (s *server) fileReports(w http.ResponseWriter, r *http.Request, p *page) error {
	var rs []*core.MonthlyReport
	var problems []filings.Problem
	source := "form"
	if f, hdr, err := r.FormFile("file"); err == nil {
		defer f.Close()
		source = hdr.Filename
		if rs, problems, err = filings.ParseCSV(hdr.Filename, f); err != nil {
			return err
		}
	} else if !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart) {
		return core.FieldErrorf("file", "%v", err)
	} else {
		m := &core.MonthlyReport{Material: r.FormValue("material")}
		month, err := filings.ParseMonth(r.FormValue("month"))
		if err != nil {
			problems = append(problems, filings.Problem{Column: "month", Message: err.Error()})
		}
		m.Month = month
		for _, f := range []struct {
			col string
			to  *core.Decimal
		}{{"opening_kg", &m.Opening}, {"received_kg", &m.Received}, {"produced_kg", &m.Produced}, {"consumed_kg", &m.Consumed},
			{"shipped_kg", &m.Shipped}, {"exported_kg", &m.Exported}, {"closing_kg", &m.Closing}} {
			if v := strings.TrimSpace(r.FormValue(f.col)); v != "" {
				d, err := core.ParseDecimal(v)
				if err != nil {
					problems = append(problems, filings.Problem{Column: f.col, Value: v, Message: "not a number of kilograms"})
					continue
				}
				*f.to = d
			}
		}
		rs = []*core.MonthlyReport{m}
	}
	if len(problems) == 0 {
		out, err := filings.File(r.Context(), s.filingDeps(), p.User, rs, source)
		if err != nil {
			return err
		}
		if len(out.Problems) == 0 {
			http.Redirect(w, r, fmt.Sprintf("/reports?done=filed&stored=%d&amended=%d&unchanged=%d", out.Stored, out.Amended, out.Unchanged), http.StatusSeeOther)
			return nil
		}
		problems = out.Problems
	}
	p.Title = p.L.T("nav.reports")
	p.Data = map[string]any{"USCC": p.User.EnterpriseUSCC, "Own": true, "Figures": filings.Figures, "Problems": problems, "Month": r.FormValue("month")}
	return s.render(w, http.StatusBadRequest, "reports", p)
}

// captureEvents takes an enterprise's EPCIS document of its own sites.
func (s *server) captureEvents(w http.ResponseWriter, r *http.Request, p *page) error {
	if s.EPCIS == nil {
		return core.Errorf(core.EINTERNAL, "EPCIS validation is not configured")
	}
	f, _, err := r.FormFile("epcis")
	if err != nil {
		return core.FieldErrorf("epcis", "%s", p.L.T("app.choosefile"))
	}
	defer f.Close()
	doc, err := io.ReadAll(io.LimitReader(f, maxEPCIS+1))
	if err != nil {
		return err
	}
	if len(doc) > maxEPCIS {
		return core.FieldErrorf("epcis", "the document is larger than %d MiB: split it", maxEPCIS>>20)
	}
	if own := p.User.EnterpriseUSCC; own != "" {
		if evs, err := epcis.Parse(doc); err == nil {
			if err := trace.OwnSites(evs, own); err != nil {
				return err
			}
		}
	}
	res, err := epcis.Capture(r.Context(), s.Store, s.EPCIS, doc, s.Now(), audit.Actor{Name: p.User.Name, Agency: p.User.Agency})
	var inv *epcis.ErrInvalid
	if errors.As(err, &inv) {
		var lines []string
		for i, pr := range inv.Problems {
			if i == 10 {
				lines = append(lines, fmt.Sprintf("… %d more", len(inv.Problems)-10))
				break
			}
			lines = append(lines, fmt.Sprint(pr))
		}
		return core.FieldErrorf("epcis", "the document does not conform to EPCIS 2.0: %s", strings.Join(lines, "; "))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/reports?done=captured&stored="+url.QueryEscape(fmt.Sprint(res.Stored))+"#events", http.StatusSeeOther)
	return nil
}

// maxEPCIS bounds an EPCIS document uploaded on the page, as the API does.
const maxEPCIS = 32 << 20
