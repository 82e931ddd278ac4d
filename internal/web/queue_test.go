package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"orewatch/internal/core"
)

// TestQueueSortFilterExport: the queue sorts by a column either way,
// filters by the day alerts were raised, and exports what it shows — a
// province's officer only its province — as CSV and XLSX with formula
// cells neutralised.
func TestQueueSortFilterExport(t *testing.T) {
	s := newSite(t, true)
	ctx := context.Background()
	if _, err := s.store.Alerts().Raise(ctx, &core.Alert{ID: "DEC-530120259999999991-VALUE_ANOMALY", SubjectType: "declaration", SubjectID: "530120259999999991",
		Code: "VALUE_ANOMALY", Score: 1, Summary: "=cmd|' /C calc'!A0", SummaryZh: "=cmd|' /C calc'!A0", Evidence: "{}", Province: "430000"}); err != nil {
		t.Fatal(err)
	}
	admin := s.browser(t).signIn("admin")
	code, body := admin.get("/alerts?sort=score&dir=rev")
	if code != 200 || !strings.Contains(body, `aria-sort="ascending"`) {
		t.Fatalf("sorted by score, lowest first: %d", code)
	}
	if i, j := strings.Index(body, "530120259999999991"), strings.Index(body, "<tbody>"); i < 0 || i-j > 2000 {
		t.Errorf("the lowest score is not at the top of the reversed queue")
	}
	if code, _ := admin.get("/alerts?sort=nonsense"); code != 400 {
		t.Errorf("an unknown sort: %d, want 400", code)
	}
	if code, body := admin.get("/alerts?from=2001-01-01&to=2001-01-31"); code != 200 || !strings.Contains(body, "0–0 / 0") {
		t.Errorf("raised in January 2001: %d, want none", code)
	}
	if code, _ := admin.get("/alerts?from=yesterday"); code != 400 {
		t.Errorf("a bad date: %d, want 400", code)
	}
	// CSV: the formula neutralised, the header in the UI's language.
	code, out, hd := admin.do("GET", "/alerts/export?format=csv&sort=score&dir=rev", nil)
	if code != 200 || !strings.HasPrefix(hd.Get("Content-Type"), "text/csv") || !strings.Contains(hd.Get("Content-Disposition"), ".csv") {
		t.Fatalf("csv: %d %v", code, hd)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("csv rows: %d %v", len(rows), err)
	}
	if rows[0][0] != "分值" || rows[0][1] != "代码" {
		t.Errorf("csv header %v is not Chinese", rows[0])
	}
	if got := rows[1][6]; strings.HasPrefix(got, "=") || !strings.Contains(got, "cmd|") {
		t.Errorf("the formula cell exported as %q", got)
	}
	// XLSX: readable, the same rows.
	code, out, _ = admin.do("GET", "/alerts/export?format=xlsx&sort=score&dir=rev", nil)
	if code != 200 {
		t.Fatalf("xlsx: %d", code)
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(out)))
	if err != nil {
		t.Fatal(err)
	}
	xr, _ := x.GetRows(x.GetSheetName(0))
	if len(xr) != len(rows) || strings.HasPrefix(xr[1][6], "=") {
		t.Errorf("xlsx: %d rows (csv %d), formula cell %q", len(xr), len(rows), xr[1][6])
	}
	// A Hunan officer's export holds Hunan's alerts only.
	_, out, _ = s.browser(t).signIn("hunan").do("GET", "/alerts/export?format=csv&province=450000", nil)
	hrows, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if len(hrows) < 2 {
		t.Fatalf("the Hunan export is empty")
	}
	for _, r := range hrows[1:] {
		if !strings.Contains(r[4], "430000") {
			t.Errorf("a Hunan officer exported %v", r)
		}
	}
	if code, _ := admin.get("/alerts/export?format=pdf"); code != 400 {
		t.Errorf("an unknown format: %d, want 400", code)
	}

	// The filters in the page: channel, mineral and province, each
	// narrowing the queue and carried into the export.
	all := exported(t, admin, "")
	for _, c := range []struct {
		query string
		keep  func(row []string) bool
	}{
		{"channel=red", func(r []string) bool { n := atoi(r[0]); return n >= 90 }},
		{"channel=yellow", func(r []string) bool { n := atoi(r[0]); return n >= 50 && n < 90 }},
		{"province=450000", func(r []string) bool { return strings.Contains(r[4], "450000") }},
		{"mineral=antimony", func(r []string) bool { return strings.HasPrefix(r[9], "DEC-") }},
	} {
		got := exported(t, admin, c.query)
		if len(got) == 0 || len(got) >= len(all) {
			t.Errorf("%s: %d of %d alerts", c.query, len(got), len(all))
		}
		for _, r := range got {
			if !c.keep(r) {
				t.Errorf("%s kept %v", c.query, r)
			}
		}
		if code, body := admin.get("/alerts?" + c.query); code != 200 || !strings.Contains(body, fmt.Sprintf("/ %d</caption>", len(got))) {
			t.Errorf("%s: the page does not count the %d alerts of the export (%d)", c.query, len(got), code)
		}
	}
	for _, bad := range []string{"channel=blue", "mineral=unobtainium"} {
		if code, _ := admin.get("/alerts?" + bad); code != 400 {
			t.Errorf("%s: %d, want 400", bad, code)
		}
	}
	if _, body := admin.get("/alerts"); !strings.Contains(body, `<option value="antimony">锑</option>`) || !strings.Contains(body, `id="f-province"`) {
		t.Errorf("the page offers no mineral or province to filter by")
	}
	if _, body := s.browser(t).signIn("hunan").get("/alerts"); strings.Contains(body, `id="f-province"`) {
		t.Errorf("a Hunan officer is offered other provinces")
	}
}

