package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"orewatch/internal/core"
	"orewatch/internal/filings"
)

func (s *server) filingDeps(st core.Store) filings.Deps {
	return filings.Deps{Store: st, Catalog: s.cat, Now: s.Now}
}

// monthlyReports answers an enterprise's filed books and their comparison
// with what its events and declarations imply, line by line.
func (s *server) monthlyReports(w http.ResponseWriter, r *http.Request) error {
	st, u, err := s.dataFor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	uscc := u.EnterpriseUSCC
	if v := q.Get("exporter"); v != "" {
		if uscc, err = core.ParseUSCC(v); err != nil {
			return core.FieldErrorf("exporter", "%v", err)
		}
	}
	if uscc == "" {
		return core.FieldErrorf("exporter", "name the enterprise: ?exporter=USCC")
	}
	from, to := q.Get("from"), q.Get("to")
	for _, m := range []struct{ name, v string }{{"from", from}, {"to", to}} {
		if m.v != "" {
			if _, err := filings.ParseMonth(m.v); err != nil {
				return core.FieldErrorf(m.name, "%v", err)
			}
		}
	}
	c, err := filings.Compare(r.Context(), s.filingDeps(st), u, uscc, from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// fileMonthlyReports takes an enterprise's books as JSON ({"reports":
// [...]}) or as a CSV file (Content-Type text/csv); all or nothing, every
// problem at its row and column.
func (s *server) fileMonthlyReports(w http.ResponseWriter, r *http.Request) error {
	st, u, err := s.dataFor(r)
	if err != nil {
		return err
	}
	var rs []*core.MonthlyReport
	var problems []filings.Problem
	source := "API"
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "upload.csv"
		}
		source = name
		if rs, problems, err = filings.ParseCSV(name, r.Body); err != nil {
			return err
		}
	} else {
		var req struct {
			Reports []*core.MonthlyReport `json:"reports"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return core.FieldErrorf("body", "want {\"reports\": [{\"month\": \"2026-10\", \"material\": …, \"opening_kg\": …}]} or a CSV file as text/csv: %v", err)
		}
		rs = req.Reports
		for i, m := range rs {
			if m == nil {
				return core.FieldErrorf("reports", "report %d is null", i)
			}
			if m.Month, err = filings.ParseMonth(m.Month); err != nil {
				problems = append(problems, filings.Problem{Field: "reports/" + strconv.Itoa(i) + "/month", Message: err.Error()})
			}
		}
	}
	if len(problems) == 0 {
		out, err := filings.File(r.Context(), s.filingDeps(st), u, rs, source)
		if err != nil {
			return err
		}
		if len(out.Problems) == 0 {
			writeJSON(w, http.StatusOK, out)
			return nil
		}
		problems = out.Problems
	}
	p := newProblem(r, core.EINVALID, "the reports have problems: nothing was filed", "")
	p.Problems, p.Error.Problems = problems, problems
	writeProblem(w, p)
	return nil
}
