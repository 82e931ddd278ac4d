package httpapi

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

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
	// Private keeps the note within the author's agency and share_with.
	Private bool `json:"private"`
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
	n, err := casework.AddNote(r.Context(), st, officer(r), r.PathValue("id"), req.Text, casework.Share{With: req.ShareWith, Private: req.Private}, s.Now())
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

func (s *server) caseAttachments(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	as, err := casework.Attachments(r.Context(), st, officer(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"attachments": as})
	return nil
}

// caseAttach takes a multipart form: file, and optionally share (agency
// codes, comma separated).
func (s *server) caseAttach(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return core.FieldErrorf("file", "send the file as multipart/form-data field \"file\"")
	}
	defer f.Close()
	var share []string
	for _, a := range strings.Split(r.FormValue("share"), ",") {
		if a = strings.ToUpper(strings.TrimSpace(a)); a != "" {
			share = append(share, a)
		}
	}
	a, err := casework.Attach(r.Context(), st, s.Files, officer(r), r.PathValue("id"), hdr.Filename, f,
		casework.Share{With: share, Private: r.FormValue("private") == "true"}, s.Now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *server) caseAttachment(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	a, f, err := casework.OpenAttachment(r.Context(), st, s.Files, officer(r), r.PathValue("id"), r.PathValue("aid"))
	if err != nil {
		return err
	}
	defer f.Close()
	return sendFile(w, a.Name, a.Size, f)
}

// sendFile sends an uploaded file as a download, never rendered by the
// browser and never cached.
func sendFile(w http.ResponseWriter, name string, size int64, f io.Reader) error {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err := io.Copy(w, f)
	return err
}
