package applications_test

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"orewatch/data"
	"orewatch/internal/applications"
	"orewatch/internal/audit"
	"orewatch/internal/casework"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
	"orewatch/internal/store/storetest"
	"orewatch/internal/workdays"
)

const (
	exporter = core.USCC("91431300MA4LTB0012") // Hunan
	rival    = core.USCC("91450100MA5KGE002J") // Guangxi
)

var (
	applicant  = &core.User{Name: "ex-compliance", Agency: "ENT", Role: core.RoleEnterprise, EnterpriseUSCC: exporter}
	rivalUser  = &core.User{Name: "rival", Agency: "ENT", Role: core.RoleEnterprise, EnterpriseUSCC: rival}
	hunan      = &core.User{Name: "hunan-commerce", Agency: "MOFCOM", Province: "430000", Role: core.RoleAnalyst}
	guangxi    = &core.User{Name: "guangxi-commerce", Agency: "MOFCOM", Province: "450000", Role: core.RoleAnalyst}
	reviewer   = &core.User{Name: "mofcom-reviewer", Agency: "MOFCOM", Role: core.RoleAnalyst}
	director   = &core.User{Name: "mofcom-director", Agency: "MOFCOM", Role: core.RoleSupervisor}
	miit       = &core.User{Name: "miit-officer", Agency: "MIIT", Role: core.RoleAnalyst}
	customs    = &core.User{Name: "gac-officer", Agency: "GAC", Role: core.RoleAnalyst}
	watchEntry = &core.ListEntry{List: "CN-WATCH", Name: "Kestrel Dynamics Ltd", Country: "GB", ListedOn: core.MustDate("2025-10-09")}
)

