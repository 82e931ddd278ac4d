package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/bundle"
	"orewatch/internal/core"
	"orewatch/internal/uploads"
)

// defaultMaxUpload bounds an uploaded bundle when no limit is configured.
const defaultMaxUpload = 1 << 30

// maxUpload is the largest bundle the import page takes: a packed bundle
// is never larger than all its files unpacked.
func (s *server) maxUpload() int64 {
	if s.Limits.TotalBytes > 0 {
		return s.Limits.TotalBytes + 1<<20 // the form around it
	}
	return defaultMaxUpload
}

func (s *server) importPage(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.L.T("nav.import")
	return s.render(w, http.StatusOK, "import", p)
}

// uploadDir is where uploads wait for their analysis.
func (s *server) uploadDir() string {
	if s.UploadDir != "" {
		return s.UploadDir
	}
	return os.TempDir()
}

// clearUploads removes what a server that stopped mid-import left behind.
func clearUploads(dir string) error {
	if dir == "" {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "orewatch-upload-") {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *server) importBundle(w http.ResponseWriter, r *http.Request, p *page) error {
	f, hdr, err := r.FormFile("bundle")
	if err != nil {
		return core.FieldErrorf("bundle", "choose a .zip or .xlsx bundle")
	}
	defer f.Close()
	ext := strings.ToLower(filepath.Ext(hdr.Filename))
	if ext != ".zip" && ext != ".xlsx" {
		return core.FieldErrorf("bundle", "a bundle is a .zip or .xlsx file, not %q", ext)
	}
	if err := os.MkdirAll(s.uploadDir(), 0o700); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(s.uploadDir(), "orewatch-upload-")
	if err != nil {
		return err
	}
	// The uploaded name never becomes a path: the file is saved under a
	// fixed name with only its checked extension.
	path := filepath.Join(dir, "bundle"+ext)
	err = saveUpload(path, f)
	if err == nil {
		// What the headers give away is refused now, with the request;
		// what only reading shows ends the job with the same error.
		err = bundle.CheckArchive(path, s.Limits)
	}
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	if s.Store == nil {
		os.RemoveAll(dir)
		return core.Errorf(core.EUNAVAILABLE, "this server has no store to import into")
	}
	if s.Workers != nil {
		return s.enqueueUpload(w, r, p, dir, path, hdr.Filename)
	}
	j, err := uploads.Start(r.Context(), s.Store, p.User.ID, hdr.Filename, core.UploadQueued, s.Now)
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	who := actor(p)
	owner := resultOwner{UserID: p.User.ID, User: p.User.Name, Agency: p.User.Agency, Province: p.User.Province}
	// The analysis outlives the request: the officer watches its progress
	// on the job's page.
	go func() {
		defer os.RemoveAll(dir)
		s.analyses <- struct{}{}
		j.Running()
		defer func() { <-s.analyses }()
		res, err := s.Analyze(context.Background(), who, path, j.Progress)
		var resultID string
		if err == nil && s.ResultsDir != "" {
			resultID = strings.ReplaceAll(access.NewID(), "-", "")
			err = writeResults(filepath.Join(s.ResultsDir, resultID), owner, res.WriteDir)
		}
		if err != nil {
			s.Logger.Error("import from the web UI failed", "file", hdr.Filename, "err", err)
		}
		j.Finish(res, resultID, err)
	}()
	http.Redirect(w, r, "/import/jobs/"+j.ID(), http.StatusSeeOther)
	return nil
}

// enqueueUpload hands an upload to the workers: its bundle into the store,
// its job published. The job is what is durable; publishing is bounded,
// and a job not published is published again by the workers' sweep.
func (s *server) enqueueUpload(w http.ResponseWriter, r *http.Request, p *page, dir, path, name string) error {
	defer os.RemoveAll(dir)
	j, err := uploads.Enqueue(r.Context(), s.Store, p.User.ID, name, path, s.Now)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.Workers.Publish(ctx, uploads.Queue, j.ID()); err != nil {
		s.Logger.Warn("upload job stored but not published; the workers' sweep will", "id", j.ID(), "err", err)
	}
	http.Redirect(w, r, "/import/jobs/"+j.ID(), http.StatusSeeOther)
	return nil
}

func saveUpload(path string, f io.Reader) error {
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, f)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// resultOwner is who ran an analysis: only they (and administrators) may
// download its files, which hold everything the bundle held.
type resultOwner struct {
	UserID   string `json:"user_id"`
	User     string `json:"user"`
	Agency   string `json:"agency"`
	Province string `json:"province,omitempty"`
}

// ownerFile sits beside the results; a folder without one is nobody's and
// is served to administrators only.
const ownerFile = "owner.json"

// writeResults writes the owner first, so that no file of the results is
// ever on disk without the owner that guards it.
func writeResults(dir string, owner resultOwner, write func(dir string) error) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.Marshal(owner)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), b, 0o600); err != nil {
		return err
	}
	return write(dir)
}

