package httpapi

import (
	"net/http"

	"orewatch/internal/access"
	"orewatch/internal/casework"
	"orewatch/internal/core"
)

func officer(r *http.Request) casework.Officer {
	if u, ok := access.UserFrom(r.Context()); ok {
		return casework.Officer{Name: u.Name, Agency: u.Agency, Province: u.Province, Role: u.Role}
	}
	return casework.Officer{}
}

func (s *server) cases(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	o := officer(r)
	cs, err := st.Cases().List(r.Context(), r.URL.Query().Get("status"), o.Province)
	if err != nil {
		return err
	}
	visible := []*core.Case{}
	for _, c := range cs {
		if casework.CanSee(o, c) {
			visible = append(visible, c)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": visible, "total": len(visible)})
	return nil
}

type openCaseRequest struct {
	Title    string   `json:"title"`
	Alerts   []string `json:"alerts"`
	Agencies []string `json:"agencies"`
}

func (s *server) openCase(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	var req openCaseRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	c, err := casework.Open(r.Context(), st, officer(r), req.Title, req.Alerts, req.Agencies, s.Now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *server) showCase(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	c, notes, err := casework.Show(r.Context(), st, officer(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"case": c, "notes": notes})
	return nil
}

type noteRequest struct {
	Text      string   `json:"text"`
	ShareWith []string `json:"share_with"`
}

func (s *server) caseNote(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	var req noteRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	n, err := casework.AddNote(r.Context(), st, officer(r), r.PathValue("id"), req.Text, req.ShareWith, s.Now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, n)
	return nil
}

type updateCaseRequest struct {
	Status   string   `json:"status"`
	Disposal string   `json:"disposal"`
	Decision string   `json:"decision"`
	Invite   []string `json:"invite"`
}

func (s *server) updateCase(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	var req updateCaseRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	c, err := casework.Update(r.Context(), st, officer(r), r.PathValue("id"), req.Status, req.Disposal, req.Decision, req.Invite, s.Now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}
