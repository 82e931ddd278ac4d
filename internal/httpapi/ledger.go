package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/analysis"
	"orewatch/internal/balance"
	"orewatch/internal/core"
	"orewatch/internal/ledger"
)

func (s *server) data() (core.Store, error) {
	if s.Data == nil {
		return nil, core.Errorf(core.EINTERNAL, "no store configured")
	}
	return s.Data, nil
}

func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, core.FieldErrorf(name, "want a whole number from %d to %d, got %q", lo, hi, v)
	}
	return n, nil
}

func (s *server) enterprises(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := core.EnterpriseFilter{Query: q.Get("q")}
	if v := q.Get("province"); v != "" {
		if f.Province, err = ledger.ParseProvince(v); err != nil {
			return err
		}
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		if f.Province != "" && f.Province != scope {
			return core.Errorf(core.EFORBIDDEN, "your scope is province %s", scope)
		}
		f.Province = scope
	}
	if v := q.Get("segment"); v != "" {
		seg, ok := ledger.ParseSegment(v)
		if !ok {
			return core.FieldErrorf("segment", "unknown segment %q", v)
		}
		f.Segment = seg
	}
	if v := q.Get("group"); v != "" {
		g, ok := ledger.ParseGroup(v)
		if !ok {
			return core.FieldErrorf("group", "unknown mineral group %q", v)
		}
		f.Mineral = g
	}
	if v := q.Get("status"); v != "" {
		f.Status = core.LedgerStatus(v)
		if !f.Status.Valid() {
			return core.FieldErrorf("status", "unknown status %q (active, suspended, closed)", v)
		}
	}
	if f.Limit, err = intParam(r, "limit", 100, 1, 1000); err != nil {
		return err
	}
	if f.Offset, err = intParam(r, "offset", 0, 0, 1<<30); err != nil {
		return err
	}
	es, total, err := st.Enterprises().List(r.Context(), f)
	if err != nil {
		return err
	}
	if es == nil {
		es = []*core.Enterprise{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"enterprises": es, "total": total, "offset": f.Offset, "limit": f.Limit})
	return nil
}

func (s *server) enterprise(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	u, err := core.ParseUSCC(r.PathValue("uscc"))
	if err != nil {
		return core.FieldErrorf("uscc", "%v", err)
	}
	day := core.DateOf(s.Now())
	if v := r.URL.Query().Get("date"); v != "" {
		if day, err = core.ParseDate(v); err != nil {
			return core.FieldErrorf("date", "%v", err)
		}
	}
	en, err := ledger.Show(r.Context(), st, u, day)
	if err != nil {
		return err
	}
	if !access.CanSeeProvince(r.Context(), en.Enterprise.Province) {
		return notInScope(u)
	}
	writeJSON(w, http.StatusOK, en)
	return nil
}

func (s *server) coverage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	province := ""
	if v := r.URL.Query().Get("province"); v != "" {
		if province, err = ledger.ParseProvince(v); err != nil {
			return err
		}
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		if province != "" && province != scope {
			return core.Errorf(core.EFORBIDDEN, "your scope is province %s", scope)
		}
		province = scope
	}
	reporting, err := ledger.Reporting(r.Context(), st)
	if err != nil {
		return err
	}
	cov, err := ledger.ProvinceCoverage(r.Context(), st, province, reporting)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"provinces": cov})
	return nil
}

func (s *server) balance(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	u, err := core.ParseUSCC(r.PathValue("uscc"))
	if err != nil {
		return core.FieldErrorf("uscc", "%v", err)
	}
	if e, err := st.Enterprises().Get(r.Context(), u); err != nil || !access.CanSeeProvince(r.Context(), e.Province) {
		return notInScope(u)
	}
	month := r.URL.Query().Get("month")
	if month != "" {
		if _, err := time.Parse("2006-01", month); err != nil {
			return core.FieldErrorf("month", "want YYYY-MM, got %q", month)
		}
	}
	mats, err := st.Materials().All(r.Context())
	if err != nil {
		return err
	}
	exports, err := analysis.Exports(r.Context(), st, s.cat(), mats)
	if err != nil {
		return err
	}
	b, err := balance.ForEnterprise(r.Context(), st, u, r.URL.Query().Get("material"), month, analysis.Yields(s.cat(), mats), exports)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}

// notInScope answers as if the enterprise did not exist, so that scoped
// users cannot probe other provinces' ledgers.
func notInScope(u core.USCC) error {
	return core.Errorf(core.ENOTFOUND, "enterprise %s is not in the ledger", u)
}
