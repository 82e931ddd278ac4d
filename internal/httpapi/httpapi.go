// Package httpapi is OreWatch's JSON API under /api/v1, plus /healthz and
// /readyz. Handlers are thin: they parse, call the domain packages and
// write JSON; every route is declared once in routes.go with the policy
// that guards it.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"orewatch/internal/lodge"
	"time"

	"orewatch/internal/casework"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/party"
	"orewatch/internal/rules"
	"orewatch/internal/workdays"
)

// Pinger is what readiness needs from the store.
type Pinger interface {
	Ping(ctx context.Context) error
	SchemaVersion(ctx context.Context) (int, error)
}

// Guard decides whether a request may use a route's policy; on success it
// returns the request carrying who made it. internal/access provides it.
type Guard interface {
	Allow(r *http.Request, policy string) (*http.Request, error)
}

// denyAll is the guard when none is configured: nothing gets through.
type denyAll struct{}

func (denyAll) Allow(r *http.Request, _ string) (*http.Request, error) {
	return r, &core.Error{Code: core.EUNAUTHORIZED, Message: "authentication is not configured"}
}

// PartyScreener answers restricted-party screening requests: a
// party.Screener, or a party.Live that follows the store's lists.
type PartyScreener interface {
	Handle(req party.Request, today core.Date, countries party.CountryResolver) (party.Response, error)
}

// Deps are what the handlers use.
type Deps struct {
	Catalog *catalog.Catalog
	// Catalogs, when set, is the catalogue in force as packs are applied
	// (on this node or another); Catalog and Lists are then unused.
	Catalogs *catalog.Live
	// CatalogChanged, when set, is called after a pack is applied here:
	// the screening lists and the live detectors follow at once.
	CatalogChanged func(context.Context)
	Parties        PartyScreener
	// Lists are the shipped restricted-party lists, for the party graph.
	Lists     []*core.ListEntry
	EPCIS     *epcis.Validator
	Countries catalog.CountryResolver
	Store     Pinger
	// Data is the store the domain routes read; nil disables them.
	Data core.Store
	// Detectors judge lodged declarations in Data with the smuggling
	// detectors; nil leaves lodging the rule checks alone.
	Detectors lodge.Detectors
	// Changed, when set, is told that reference data the detectors read
	// (parties, links) changed through the API.
	Changed func()
	// Queue, when set, takes EPCIS captures to the workers (orewatch
	// worker over NATS JetStream): a capture is stored as a job and
	// answered 202. Nil captures in the request, as a single node does.
	Queue   Queue
	Guard   Guard
	Logger  *slog.Logger
	Now     func() time.Time
	Version string
	// SchemaVersion is the newest migration this binary knows.
	SchemaVersion int
	// Files keeps case attachments and licence applications' documents.
	Files casework.Files
	// Days are China's working days, for the licence procedure's clock
	// (the shipped calendar when nil).
	Days *workdays.Calendar
	// Rules are the analyst rules in force (the store's newest); nil when
	// the server runs none.
	Rules *rules.Shared
	// ListsNow are the restricted-party lists in force (shipped and the
	// store's) for screening declarations; nil means the shipped Lists.
	ListsNow func() []*core.ListEntry
	// ScreenerNow, with ListsNow, is the party screener over those lists,
	// indexed once for every request.
	ScreenerNow func() *party.Screener
	// Metrics count requests and lodgings; NewHandler makes its own when
	// nil.
	Metrics *Metrics
}

// NewHandler returns the API handler.
func NewHandler(d Deps) http.Handler {
	if d.Guard == nil {
		d.Guard = denyAll{}
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Metrics == nil {
		d.Metrics = NewMetrics()
	}
	if d.Days == nil {
		// The calendar is embedded and checked by its tests: a failure
		// here is a broken build, and the procedure's clock is left out.
		d.Days, _ = workdays.Load()
	}
	s := &server{Deps: d}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, d.Metrics.observe(rt, s.wrap(rt)))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, s.Logger, &core.Error{Code: core.ENOTFOUND, Message: "no such route: " + r.Method + " " + r.URL.Path})
	})
	return securityHeaders(mux)
}

type server struct{ Deps }

// apiFunc is a handler that returns its error for one adapter to render.
type apiFunc func(w http.ResponseWriter, r *http.Request) error

// wrap applies the route's policy, limits the body and renders errors.
func (s *server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := rt.MaxBody
		if limit == 0 {
			limit = maxBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if !rt.Public {
			var err error
			if r, err = s.Guard.Allow(r, rt.Policy); err != nil {
				writeError(w, r, s.Logger, err)
				return
			}
		}
		if err := rt.handler(w, r); err != nil {
			writeError(w, r, s.Logger, err)
		}
	})
}

// Queue hands stored jobs to workers (bus.Bus).
type Queue interface {
	Publish(ctx context.Context, queue, id string) error
	Ready(ctx context.Context) error
}

// maxBody bounds request bodies; uploads get their own larger limit.
const maxBody = 1 << 20

// statusOf maps core error codes to HTTP statuses: one of the two places
// where errors are translated.
func statusOf(code string) int {
	switch code {
	case core.EINVALID:
		return http.StatusBadRequest
	case core.ENOTFOUND:
		return http.StatusNotFound
	case core.ECONFLICT:
		return http.StatusConflict
	case core.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case core.EFORBIDDEN:
		return http.StatusForbidden
	case core.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case core.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// problem is an error as RFC 9457 problem details (application/
// problem+json): type, title, status and detail, with the error object
// earlier clients read kept as an extension member, and the problems at
// JSON pointers where a body could not be read.
type problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail"`
	Instance string       `json:"instance,omitempty"`
	Error    problemError `json:"error"`
	// Problems are a body's problems at JSON pointers (lodge.Problem,
	// or epcis.Problem with its event's index).
	Problems any `json:"problems,omitempty"`
}

type problemError struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Field    string `json:"field,omitempty"`
	Problems any    `json:"problems,omitempty"`
}

// problemType names each error code's problem type; the URIs identify
// and are documented in the OpenAPI document, they are not fetched.
func problemType(code string) string { return "urn:orewatch:problem:" + code }

func newProblem(r *http.Request, code, message, field string) problem {
	status := statusOf(code)
	p := problem{Type: problemType(code), Title: http.StatusText(status), Status: status, Detail: message,
		Error: problemError{Code: code, Message: message, Field: field}}
	if r != nil {
		p.Instance = r.URL.Path
	}
	return p
}

func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := core.ErrorCode(err)
	message, field := core.ErrorMessage(err), ""
	var ce *core.Error
	if errors.As(err, &ce) {
		field, message = ce.Field, ce.Message
	}
	if code == core.EINTERNAL {
		log.Error("request failed", "err", err) // details stay in the operator log
	}
	writeProblem(w, newProblem(r, code, message, field))
}

func writeProblem(w http.ResponseWriter, p problem) {
	b, err := json.Marshal(p)
	if err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	if p.Status == http.StatusServiceUnavailable {
		// The store restarting, a server at its limit: worth a retry soon.
		w.Header().Set("Retry-After", "2")
	}
	w.WriteHeader(p.Status)
	_, _ = w.Write(append(b, '\n'))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// cat is the catalogue in force for this request.
func (s *server) cat() *catalog.Catalog { return s.Catalogs.CatalogOr(s.Catalog) }

// lists are the shipped restricted-party lists with the packs' changes.
func (s *server) lists() []*core.ListEntry { return s.Catalogs.ListsOr(s.Lists) }
