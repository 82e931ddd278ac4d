package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"orewatch/internal/access"
	"orewatch/internal/core"
	"orewatch/internal/ledger"
	"orewatch/internal/lodge"
)

// submitEnterprise adds an enterprise to the ledger or amends its entry:
// the body is a row of enterprises.csv as a JSON object. 201 added, 200
// amended or unchanged; 409 when it would move the enterprise to another
// province, unless ?move=true; a province-scoped officer keeps their own
// province's ledger only.
func (s *server) submitEnterprise(w http.ResponseWriter, r *http.Request) error {
	deps, body, err := s.declarationBody(r)
	if err != nil {
		return err
	}
	b, err := lodge.ParseRows("enterprises", "enterprises", body, 1)
	if writeInvalid(w, err) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(b.Enterprises) != 1 {
		return core.FieldErrorf("body", "want one row of enterprises.csv")
	}
	move, _ := strconv.ParseBool(r.URL.Query().Get("move"))
	out, err := ledger.Submit(r.Context(), deps.Store, b.Enterprises[0], ledger.SubmitOptions{Actor: actorOf(r), Source: "POST /api/v1/enterprises",
		Now: s.Now(), Province: access.ProvinceScope(r.Context()), Move: move})
	if err != nil {
		return err
	}
	s.changed()
	status := http.StatusOK
	if out.Result == "added" {
		status = http.StatusCreated
	}
	w.Header().Set("Location", "/api/v1/enterprises/"+string(b.Enterprises[0].USCC))
	writeJSON(w, status, out)
	return nil
}

// setEnterpriseStatus is POST /api/v1/enterprises/{uscc}:status: a dated
// status change of a ledger entry, with its reason.
func (s *server) setEnterpriseStatus(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	u, op, ok := strings.Cut(r.PathValue("uscc"), ":")
	if !ok || op != "status" || u == "" {
		return core.Errorf(core.ENOTFOUND, "no such route: POST %s (want /api/v1/enterprises/{uscc}:status)", r.URL.Path)
	}
	uscc, err := core.ParseUSCC(u)
	if err != nil {
		return core.FieldErrorf("uscc", "%v", err)
	}
	var req struct {
		Status      string `json:"status"`
		EffectiveOn string `json:"effective_on"`
		Reason      string `json:"reason"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return core.FieldErrorf("body", `want {"status": "active|suspended|closed", "effective_on": "YYYY-MM-DD", "reason": "…"}: %v`, err)
	}
	day, err := core.ParseDate(req.EffectiveOn)
	if err != nil {
		return core.FieldErrorf("effective_on", "%v", err)
	}
	if strings.TrimSpace(req.Reason) == "" {
		return core.FieldErrorf("reason", "a status change gives its reason")
	}
	e, err := st.Enterprises().Get(r.Context(), uscc)
	if err != nil {
		return err
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" && e.Province != scope {
		return core.Errorf(core.ENOTFOUND, "enterprise %s is not in your province's ledger", uscc)
	}
	if err := ledger.SetStatus(r.Context(), st, uscc, core.LedgerStatus(req.Status), day, req.Reason, actorOf(r)); err != nil {
		return err
	}
	s.changed()
	entry, err := ledger.Show(r.Context(), st, uscc, core.DateOf(s.Now()))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, entry)
	return nil
}
