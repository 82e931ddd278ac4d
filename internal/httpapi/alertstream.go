package httpapi

import (
	"net/http"

	"orewatch/internal/access"
	"orewatch/internal/alertfeed"
	"orewatch/internal/core"
)

// alertStream sends alerts as server-sent events as they are raised or
// change (GET /api/v1/alerts:stream), within the caller's scope like the
// queue: `min_score`, `code` and `status` filter. A client that
// reconnects with Last-Event-ID, or passes ?since=RFC 3339 (when it read
// the queue), gets what changed after it; without either a stream starts
// alertfeed.Overlap back.
func (s *server) alertStream(w http.ResponseWriter, r *http.Request) error {
	st, err := s.data()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	o := alertfeed.Options{Alerts: st.Alerts(), Filter: core.AlertFilter{Status: q.Get("status"), Code: q.Get("code"),
		Province: access.ProvinceScope(r.Context())}, Since: s.Now(), Now: s.Now, Log: s.Logger}
	if o.Filter.MinScore, err = intParam(r, "min_score", 0, 0, 100); err != nil {
		return err
	}
	resume := r.Header.Get("Last-Event-ID")
	if resume == "" {
		resume = q.Get("since")
	}
	if resume != "" {
		if o.Since, err = alertfeed.ParseResume(resume); err != nil {
			return core.FieldErrorf("since", "want an RFC 3339 time or a Last-Event-ID this stream sent: %v", err)
		}
		o.Resumed = true
	}
	return alertfeed.Stream(w, r, o)
}
