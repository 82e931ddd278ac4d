// Package web is the officers' user interface: server-rendered pages
// (html/template) and static files embedded in the binary, behind the same
// policies as the API, with browser sessions, CSRF tokens on every form and
// sign-in throttling.
package web

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/analysis"
	"orewatch/internal/applications"
	"orewatch/internal/audit"
	"orewatch/internal/bundle"
	"orewatch/internal/casework"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/filings"
	"orewatch/internal/geo"
	"orewatch/internal/ingest"
	"orewatch/internal/lodge"
	"orewatch/internal/party"
	"orewatch/internal/report"
	"orewatch/internal/risk"
	"orewatch/internal/workdays"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Deps are what the pages read and change.
type Deps struct {
	Store   core.Store
	Guard   access.Guard
	Catalog *catalog.Catalog
	// Catalogs, when set, is the catalogue in force as packs are applied
	// (on this node or another); Catalog and Lists are then unused.
	Catalogs *catalog.Live
	// CatalogChanged, when set, is called after a pack is applied here:
	// the screening lists and the live detectors follow at once.
	CatalogChanged func(context.Context)
	Lists          []*core.ListEntry
	// ListsNow, when set, gives the lists in force now — the shipped ones
	// and the store's — for the self-check; Lists otherwise.
	ListsNow func() []*core.ListEntry
	Risk     *risk.Reference
	Logger   *slog.Logger
	Now      func() time.Time
	// SetupHash is the SHA-256 of the one-time setup secret printed when
	// no user exists yet; empty when there is none.
	SetupHash string
	// Files keeps case attachments and licence applications' documents.
	Files casework.Files
	// ScreenerNow is the party screener over ListsNow, indexed once for
	// every request; without it a page builds its own.
	ScreenerNow func() *party.Screener
	// Days are China's working days (the shipped calendar when nil).
	Days *workdays.Calendar
	// EPCIS validates the documents enterprises upload with their reports.
	EPCIS *epcis.Validator
	// PDFFont is the font file case files are written in as PDF (empty:
	// the first Chinese font found in the usual places).
	PDFFont string
	// ResultsDir keeps the result files of analyses run from the import
	// page, one folder each, for download.
	ResultsDir string
	// UploadDir holds uploaded bundles while they are analysed; what a
	// stopped server left there is removed at start.
	UploadDir string
	// Limits bound an uploaded bundle; its size is bounded by their total.
	Limits bundle.Limits
	// OIDC is single sign-on; nil when not configured.
	OIDC *OIDC
	// Analyze imports and analyses an uploaded bundle (the import page),
	// reporting progress per table.
	Analyze func(ctx context.Context, who audit.Actor, path string, progress ingest.Progress) (*analysis.Result, error)
	// Workers, when set, takes uploads for the workers (NATS JetStream):
	// the bundle is stored and its job published on uploads.Queue, and
	// results are read back from the store. Nil: this server analyses
	// what it takes.
	Workers Publisher
}

// Publisher publishes a job's id on a work queue (internal/bus).
type Publisher interface {
	Publish(ctx context.Context, queue, id string) error
}

// Route is one page or form target.
type Route struct {
	Method, Pattern string
	Public          bool
	Policy          string
	// MaxBody bounds the request's body; zero means maxForm.
	MaxBody int64
	handler func(w http.ResponseWriter, r *http.Request, p *page) error
}

type server struct {
	Deps
	tmpl map[string]*template.Template
	// throttle limits failures per user name (5 a quarter hour), and
	// ipThrottle per client address (50): one office behind one address
	// must not lock out its colleagues, a spray of names must stop.
	throttle, ipThrottle *access.Throttle
	setup                *setupOnce
	// analyses lets one uploaded bundle be analysed at a time: each holds
	// its bundle and results in memory, and five at once would hold five.
	analyses chan struct{}
	// pdfFont is the font case files are written in as PDF, found and
	// read once.
	pdfFont func() (*report.Font, error)
}

// setupOnce remembers that the setup link was used (requests race).
type setupOnce struct {
	mu   sync.Mutex
	used bool
}

