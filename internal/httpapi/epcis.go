package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/audit"
	"orewatch/internal/core"
	"orewatch/internal/epcis"
	"orewatch/internal/ledger"
	"orewatch/internal/trace"
)

// epcisCapture takes an EPCISDocument as the EPCIS 2.0 REST binding's
// capture interface does, but answers synchronously: 201 with what was
// stored, or 400 with every problem located by JSON pointer.
func (s *server) epcisCapture(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	if s.EPCIS == nil {
		return core.Errorf(core.EINTERNAL, "EPCIS validation is not configured")
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.Contains(ct, "json") {
		return core.Errorf(core.EINVALID, "Content-Type %q: send application/json or application/ld+json", ct)
	}
	doc, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return core.Errorf(core.EINVALID, "document larger than %d bytes: split it into several captures", mbe.Limit)
		}
		return core.Errorf(core.EINVALID, "read the request body: %v", err)
	}
	if own := access.EnterpriseScope(r.Context()); own != "" {
		if evs, err := epcis.Parse(doc); err == nil {
			if err := trace.OwnSites(evs, own); err != nil {
				return err
			}
		}
	}
	if s.Queue != nil {
		return s.acceptCapture(w, r, st, doc)
	}
	res, err := epcis.Capture(r.Context(), st, s.EPCIS, doc, s.Now(), actorOf(r))
	if invalidEPCIS(w, r, err) {
		return nil
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/epcis/events?captureID="+res.CaptureID)
	writeJSON(w, http.StatusCreated, res)
	return nil
}

// invalidEPCIS answers a document refused by the schema with its
// problems, and says whether err was that.
func invalidEPCIS(w http.ResponseWriter, r *http.Request, err error) bool {
	var inv *epcis.ErrInvalid
	if !errors.As(err, &inv) {
		return false
	}
	p := newProblem(r, core.EINVALID, "the document does not conform to the EPCIS 2.0 schema", "")
	p.Problems, p.Error.Problems = inv.Problems, inv.Problems
	writeProblem(w, p)
	return true
}

// epcisEvents answers the standard query parameters that matter here and
// pages with perPage and nextPageToken.
func (s *server) epcisEvents(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var f core.EventFilter
	if v := q.Get("eventType"); v != "" {
		for _, t := range strings.Split(v, ",") {
			if !contains(epcis.EventTypes, t) {
				return core.FieldErrorf("eventType", "unknown event type %q (%s)", t, strings.Join(epcis.EventTypes, ", "))
			}
			f.Types = append(f.Types, t)
		}
	}
	for name, dst := range map[string]*time.Time{"GE_eventTime": &f.From, "LT_eventTime": &f.Before} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return core.FieldErrorf(name, "want an RFC 3339 time, got %q", v)
			}
			*dst = t
		}
	}
	f.BizStep = epcis.ShortCBV(q.Get("EQ_bizStep"), "BizStep")
	f.BizLocation = q.Get("EQ_bizLocation")
	f.EPCClass = q.Get("MATCH_epcClass")
	if f.EPCClass == "" {
		f.EPCClass = q.Get("MATCH_anyEPCClass")
	}
	f.Source, f.Destination = q.Get("EQ_source"), q.Get("EQ_destination")
	if f.Limit, err = intParam(r, "perPage", 30, 1, 1000); err != nil {
		return err
	}
	if tok := q.Get("nextPageToken"); tok != "" {
		b, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil {
			return core.FieldErrorf("nextPageToken", "not a token this server issued")
		}
		f.After = string(b)
	}
	// A province-scoped user sees the events at its province's enterprises'
	// sites, filtered before the page is cut so that pages are full.
	f.Province = access.ProvinceScope(r.Context())
	evs, err := st.Events().Query(r.Context(), f)
	if err != nil {
		return err
	}
	list := make([]json.RawMessage, 0, len(evs))
	for _, e := range evs {
		list = append(list, e.Raw)
	}
	if len(evs) == f.Limit {
		next := base64.RawURLEncoding.EncodeToString([]byte(evs[len(evs)-1].Key))
		u := *r.URL
		qq := u.Query()
		qq.Set("nextPageToken", next)
		u.RawQuery = qq.Encode()
		w.Header().Set("Link", "<"+u.String()+`>; rel="next"`)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"@context": []string{"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"},
		"type":     "EPCISQueryDocument", "schemaVersion": "2.0", "creationDate": s.Now().UTC().Format(time.RFC3339),
		"epcisBody": map[string]any{"queryResults": map[string]any{"queryName": "SimpleEventQuery",
			"resultsBody": map[string]any{"eventList": list}}},
	})
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// trace returns a lot's genealogy tree: /api/v1/trace/backward?lot=…&depth=6.
func (s *server) trace(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	depth, err := intParam(r, "depth", 10, 1, 50)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("lot") == "" {
		return core.FieldErrorf("lot", "the lot parameter is required (urn:orewatch:lot:<material>:<lot-id>)")
	}
	n, err := trace.Trace(r.Context(), st.Events(), r.URL.Query().Get("lot"), r.PathValue("direction"), depth)
	if err != nil {
		return err
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		// A genealogy crosses provinces: the province's steps whole, the
		// rest without names; a lot with no step there is not found.
		mine, err := ledger.InProvince(r.Context(), st, scope)
		if err != nil {
			return err
		}
		if !trace.Scope(n, func(u string) bool { return mine[core.USCC(u)] }) {
			return core.Errorf(core.ENOTFOUND, "no event of lot %s in your province", r.URL.Query().Get("lot"))
		}
	}
	writeJSON(w, http.StatusOK, n)
	return nil
}

// actorOf is who the audit trail records for an API request.
func actorOf(r *http.Request) audit.Actor {
	if u, ok := access.UserFrom(r.Context()); ok {
		return audit.Actor{Name: u.Name, Agency: u.Agency}
	}
	return audit.Actor{Name: "anonymous"}
}
