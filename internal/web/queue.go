package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"orewatch/internal/catalog"
	"orewatch/internal/cells"
	"orewatch/internal/core"
	"orewatch/internal/geo"
)

// chinaTime is the zone pages show times in and queue dates are read in:
// an officer's "1 June" is Beijing's day. Named by its offset: "CST" is
// also America's Central time.
var chinaTime = time.FixedZone("UTC+8", 8*60*60)

// stamp is a time as every page, export and case file shows it: China
// time, with its zone.
func stamp(t time.Time) string { return t.In(chinaTime).Format("2006-01-02 15:04 MST") }

// maxExport bounds one export of the queue.
const maxExport = 10000

// maxSelected bounds the alerts one action over "all that match" takes.
const maxSelected = 5000

// selectedAlerts are the alerts a bulk action applies to: those ticked, or
// — with "all matching" ticked — every alert the queue's filter (sent with
// the form, the officer's province still imposed) matches, on every page.
func (s *server) selectedAlerts(r *http.Request, p *page) ([]string, error) {
	if r.FormValue("all") != "1" {
		return r.Form["id"], nil
	}
	q, err := url.ParseQuery(r.FormValue("filter"))
	if err != nil {
		return nil, core.FieldErrorf("filter", "unreadable filter: %v", err)
	}
	fr := r.Clone(r.Context())
	fr.URL.RawQuery = queueValues(q).Encode()
	f, err := s.queueFilter(fr, p)
	if err != nil {
		return nil, err
	}
	f.Limit = maxSelected
	as, total, err := s.Store.Alerts().List(r.Context(), f)
	if err != nil {
		return nil, err
	}
	if total > maxSelected {
		return nil, core.FieldErrorf("all", "%d alerts match; narrow the filter to %d or fewer", total, maxSelected)
	}
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	return ids, nil
}

// queueParams are the query parameters that filter and order the queue.
var queueParams = []string{"status", "code", "channel", "mineral", "min_score", "province", "from", "to", "sort", "dir"}

// channels are the score ranges of the inspection channels, as the
// "channel" template function colours a score.
var channels = map[string][2]int{"red": {90, 0}, "yellow": {50, 89}, "green": {0, 49}}

// queueFilter reads the queue's filters and order from the request, the
// province fixed to the officer's own when scoped.
func (s *server) queueFilter(r *http.Request, p *page) (core.AlertFilter, error) {
	q := r.URL.Query()
	f := core.AlertFilter{Status: q.Get("status"), Code: q.Get("code"), Province: q.Get("province"), Sort: q.Get("sort"), Reverse: q.Get("dir") == "rev"}
	if p.User.Province != "" {
		f.Province = p.User.Province
	}
	if f.Sort != "" && !slices.Contains(core.AlertSorts, f.Sort) {
		return f, core.FieldErrorf("sort", "unknown sort %q", f.Sort)
	}
	f.MinScore, _ = strconv.Atoi(q.Get("min_score"))
	if c := q.Get("channel"); c != "" {
		bounds, ok := channels[c]
		if !ok {
			return f, core.FieldErrorf("channel", "want red, yellow or green, not %q", c)
		}
		f.MinScore, f.MaxScore = max(f.MinScore, bounds[0]), bounds[1]
	}
	if m := q.Get("mineral"); m != "" {
		codes, _ := s.groupCodes()
		if f.HSCodes = codes[m]; len(f.HSCodes) == 0 {
			return f, core.FieldErrorf("mineral", "unknown mineral %q", m)
		}
	}
	for _, b := range []struct {
		name string
		to   *time.Time
		next bool // "to" is the last day included
	}{{"from", &f.RaisedFrom, false}, {"to", &f.RaisedTo, true}} {
		v := q.Get(b.name)
		if v == "" {
			continue
		}
		d, err := time.ParseInLocation("2006-01-02", v, chinaTime)
		if err != nil {
			return f, core.FieldErrorf(b.name, "want a date as 2025-06-01, not %q", v)
		}
		if b.next {
			d = d.AddDate(0, 0, 1)
		}
		*b.to = d
	}
	return f, nil
}