// claim takes the link for one request; release gives it back when that
// request failed.
func (o *setupOnce) claim() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.used {
		return false
	}
	o.used = true
	return true
}

func (o *setupOnce) release() {
	o.mu.Lock()
	o.used = false
	o.mu.Unlock()
}

func (o *setupOnce) isUsed() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.used
}

// page is what every template receives.
type page struct {
	L     Lang
	User  *core.User
	CSRF  string
	Path  string
	URI   string // path and query, where the language switch returns to
	Title string
	Flash string
	Error string
	Data  any
	Nav   []navItem
	// Refresh reloads the page after this many seconds (import progress):
	// a meta refresh, so no script is needed.
	Refresh int
	// Lapsed are suspensions that ended lately: their rules apply again,
	// and every page says so until a later measure is recorded.
	Lapsed []catalog.Event
}

type navItem struct {
	Href, Label string
	Active      bool
}

// NewHandler builds the UI.
func NewHandler(d Deps) (http.Handler, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if err := clearUploads(d.UploadDir); err != nil {
		return nil, fmt.Errorf("clear uploads: %w", err)
	}
	s := &server{Deps: d, tmpl: map[string]*template.Template{}, throttle: access.NewThrottle(d.Now), ipThrottle: access.NewThrottle(d.Now), setup: &setupOnce{},
		analyses: make(chan struct{}, 1), pdfFont: sync.OnceValues(func() (*report.Font, error) { return report.FindFont(d.PDFFont) })}
	s.ipThrottle.Max = 50
	if d.Store != nil {
		// Every server of one database counts the same failures.
		s.throttle.Shared, s.ipThrottle.Shared = d.Store.SignIns(), d.Store.SignIns()
	}
	if s.Days == nil {
		// Embedded and checked by its tests; without it the licence
		// procedure's clock is left out.
		s.Days, _ = workdays.Load()
	}
	// Made now, beside the start-up, so that the first unknown name at
	// sign-in takes no longer than the ones after it.
	go dummyHash()
	funcs := template.FuncMap{
		"json": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
		"pretty": func(s string) string {
			var v any
			if json.Unmarshal([]byte(s), &v) != nil {
				return s
			}
			b, _ := json.MarshalIndent(v, "", "  ")
			return string(b)
		},
		"channel": func(score int) string {
			switch {
			case score >= 90:
				return "red"
			case score >= 50:
				return "yellow"
			}
			return "green"
		},
		"date": stamp,
		// num writes a count with thousands separators (12,345), as both
		// languages write them.
		"num": func(n int) string { return groupDigits(strconv.Itoa(n)) },
		// can says whether the user may use a policy, so a page offers only
		// the actions that would not answer 403.
		"can":        func(u *core.User, policy string) bool { return u != nil && access.Allowed(u.Role, policy) },
		"agencies":   agencyChoices,
		"agencyName": agencyName,
		"place": func(code string, l Lang) string {
			return geo.MustDefault().Place(code, l.Zh())
		},
		"list":       func(xs ...string) []string { return xs },
		"inc":        func(i int) int { return i + 1 },
		"itemFields": func() []string { return itemFields },
		"field":      formField,
	}
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", p)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		s.tmpl[name] = t
	}
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(static)
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheForever(files)))
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
	for _, rt := range s.routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	return securityHeaders(mux), nil
}

// Routes lists the UI's pages and form targets, for the route tests.
func Routes() []Route { return (&server{}).routes() }

