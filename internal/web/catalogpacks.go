package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/packs"
)

// catalogPacks shows the catalogue's version and the packs applied to the
// store; an administrator checks or applies a new one here.
func (s *server) catalogPacks(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderPacks(w, r, p, nil, "", "")
}

func (s *server) renderPacks(w http.ResponseWriter, r *http.Request, p *page, res *packs.Result, problem, body string) error {
	ps, err := s.Store.CatalogPacks().List(r.Context())
	if err != nil {
		return err
	}
	p.Title = p.L.T("packs.title")
	p.Data = map[string]any{"Version": s.cat().Version, "Packs": ps, "Result": res, "Problem": problem, "Body": body,
		"Follows": s.Catalogs != nil}
	status := http.StatusOK
	if problem != "" {
		status = http.StatusBadRequest
	}
	return s.render(w, status, "catalogpacks", p)
}

// applyPack takes a pack from the form's file or text; "check" stores
// nothing and lists what it would change.
func (s *server) applyPack(w http.ResponseWriter, r *http.Request, p *page) error {
	if s.Catalogs == nil {
		return core.Errorf(core.EUNAVAILABLE, "this server does not follow catalogue packs")
	}
	body := []byte(r.FormValue("body"))
	name := "form"
	if f, hdr, err := r.FormFile("file"); err == nil {
		defer f.Close()
		if body, err = io.ReadAll(io.LimitReader(f, catalog.MaxPackBytes+1)); err != nil {
			return err
		}
		name = hdr.Filename
	} else if !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart) {
		return core.FieldErrorf("file", "unreadable upload: %v", err)
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return s.renderPacks(w, r, p, nil, p.L.T("packs.empty"), "")
	}
	dry := r.FormValue("action") == "check"
	res, err := packs.Apply(r.Context(), s.Store, s.Catalogs, actor(p), name, body, dry, s.Now())
	switch code := core.ErrorCode(err); {
	case err == nil:
	case code == core.EINVALID || code == core.ECONFLICT:
		return s.renderPacks(w, r, p, nil, err.Error(), string(body))
	default:
		return err
	}
	if res.Created && s.CatalogChanged != nil {
		s.CatalogChanged(r.Context())
	}
	keep := ""
	if dry {
		keep = string(body) // to apply after reading what it changes
	}
	return s.renderPacks(w, r, p, res, "", keep)
}

// calendarEvent is a day of the calendar with what it hits in the store.
type calendarEvent struct {
	catalog.Event
	Impact   catalog.Impact
	Past     bool
	KindName string
}

// catalogCalendar lists the days the controls' answers change, from a
// quarter ago to a year ahead unless asked otherwise, with what each
// touches in the store.
func (s *server) catalogCalendar(w http.ResponseWriter, r *http.Request, p *page) error {
	today := core.DateOf(s.Now())
	from, to := today.AddDays(-92), today.AddDays(366)
	q := r.URL.Query()
	var err error
	if v := q.Get("from"); v != "" {
		if from, err = core.ParseDate(v); err != nil {
			return core.FieldErrorf("from", "%v", err)
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = core.ParseDate(v); err != nil {
			return core.FieldErrorf("to", "%v", err)
		}
	}
	if to.Before(from) {
		return core.FieldErrorf("to", "the period ends (%s) before it starts (%s)", to, from)
	}
	var events []calendarEvent
	for _, ev := range s.cat().Calendar(from, to) {
		im, err := catalog.ImpactOf(r.Context(), s.Store, ev, p.User.EnterpriseUSCC)
		if err != nil {
			return err
		}
		if p.User.Province != "" {
			im = s.scopeImpact(r, p, im)
		}
		events = append(events, calendarEvent{Event: ev, Impact: im, Past: ev.Date.Before(today), KindName: p.L.T("calendar." + ev.Kind)})
	}
	p.Title = p.L.T("calendar.title")
	p.Data = map[string]any{"From": from.String(), "To": to.String(), "Today": today.String(), "Events": events, "Version": s.cat().Version}
	return s.render(w, http.StatusOK, "catalogcalendar", p)
}

// scopeImpact keeps, for a province officer, the exporters of that
// province; the counts of licences and declarations are national.
func (s *server) scopeImpact(r *http.Request, p *page, im catalog.Impact) catalog.Impact {
	var keep []core.USCC
	for _, u := range im.ExporterUSCCs {
		if e, err := s.Store.Enterprises().Get(r.Context(), u); err == nil && e.Province == p.User.Province {
			keep = append(keep, u)
		}
	}
	im.ExporterUSCCs, im.Exporters = keep, len(keep)
	return im
}
