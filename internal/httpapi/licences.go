package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"orewatch/internal/access"
	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/licensing"
	"orewatch/internal/lodge"
)

// listLicences pages through licences, filtered by holder, status and the
// day they must be valid on; a province-scoped caller sees the licences
// of its province's enterprises only, an exporter's officer its own.
func (s *server) listLicences(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := core.LicenceFilter{Province: access.ProvinceScope(r.Context())}
	if v := q.Get("exporter"); v != "" {
		if f.ExporterUSCC, err = core.ParseUSCC(v); err != nil {
			return core.FieldErrorf("exporter", "%v", err)
		}
	}
	if u, ok := access.UserFrom(r.Context()); ok && u.Role == core.RoleEnterprise {
		if f.ExporterUSCC != "" && f.ExporterUSCC != u.EnterpriseUSCC {
			return core.Errorf(core.EFORBIDDEN, "you may work with the licences of %s only", u.EnterpriseUSCC)
		}
		f.ExporterUSCC = u.EnterpriseUSCC
	}
	if v := q.Get("status"); v != "" {
		f.Status = core.LicenceStatus(v)
		if f.Status != core.LicenceValid && f.Status != core.LicenceSuspended && f.Status != core.LicenceRevoked {
			return core.FieldErrorf("status", "unknown status %q (valid, suspended, revoked)", v)
		}
	}
	if v := q.Get("valid_on"); v != "" {
		if f.ValidOn, err = core.ParseDate(v); err != nil {
			return core.FieldErrorf("valid_on", "%v", err)
		}
	}
	if f.Limit, err = intParam(r, "limit", 100, 1, 1000); err != nil {
		return err
	}
	if f.Offset, err = intParam(r, "offset", 0, 0, 1<<30); err != nil {
		return err
	}
	ls, total, err := st.Licences().List(r.Context(), f)
	if err != nil {
		return err
	}
	if ls == nil {
		ls = []*core.Licence{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"licences": ls, "total": total, "offset": f.Offset, "limit": f.Limit})
	return nil
}

// issueLicence issues a licence or amends the one under its number: the
// body is one row of licences.csv as a JSON object. 201 for a new
// licence, 200 for an amendment or the same body again; 409 when the
// number is another exporter's, unless ?force=true; 400 with every
// problem at its JSON pointer.
func (s *server) issueLicence(w http.ResponseWriter, r *http.Request) error {
	deps, body, err := s.declarationBody(r)
	if err != nil {
		return err
	}
	l, err := licensing.Parse(body)
	if writeInvalid(w, err) {
		return nil
	}
	if err != nil {
		return err
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		e, err := deps.Store.Enterprises().Get(r.Context(), l.ExporterUSCC)
		if err == nil && e.Province != scope {
			return core.Errorf(core.EFORBIDDEN, "exporter %s is in the ledger of province %s, not yours", l.ExporterUSCC, e.Province)
		}
	}
	force, _ := strconv.ParseBool(r.URL.Query().Get("force"))
	out, err := licensing.Issue(r.Context(), deps, l, licensing.Options{Actor: actorOf(r), Force: force,
		Source: "POST /api/v1/licences", Now: s.Now()})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if out.Result == "issued" {
		status = http.StatusCreated
	}
	w.Header().Set("Location", "/api/v1/licences/"+l.No)
	writeJSON(w, status, out)
	return nil
}

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
	vs, err := st.Versions().List(r.Context(), licensing.Kind, no)
	if err != nil {
		return err
	}
	out := struct {
		*core.Licence
		DrawnKg   float64         `json:"drawn_kg"`
		Drawdowns []core.Drawdown `json:"drawdowns"`
		// Versions are the states the licence had, oldest first, once it
		// was changed through the API.
		Versions []*core.RecordVersion `json:"versions"`
	}{l, drawn, ds, vs}
	if out.Drawdowns == nil {
		out.Drawdowns = []core.Drawdown{}
	}
	if out.Versions == nil {
		out.Versions = []*core.RecordVersion{}
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
	no, op, ok := strings.Cut(r.PathValue("no"), ":")
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
	var rescreened []*lodge.Lodged
	err = audit.Change(r.Context(), st, who, "licences."+op, no, nil, c, req.Reason, func(rp core.Repos) error {
		if err := rp.Licences().Change(r.Context(), c, core.DateOf(s.Now())); err != nil {
			return err
		}
		// Declarations made on or after the day are judged on the
		// licence's new status.
		var err error
		rescreened, err = lodge.RescreenLicence(r.Context(), s.lodgeDeps(st), rp, who, no, fmt.Sprintf("licence %s %s from %s", no, status, day))
		return err
	})
	if err != nil {
		return err
	}
	if l, err = st.Licences().Get(r.Context(), no); err != nil {
		return err
	}
	if rescreened == nil {
		rescreened = []*lodge.Lodged{}
	}
	writeJSON(w, http.StatusOK, struct {
		*core.Licence
		Rescreened []*lodge.Lodged `json:"rescreened"`
	}{l, rescreened})
	return nil
}