func readOwner(dir string) (resultOwner, bool) {
	b, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		return resultOwner{}, false
	}
	var o resultOwner
	if json.Unmarshal(b, &o) != nil || o.UserID == "" {
		return resultOwner{}, false
	}
	return o, true
}

// mayRead reports whether u may see what owner ran. Another officer's
// import answers as if it did not exist.
func mayRead(u *core.User, ownerID string) bool {
	return u.Role == core.RoleAdmin || (ownerID != "" && u.ID == ownerID)
}

func (s *server) importJob(w http.ResponseWriter, r *http.Request, p *page) error {
	if s.Store == nil {
		return core.Errorf(core.ENOTFOUND, "no such import")
	}
	row, err := s.Store.UploadJobs().Get(r.Context(), r.PathValue("id"))
	if core.ErrorCode(err) == core.ENOTFOUND || (err == nil && !mayRead(p.User, row.Owner)) {
		return core.Errorf(core.ENOTFOUND, "no such import")
	}
	if err != nil {
		return err
	}
	v := viewOf(row, s.Now())
	p.Title = p.L.T("nav.import") + ": " + v.Name
	if !v.Finished {
		p.Refresh = 1
		p.Data = v
		return s.render(w, http.StatusOK, "importjob", p)
	}
	if v.Err != "" {
		p.Error = v.Err
		p.Data = v
		status := http.StatusOK
		switch v.Code {
		case core.ETOOLARGE:
			status = http.StatusRequestEntityTooLarge
			p.Error = p.L.T("toolarge") + " " + v.Err
		case core.EINVALID:
			status = http.StatusBadRequest
		}
		return s.render(w, status, "importjob", p)
	}
	p.Title = p.L.T("import.done")
	p.Data = map[string]any{"Summary": v.Summary, "Rejected": v.Rejected, "AllRejected": v.AllRejected, "Took": v.Took, "Name": v.Name,
		"ResultID": v.ResultID, "ResultFiles": uploads.ResultFiles}
	return s.render(w, http.StatusOK, "imported", p)
}

var resultIDRe = regexp.MustCompile(`^[0-9a-f]{16,64}$`)

func (s *server) importResult(w http.ResponseWriter, r *http.Request, p *page) error {
	id, name := r.PathValue("id"), r.PathValue("file")
	if !resultIDRe.MatchString(id) || !slices.Contains(uploads.ResultFiles, name) {
		return core.Errorf(core.ENOTFOUND, "no such result")
	}
	var f io.ReadCloser
	if s.ResultsDir != "" {
		dir := filepath.Join(s.ResultsDir, id)
		if owner, ok := readOwner(dir); ok {
			if !mayRead(p.User, owner.UserID) {
				return core.Errorf(core.ENOTFOUND, "no such result")
			}
			if f, _ = os.Open(filepath.Join(dir, name)); f == nil {
				return core.Errorf(core.ENOTFOUND, "no such result")
			}
		}
	}
	if f == nil && s.Store != nil {
		// A worker's analysis: its results are in the store, under the job.
		row, sf, err := uploads.OpenResult(r.Context(), s.Store, id, name)
		if core.ErrorCode(err) == core.ENOTFOUND {
			return core.Errorf(core.ENOTFOUND, "no such result")
		}
		if err != nil {
			return err
		}
		if !mayRead(p.User, row.Owner) {
			sf.Close()
			return core.Errorf(core.ENOTFOUND, "no such result")
		}
		f = sf
	}
	if f == nil {
		return core.Errorf(core.ENOTFOUND, "no such result")
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", "attachment; filename="+name)
	w.Header().Set("Cache-Control", "no-store")
	_, err := io.Copy(w, f)
	return err
}
