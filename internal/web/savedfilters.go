package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"orewatch/internal/audit"
	"orewatch/internal/core"
)

// The alert queue's saved filters: an officer names the filter it is
// looking at and finds it again in one click. The query kept is the
// queue's own parameters only; the officer's province is imposed when the
// filter is used, as on every request, so a saved filter never widens
// what it sees.

const queuePage = "alerts"

func (s *server) saveFilter(w http.ResponseWriter, r *http.Request, p *page) error {
	name := strings.TrimSpace(r.FormValue("name"))
	if name == "" || utf8.RuneCountInString(name) > 60 {
		return core.FieldErrorf("name", "name the filter in 1 to 60 characters")
	}
	q, err := url.ParseQuery(r.FormValue("query"))
	if err != nil {
		return core.FieldErrorf("query", "unreadable filter: %v", err)
	}
	query := queueValues(q).Encode()
	f := &core.SavedFilter{UserID: p.User.ID, Page: queuePage, Name: name, Query: query, SavedAt: s.Now()}
	if err := audit.Change(r.Context(), s.Store, actor(p), "filters.save", queuePage+"/"+name, nil, map[string]string{"query": query}, "",
		func(rs core.Repos) error { return rs.SavedFilters().Save(r.Context(), f) }); err != nil {
		return err
	}
	http.Redirect(w, r, "/alerts?"+query, http.StatusSeeOther)
	return nil
}

func (s *server) deleteFilter(w http.ResponseWriter, r *http.Request, p *page) error {
	name := r.FormValue("name")
	if err := audit.Change(r.Context(), s.Store, actor(p), "filters.delete", queuePage+"/"+name, nil, nil, "",
		func(rs core.Repos) error { return rs.SavedFilters().Delete(r.Context(), p.User.ID, queuePage, name) }); err != nil {
		return err
	}
	http.Redirect(w, r, "/alerts", http.StatusSeeOther)
	return nil
}

// savedFilterLinks are the officer's saved filters with their links.
func (s *server) savedFilterLinks(r *http.Request, p *page) ([]map[string]string, error) {
	fs, err := s.Store.SavedFilters().List(r.Context(), p.User.ID, queuePage)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]string, len(fs))
	for i, f := range fs {
		out[i] = map[string]string{"Name": f.Name, "Href": "/alerts?" + f.Query}
	}
	return out, nil
}
