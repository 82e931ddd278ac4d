package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"

	"orewatch/internal/access"
	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// licenceDrawdown is a licence with what lodged declarations drew on it.
func (s *server) licenceDrawdown(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	no := r.PathValue("no")
	l, err := st.Licences().Get(r.Context(), no)
	if err != nil {
		return err
	}
	if err := ownDeclaration(r, l.ExporterUSCC); err != nil {
		return core.Errorf(core.ENOTFOUND, "no licence %s", no)
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		e, err := st.Enterprises().Get(r.Context(), l.ExporterUSCC)
		if err != nil || e.Province != scope {
			return core.Errorf(core.ENOTFOUND, "no licence %s", no)
		}
	}
	ds, err := st.Lodgements().Drawdowns(r.Context(), no)
	if err != nil {
		return err
	}
	var drawn float64
	for _, d := range ds {
		drawn += d.Kg
	}
	out := struct {
		*core.Licence
		DrawnKg   float64         `json:"drawn_kg"`
		Drawdowns []core.Drawdown `json:"drawdowns"`
	}{l, drawn, ds}
	if out.Drawdowns == nil {
		out.Drawdowns = []core.Drawdown{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// changeLicence suspends, revokes or reinstates a licence from a date:
// POST /api/v1/licences/{no}:suspend with {"effective_on", "reason"}. The
// change is dated, so declarations are judged on the licence as it stood
// on their own day; it is audited.
func (s *server) changeLicence(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	no, op, ok := strings.Cut(r.PathValue("op"), ":")
	status, known := map[string]core.LicenceStatus{"suspend": core.LicenceSuspended, "revoke": core.LicenceRevoked, "reinstate": core.LicenceValid}[op]
	if !ok || !known || no == "" {
		return core.Errorf(core.ENOTFOUND, "no such route: POST %s (want /api/v1/licences/{no}:suspend, :revoke or :reinstate)", r.URL.Path)
	}
	var req struct {
		EffectiveOn string `json:"effective_on"`
		Reason      string `json:"reason"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return core.FieldErrorf("body", "want {\"effective_on\": \"YYYY-MM-DD\", \"reason\": \"…\"}: %v", err)
	}
	day, err := core.ParseDate(req.EffectiveOn)
	if err != nil {
		return core.FieldErrorf("effective_on", "%v", err)
	}
	if strings.TrimSpace(req.Reason) == "" && status != core.LicenceValid {
		return core.FieldErrorf("reason", "a suspension or revocation gives its reason")
	}
	l, err := st.Licences().Get(r.Context(), no)
	if err != nil {
		return err
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		e, err := st.Enterprises().Get(r.Context(), l.ExporterUSCC)
		if err != nil || e.Province != scope {
			return core.Errorf(core.ENOTFOUND, "licence %s does not exist", no)
		}
	}
	who := actorOf(r)
	c := &core.LicenceChange{LicenceNo: no, Status: status, EffectiveOn: day, Reason: req.Reason, Actor: who.Name, RecordedAt: s.Now().UTC()}
	err = audit.Change(r.Context(), st, who, "licences."+op, no, nil, c, req.Reason, func(rp core.Repos) error {
		return rp.Licences().Change(r.Context(), c, core.DateOf(s.Now()))
	})
	if err != nil {
		return err
	}
	if l, err = st.Licences().Get(r.Context(), no); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}
