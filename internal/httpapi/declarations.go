package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/core"
	"orewatch/internal/ledger"
	"orewatch/internal/lodge"
)

// screenDeclaration pre-checks one declaration before it is lodged: the
// checks of an analysis against the store as it is, nothing stored.
func (s *server) screenDeclaration(w http.ResponseWriter, r *http.Request) error {
	deps, items, answered, err := s.declarationRequest(w, r)
	if answered || err != nil {
		return err
	}
	a, err := lodge.PreCheck(r.Context(), deps, items)
	if err != nil {
		return err
	}
	// Beside the findings, what the exporter needs to lodge each item:
	// the remarks to write and its own licences with what is left.
	advice, err := lodge.Advise(r.Context(), deps, items)
	if err != nil {
		return err
	}
	s.Metrics.screened.WithLabelValues(a.Channel).Inc()
	writeJSON(w, http.StatusOK, struct {
		*lodge.Answer
		Items []lodge.Advice `json:"items"`
	}{a, advice})
	return nil
}

// lodgeDeclaration stores and screens one declaration as it is lodged:
// 201 for a new one, 200 for an amendment or a repeat (whose answer is the
// one given before).
func (s *server) lodgeDeclaration(w http.ResponseWriter, r *http.Request) error {
	deps, items, answered, err := s.declarationRequest(w, r)
	if answered || err != nil {
		return err
	}
	out, err := lodge.LodgeItems(r.Context(), deps, actorOf(r), items)
	if writeInvalid(w, err) {
		return nil
	}
	if err != nil {
		return err
	}
	status, outcome := http.StatusOK, "amended"
	switch {
	case out.Replayed:
		outcome = "replayed"
	case out.Version == 1:
		status, outcome = http.StatusCreated, "new"
	}
	s.Metrics.lodged.WithLabelValues(out.Channel, outcome).Inc()
	w.Header().Set("Location", "/api/v1/declarations/"+out.DeclarationNo)
	writeJSON(w, status, out)
	return nil
}

