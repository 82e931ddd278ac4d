package httpapi

import (
	"net/http"

	"orewatch/internal/access"
	"orewatch/internal/casework"
	"orewatch/internal/core"
)

// alerts is the alert queue, highest score first, within the user's scope.
func (s *server) alerts(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := core.AlertFilter{Status: q.Get("status"), Code: q.Get("code"), SubjectType: q.Get("subject_type"), SubjectID: q.Get("subject_id"), Province: q.Get("province")}
	if f.Status != "" && f.Status != core.AlertNew && f.Status != core.AlertTriaged && f.Status != core.AlertDismissed && f.Status != core.AlertEscalated {
		return core.FieldErrorf("status", "unknown status %q (new, triaged, dismissed, escalated)", f.Status)
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		if f.Province != "" && f.Province != scope {
			return core.Errorf(core.EFORBIDDEN, "your scope is province %s", scope)
		}
		f.Province = scope
	}
	if f.MinScore, err = intParam(r, "min_score", 0, 0, 100); err != nil {
		return err
	}
	if f.Limit, err = intParam(r, "limit", 50, 1, 1000); err != nil {
		return err
	}
	if f.Offset, err = intParam(r, "offset", 0, 0, 1<<30); err != nil {
		return err
	}
	as, total, err := st.Alerts().List(r.Context(), f)
	if err != nil {
		return err
	}
	if as == nil {
		as = []*core.Alert{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": as, "total": total, "offset": f.Offset, "limit": f.Limit})
	return nil
}

type triageRequest struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
}

func (s *server) triageAlert(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	var req triageRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	a, err := casework.Triage(r.Context(), st, actorOf(r), access.ProvinceScope(r.Context()), r.PathValue("id"), req.Status, req.Reason, s.Now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}
