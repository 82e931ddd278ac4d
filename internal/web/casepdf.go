package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/core"
	"orewatch/internal/report"
)

// casePDF is the case file as a PDF to send or archive: what the print
// view shows, the Chinese text embedded with its font, so that it reads
// the same wherever it goes.
func (s *server) casePDF(w http.ResponseWriter, r *http.Request, p *page) error {
	font, err := s.pdfFont()
	if err != nil {
		if errors.Is(err, report.ErrNoFont) {
			return core.Errorf(core.EUNAVAILABLE, "the PDF cannot be written on this server: %v; the print view can be saved as PDF from the browser", err)
		}
		return err
	}
	cf, err := s.caseFile(r, p)
	if err != nil {
		return err
	}
	alerts := s.caseAlerts(r, p, cf.Case)
	var buf bytes.Buffer
	if err := report.Write(&buf, caseDoc(p, cf, alerts, s.Now()), font); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("case-"+cf.Case.ID+".pdf"))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// caseAlerts are the alerts of the case the reader may see: those it
// was opened from, and those on the declarations, parties and
// enterprises it names.
func (s *server) caseAlerts(r *http.Request, p *page, c *core.Case) []*core.Alert {
	var alerts []*core.Alert
	seen := map[string]bool{}
	add := func(a *core.Alert) {
		if !seen[a.ID] && (p.User.Province == "" || a.Province == p.User.Province) {
			seen[a.ID] = true
			alerts = append(alerts, a)
		}
	}
	for _, sub := range c.Subjects {
		if sub.Type == "alert" {
			if a, err := s.visibleAlert(r, p, sub.ID); err == nil {
				add(a)
			}
			continue
		}
		as, _, err := s.Store.Alerts().List(r.Context(), core.AlertFilter{SubjectType: sub.Type, SubjectID: sub.ID, Province: p.User.Province, Limit: 200})
		if err != nil {
			continue // the file is printed without them; the case page lists its subjects
		}
		for _, a := range as {
			add(a)
		}
	}
	return alerts
}

// caseDoc lays the case file out as the print view does, in the reader's
// language.
func caseDoc(p *page, cf *caseFile, alerts []*core.Alert, now time.Time) *report.Doc {
	c := cf.Case
	L := p.L
	reader := p.User.Name + " (" + p.User.Agency + ")"
	status := L.Term(c.Status)
	if c.Disposal != "" {
		status += " · " + L.Term(c.Disposal)
	}
	d := &report.Doc{
		Title:   L.T("case.file") + " · " + c.Title,
		Author:  reader,
		Created: now,
		Footer:  "OreWatch · " + c.ID + " · " + L.T("case.printed") + " " + reader,
		Facts: []report.Fact{
			{Label: L.T("col.id"), Value: c.ID},
			{Label: L.T("case.lead"), Value: agencyName(c.LeadAgency)},
			{Label: L.T("case.agencies"), Value: agencyNames(c.Agencies)},
			{Label: L.T("col.status"), Value: status},
			{Label: L.T("case.printed"), Value: stamp(now) + " · " + reader},
		},
	}
	if c.Decision != "" {
		d.Facts = append(d.Facts, report.Fact{Label: L.T("case.decision"), Value: c.Decision})
	}
	var subjects []string
	for _, sub := range c.Subjects {
		subjects = append(subjects, L.Term(sub.Type)+": "+sub.ID)
	}
	findings := &report.Table{Header: []string{L.T("col.id"), L.T("col.code"), L.T("col.score"), L.T("col.subject"), L.T("col.summary")},
		Widths: []float64{4, 2.4, 1, 3, 6}}
	for _, a := range alerts {
		summary := a.Summary
		if L.Zh() && a.SummaryZh != "" {
			summary = a.SummaryZh
		}
		findings.Rows = append(findings.Rows, []string{a.ID, L.Term(a.Code), strconv.Itoa(a.Score), L.Term(a.SubjectType) + " " + a.SubjectID, summary})
	}
	var notes []string
	for _, n := range cf.Notes {
		head := fmt.Sprintf("%s (%s) %s", n.Author, n.Agency, stamp(n.CreatedAt))
		if len(n.Visibility) > 0 {
			head += " · " + strings.Join(n.Visibility, " ")
		}
		notes = append(notes, head+"\n"+n.Text)
	}
	files := &report.Table{Widths: []float64{4, 1.4, 5, 2.5, 2.6}}
	for _, f := range cf.Files {
		files.Rows = append(files.Rows, []string{f.Name, strconv.FormatInt(f.Size, 10) + " B", "SHA-256 " + f.SHA256, f.Author + " (" + f.Agency + ")", stamp(f.CreatedAt)})
	}
	var timeline []string
	for _, e := range cf.Timeline {
		timeline = append(timeline, stamp(e.At)+"  "+e.Who+" · "+e.What)
	}
	trail := &report.Table{Header: []string{"#", L.T("col.date"), L.T("col.subject"), L.T("col.action"), L.T("col.detail"), L.T("col.hash")},
		Widths: []float64{0.8, 2.6, 2.6, 2, 4, 2.2}}
	for _, e := range cf.Trail {
		who := e.Actor
		if e.Agency != "" {
			who += " (" + e.Agency + ")"
		}
		hash := e.Hash
		if len(hash) > 12 {
			hash = hash[:12]
		}
		trail.Rows = append(trail.Rows, []string{strconv.FormatInt(e.Seq, 10), stamp(e.At), who, e.Action, e.Detail, hash})
	}
	d.Sections = []report.Section{
		{Heading: L.T("case.subjects"), Lines: subjects},
		{Heading: L.T("case.findings"), Table: findings},
		{Heading: L.T("case.notes"), Lines: notes, Numbered: true},
		{Heading: L.T("case.files"), Table: files},
		{Heading: L.T("case.timeline"), Lines: timeline},
		{Heading: L.T("case.trail"), Table: trail},
	}
	return d
}

// agencyName is an agency's code with its names, as the case's readers
// from other agencies know it.
func agencyName(code string) string {
	if name, ok := access.Agencies[code]; ok {
		return code + " " + name
	}
	return code
}

func agencyNames(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = agencyName(c)
	}
	return strings.Join(names, "\n")
}
