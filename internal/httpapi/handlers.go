package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/party"
)

func (s *server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// readyz answers 200 only when the store answers and its schema is the
// one this binary expects.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	body := map[string]any{"status": "ready"}
	status := http.StatusOK
	if s.Store == nil {
		body["status"], status = "no store", http.StatusServiceUnavailable
	} else if err := s.Store.Ping(ctx); err != nil {
		s.Logger.Warn("readiness: store unreachable", "err", err)
		body["status"], status = "store unreachable", http.StatusServiceUnavailable
	} else if v, err := s.Store.SchemaVersion(ctx); err != nil || v != s.SchemaVersion {
		body["status"], status = "schema not at the expected version", http.StatusServiceUnavailable
		body["schema_version"], body["expected_schema_version"] = v, s.SchemaVersion
	} else {
		body["schema_version"] = v
	}
	if status == http.StatusOK && s.Queue != nil {
		if err := s.Queue.Ready(ctx); err != nil {
			s.Logger.Warn("readiness: message bus unreachable", "err", err)
			body["status"], status = "message bus unreachable", http.StatusServiceUnavailable
		}
	}
	writeJSON(w, status, body)
	return nil
}

func (s *server) version(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{"version": s.Version, "schema_version": s.SchemaVersion})
	return nil
}

func (s *server) catalogLookup(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("hs") == "" {
		return core.FieldErrorf("hs", "the hs parameter is required (a 10-digit customs code)")
	}
	military := false
	if v := q.Get("military"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return core.FieldErrorf("military", "want true or false, got %q", v)
		}
		military = b
	}
	query, err := catalog.ParseQuery(q.Get("hs"), q.Get("date"), q.Get("dest"), military, core.DateOf(s.Now()), s.Countries)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.cat().Lookup(query))
	return nil
}

func (s *server) catalogMeasures(w http.ResponseWriter, r *http.Request) error {
	group := r.URL.Query().Get("group")
	if group != "" && !catalog.IsGroup(group) {
		return core.FieldErrorf("group", "unknown mineral group %q", group)
	}
	ms := s.cat().Timeline(group)
	writeJSON(w, http.StatusOK, map[string]any{"measures": ms, "count": len(ms)})
	return nil
}

func (s *server) catalogMeasure(w http.ResponseWriter, r *http.Request) error {
	m, ok := s.cat().Measure(r.PathValue("id"))
	if !ok {
		return core.Errorf(core.ENOTFOUND, "no measure %q", r.PathValue("id"))
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *server) catalogSearch(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	if q == "" {
		return core.FieldErrorf("q", "the q parameter is required")
	}
	res := s.cat().Search(q)
	if res == nil {
		res = []catalog.SearchResult{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"query": q, "results": res, "count": len(res)})
	return nil
}

func (s *server) catalogMaterials(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{"materials": s.cat().Materials, "count": len(s.cat().Materials)})
	return nil
}

func (s *server) screenParty(w http.ResponseWriter, r *http.Request) error {
	var req party.Request
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if s.Parties == nil {
		return core.Errorf(core.EINTERNAL, "no restricted-party lists loaded")
	}
	res, err := s.Parties.Handle(req, core.DateOf(s.Now()), s.Countries)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// decodeJSON reads a JSON body strictly: unknown fields and trailing data
// are errors that name what was wrong.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return core.Errorf(core.EINVALID, "request body larger than %d bytes", mbe.Limit)
		}
		return core.Errorf(core.EINVALID, "invalid JSON body: %v", err)
	}
	if dec.More() {
		return core.Errorf(core.EINVALID, "invalid JSON body: more than one value")
	}
	return nil
}
