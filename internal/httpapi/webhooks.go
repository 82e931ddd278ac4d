package httpapi

import (
	"net/http"
	"strings"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// webhookDeliveries lists the webhook's deliveries of a status (dead by
// default: the dead-letter list), newest first.
func (s *server) webhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	switch status {
	case "":
		status = core.DeliveryDead
	case core.DeliveryDead, core.DeliveryPending, core.DeliveryDelivered:
	default:
		return core.FieldErrorf("status", "unknown status %q (dead, pending, delivered)", status)
	}
	limit, err := intParam(r, "limit", 100, 1, 1000)
	if err != nil {
		return err
	}
	ds, err := st.Webhooks().List(r.Context(), status, limit)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []*core.Delivery{}
	}
	pending, err := st.Webhooks().Count(r.Context(), core.DeliveryPending)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": ds, "status": status, "pending": pending})
	return nil
}

// replayDelivery makes a dead delivery pending again
// (POST /api/v1/webhooks/deliveries/{id}:replay); audited.
func (s *server) replayDelivery(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	id, op, ok := strings.Cut(r.PathValue("id"), ":")
	if !ok || op != "replay" || id == "" {
		return core.Errorf(core.ENOTFOUND, "no such route: POST %s (want /api/v1/webhooks/deliveries/{id}:replay)", r.URL.Path)
	}
	err = audit.Change(r.Context(), st, actorOf(r), "webhooks.replay", id, nil, nil, "", func(rp core.Repos) error {
		return rp.Webhooks().Replay(r.Context(), id, s.Now().UTC())
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "status": core.DeliveryPending})
	return nil
}
