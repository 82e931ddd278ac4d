package web

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/analysis"
	"orewatch/internal/audit"
	"orewatch/internal/balance"
	"orewatch/internal/casework"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/geo"
	"orewatch/internal/ledger"
	"orewatch/internal/party"
	"orewatch/internal/risk"
)

// dummyHash is checked against when a user name is unknown. It is made
// when the UI is built, not when the package is loaded: a hash is 64 MiB of
// work, which every command of the binary paid for, even 'orewatch
// version'.
var dummyHash = sync.OnceValue(func() string {
	h, _ := access.HashPassword("no user has this password, it only costs time")
	return h
})

// noChange records a security event in the audit trail without a data
// change.
func noChange(core.Repos) error { return nil }

func officer(p *page) casework.Officer {
	return casework.Officer{Name: p.User.Name, Agency: p.User.Agency, Province: p.User.Province, Role: p.User.Role}
}

func actor(p *page) audit.Actor { return audit.Actor{Name: p.User.Name, Agency: p.User.Agency} }

func clientIP(r *http.Request) string {
	h := r.RemoteAddr
	if i := strings.LastIndex(h, ":"); i > 0 {
		h = h[:i]
	}
	return h
}

// localPath keeps a redirect target on this site.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *server) loginPage(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.L.T("signin")
	p.Data = map[string]any{"Next": localPath(r.URL.Query().Get("next")), "SSO": s.OIDC != nil}
	return s.render(w, http.StatusOK, "login", p)
}