// exported is the queue's CSV export for a query, without its header.
func exported(t *testing.T, b *browser, query string) [][]string {
	t.Helper()
	code, out, _ := b.do("GET", "/alerts/export?format=csv&"+query, nil)
	if code != 200 {
		t.Fatalf("export %s: %d", query, code)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("export %s: %v", query, err)
	}
	return rows[1:]
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestSelectAllAcrossPages: "all that match" acts on every alert the
// filter matches, on every page, and a province's officer still only on
// its province's, whatever filter the form carries.
func TestSelectAllAcrossPages(t *testing.T) {
	s := newSite(t, true)
	ctx := context.Background()
	// More than a page of one code in Hunan, and the same code in Guangxi.
	const code = "VALUE_ANOMALY"
	raise := func(n int, prov string) {
		for i := range n {
			no := fmt.Sprintf("5301202599%s%04d", prov[:2], i)
			if _, err := s.store.Alerts().Raise(ctx, &core.Alert{ID: "DEC-" + no + "-" + code, SubjectType: "declaration", SubjectID: no,
				Code: code, Score: 40, Summary: "bulk", SummaryZh: "批量", Evidence: "{}", Province: prov}); err != nil {
				t.Fatal(err)
			}
		}
	}
	raise(60, "430000")
	raise(5, "450000")
	all, _, err := s.store.Alerts().List(ctx, core.AlertFilter{Status: core.AlertNew, Code: code, Province: "430000", Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	most := len(all)
	hunan := s.browser(t).signIn("hunan")
	if _, body := hunan.get("/alerts?status=new&code=" + code); !strings.Contains(body, `id="select-all"`) {
		t.Errorf("no select-all offered for %d matching alerts", most)
	}
	tok := hunan.csrf("/alerts")
	// The form asks for another province: the officer's own is imposed.
	st, _, _ := hunan.do("POST", "/alerts/triage", url.Values{"csrf": {tok}, "all": {"1"}, "filter": {"status=new&province=450000&code=" + code},
		"status": {core.AlertTriaged}, "reason": {"bulk review"}, "back": {"/alerts"}})
	if st != 303 {
		t.Fatalf("triage all: %d", st)
	}
	after, _, err := s.store.Alerts().List(ctx, core.AlertFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	triaged := 0
	for _, a := range after {
		switch {
		case a.Status == core.AlertTriaged && (a.Province != "430000" || a.Code != code):
			t.Errorf("alert %s (%s, %s) triaged by a Hunan officer's filter", a.ID, a.Province, a.Code)
		case a.Status == core.AlertTriaged:
			triaged++
		}
	}
	if triaged != most {
		t.Errorf("%d alerts triaged, want every one of the %d that match", triaged, most)
	}
}

// TestSavedFilters: an officer names the filter it looks at, finds it on
// the queue, follows it, and deletes it; another officer never sees it; a
// saved filter cannot widen a province's officer's view; each change is
// audited.
func TestSavedFilters(t *testing.T) {
	s := newSite(t, true)
	hunan := s.browser(t).signIn("hunan")
	tok := hunan.csrf("/alerts")
	st, _, hd := hunan.do("POST", "/alerts/filters", url.Values{"csrf": {tok}, "name": {"锑 高分"}, "query": {"code=CONTROL_UNDECLARED&min_score=80&province=450000&junk=1"}})
	if st != 303 || !strings.Contains(hd.Get("Location"), "min_score=80") || strings.Contains(hd.Get("Location"), "junk") {
		t.Fatalf("save: %d %q", st, hd.Get("Location"))
	}
	_, body := hunan.get("/alerts")
	if !strings.Contains(body, "锑 高分") || !strings.Contains(body, "min_score=80") {
		t.Fatalf("the saved filter is not on the queue")
	}
	// Followed, it still shows Hunan's alerts only.
	if code, body := hunan.get("/alerts?code=CONTROL_UNDECLARED&min_score=80&province=450000"); code != 200 || strings.Contains(body, `title="450000"`) {
		t.Errorf("the saved filter widened a Hunan officer's view: %d", code)
	}
	if _, body := s.browser(t).signIn("admin").get("/alerts"); strings.Contains(body, "锑 高分") {
		t.Errorf("another officer sees the Hunan officer's filter")
	}
	if code, _, _ := hunan.do("POST", "/alerts/filters", url.Values{"csrf": {tok}, "name": {""}, "query": {""}}); code != 400 {
		t.Errorf("an unnamed filter: %d, want 400", code)
	}
	if code, _, _ := hunan.do("POST", "/alerts/filters/delete", url.Values{"csrf": {tok}, "name": {"锑 高分"}}); code != 303 {
		t.Errorf("delete: %d", code)
	}
	if _, body := hunan.get("/alerts"); strings.Contains(body, "锑 高分") {
		t.Errorf("the deleted filter is still listed")
	}
	if code, _, _ := hunan.do("POST", "/alerts/filters/delete", url.Values{"csrf": {tok}, "name": {"锑 高分"}}); code != 404 {
		t.Errorf("deleting it again: %d, want 404", code)
	}
	var actions []string
	entries, err := s.store.Audit().ForObject(context.Background(), "alerts/锑 高分")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, ",") != "filters.save,filters.delete" {
		t.Errorf("audit trail %v", actions)
	}
}

// TestProvinceMap: the dashboard's map has a tile for every provincial
// division with its name and count, links a province's officer to its own
// province only, and reads in both languages.
func TestProvinceMap(t *testing.T) {
	s := newSite(t, true)
	_, body := s.browser(t).signIn("admin").get("/dashboard")
	if !strings.Contains(body, `id="provmap"`) || strings.Count(body, `class="tile l`) != 34 || strings.Contains(body, "ZgotmplZ") {
		t.Fatalf("no map of 34 tiles on the dashboard")
	}
	if !regexp.MustCompile(`class="tile l[0-4] r6 c4" data-province="430000"`).MatchString(body) || !strings.Contains(body, "湖南") {
		t.Errorf("Hunan's tile is not where it belongs")
	}
	_, body = s.browser(t).signIn("hunan").get("/dashboard")
	if strings.Count(body, `href="/alerts?province=`) != 1 || !strings.Contains(body, `href="/alerts?province=430000"`) {
		t.Errorf("a Hunan officer's map links elsewhere than Hunan")
	}
	en := s.browser(t).signIn("admin")
	en.get("/lang?to=en&back=/dashboard")
	if _, body := en.get("/dashboard"); !strings.Contains(body, "Alerts by province, on the map") || !strings.Contains(body, "Hunan") {
		t.Errorf("the map's English caption is missing")
	}
}
