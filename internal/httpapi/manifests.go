package httpapi

import (
	"net/http"

	"orewatch/internal/access"
	"orewatch/internal/manifests"
)

// submitManifests stores carriers' manifest rows (rows of manifests.csv
// as JSON objects) and judges again the lodged declarations on their
// bills of lading and containers: 200 with what was stored and which
// declarations gained findings (a province-scoped caller sees its
// province's only); 400 with every problem at its JSON pointer.
func (s *server) submitManifests(w http.ResponseWriter, r *http.Request) error {
	deps, body, err := s.declarationBody(r)
	if err != nil {
		return err
	}
	ms, err := manifests.Parse(body)
	if writeInvalid(w, err) {
		return nil
	}
	if err != nil {
		return err
	}
	var rc manifests.Rechecker
	if c, ok := deps.Detectors.(manifests.Rechecker); ok {
		rc = c
	}
	out, err := manifests.Submit(r.Context(), deps.Store, rc, ms, manifests.Options{Actor: actorOf(r), Source: "POST /api/v1/manifests", Now: s.Now()})
	if err != nil {
		return err
	}
	if scope := access.ProvinceScope(r.Context()); scope != "" {
		kept := out.Rechecked[:0]
		for _, c := range out.Rechecked {
			l, err := deps.Store.Lodgements().Get(r.Context(), c.DeclarationNo)
			if err != nil {
				continue
			}
			if e, err := deps.Store.Enterprises().Get(r.Context(), l.ExporterUSCC); err == nil && e.Province == scope {
				kept = append(kept, c)
			}
		}
		out.Rechecked = kept
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