func (s *server) routes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/login", Public: true, handler: s.loginPage},
		{Method: "POST", Pattern: "/login", Public: true, handler: s.login},
		{Method: "GET", Pattern: "/setup", Public: true, handler: s.setupPage},
		{Method: "POST", Pattern: "/setup", Public: true, handler: s.setupSubmit},
		{Method: "GET", Pattern: "/lang", Public: true, handler: s.switchLang},
		{Method: "GET", Pattern: "/oidc/start", Public: true, handler: s.oidcStart},
		{Method: "GET", Pattern: "/oidc/callback", Public: true, handler: s.oidcCallback},
		{Method: "POST", Pattern: "/logout", Policy: "system.read", handler: s.logout},
		{Method: "GET", Pattern: "/{$}", Policy: "system.read", handler: s.home},
		{Method: "GET", Pattern: "/dashboard", Policy: "alerts.read", handler: s.dashboard},
		{Method: "GET", Pattern: "/search", Policy: "alerts.read", handler: s.search},
		{Method: "GET", Pattern: "/alerts", Policy: "alerts.read", handler: s.alerts},
		{Method: "GET", Pattern: "/alerts/stream", Policy: "alerts.read", handler: s.alertStream},
		{Method: "GET", Pattern: "/alerts/export", Policy: "alerts.read", handler: s.exportAlerts},
		{Method: "POST", Pattern: "/alerts/filters", Policy: "alerts.read", handler: s.saveFilter},
		{Method: "POST", Pattern: "/alerts/filters/delete", Policy: "alerts.read", handler: s.deleteFilter},
		{Method: "GET", Pattern: "/selfcheck", Policy: "declarations.screen", handler: s.selfCheck},
		{Method: "POST", Pattern: "/selfcheck", Policy: "declarations.screen", MaxBody: lodge.MaxItemsFile + 1<<20, handler: s.selfCheck},
		{Method: "GET", Pattern: "/applications", Policy: "applications.read", handler: s.applicationList},
		{Method: "GET", Pattern: "/applications/new", Policy: "applications.apply", handler: s.newApplication},
		{Method: "POST", Pattern: "/applications", Policy: "applications.apply", handler: s.createApplication},
		{Method: "GET", Pattern: "/applications/{id}", Policy: "applications.read", handler: s.application},
		{Method: "POST", Pattern: "/applications/{id}", Policy: "applications.apply", handler: s.editApplication},
		{Method: "POST", Pattern: "/applications/{id}/act", Policy: "applications.act", handler: s.actOnApplication},
		{Method: "POST", Pattern: "/applications/{id}/documents", Policy: "applications.act", MaxBody: applications.MaxFile + 1<<20, handler: s.attachToApplication},
		{Method: "GET", Pattern: "/applications/{id}/documents/{fid}", Policy: "applications.read", handler: s.applicationDocument},
		{Method: "GET", Pattern: "/reports", Policy: "reports.read", handler: s.reports},
		{Method: "POST", Pattern: "/reports", Policy: "reports.file", MaxBody: filings.MaxFile + 1<<20, handler: s.fileReports},
		{Method: "POST", Pattern: "/reports/events", Policy: "events.capture", MaxBody: maxEPCIS + 1<<20, handler: s.captureEvents},
		{Method: "GET", Pattern: "/alerts/{id}", Policy: "alerts.read", handler: s.alert},
		{Method: "POST", Pattern: "/alerts/triage", Policy: "alerts.triage", handler: s.triage},
		{Method: "GET", Pattern: "/declarations", Policy: "alerts.read", handler: s.declarations},
		{Method: "GET", Pattern: "/declarations/{no}", Policy: "alerts.read", handler: s.declaration},
		{Method: "GET", Pattern: "/enterprises", Policy: "ledger.read", handler: s.enterprises},
		{Method: "GET", Pattern: "/enterprises/{uscc}", Policy: "ledger.read", handler: s.enterprise},
		{Method: "GET", Pattern: "/cases", Policy: "cases.read", handler: s.cases},
		{Method: "POST", Pattern: "/cases", Policy: "cases.write", handler: s.openCase},
		{Method: "GET", Pattern: "/cases/{id}", Policy: "cases.read", handler: s.caseView},
		{Method: "GET", Pattern: "/cases/{id}/print", Policy: "cases.read", handler: s.casePrint},
		{Method: "GET", Pattern: "/cases/{id}/file.pdf", Policy: "cases.read", handler: s.casePDF},
		{Method: "POST", Pattern: "/cases/{id}/notes", Policy: "cases.write", handler: s.caseNote},
		{Method: "POST", Pattern: "/cases/{id}/attachments", Policy: "cases.write", MaxBody: casework.MaxAttachment + 1<<20, handler: s.caseAttach},
		{Method: "POST", Pattern: "/cases/{id}/update", Policy: "cases.write", handler: s.caseUpdate},
		{Method: "GET", Pattern: "/cases/{id}/attachments/{aid}", Policy: "cases.read", handler: s.caseAttachment},
		{Method: "GET", Pattern: "/catalog", Policy: "catalog.read", handler: s.catalog},
		{Method: "GET", Pattern: "/catalog/calendar", Policy: "catalog.read", handler: s.catalogCalendar},
		{Method: "GET", Pattern: "/catalog/packs", Policy: "catalog.read", handler: s.catalogPacks},
		{Method: "POST", Pattern: "/catalog/packs", Policy: "catalog.admin", MaxBody: catalog.MaxPackBytes + 1<<20, handler: s.applyPack},
		{Method: "GET", Pattern: "/network", Policy: "network.read", handler: s.network},
		{Method: "GET", Pattern: "/licences", Policy: "ledger.read", handler: s.licences},
		{Method: "GET", Pattern: "/trace", Policy: "events.read", handler: s.traceLot},
		{Method: "GET", Pattern: "/flows", Policy: "events.read", handler: s.flows},
		{Method: "GET", Pattern: "/import", Policy: "bundles.import", handler: s.importPage},
		{Method: "POST", Pattern: "/import", Policy: "bundles.import", MaxBody: s.maxUpload(), handler: s.importBundle},
		{Method: "GET", Pattern: "/import/results/{id}/{file}", Policy: "bundles.import", handler: s.importResult},
		{Method: "GET", Pattern: "/import/jobs/{id}", Policy: "bundles.import", handler: s.importJob},
	}
}