// listDeclarations pages through lodged declarations, highest number
// first, filtered by exporter, consignee, HS prefix, destination, channel,
// finding code, province and declared date; "next" is the cursor of the
// following page. A province-scoped caller sees its province's only; an
// exporter's officer its own.
func (s *server) listDeclarations(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := core.LodgementFilter{Channel: q.Get("channel"), Code: q.Get("code"), Consignee: q.Get("consignee"), HSPrefix: q.Get("hs"),
		After: q.Get("cursor")}
	if v := q.Get("exporter"); v != "" {
		if f.Exporter, err = core.ParseUSCC(v); err != nil {
			return core.FieldErrorf("exporter", "%v", err)
		}
	}
	if v := q.Get("destination"); v != "" {
		f.Destination = strings.ToUpper(v)
		if s.Countries != nil {
			if f.Destination, err = s.Countries.NormalizeCountry(v); err != nil {
				return core.FieldErrorf("destination", "%v", err)
			}
		}
	}
	for _, d := range []struct {
		name string
		to   *core.Date
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(d.name); v != "" {
			if *d.to, err = core.ParseDate(v); err != nil {
				return core.FieldErrorf(d.name, "%v", err)
			}
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > 1000 {
			return core.FieldErrorf("limit", "limit must be 1 to 1000")
		}
	}
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
	if u, ok := access.UserFrom(r.Context()); ok && u.Role == core.RoleEnterprise {
		if f.Exporter != "" && f.Exporter != u.EnterpriseUSCC {
			return core.Errorf(core.EFORBIDDEN, "you may work with the declarations of %s only", u.EnterpriseUSCC)
		}
		f.Exporter = u.EnterpriseUSCC
	}
	ls, next, err := st.Lodgements().List(r.Context(), f)
	if err != nil {
		return err
	}
	if ls == nil {
		ls = []*core.Lodgement{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"declarations": ls, "next": next})
	return nil
}

// showDeclaration is a lodged declaration: its items, the newest answer,
// its drawdown and every version lodged with the answer it got.
func (s *server) showDeclaration(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	no := r.PathValue("no")
	l, err := st.Lodgements().Get(r.Context(), no)
	if err != nil {
		return err
	}
	if err := ownDeclaration(r, l.ExporterUSCC); err != nil {
		return core.Errorf(core.ENOTFOUND, "no declaration %s was lodged", no)
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		e, err := st.Enterprises().Get(r.Context(), l.ExporterUSCC)
		if err != nil || e.Province != scope {
			return core.Errorf(core.ENOTFOUND, "no declaration %s was lodged", no)
		}
	}
	items, _, err := st.Declarations().List(r.Context(), core.DeclarationFilter{DeclarationNo: no, Limit: 1000})
	if err != nil {
		return err
	}
	vs, err := st.Lodgements().Versions(r.Context(), no)
	if err != nil {
		return err
	}
	type version struct {
		Version  int             `json:"version"`
		LodgedAt string          `json:"lodged_at"`
		LodgedBy string          `json:"lodged_by"`
		BodyHash string          `json:"body_hash"`
		Items    json.RawMessage `json:"items"`
		Answer   json.RawMessage `json:"answer"`
	}
	out := struct {
		*core.Lodgement
		Answer   json.RawMessage         `json:"answer"`
		Items    []*core.DeclarationItem `json:"items"`
		Versions []version               `json:"versions"`
	}{Lodgement: l, Answer: l.Answer, Items: items}
	for _, v := range vs {
		out.Versions = append(out.Versions, version{v.Version, v.LodgedAt.UTC().Format(time.RFC3339), v.LodgedBy, v.BodyHash, v.Body, v.Answer})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// declarationRequest reads the declaration a request carries: answered is
// true when a 400 with its problems was written; an exporter's officer may
// send their own enterprise's only.
func (s *server) declarationRequest(w http.ResponseWriter, r *http.Request) (deps lodge.Deps, items []*core.DeclarationItem, answered bool, err error) {
	deps, body, err := s.declarationBody(r)
	if err != nil {
		return deps, nil, false, err
	}
	items, err = lodge.Parse(body)
	if writeInvalid(w, err) {
		return deps, nil, true, nil
	}
	if err != nil {
		return deps, nil, false, err
	}
	return deps, items, false, ownDeclaration(r, items[0].ExporterUSCC)
}

func (s *server) declarationBody(r *http.Request) (lodge.Deps, []byte, error) {
	st, err := s.data()
	if err != nil {
		return lodge.Deps{}, nil, err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return lodge.Deps{}, nil, core.Errorf(core.ETOOLARGE, "request body larger than %d bytes", mbe.Limit)
		}
		return lodge.Deps{}, nil, err
	}
	return s.lodgeDeps(st), body, nil
}

// lodgeDeps are what screening a lodged declaration consults.
func (s *server) lodgeDeps(st core.Store) lodge.Deps {
	lists := s.ListsNow
	if lists == nil {
		lists = func() []*core.ListEntry { return s.lists() }
	}
	d := lodge.Deps{Store: st, Catalog: s.cat(), Lists: lists}
	if s.ListsNow != nil {
		d.Screener = s.ScreenerNow
	}
	if st == s.Data {
		d.Detectors = s.Detectors
	}
	return d
}

// writeInvalid answers 400 with every problem at its JSON pointer when err
// is a declaration that could not be read.
func writeInvalid(w http.ResponseWriter, err error) bool {
	var inv *lodge.Invalid
	if !errors.As(err, &inv) {
		return false
	}
	p := newProblem(nil, core.EINVALID, inv.Error(), "")
	p.Problems, p.Error.Problems = inv.Problems, inv.Problems
	writeProblem(w, p)
	return true
}

// ownDeclaration: an exporter's officer works with their own enterprise's
// declarations and licences only.
func ownDeclaration(r *http.Request, exporter core.USCC) error {
	if u, ok := access.UserFrom(r.Context()); ok && u.Role == core.RoleEnterprise && exporter != u.EnterpriseUSCC {
		return core.Errorf(core.EFORBIDDEN, "you may work with the declarations of %s only", u.EnterpriseUSCC)
	}
	return nil
}
