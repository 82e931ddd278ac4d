package httpapi

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"orewatch/internal/access"
	"orewatch/internal/applications"
	"orewatch/internal/core"
)

// applicationDeps are what the licence procedure reads and changes.
func (s *server) applicationDeps(st core.Store) applications.Deps {
	return applications.Deps{Store: st, Catalog: s.cat, Lodge: s.lodgeDeps(st), Days: s.Days, Files: s.Files, Now: s.Now}
}

// dataFor is the store the domain routes read and the signed-in user the
// guard put on the request.
func (s *server) dataFor(r *http.Request) (core.Store, *core.User, error) {
	st, err := s.data()
	if err != nil {
		return nil, nil, err
	}
	u, ok := access.UserFrom(r.Context())
	if !ok {
		return nil, nil, core.Errorf(core.EUNAUTHORIZED, "no user")
	}
	return st, u, nil
}

func (s *server) listApplications(w http.ResponseWriter, r *http.Request) error {
	st, u, err := s.dataFor(r)
	if err != nil {
		return err
	}
	var statuses []core.ApplicationStatus
	for _, v := range strings.Split(r.URL.Query().Get("status"), ",") {
		if v = strings.TrimSpace(v); v != "" {
			statuses = append(statuses, core.ApplicationStatus(v))
		}
	}
	as, err := applications.List(r.Context(), st, u, statuses)
	if err != nil {
		return err
	}
	if as == nil {
		as = []*core.LicenceApplication{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"applications": as})
	return nil
}

func decodeForm(r *http.Request) (core.ApplicationForm, int, error) {
	var req struct {
		Revision int `json:"revision"`
		core.ApplicationForm
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req.ApplicationForm, 0, core.FieldErrorf("body", "want the application form as JSON: %v", err)
	}
	return req.ApplicationForm, req.Revision, nil
}

func (s *server) createApplication(w http.ResponseWriter, r *http.Request) error {
	st, u, err := s.dataFor(r)
	if err != nil {
		return err
	}
	f, _, err := decodeForm(r)
	if err != nil {
		return err
	}
	a, err := applications.Create(r.Context(), s.applicationDeps(st), u, f)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/licence-applications/"+a.ID)
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *server) showApplication(w http.ResponseWriter, r *http.Request) error {
	st, u, err := s.dataFor(r)
	if err != nil {
		return err
	}
	v, err := applications.Show(r.Context(), s.applicationDeps(st), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *server) editApplication(w http.ResponseWriter, r *http.Request) error {
	st, u, err := s.dataFor(r)
	if err != nil {
		return err
	}
	f, rev, err := decodeForm(r)
	if err != nil {
		return err
	}
	a, err := applications.Edit(r.Context(), s.applicationDeps(st), u, r.PathValue("id"), rev, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// actOnApplication takes {id}:submit, :accept, :approve and the other
// steps of the procedure; who may take which is the procedure's to say.
func (s *server) actOnApplication(w http.ResponseWriter, r *http.Request) error {
	st, u, err := s.dataFor(r)
	if err != nil {
		return err
	}
	id, name, ok := strings.Cut(r.PathValue("id"), ":")
	if !ok || id == "" {
		return core.Errorf(core.ENOTFOUND, "no such route: POST %s (want /api/v1/licence-applications/{id}:%s)", r.URL.Path, strings.Join(applications.ActionNames, "|:"))
	}
	var x applications.Action
	if r.ContentLength != 0 {
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&x); err != nil && err != io.EOF {
			return core.FieldErrorf("body", "want the step's terms as JSON (note, revision, agencies, agree, uses, valid_from, valid_to, quantities): %v", err)
		}
	}
	x.Name = name
	a, err := applications.Act(r.Context(), s.applicationDeps(st), u, id, x)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *server) attachToApplication(w http.ResponseWriter, r *http.Request) error {
	st, u, err := s.dataFor(r)
	if err != nil {
		return err
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return core.FieldErrorf("file", "send the document as multipart/form-data field \"file\", with its kind in \"kind\"")
	}
	defer f.Close()
	doc, err := applications.Attach(r.Context(), s.applicationDeps(st), u, r.PathValue("id"), r.FormValue("kind"), hdr.Filename, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, doc)
	return nil
}

func (s *server) applicationDocument(w http.ResponseWriter, r *http.Request) error {
	st, u, err := s.dataFor(r)
	if err != nil {
		return err
	}
	doc, f, err := applications.Open(r.Context(), s.applicationDeps(st), u, r.PathValue("id"), r.PathValue("fid"))
	if err != nil {
		return err
	}
	defer f.Close()
	return sendFile(w, doc.Name, doc.Size, f)
}