// wrap authenticates the session, checks the route's policy and, for
// forms, the CSRF token and origin; errors become pages.
func (s *server) wrap(rt Route) http.Handler {
	limit := rt.MaxBody
	if limit == 0 {
		limit = maxForm
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		p := &page{L: langOf(r), Path: r.URL.Path, URI: r.URL.RequestURI()}
		if !rt.Public {
			u, secret, err := s.Guard.SessionUser(r)
			if err != nil {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			p.User, p.CSRF = u, access.CSRFToken(secret)
			r = r.WithContext(access.WithUser(r.Context(), u))
			if r.Method == http.MethodPost {
				if err := checkForm(r, secret); err != nil {
					s.fail(w, r, p, err)
					return
				}
			}
			if !access.Allowed(u.Role, rt.Policy) {
				s.fail(w, r, p, &core.Error{Code: core.EFORBIDDEN, Message: p.L.T("forbidden")})
				return
			}
			p.Nav = s.nav(u, r.URL.Path, p.L)
			if s.cat() != nil {
				p.Lapsed = s.cat().Lapsed(core.DateOf(s.Now()), lapsedDays)
			}
		}
		if err := rt.handler(w, r, p); err != nil {
			s.fail(w, r, p, err)
		}
	})
}

// lapsedDays is how long after a suspension ends every page warns of it.
const lapsedDays = 90

// maxForm bounds a form without a file.
const maxForm = 1 << 20

func checkForm(r *http.Request, secret string) error {
	if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r) {
		return &core.Error{Code: core.EFORBIDDEN, Message: "cross-origin form refused"}
	}
	// Files past 32 MiB wait on disk, not in memory.
	if err := r.ParseMultipartForm(32 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &core.Error{Code: core.ETOOLARGE, Field: "form", Message: fmt.Sprintf("the upload is larger than %d bytes", mbe.Limit)}
		}
		return core.FieldErrorf("form", "%v", err)
	}
	if !access.CheckCSRF(secret, r.FormValue("csrf")) {
		return &core.Error{Code: core.EFORBIDDEN, Message: "the form's CSRF token is missing or wrong: reload the page"}
	}
	return nil
}

func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