// queueValues keeps the queue's parameters of a request, for links.
func queueValues(q url.Values) url.Values {
	v := url.Values{}
	for _, k := range queueParams {
		if s := q.Get(k); s != "" {
			v.Set(k, s)
		}
	}
	return v
}

func withFormat(v url.Values, format string) string {
	c := url.Values{}
	for k, vs := range v {
		c[k] = vs
	}
	c.Set("format", format)
	return c.Encode()
}

// exportAlerts writes the filtered queue (up to maxExport alerts, in its
// order) as CSV or XLSX for a spreadsheet: cells a spreadsheet would run
// as a formula are neutralised.
func (s *server) exportAlerts(w http.ResponseWriter, r *http.Request, p *page) error {
	f, err := s.queueFilter(r, p)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "xlsx" {
		return core.FieldErrorf("format", "want csv or xlsx")
	}
	f.Limit = maxExport
	as, total, err := s.Store.Alerts().List(r.Context(), f)
	if err != nil {
		return err
	}
	header := []string{p.L.T("col.score"), p.L.T("col.code"), p.L.T("col.code") + " (" + p.L.T("export.name") + ")", p.L.T("col.subject"),
		p.L.T("col.province"), p.L.T("col.status"), p.L.T("col.summary"), p.L.T("export.raised"), p.L.T("export.changed"), "id"}
	rows := [][]string{header}
	for _, a := range as {
		summary := a.Summary
		if p.L.Zh() {
			summary = a.SummaryZh
		}
		prov := a.Province
		if prov != "" {
			prov = geo.MustDefault().Place(prov, p.L.Zh()) + " (" + prov + ")"
		}
		rows = append(rows, []string{strconv.Itoa(a.Score), a.Code, p.L.Term(a.Code), a.SubjectID, prov, p.L.T("status." + a.Status), summary,
			stamp(a.CreatedAt), stamp(a.UpdatedAt), a.ID})
	}
	for _, row := range rows {
		for i := range row {
			row[i] = cells.Neutralize(row[i])
		}
	}
	name := "orewatch-alerts-" + time.Now().In(chinaTime).Format("20060102-1504")
	w.Header().Set("X-OreWatch-Total", strconv.Itoa(total))
	if format == "csv" {
		var buf bytes.Buffer
		buf.WriteString("\ufeff") // Excel reads UTF-8 with the mark
		cw := csv.NewWriter(&buf)
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", "attachment; filename="+name+".csv")
		_, err := w.Write(buf.Bytes())
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	for i, row := range rows {
		for j, v := range row {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			// Text cells: nothing a spreadsheet reads as a formula or a number it reformats.
			if err := x.SetCellStr(sheet, cell, v); err != nil {
				return fmt.Errorf("export row %d: %w", i, err)
			}
		}
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename="+name+".xlsx")
	return x.Write(w)
}

// choice is one option of a select: the value sent and the words shown.
type choice struct{ Value, Label string }

// minerals are the catalogue's mineral groups, named in the page's
// language.
func (s *server) minerals(l Lang) []choice {
	_, groups := s.groupCodes()
	out := make([]choice, 0, len(groups))
	for _, g := range groups {
		out = append(out, choice{g, mineralName(g, l)})
	}
	return out
}

// mineralName is a group's name in the page's language.
func mineralName(id string, l Lang) string {
	for _, g := range catalog.Groups {
		if g.ID == id {
			if l.Zh() {
				return g.NameZh
			}
			return g.NameEn
		}
	}
	return id
}

// provinceChoices are the provinces a national officer may filter by;
// none for a provincial officer, whose own is imposed.
func provinceChoices(p *page) []choice {
	if p.User.Province != "" {
		return nil
	}
	provs := geo.MustDefault().Provinces()
	out := make([]choice, 0, len(provs))
	for _, pr := range provs {
		name := pr.NameZh
		if !p.L.Zh() {
			name = pr.NameEn
		}
		out = append(out, choice{pr.Code, name})
	}
	return out
}
