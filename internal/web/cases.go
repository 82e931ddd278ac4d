package web

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/casework"
	"orewatch/internal/core"
)

func (s *server) cases(w http.ResponseWriter, r *http.Request, p *page) error {
	o := officer(p)
	cs, err := s.Store.Cases().List(r.Context(), r.URL.Query().Get("status"), o.Province)
	if err != nil {
		return err
	}
	var visible []*core.Case
	for _, c := range cs {
		if casework.CanSee(o, c) {
			visible = append(visible, c)
		}
	}
	p.Title = p.L.T("nav.cases")
	p.Data = map[string]any{"Cases": visible}
	return s.render(w, http.StatusOK, "cases", p)
}

func splitCodes(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
		out = append(out, strings.ToUpper(f))
	}
	return out
}

// shared reads the agencies a note or file is shared with: the boxes
// ticked, or codes typed with commas by a script.
func shared(r *http.Request) []string {
	_ = r.FormValue("share") // parses the form, multipart or not
	return splitCodes(strings.Join(r.Form["share"], ","))
}

// agency is one department an officer may invite to a case.
type agency struct{ Code, Name string }

// agencyChoices are the known agencies, by code.
func agencyChoices() []agency {
	out := make([]agency, 0, len(access.Agencies))
	for code, name := range access.Agencies {
		out = append(out, agency{code, name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// invited reads the agencies a form invites — ticked boxes, or codes
// typed with commas — and refuses one that is not known.
func invited(r *http.Request) ([]string, error) {
	_ = r.FormValue("invite") // parses the form, multipart or not
	var out []string
	for _, v := range r.Form["invite"] {
		for _, code := range splitCodes(v) {
			if _, ok := access.Agencies[code]; !ok {
				codes := make([]string, 0, len(access.Agencies))
				for _, a := range agencyChoices() {
					codes = append(codes, a.Code)
				}
				return nil, core.FieldErrorf("invite", "unknown agency %q (one of %s)", code, strings.Join(codes, ", "))
			}
			if !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
	}
	return out, nil
}

func (s *server) openCase(w http.ResponseWriter, r *http.Request, p *page) error {
	ids, err := s.selectedAlerts(r, p)
	if err != nil {
		return err
	}
	title := strings.TrimSpace(r.FormValue("title"))
	invite, err := invited(r)
	if err != nil {
		return err
	}
	c, err := casework.Open(r.Context(), s.Store, officer(p), title, ids, invite, s.Now())
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(c.ID), http.StatusSeeOther)
	return nil
}

func (s *server) caseView(w http.ResponseWriter, r *http.Request, p *page) error {
	cf, err := s.caseFile(r, p)
	if err != nil {
		return err
	}
	c := cf.Case
	p.Title = c.Title
	p.Data = map[string]any{"Case": c, "Notes": cf.Notes, "Files": cf.Files, "Timeline": cf.Timeline, "Statuses": core.CaseStatuses, "Disposals": core.Disposals,
		"Lead": c.LeadAgency == p.User.Agency || p.User.Role == core.RoleAdmin}
	return s.render(w, http.StatusOK, "case", p)
}

// casePrint is the case file to print or save as PDF from the browser:
// the case, its subjects with their alerts' findings, the notes and
// attachments the reader may see, the decisions and the whole audit trail.
func (s *server) casePrint(w http.ResponseWriter, r *http.Request, p *page) error {
	cf, err := s.caseFile(r, p)
	if err != nil {
		return err
	}
	alerts := s.caseAlerts(r, p, cf.Case)
	p.Title = cf.Case.Title
	p.Data = map[string]any{"Case": cf.Case, "Notes": cf.Notes, "Files": cf.Files, "Timeline": cf.Timeline, "Trail": cf.Trail, "Alerts": alerts,
		"Printed": s.Now(), "Reader": p.User.Name + " (" + p.User.Agency + ")"}
	return s.render(w, http.StatusOK, "caseprint", p)
}

// caseEntry is one line of a case's timeline.
type caseEntry struct {
	At   time.Time
	Who  string
	What string
}

// caseFile is what the case page and the printed file show of a case.
type caseFile struct {
	Case     *core.Case
	Notes    []*core.CaseNote
	Files    []*core.CaseAttachment
	Timeline []caseEntry        // what happened to the case, with who
	Trail    []*core.AuditEntry // every audit row about it, reads included
}

func (s *server) caseFile(r *http.Request, p *page) (*caseFile, error) {
	c, notes, err := casework.Show(r.Context(), s.Store, officer(p), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	files, err := casework.Attachments(r.Context(), s.Store, officer(p), c.ID)
	if err != nil {
		return nil, err
	}
	trail, err := s.Store.Audit().ForObject(r.Context(), c.ID)
	if err != nil {
		return nil, err
	}
	cf := &caseFile{Case: c, Notes: notes, Files: files, Trail: trail}
	// The timeline is the trail's changes, each with its actor: every
	// status change and decision, not only the last. A note or file is
	// named by its kind alone: the reader may not be let see it.
	for _, e := range trail {
		who := e.Actor
		if e.Agency != "" {
			who += " (" + e.Agency + ")"
		}
		var what string
		switch e.Action {
		case "case.open":
			what = p.L.T("case.opened")
		case "case.note":
			what = p.L.T("case.notes")
		case "case.attach":
			what = p.L.T("case.files")
		case "case.update", "case.reopen":
			what = p.L.T(map[bool]string{true: "case.reopen", false: "case.consult"}[e.Action == "case.reopen"])
			if e.Detail != "" {
				what += ": " + e.Detail
			}
		default:
			continue // reads are in the trail, not the timeline
		}
		cf.Timeline = append(cf.Timeline, caseEntry{e.At, who, what})
	}
	if len(cf.Timeline) == 0 { // a case older than its trail
		cf.Timeline = []caseEntry{{c.CreatedAt, c.CreatedBy, p.L.T("case.opened")}}
	}
	sort.SliceStable(cf.Timeline, func(i, j int) bool { return cf.Timeline[i].At.Before(cf.Timeline[j].At) })
	return cf, nil
}

func (s *server) caseNote(w http.ResponseWriter, r *http.Request, p *page) error {
	id := r.PathValue("id")
	if _, err := casework.AddNote(r.Context(), s.Store, officer(p), id, r.FormValue("text"),
		casework.Share{With: shared(r), Private: r.FormValue("private") == "on"}, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(id), http.StatusSeeOther)
	return nil
}

func (s *server) caseUpdate(w http.ResponseWriter, r *http.Request, p *page) error {
	id := r.PathValue("id")
	invite, err := invited(r)
	if err != nil {
		return err
	}
	if _, err := casework.Update(r.Context(), s.Store, officer(p), id, r.FormValue("status"), r.FormValue("disposal"), strings.TrimSpace(r.FormValue("decision")),
		invite, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(id), http.StatusSeeOther)
	return nil
}

func (s *server) caseAttach(w http.ResponseWriter, r *http.Request, p *page) error {
	id := r.PathValue("id")
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return core.FieldErrorf("file", "choose a file")
	}
	defer f.Close()
	if _, err := casework.Attach(r.Context(), s.Store, s.Files, officer(p), id, hdr.Filename, f,
		casework.Share{With: shared(r), Private: r.FormValue("private") == "on"}, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/cases/"+url.PathEscape(id), http.StatusSeeOther)
	return nil
}

func (s *server) caseAttachment(w http.ResponseWriter, r *http.Request, p *page) error {
	a, f, err := casework.OpenAttachment(r.Context(), s.Store, s.Files, officer(p), r.PathValue("id"), r.PathValue("aid"))
	if err != nil {
		return err
	}
	defer f.Close()
	serveAttachment(w, a.Name, a.Size, f)
	return nil
}

// serveAttachment sends a file as a download, never rendered by the
// browser: whatever was uploaded cannot run as a page of this site.
func serveAttachment(w http.ResponseWriter, name string, size int64, f io.Reader) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	io.Copy(w, f)
}