func (s *server) nav(u *core.User, path string, l Lang) []navItem {
	var out []navItem
	for _, n := range []struct{ href, key, policy string }{
		{"/dashboard", "nav.dashboard", "alerts.read"}, {"/alerts", "nav.alerts", "alerts.read"}, {"/declarations", "nav.declarations", "alerts.read"}, {"/enterprises", "nav.enterprises", "ledger.read"}, {"/cases", "nav.cases", "cases.read"},
		{"/flows", "nav.flows", "events.read"}, {"/trace", "nav.trace", "events.read"}, {"/licences", "nav.licences", "ledger.read"},
		{"/catalog", "nav.catalog", "catalog.read"}, {"/selfcheck", "nav.selfcheck", "declarations.screen"}, {"/applications", "nav.applications", "applications.read"}, {"/reports", "nav.reports", "reports.read"}, {"/network", "nav.network", "network.read"}, {"/import", "nav.import", "bundles.import"},
	} {
		if access.Allowed(u.Role, n.policy) {
			out = append(out, navItem{Href: n.href, Label: l.T(n.key), Active: strings.HasPrefix(path, n.href)})
		}
	}
	return out
}

func (s *server) render(w http.ResponseWriter, status int, name string, p *page) error {
	t, ok := s.tmpl[name]
	if !ok {
		return fmt.Errorf("no template %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// fail renders an error page with the status the error's code calls for;
// internal errors are logged and shown without their detail.
func (s *server) fail(w http.ResponseWriter, r *http.Request, p *page, err error) {
	status := http.StatusInternalServerError
	msg := p.L.T("error")
	switch core.ErrorCode(err) {
	case core.EINVALID:
		status, msg = http.StatusBadRequest, err.Error()
	case core.ENOTFOUND:
		status, msg = http.StatusNotFound, p.L.T("notfound")
	case core.EFORBIDDEN:
		status, msg = http.StatusForbidden, core.ErrorMessage(err)
	case core.EUNAUTHORIZED:
		status, msg = http.StatusUnauthorized, core.ErrorMessage(err)
	case core.ECONFLICT:
		status, msg = http.StatusConflict, core.ErrorMessage(err)
	case core.ETOOLARGE:
		status, msg = http.StatusRequestEntityTooLarge, p.L.T("toolarge")+" "+core.ErrorMessage(err)
	default:
		s.Logger.Error("page failed", "path", r.URL.Path, "err", err)
	}
	p.Title, p.Error = msg, msg
	if rerr := s.render(w, status, "error", p); rerr != nil {
		http.Error(w, msg, status)
	}
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}

func cacheForever(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}

// setSession writes the session cookie: HttpOnly, SameSite=Strict, and
// Secure unless the request came over plain HTTP to a loopback address
// (development).
func setSession(w http.ResponseWriter, r *http.Request, secret string, exp time.Time) {
	http.SetCookie(w, &http.Cookie{Name: access.SessionCookie, Value: secret, Path: "/", Expires: exp, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || !isLoopback(r.Host)})
}

func isLoopback(host string) bool {
	h := host
	if i := strings.LastIndex(h, ":"); i > 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	h = strings.Trim(h, "[]")
	return h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.")
}

// CheckSetup compares a setup secret with the printed one's hash
// (access.HashToken form).
func CheckSetup(hash, secret string) bool {
	return hash != "" && secret != "" && subtle.ConstantTimeCompare([]byte(access.HashToken(secret)), []byte(hash)) == 1
}

// groupDigits puts a comma between each three digits of an integer's
// text, keeping its sign.
func groupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// cat is the catalogue in force for this request.
func (s *server) cat() *catalog.Catalog { return s.Catalogs.CatalogOr(s.Catalog) }

// lists are the shipped restricted-party lists with the packs' changes.
func (s *server) lists() []*core.ListEntry { return s.Catalogs.ListsOr(s.Lists) }

// listsNow gives the lists in force now: the shipped ones and the
// store's when the server follows them, the shipped ones otherwise.
func (s *server) listsNow() func() []*core.ListEntry {
	if s.ListsNow != nil {
		return s.ListsNow
	}
	return s.lists
}
