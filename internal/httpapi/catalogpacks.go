package httpapi

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/packs"
)

func (s *server) catalogVersion(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.cat().Version)
	return nil
}

// storedPacks are the packs applied to the store, in order.
func (s *server) storedPacks(r *http.Request) ([]*core.CatalogPack, error) {
	st, err := s.data()
	if err != nil {
		return nil, err
	}
	return st.CatalogPacks().List(r.Context())
}

func (s *server) catalogPacks(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.storedPacks(r)
	if err != nil {
		return err
	}
	out := make([]catalog.Applied, len(ps))
	for i, p := range ps {
		out[i] = catalog.AppliedOf(p, false)
	}
	writeJSON(w, http.StatusOK, map[string]any{"version": s.cat().Version, "packs": out, "count": len(out)})
	return nil
}

func (s *server) catalogPack(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.storedPacks(r)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.ID == r.PathValue("id") {
			writeJSON(w, http.StatusOK, catalog.AppliedOf(p, true))
			return nil
		}
	}
	return core.Errorf(core.ENOTFOUND, "no catalogue pack %q", r.PathValue("id"))
}

// applyPack takes a pack's YAML as the body; dry_run=true says what it
// would change and stores nothing.
func (s *server) applyPack(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	if s.Catalogs == nil {
		return core.Errorf(core.EUNAVAILABLE, "this server does not follow catalogue packs")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return core.Errorf(core.ETOOLARGE, "a catalogue pack is at most %d bytes", catalog.MaxPackBytes)
		}
		return err
	}
	dry, _ := strconv.ParseBool(r.URL.Query().Get("dry_run"))
	res, err := packs.Apply(r.Context(), st, s.Catalogs, actorOf(r), "request body", body, dry, s.Now())
	if err != nil {
		return err
	}
	if res.Created && s.CatalogChanged != nil {
		s.CatalogChanged(r.Context())
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/catalog/packs/"+res.Pack.ID)
	}
	writeJSON(w, status, res)
	return nil
}

// rescreenPack is POST /api/v1/catalog/packs/{id}:rescreen with
// {"from", "to"} (default: the last 90 days): the lodged declarations of
// that period under the codes the pack changed are judged again.
func (s *server) rescreenPack(w http.ResponseWriter, r *http.Request) error {
	id, op, ok := strings.Cut(r.PathValue("id"), ":")
	if !ok || op != "rescreen" {
		return core.Errorf(core.ENOTFOUND, "no such route: POST %s (want /api/v1/catalog/packs/{id}:rescreen)", r.URL.Path)
	}
	if s.Catalogs == nil {
		return core.Errorf(core.EUNAVAILABLE, "this server does not follow catalogue packs")
	}
	var req struct {
		From string `json:"from"`
		To   string `json:"to"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	today := core.DateOf(s.Now())
	from, to := today.AddDays(-90), today
	var err error
	if req.From != "" {
		if from, err = core.ParseDate(req.From); err != nil {
			return core.FieldErrorf("from", "%v", err)
		}
	}
	if req.To != "" {
		if to, err = core.ParseDate(req.To); err != nil {
			return core.FieldErrorf("to", "%v", err)
		}
	}
	if to.Before(from) {
		return core.FieldErrorf("to", "the period ends (%s) before it starts (%s)", to, from)
	}
	st, err := s.data()
	if err != nil {
		return err
	}
	res, err := packs.Rescreen(r.Context(), s.lodgeDeps(st), s.Catalogs, actorOf(r), id, from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