// clock moves as the test says.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup(t *testing.T, s core.Store, c *clock) applications.Deps {
	t.Helper()
	ctx := context.Background()
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	days, err := workdays.Load()
	if err != nil {
		t.Fatal(err)
	}
	err = s.WithTx(ctx, func(r core.Repos) error {
		for _, e := range []*core.Enterprise{
			{USCC: exporter, Name: "湖南示例锑业有限公司", Province: "430000"},
			{USCC: rival, Name: "广西示例贸易有限公司", Province: "450000"},
		} {
			e.Segments, e.Minerals, e.RegisteredOn, e.Status = []core.Segment{core.SegExport}, []string{"antimony"}, core.MustDate("2024-01-01"), core.StatusActive
			if _, err := r.Enterprises().Upsert(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	lists := func() []*core.ListEntry { return []*core.ListEntry{watchEntry} }
	return applications.Deps{Store: s, Catalog: func() *catalog.Catalog { return cat }, Lodge: lodge.Deps{Store: s, Catalog: cat, Lists: lists},
		Days: days, Files: casework.Files{Dir: t.TempDir()}, Now: c.now}
}

// required are the documents every application carries.
var required = []string{applications.DocIdentity, applications.DocContract, applications.DocSpecs, applications.DocEndUser, applications.DocEndUse}

func form(qty string) core.ApplicationForm {
	q, _ := core.ParseDecimal(qty)
	v, _ := core.ParseDecimal("2350000")
	return core.ApplicationForm{Kind: core.KindSingle, Uses: core.UsesMultiple, DestinationCountry: "荷兰", ConsigneeName: "Rotterdam Metals B.V.", ConsigneeCountry: "NL",
		EndUserName: "Rotterdam Metals B.V.", EndUserCountry: "Netherlands", EndUse: "阻燃剂生产 flame retardant production", ContractNo: "RM-2026-118",
		Items: []core.ApplicationItem{{HSCode: "8110.1010.00", ControlCode: "1C901", GoodsName: "锑锭", Quantity: q, Unit: "吨", Value: v, Currency: "cny"}}}
}

func attach(t *testing.T, d applications.Deps, u *core.User, id string, kinds ...string) {
	t.Helper()
	for _, k := range kinds {
		if _, err := applications.Attach(context.Background(), d, u, id, k, "C:\\docs\\"+k+".pdf", strings.NewReader("%PDF-1.4 "+k)); err != nil {
			t.Fatalf("attach %s: %v", k, err)
		}
	}
}

func act(t *testing.T, d applications.Deps, u *core.User, id string, x applications.Action) *core.LicenceApplication {
	t.Helper()
	a, err := applications.Act(context.Background(), d, u, id, x)
	if err != nil {
		t.Fatalf("%s by %s: %v", x.Name, u.Name, err)
	}
	return a
}

func mustCode(t *testing.T, err error, code string) {
	t.Helper()
	if core.ErrorCode(err) != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

// TestApplicationToLicenceToLodging walks one application from draft to
// licence: completeness refused then met, the province's check, documents
// asked for and supplied, another agency consulted, the approval by a
// director — and then a declaration lodged on the licence draws on it.
// The statutory clock counts working days, not the days the exporter or
// the consulted agency held the file.
func TestApplicationToLicenceToLodging(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 9, 24, 2, 0, 0, 0, time.UTC)} // Thursday 24 September 2026, Beijing
		d := setup(t, s, c)

		a, err := applications.Create(ctx, d, applicant, form("25"))
		if err != nil {
			t.Fatal(err)
		}
		if a.Province != "430000" || a.Form.DestinationCountry != "NL" || a.Form.EndUserCountry != "NL" || a.Form.Items[0].HSCode != "8110101000" || a.Form.Items[0].Unit != "t" {
			t.Fatalf("draft as stored: %+v", a)
		}
		// A draft is the exporter's alone.
		for _, u := range []*core.User{rivalUser, hunan, reviewer, customs} {
			_, err := applications.Show(ctx, d, u, a.ID)
			mustCode(t, err, core.ENOTFOUND)
		}
		// Not complete: the documents are missing, and say so.
		_, err = applications.Act(ctx, d, applicant, a.ID, applications.Action{Name: "submit"})
		mustCode(t, err, core.EINVALID)
		if !strings.Contains(err.Error(), "end_user_certificate") || !strings.Contains(err.Error(), "contract") {
			t.Errorf("submission refused with %v", err)
		}
		attach(t, d, applicant, a.ID, required...)
		a = act(t, d, applicant, a.ID, applications.Action{Name: "submit"})
		if a.Status != core.AppSubmitted {
			t.Fatalf("status %s", a.Status)
		}
		// Another province's department does not see it; the exporter may
		// no longer change it.
		_, err = applications.Show(ctx, d, guangxi, a.ID)
		mustCode(t, err, core.ENOTFOUND)
		_, err = applications.Edit(ctx, d, applicant, a.ID, 0, form("30"))
		mustCode(t, err, core.ECONFLICT)
		// Returned for a fix, then accepted.
		a = act(t, d, hunan, a.ID, applications.Action{Name: "return", Note: "合同号与合同文本不一致"})
		if a.Status != core.AppReturned || a.Reasons == "" {
			t.Fatalf("returned: %+v", a)
		}
		if _, err := applications.Edit(ctx, d, applicant, a.ID, a.Revision, form("20")); err != nil {
			t.Fatal(err)
		}
		a = act(t, d, applicant, a.ID, applications.Action{Name: "submit"})
		a = act(t, d, hunan, a.ID, applications.Action{Name: "accept"})
		if a.AcceptedOn != core.MustDate("2026-09-24") {
			t.Fatalf("accepted on %s", a.AcceptedOn)
		}
		// The province cannot decide; an analyst of MOFCOM cannot either.
		_, err = applications.Act(ctx, d, hunan, a.ID, applications.Action{Name: "approve"})
		mustCode(t, err, core.EFORBIDDEN)
		_, err = applications.Act(ctx, d, reviewer, a.ID, applications.Action{Name: "approve"})
		mustCode(t, err, core.EFORBIDDEN)

		c.t = time.Date(2026, 10, 12, 2, 0, 0, 0, time.UTC)
		a = act(t, d, reviewer, a.ID, applications.Action{Name: "request_info", Note: "请补充最终用户的生产能力说明"})
		attach(t, d, applicant, a.ID, applications.DocSupplementary)
		c.t = time.Date(2026, 10, 19, 2, 0, 0, 0, time.UTC)
		a = act(t, d, applicant, a.ID, applications.Action{Name: "supply", Note: "已补充"})
		a = act(t, d, reviewer, a.ID, applications.Action{Name: "refer", Note: "组织专家评审 expert opinion on the end use"})
		c.t = time.Date(2026, 10, 23, 2, 0, 0, 0, time.UTC)
		a = act(t, d, reviewer, a.ID, applications.Action{Name: "resume"})
		a = act(t, d, reviewer, a.ID, applications.Action{Name: "consult", Agencies: []string{"MIIT"}, Note: "征求工业和信息化部意见"})
		if v, err := applications.Show(ctx, d, miit, a.ID); err != nil || !slices.Contains(v.Actions, "opinion") {
			t.Fatalf("MIIT sees %v, %v", v, err)
		}
		_, err = applications.Show(ctx, d, customs, a.ID)
		mustCode(t, err, core.ENOTFOUND)
		yes := true
		a = act(t, d, miit, a.ID, applications.Action{Name: "opinion", Agree: &yes, Note: "无不同意见"})
		if a.Status != core.AppUnderReview || len(a.Consulted) != 0 {
			t.Fatalf("after the opinion: %+v", a)
		}
		// MIIT keeps reading what it was asked about.
		if _, err := applications.Show(ctx, d, miit, a.ID); err != nil {
			t.Fatal(err)
		}

		c.t = time.Date(2026, 10, 26, 2, 0, 0, 0, time.UTC) // Monday 26 October
		v, err := applications.Show(ctx, d, reviewer, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Accepted on Thursday 24 September 2026. Counted: 28–30 September;
		// 8, 9 and 10 October (a Saturday worked) after the Mid-Autumn and
		// National Day holidays; 12–16 and 19 October, while documents were
		// asked for (art. 17 does not stop the clock for them): 12 days.
		// Not counted: 20–23 October with the experts (art. 17(3)). Then
		// 26 October: 13.
		if v.Clock == nil || v.Clock.Used != 13 || v.Clock.Paused != 4 || v.Clock.Left != applications.Limit-13 || !v.Clock.Running || v.Clock.Estimated || v.Clock.NoLimit != "" {
			t.Fatalf("clock %+v", v.Clock)
		}
		if want := d.Days.Add(core.MustDate("2026-09-24"), applications.Limit+4); v.Clock.Due != want {
			t.Errorf("due %s, want %s", v.Clock.Due, want)
		}
		// Stale: a decision on the revision before the opinion is refused.
		_, err = applications.Act(ctx, d, director, a.ID, applications.Action{Name: "approve", Revision: a.Revision - 1})
		mustCode(t, err, core.ECONFLICT)
		a = act(t, d, director, a.ID, applications.Action{Name: "approve", Revision: a.Revision, ValidTo: core.MustDate("2027-06-30")})
		if a.Status != core.AppApproved || len(a.Licences) != 1 {
			t.Fatalf("approved: %+v", a)
		}
		l, err := s.Licences().Get(ctx, a.Licences[0])
		if err != nil {
			t.Fatal(err)
		}
		if l.ExporterUSCC != exporter || l.Quantity != core.DecimalFromInt(20) || l.Unit != "t" || l.ValidFrom != core.MustDate("2026-10-26") || l.ValidTo != core.MustDate("2027-06-30") ||
			l.Uses != core.UsesMultiple || l.Destination != "NL" || l.Extra["application"] != a.ID {
			t.Fatalf("licence %+v", l)
		}
		// A licence longer than a year is refused; so is a second decision.
		_, err = applications.Act(ctx, d, director, a.ID, applications.Action{Name: "refuse", Note: "x"})
		mustCode(t, err, core.ECONFLICT)

		// The licence is in force at once: a declaration on it draws on it.
		body := fmt.Sprintf(`{"declaration_no": "531620260000000077", "declared_at": "2026-10-27", "exporter_uscc": "%s", "transport_mode": "2",
			"destination_country": "NL", "consignee_name": "Rotterdam Metals B.V.", "currency": "CNY", "licence_no": "%s",
			"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": 5000, "unit": "kg", "net_weight_kg": 5000,
			"gross_weight_kg": 5100, "total_value": 1175000, "remarks": "属于两用物项出口管制物项，管制编码1C901，许可证号%s"}]}`, exporter, l.No, l.No)
		got, err := lodge.Lodge(ctx, d.Lodge, audit.Actor{Name: "customs", Agency: "GAC"}, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Drawdown) != 1 || !got.Drawdown[0].Accepted || got.Drawdown[0].DrawnKg != 5000 || got.Drawdown[0].LicensedKg != 20000 {
			t.Fatalf("drawdown %+v", got.Drawdown)
		}

		// Every step is recorded and audited.
		v, _ = applications.Show(ctx, d, applicant, a.ID)
		var actions []string
		for _, st := range v.Steps {
			actions = append(actions, st.Action)
		}
		want := []string{"create", "submit", "return", "edit", "submit", "accept", "request_info", "supply", "refer", "resume", "consult", "opinion", "approve"}
		if !slices.Equal(actions, want) {
			t.Errorf("steps %v, want %v", actions, want)
		}
		rows, err := s.Audit().ForObject(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < len(want)+len(required)+1 { // and the documents
			t.Errorf("%d audit rows for %d steps", len(rows), len(want))
		}
		if v.Clock.Running || v.Clock.Used != 13 {
			t.Errorf("decided clock %+v", v.Clock)
		}
		// The exporter's documents come back; another's read is refused.
		i := slices.IndexFunc(v.Files, func(f *core.ApplicationFile) bool { return f.Kind == applications.DocContract })
		f, r, err := applications.Open(ctx, d, applicant, a.ID, v.Files[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		if f.Name != "contract.pdf" || !strings.HasPrefix(string(b), "%PDF") {
			t.Errorf("document %+v: %q", f, b)
		}
		_, _, err = applications.Open(ctx, d, rivalUser, a.ID, v.Files[i].ID)
		mustCode(t, err, core.ENOTFOUND)
	})
}

// TestWatchListAndGeneralLicence: a watch-listed end user needs the risk
// assessment and undertakings and takes the general licence away; an
// exporter with no licensed record of the goods is not eligible either.
func TestWatchListAndGeneralLicence(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)}
		d := setup(t, s, c)
		f := form("1")
		f.Kind, f.Compliance = core.KindGeneral, true
		f.EndUserName, f.EndUserCountry = "Kestrel Dynamics Limited", "GB"
		a, err := applications.Create(ctx, d, applicant, f)
		if err != nil {
			t.Fatal(err)
		}
		attach(t, d, applicant, a.ID, required...)
		attach(t, d, applicant, a.ID, applications.DocCompliance, applications.DocLicenceUse, applications.DocChannels)
		v, err := applications.Show(ctx, d, applicant, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Check.Parties) != 1 || v.Check.Parties[0].List != "CN-WATCH" || v.Check.General.Eligible {
			t.Fatalf("check %+v", v.Check)
		}
		why := strings.Join(v.Check.General.Why, "; ")
		if !strings.Contains(why, "watch list") || !strings.Contains(why, "no record of licensed exports of 8110101000") {
			t.Errorf("not eligible because %s", why)
		}
		var missing []string
		for _, p := range v.Check.Missing {
			missing = append(missing, p.Field)
		}
		if !slices.Equal(missing, []string{"documents/risk_assessment", "documents/end_use_undertaking"}) {
			t.Errorf("missing %v", missing)
		}
		_, err = applications.Act(ctx, d, applicant, a.ID, applications.Action{Name: "submit"})
		mustCode(t, err, core.EINVALID)
		attach(t, d, applicant, a.ID, applications.DocRiskAssess, applications.DocUndertaking)
		_, err = applications.Act(ctx, d, applicant, a.ID, applications.Action{Name: "submit"})
		mustCode(t, err, core.EINVALID) // a general licence is not open to it
		f.Kind = core.KindSingle
		if _, err := applications.Edit(ctx, d, applicant, a.ID, 0, f); err != nil {
			t.Fatal(err)
		}
		act(t, d, applicant, a.ID, applications.Action{Name: "submit"})
		// The rival's user sees none of it, and lists nothing of it.
		as, err := applications.List(ctx, s, rivalUser, nil)
		if err != nil || len(as) != 0 {
			t.Errorf("rival lists %v, %v", as, err)
		}
		if as, _ := applications.List(ctx, s, hunan, nil); len(as) != 1 {
			t.Errorf("Hunan lists %d", len(as))
		}
		if as, _ := applications.List(ctx, s, guangxi, nil); len(as) != 0 {
			t.Errorf("Guangxi lists %d", len(as))
		}
		_, err = applications.Create(ctx, d, hunan, f)
		mustCode(t, err, core.EFORBIDDEN)
	})
}

