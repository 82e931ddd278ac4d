package web

import (
	"net/http"
	"strconv"

	"orewatch/internal/alertfeed"
	"orewatch/internal/core"
)

// alertStream feeds the queue page new and changed alerts (server-sent
// events) in the officer's scope, from the moment the page was read.
func (s *server) alertStream(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	o := alertfeed.Options{Alerts: s.Store.Alerts(), Filter: core.AlertFilter{Status: q.Get("status"), Code: q.Get("code"), Province: p.User.Province},
		Log: s.Logger}
	o.Filter.MinScore, _ = strconv.Atoi(q.Get("min_score"))
	// The page's since, or the last id a reconnecting browser got.
	for _, v := range []string{q.Get("since"), r.Header.Get("Last-Event-ID")} {
		if v == "" {
			continue
		}
		at, err := alertfeed.ParseResume(v)
		if err != nil {
			return core.FieldErrorf("since", "%v", err)
		}
		if at.After(o.Since) {
			o.Since, o.Resumed = at, true
		}
	}
	if !o.Resumed {
		o.Since = s.Now()
	}
	return alertfeed.Stream(w, r, o)
}