func (s *server) login(w http.ResponseWriter, r *http.Request, p *page) error {
	if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r) {
		return &core.Error{Code: core.EFORBIDDEN, Message: "cross-origin sign-in refused"}
	}
	name, pw, next := strings.TrimSpace(r.FormValue("name")), r.FormValue("password"), localPath(r.FormValue("next"))
	p.Title, p.Data = p.L.T("signin"), map[string]any{"Next": next, "Name": name, "SSO": s.OIDC != nil}
	nameKey, ipKey := "name:"+strings.ToLower(name), "ip:"+clientIP(r)
	byName, err := s.throttle.Wait(r.Context(), nameKey)
	if err != nil {
		return err
	}
	byIP, err := s.ipThrottle.Wait(r.Context(), ipKey)
	if err != nil {
		return err
	}
	if wait := max(byName, byIP); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		p.Error = p.L.T("signin.throttled")
		s.Logger.Warn("sign-in throttled", "user", name, "ip", clientIP(r))
		return s.render(w, http.StatusTooManyRequests, "login", p)
	}
	u, err := s.Store.Users().ByName(r.Context(), name)
	if err != nil {
		// Spend the same time as a real check, so the answer's timing does
		// not tell which user names exist.
		access.CheckPassword(dummyHash(), pw)
	}
	if err != nil || u.Disabled || !access.CheckPassword(u.PasswordHash, pw) {
		if err := errors.Join(s.throttle.Fail(r.Context(), nameKey), s.ipThrottle.Fail(r.Context(), ipKey)); err != nil {
			return err
		}
		s.Logger.Info("sign-in failed", "user", name, "ip", clientIP(r))
		p.Error = p.L.T("signin.failed")
		return s.render(w, http.StatusUnauthorized, "login", p)
	}
	if err := s.throttle.Reset(r.Context(), nameKey); err != nil {
		return err
	}
	secret, exp, err := s.Guard.StartSession(r.Context(), u)
	if err != nil {
		return err
	}
	if err := audit.Change(r.Context(), s.Store, audit.Actor{Name: u.Name, Agency: u.Agency}, "session.start", u.Name, nil, nil, "browser sign-in from "+clientIP(r), noChange); err != nil {
		return err
	}
	setSession(w, r, secret, exp)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request, p *page) error {
	if c, err := r.Cookie(access.SessionCookie); err == nil {
		if err := s.Guard.EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	if err := audit.Change(r.Context(), s.Store, actor(p), "session.end", p.User.Name, nil, nil, "browser sign-out", noChange); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: access.SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// setupValid says whether token is a setup secret still good: printed by
// this server or by another of the same store, while the store has no
// user.
func (s *server) setupValid(r *http.Request, token string) bool {
	n, err := s.Store.Users().Count(r.Context())
	if err != nil || n != 0 || s.setup.isUsed() || token == "" {
		return false
	}
	if CheckSetup(s.SetupHash, token) {
		return true
	}
	kept, err := s.Store.Users().SetupTokenValid(r.Context(), access.HashToken(token))
	return err == nil && kept
}

func (s *server) setupPage(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.L.T("setup")
	if !s.setupValid(r, r.URL.Query().Get("token")) {
		return &core.Error{Code: core.ENOTFOUND, Message: p.L.T("setup.invalid")}
	}
	agencies := make([]string, 0, len(access.Agencies))
	for a := range access.Agencies {
		agencies = append(agencies, a)
	}
	sort.Strings(agencies)
	p.Data = map[string]any{"Token": r.URL.Query().Get("token"), "Agencies": agencies}
	return s.render(w, http.StatusOK, "setup", p)
}

func (s *server) setupSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r) {
		return &core.Error{Code: core.EFORBIDDEN, Message: "cross-origin form refused"}
	}
	if !s.setupValid(r, r.FormValue("token")) || !s.setup.claim() {
		return &core.Error{Code: core.ENOTFOUND, Message: p.L.T("setup.invalid")}
	}
	done := false
	defer func() {
		if !done {
			s.setup.release() // a failed attempt (a short password) may try again
		}
	}()
	name, agency, pw := strings.TrimSpace(r.FormValue("name")), r.FormValue("agency"), r.FormValue("password")
	if name == "" {
		return core.FieldErrorf("name", "a user name is required")
	}
	if _, ok := access.Agencies[agency]; !ok {
		return core.FieldErrorf("agency", "unknown agency %q", agency)
	}
	hash, err := access.HashPassword(pw)
	if err != nil {
		return err
	}
	u := &core.User{ID: access.NewID(), Name: name, Agency: agency, Role: core.RoleAdmin, PasswordHash: hash, CreatedAt: s.Now()}
	if err := audit.Change(r.Context(), s.Store, audit.Actor{Name: "setup", Agency: agency}, "user.add", u.Name, nil, u, "first administrator (setup link)", func(rp core.Repos) error {
		return rp.Users().CreateFirst(r.Context(), u)
	}); err != nil {
		if core.ErrorCode(err) == core.ECONFLICT {
			return &core.Error{Code: core.ENOTFOUND, Message: p.L.T("setup.invalid")}
		}
		return err
	}
	done = true
	secret, exp, err := s.Guard.StartSession(r.Context(), u)
	if err != nil {
		return err
	}
	setSession(w, r, secret, exp)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *server) switchLang(w http.ResponseWriter, r *http.Request, p *page) error {
	to := "zh"
	if r.URL.Query().Get("to") == "en" {
		to = "en"
	}
	http.SetCookie(w, &http.Cookie{Name: "ow_lang", Value: to, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(r.URL.Query().Get("back")), http.StatusSeeOther)
	return nil
}

func (s *server) home(w http.ResponseWriter, r *http.Request, p *page) error {
	// Officers land on the dashboard; an exporter's compliance officer on
	// the self-check, the page made for it.
	target := "/catalog"
	switch {
	case access.Allowed(p.User.Role, "alerts.read"):
		target = "/dashboard"
	case access.Allowed(p.User.Role, "declarations.screen"):
		target = "/selfcheck"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

type count struct {
	Key  string `json:"key"`
	Code string `json:"code,omitempty"` // the stored code a Key names
	N    int    `json:"n"`
}

func counted(m map[string]int, byKey bool) []count {
	out := make([]count, 0, len(m))
	for k, n := range m {
		out = append(out, count{Key: k, N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if byKey || out[i].N == out[j].N {
			return out[i].Key < out[j].Key
		}
		return out[i].N > out[j].N
	})
	return out
}

// termed names each count's key in the page's language, keeping the code
// for what is keyed by it (a channel's colour).
func termed(cs []count, l Lang) []count {
	for i := range cs {
		cs[i].Code, cs[i].Key = cs[i].Key, l.Term(cs[i].Key)
	}
	return cs
}

// materialName is a material's name in the page's language, from the
// catalogue; its id when the catalogue does not name it.
func (s *server) materialName(id string, l Lang) string {
	if m, ok := s.cat().Material(id); ok {
		if n := map[bool]string{true: m.NameZh, false: m.NameEn}[l.Zh()]; n != "" {
			return n
		}
	}
	return id
}

// dashboardAlerts bounds what the dashboard aggregates: the highest-scored
// alerts first, so the charts speak of what matters.
const dashboardAlerts = 20000

func (s *server) dashboard(w http.ResponseWriter, r *http.Request, p *page) error {
	scope := p.User.Province
	as, total, err := s.Store.Alerts().List(r.Context(), core.AlertFilter{Province: scope, Limit: dashboardAlerts})
	if err != nil {
		return err
	}
	byCode, byWeek, byProv, byChannel, byProvCode := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	newN := 0
	for _, a := range as {
		byCode[a.Code]++
		y, wk := alertDay(a).ISOWeek()
		byWeek[fmt.Sprintf("%d-W%02d", y, wk)]++
		byProv[provinceName(a.Province, p.L)]++
		byProvCode[a.Province]++
		switch {
		case a.Score >= 90:
			byChannel["red"]++
		case a.Score >= 50:
			byChannel["yellow"]++
		default:
			byChannel["green"]++
		}
		if a.Status == core.AlertNew {
			newN++
		}
	}
	_, items, err := s.Store.Declarations().List(r.Context(), core.DeclarationFilter{Limit: 1})
	if err != nil {
		return err
	}
	top := as
	if len(top) > 10 {
		top = top[:10]
	}
	gaps, err := s.priceGaps(r, p.L)
	if err != nil {
		return err
	}
	groups := s.minerals(p.L)
	group := r.URL.Query().Get("group")
	if group == "" {
		group = "antimony"
	}
	exports, err := s.exportsChart(r, group, scope)
	if err != nil {
		return err
	}
	p.Title = p.L.T("nav.dashboard")
	p.Data = map[string]any{"Total": total, "New": newN, "Top": top, "Groups": groups, "Group": group, "Items": items, "Map": provinceMap(byProvCode, scope, p.L),
		"Charts": map[string]any{"code": termed(counted(byCode, false), p.L), "week": counted(byWeek, true), "province": counted(byProv, false),
			"channel": termed(counted(byChannel, true), p.L), "prices": gaps, "exports": exports}}
	return s.render(w, http.StatusOK, "dashboard", p)
}

// alertDay is when what an alert is about happened: a declaration's date,
// from its evidence, or else when the alert was raised (every alert of one
// analysis is raised the same hour, so that chart had one bar).
func alertDay(a *core.Alert) time.Time {
	const key = `"declared_at":"`
	if i := strings.Index(a.Evidence, key); i >= 0 && len(a.Evidence) >= i+len(key)+10 {
		if d, err := core.ParseDate(a.Evidence[i+len(key) : i+len(key)+10]); err == nil {
			return d.Time()
		}
	}
	return a.CreatedAt
}

type priceGap struct {
	Material string  `json:"material"`
	Name     string  `json:"name"` // in the page's language
	Date     string  `json:"date"`
	Home     float64 `json:"home"`
	Abroad   float64 `json:"abroad"`
}

// priceGaps is the latest domestic and overseas price of each material, in
// yuan per kilogram.
func (s *server) priceGaps(r *http.Request, l Lang) ([]priceGap, error) {
	ps, err := s.Store.Prices().All(r.Context())
	if err != nil {
		return nil, err
	}
	latest := map[string]*priceGap{}
	for _, pr := range ps {
		v, ok := s.Risk.CNY(pr.Price.Float(), pr.Currency, pr.Date)
		if !ok {
			continue
		}
		if strings.EqualFold(pr.Unit, "t") {
			v /= 1000
		}
		g := latest[pr.Material]
		if g == nil {
			g = &priceGap{Material: pr.Material, Name: s.materialName(pr.Material, l)}
			latest[pr.Material] = g
		}
		if pr.Date.String() >= g.Date {
			g.Date = pr.Date.String()
			if pr.Market == "CN" {
				g.Home = math.Round(v*100) / 100
			} else {
				g.Abroad = math.Round(v*100) / 100
			}
		}
	}
	out := []priceGap{}
	for _, g := range latest {
		if g.Home > 0 && g.Abroad > 0 {
			out = append(out, *g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Material < out[j].Material })
	return out, nil
}

func provinceName(code string, l Lang) string {
	if code == "" {
		if l.Zh() {
			return "未关联省份"
		}
		return "no province"
	}
	p, err := geo.MustDefault().Province(code)
	if err != nil {
		return code
	}
	if l.Zh() {
		return p.NameZh
	}
	return p.NameEn
}

const pageSize = 50

func (s *server) alerts(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	f, err := s.queueFilter(r, p)
	if err != nil {
		return err
	}
	f.Limit = pageSize
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Offset = max(0, f.Offset)
	as, total, err := s.Store.Alerts().List(r.Context(), f)
	if err != nil {
		return err
	}
	if len(as) == 0 && f.Offset > 0 && total > 0 { // past the end: the last page, not "663–663 / 663"
		v := r.URL.Query()
		v.Set("offset", strconv.Itoa((total-1)/pageSize*pageSize))
		http.Redirect(w, r, "/alerts?"+v.Encode(), http.StatusSeeOther)
		return nil
	}
	codes := append([]string{"CONTROL_UNDECLARED", "LICENCE_MISSING", "LICENCE_INVALID", "LICENCE_MISMATCH", "LICENCE_EXCEEDED", "DESTINATION_PROHIBITED",
		"END_USER_LISTED", "UNREGISTERED_ENTERPRISE", "FLOW_LEAKAGE"}, risk.Codes...)
	base := queueValues(q)
	p.Title = p.L.T("nav.alerts")
	p.Flash = q.Get("done")
	// Each column's header sorts by it; the current column's turns the
	// order round.
	sorts := map[string]string{}
	for _, c := range core.AlertSorts {
		v := queueValues(q)
		v.Set("sort", c)
		v.Del("dir")
		if c == f.Sort || (f.Sort == "" && c == "score") {
			if !f.Reverse {
				v.Set("dir", "rev")
			}
		}
		sorts[c] = "/alerts?" + v.Encode()
	}
	export := queueValues(q)
	saved, err := s.savedFilterLinks(r, p)
	if err != nil {
		return err
	}
	aria := "ascending"
	if slices.Contains([]string{"", "score", "raised", "changed"}, f.Sort) != f.Reverse {
		aria = "descending"
	}
	p.Data = map[string]any{"Columns": []string{"score", "code", "subject", "province", "status"}, "SortAria": aria, "Alerts": as, "Total": total, "Filter": f, "Codes": codes, "Statuses": []string{core.AlertNew, core.AlertTriaged, core.AlertDismissed, core.AlertEscalated},
		"Prev": pageLink(base, f.Offset-pageSize, f.Offset > 0), "Next": pageLink(base, f.Offset+pageSize, f.Offset+pageSize < total),
		"From": min(len(as), 1) + f.Offset, "To": f.Offset + len(as), "Sorts": sorts, "Sort": cmp.Or(f.Sort, "score"), "Reverse": f.Reverse,
		"RaisedFrom": q.Get("from"), "RaisedTo": q.Get("to"), "Query": export.Encode(), "Saved": saved,
		"Channel": q.Get("channel"), "Channels": []string{"red", "yellow", "green"}, "Mineral": q.Get("mineral"), "Minerals": s.minerals(p.L),
		"Province": f.Province, "Provinces": provinceChoices(p),
		"ExportCSV": "/alerts/export?" + withFormat(export, "csv"), "ExportXLSX": "/alerts/export?" + withFormat(export, "xlsx"),
		// The live feed starts where this page was read.
		"Stream": "/alerts/stream?" + url.Values{"status": {f.Status}, "code": {f.Code}, "min_score": {q.Get("min_score")},
			"since": {time.Now().UTC().Format(time.RFC3339Nano)}}.Encode()}
	return s.render(w, http.StatusOK, "alerts", p)
}

func pageLink(v url.Values, offset int, ok bool) string {
	return nextLink("/alerts", v, offset, ok)
}

// visibleAlert loads an alert the user's scope covers; any other answers
// not found.
func (s *server) visibleAlert(r *http.Request, p *page, id string) (*core.Alert, error) {
	a, err := s.Store.Alerts().Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if p.User.Province != "" && a.Province != p.User.Province {
		return nil, core.Errorf(core.ENOTFOUND, "alert %s not found", id)
	}
	return a, nil
}

func (s *server) alert(w http.ResponseWriter, r *http.Request, p *page) error {
	a, err := s.visibleAlert(r, p, r.PathValue("id"))
	if err != nil {
		return err
	}
	p.Title = p.L.Term(a.Code) + " · " + a.SubjectID
	rows, signals := evidenceTable(a.Evidence, p.L)
	p.Data = map[string]any{"Alert": a, "Findings": evidenceFindings(a.Evidence), "DeclaredAt": declaredAt(a.Evidence), "Evidence": rows, "Signals": signals}
	if a.SubjectType == "declaration" {
		if d, err := s.Store.Declarations().Get(r.Context(), a.SubjectID, 1); err == nil {
			p.Data.(map[string]any)["Declaration"] = d
			// Who exported it and what else is on its record: an officer
			// reads the alert against the exporter's history.
			if e, err := s.Store.Enterprises().Get(r.Context(), d.ExporterUSCC); err == nil {
				p.Data.(map[string]any)["Exporter"] = e
			}
			if _, n, err := s.Store.Alerts().List(r.Context(), core.AlertFilter{Enterprise: d.ExporterUSCC, Province: p.User.Province, Limit: 1}); err == nil {
				p.Data.(map[string]any)["ExporterAlerts"] = n
			}
		}
	}
	if n, ok := nextSteps[a.Code]; ok {
		p.Data.(map[string]any)["Next"] = n
	}
	return s.render(w, http.StatusOK, "alert", p)
}

// evidenceFinding is a finding an alert's evidence carries, as the page
// shows it: in words, before the raw evidence.
type evidenceFinding struct {
	Code      string `json:"code"`
	Severity  string `json:"severity"`
	ItemNo    int    `json:"item_no"`
	Message   string `json:"message"`
	MessageZh string `json:"message_zh"`
}

func evidenceFindings(ev string) []evidenceFinding {
	var e struct {
		Findings []evidenceFinding `json:"findings"`
	}
	if json.Unmarshal([]byte(ev), &e) != nil {
		return nil
	}
	return e.Findings
}

func (s *server) triage(w http.ResponseWriter, r *http.Request, p *page) error {
	ids, err := s.selectedAlerts(r, p)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return core.FieldErrorf("id", "select at least one alert")
	}
	status, reason := r.FormValue("status"), strings.TrimSpace(r.FormValue("reason"))
	for _, id := range ids {
		if _, err := casework.Triage(r.Context(), s.Store, actor(p), p.User.Province, id, status, reason, s.Now()); err != nil {
			return err
		}
	}
	back := localPath(r.FormValue("back"))
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"done="+url.QueryEscape(fmt.Sprintf("%d %s", len(ids), status)), http.StatusSeeOther)
	return nil
}

func (s *server) declaration(w http.ResponseWriter, r *http.Request, p *page) error {
	no := r.PathValue("no")
	items, _, err := s.Store.Declarations().List(r.Context(), core.DeclarationFilter{DeclarationNo: no, Limit: 100})
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return core.Errorf(core.ENOTFOUND, "declaration %s not found", no)
	}
	var province string
	if e, err := s.Store.Enterprises().Get(r.Context(), items[0].ExporterUSCC); err == nil {
		province = e.Province
	}
	if p.User.Province != "" && province != p.User.Province {
		return core.Errorf(core.ENOTFOUND, "declaration %s not found", no)
	}
	mine, _, err := s.Store.Alerts().List(r.Context(), core.AlertFilter{SubjectType: "declaration", SubjectID: no, Limit: 100})
	if err != nil {
		return err
	}
	var lic *core.Licence
	var drawn float64
	if items[0].LicenceNo != "" {
		if lic, err = s.Store.Licences().Get(r.Context(), items[0].LicenceNo); err == nil {
			uses, _, err := s.Store.Declarations().List(r.Context(), core.DeclarationFilter{LicenceNo: lic.No, Limit: 10000})
			if err != nil {
				return err
			}
			for _, u := range uses {
				drawn += u.NetWeightKg.Float()
			}
		} else {
			lic = nil
		}
	}
	exporter, _ := s.Store.Enterprises().Get(r.Context(), items[0].ExporterUSCC)
	weights, err := s.containerWeights(r, items)
	if err != nil {
		return err
	}
	screened, err := s.screenConsignees(r, items)
	if err != nil {
		return err
	}
	p.Title = p.L.T("declaration") + " " + no
	p.Data = map[string]any{"No": no, "Items": items, "Alerts": mine, "Licence": lic, "Drawn": drawn, "Province": province, "Exporter": exporter,
		"Weights": weights, "Screened": screened}
	return s.render(w, http.StatusOK, "declaration", p)
}

// weightRow sets a container's carrier mass against what was declared.
type weightRow struct {
	Container, Size        string
	VGM, Tare, Cargo       float64
	Declared, ShortfallPct float64
}

// containerWeights compares the bill of lading's verified gross masses
// (less tare) with the gross weight declared on it.
func (s *server) containerWeights(r *http.Request, items []*core.DeclarationItem) ([]weightRow, error) {
	bl := items[0].BillOfLading
	if bl == "" {
		return nil, nil
	}
	ms, err := s.Store.Manifests().ByBill(r.Context(), bl)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	declared := 0.0
	for _, it := range items {
		declared += it.GrossWeightKg.Float()
	}
	var out []weightRow
	cargo := 0.0
	for _, m := range ms {
		kg, tare, _ := s.Risk.Cargo(m, risk.Container{})
		row := weightRow{Container: m.ContainerNo, Size: m.Size, VGM: m.VGMKg.Float(), Tare: tare, Cargo: kg}
		cargo += row.Cargo
		out = append(out, row)
	}
	if cargo > 0 {
		out = append(out, weightRow{Container: "Σ", Cargo: cargo, Declared: declared, ShortfallPct: math.Round(1000*(cargo-declared)/cargo) / 10})
	}
	return out, nil
}

type screenedParty struct {
	Name    string
	Matches []party.Match
}

// screenConsignees screens each distinct consignee against the shipped and
// stored restricted-party lists as of the declaration's day.
func (s *server) screenConsignees(r *http.Request, items []*core.DeclarationItem) ([]screenedParty, error) {
	stored, err := s.Store.Lists().All(r.Context())
	if err != nil {
		return nil, err
	}
	sc := party.NewScreener(append(append([]*core.ListEntry(nil), s.lists()...), stored...))
	seen := map[string]bool{}
	var out []screenedParty
	for _, it := range items {
		if seen[it.ConsigneeName] {
			continue
		}
		seen[it.ConsigneeName] = true
		out = append(out, screenedParty{it.ConsigneeName, sc.Screen(it.ConsigneeName, firstOf(it.ConsigneeCountry, it.DestinationCountry), it.DeclaredAt)})
	}
	return out, nil
}

func firstOf(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func (s *server) enterprise(w http.ResponseWriter, r *http.Request, p *page) error {
	u, err := core.ParseUSCC(r.PathValue("uscc"))
	if err != nil {
		return core.Errorf(core.ENOTFOUND, "no such enterprise")
	}
	e, err := ledger.Show(r.Context(), s.Store, u, core.DateOf(s.Now()))
	if err != nil {
		return err
	}
	if p.User.Province != "" && e.Enterprise.Province != p.User.Province {
		return core.Errorf(core.ENOTFOUND, "enterprise %s not found", u)
	}
	mats, err := s.Store.Materials().All(r.Context())
	if err != nil {
		return err
	}
	exports, err := analysis.Exports(r.Context(), s.Store, s.cat(), mats)
	if err != nil {
		return err
	}
	books, err := balance.ForEnterprise(r.Context(), s.Store, u, "", "", analysis.Yields(s.cat(), mats), exports)
	if err != nil {
		return err
	}
	type point struct {
		Month    string  `json:"month"`
		Material string  `json:"material"`
		Closing  float64 `json:"closing"`
	}
	var series []point
	for _, row := range books.Rows {
		series = append(series, point{row.Month, row.Material, row.Closing})
	}
	lics, _, err := s.Store.Licences().List(r.Context(), core.LicenceFilter{ExporterUSCC: u, Limit: 50})
	if err != nil {
		return err
	}
	decls, declTotal, err := s.Store.Declarations().List(r.Context(), core.DeclarationFilter{ExporterUSCC: u, Limit: 50})
	if err != nil {
		return err
	}
	evs, err := s.Store.Events().Query(r.Context(), core.EventFilter{BizLocation: "urn:orewatch:site:" + string(u), Limit: 100, NoDocument: true})
	if err != nil {
		return err
	}
	// Its alerts are the enterprise's own and those on its declarations.
	mine, alertTotal, err := s.Store.Alerts().List(r.Context(), core.AlertFilter{Enterprise: u, Limit: 100})
	if err != nil {
		return err
	}
	p.Title = e.Enterprise.Name
	p.Data = map[string]any{"E": e, "Books": books, "Series": series, "Licences": lics, "Declarations": decls, "DeclTotal": declTotal, "Events": evs, "Alerts": mine, "AlertTotal": alertTotal}
	return s.render(w, http.StatusOK, "enterprise", p)
}

func (s *server) catalog(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	data := map[string]any{"HS": q.Get("hs"), "Date": q.Get("date"), "Dest": q.Get("dest"), "Search": q.Get("q")}
	if data["Date"] == "" {
		data["Date"] = core.DateOf(s.Now()).String()
	}
	if q.Get("hs") != "" {
		query, err := catalog.ParseQuery(q.Get("hs"), data["Date"].(string), q.Get("dest"), q.Get("military") == "on", core.DateOf(s.Now()), geo.MustDefault())
		if err != nil {
			return err
		}
		a := s.cat().Lookup(query)
		data["Answer"] = &a
	}
	if q.Get("q") != "" {
		data["Results"] = s.cat().Search(q.Get("q"))
	}
	type event struct {
		ID, Title, Effective string
		Groups               []string
	}
	var timeline []event
	for _, m := range s.cat().Timeline("") {
		title := m.TitleEn
		if p.L.Zh() {
			title = m.TitleZh
		}
		groups := map[string]bool{}
		var gs []string
		for _, it := range m.Items {
			if !groups[it.Group] {
				groups[it.Group] = true
				gs = append(gs, it.Group)
			}
		}
		timeline = append(timeline, event{m.ID, title, m.Effective.String(), gs})
	}
	data["Timeline"] = timeline
	data["Version"] = s.cat().Version.String()
	p.Title = p.L.T("nav.catalog")
	p.Data = data
	return s.render(w, http.StatusOK, "catalog", p)
}

func (s *server) network(w http.ResponseWriter, r *http.Request, p *page) error {
	q := strings.TrimSpace(r.URL.Query().Get("party"))
	data := map[string]any{"Q": q}
	p.Title = p.L.T("nav.network")
	if q != "" {
		g, err := risk.LoadGraph(r.Context(), s.Store, s.lists(), core.DateOf(s.Now()))
		if err != nil {
			return err
		}
		sgs, err := g.Network(q, 2)
		if err == nil && p.User.Province != "" {
			// The officer sees the subgraphs that reach their province,
			// other provinces' enterprises unnamed.
			mine, lerr := ledger.InProvince(r.Context(), s.Store, p.User.Province)
			if lerr != nil {
				return lerr
			}
			if sgs = risk.ScopeSubgraphs(sgs, func(u string) bool { return mine[core.USCC(u)] }); len(sgs) == 0 {
				err = core.Errorf(core.ENOTFOUND, "no network in your province matches %q", q)
			}
		}
		if core.ErrorCode(err) == core.ENOTFOUND {
			data["None"] = true
		} else if err != nil {
			return err
		} else {
			data["Graph"] = sgs[0]
			// Who looked at whom is itself sensitive: party reads are audited.
			if err := audit.Change(r.Context(), s.Store, actor(p), "party.read", sgs[0].Center, nil, nil,
				fmt.Sprintf("network page, %d nodes, %d edges", len(sgs[0].Nodes), len(sgs[0].Edges)), noChange); err != nil {
				return err
			}
		}
	}
	p.Data = data
	return s.render(w, http.StatusOK, "network", p)
}