// TestConcurrentDrafts: drafts created at once all get their own number.
func TestConcurrentDrafts(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		c := &clock{time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)}
		d := setup(t, s, c)
		const n = 12
		ids := make(chan string, n)
		errs := make(chan error, n)
		for range n {
			go func() {
				a, err := applications.Create(context.Background(), d, applicant, form("1"))
				if err != nil {
					errs <- err
					return
				}
				ids <- a.ID
			}()
		}
		seen := map[string]bool{}
		for range n {
			select {
			case err := <-errs:
				t.Error(err)
			case id := <-ids:
				if seen[id] {
					t.Errorf("number %s given twice", id)
				}
				seen[id] = true
			}
		}
	})
}

// TestDocumentsBounded: an application takes at most MaxFiles documents.
func TestDocumentsBounded(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		d := setup(t, s, &clock{time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)})
		a, err := applications.Create(ctx, d, applicant, form("1"))
		if err != nil {
			t.Fatal(err)
		}
		for i := range applications.MaxFiles {
			if _, err := applications.Attach(ctx, d, applicant, a.ID, applications.DocSupplementary, fmt.Sprintf("%d.pdf", i), strings.NewReader(fmt.Sprint(i))); err != nil {
				t.Fatal(err)
			}
		}
		_, err = applications.Attach(ctx, d, applicant, a.ID, applications.DocSupplementary, "one-more.pdf", strings.NewReader("x"))
		mustCode(t, err, core.EINVALID)
		_, err = applications.Attach(ctx, d, applicant, a.ID, "selfie", "x.pdf", strings.NewReader("x"))
		mustCode(t, err, core.EINVALID)
	})
}

// TestOpenApplicationsBounded: an exporter has at most MaxOpen
// applications open; a withdrawn one makes room.
func TestOpenApplicationsBounded(t *testing.T) {
	storetest.EachStore(t, func(t *testing.T, s core.Store) {
		ctx := context.Background()
		d := setup(t, s, &clock{time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)})
		var first string
		for i := range applications.MaxOpen {
			a, err := applications.Create(ctx, d, applicant, core.ApplicationForm{})
			if err != nil {
				t.Fatalf("draft %d: %v", i, err)
			}
			if i == 0 {
				first = a.ID
			}
		}
		_, err := applications.Create(ctx, d, applicant, core.ApplicationForm{})
		mustCode(t, err, core.EINVALID)
		act(t, d, applicant, first, applications.Action{Name: "withdraw"})
		if _, err := applications.Create(ctx, d, applicant, core.ApplicationForm{}); err != nil {
			t.Errorf("after a withdrawal: %v", err)
		}
	})
}
