package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"orewatch/data"
	"orewatch/internal/applications"
	"orewatch/internal/audit"
	"orewatch/internal/catalog"
	"orewatch/internal/core"
	"orewatch/internal/lodge"
)

// TestBrowserLicenceApplication walks a licence application in Chromium
// from the exporter's draft to an issued licence, and then to a lodged
// declaration that draws on it: the exporter fills in the form, attaches
// the documents and submits; the Hunan commerce department accepts; a
// MOFCOM reviewer consults MIIT, which agrees; the director approves; a
// declaration is lodged on the licence; the exporter sees what is left.
// Every page passes axe-core's WCAG 2 A/AA checks and logs no error.
func TestBrowserLicenceApplication(t *testing.T) {
	s := newSite(t, true)
	c := newChrome(t, 120*time.Second)
	for _, u := range []*core.User{
		{Name: "hunan-commerce", Agency: "MOFCOM", Province: "430000", Role: core.RoleAnalyst},
		{Name: "reviewer", Agency: "MOFCOM", Role: core.RoleAnalyst},
		{Name: "director", Agency: "MOFCOM", Role: core.RoleSupervisor},
		{Name: "miit", Agency: "MIIT", Role: core.RoleAnalyst},
	} {
		addUser(t, s, u)
	}
	base := s.srv.URL
	docs := t.TempDir()
	var files []string
	for _, k := range applications.DocKinds[:5] {
		p := filepath.Join(docs, k+".pdf")
		if err := os.WriteFile(p, []byte("%PDF-1.4 "+k), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	signIn := func(name string) chromedp.Action[chromedp.Void] {
		return steps(
			chromedp.Navigate(base+"/login"),
			chromedp.WaitVisible(chromedp.CSS("#name")),
			chromedp.SendKeys(chromedp.CSS("#name"), name),
			chromedp.SendKeys(chromedp.CSS("#password"), password),
			submit("#password"),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.WaitReady(chromedp.CSS("footer, main")),
		)
	}
	signOut := steps(click(`form[action="/logout"] button`), chromedp.WaitVisible(chromedp.CSS("#name")))
	act := func(action string) chromedp.Action[chromedp.Void] {
		return steps(chromedp.WaitVisible(chromedp.CSS("#do-"+action)), clickLoads("#do-"+action), chromedp.WaitVisible(chromedp.CSS(`#done[data-done="`+action+`"]`)))
	}

	// The exporter drafts the application.
	if err := chromedp.Do(c.ctx,
		signIn("exporter"),
		chromedp.Navigate(base+"/applications"),
		chromedp.WaitVisible(chromedp.CSS("#new-application")),
		click("#new-application"),
		chromedp.WaitVisible(chromedp.CSS("#application-form")),
		chromedp.Func(func(context.Context, *chromedp.Target) error { c.accessible("application form"); return nil }),
		chromedp.SendKeys(chromedp.CSS("#f-destination_country"), "荷蘭"),
		chromedp.SendKeys(chromedp.CSS("#f-consignee_name"), "Rotterdam Metals B.V."),
		chromedp.SendKeys(chromedp.CSS("#f-consignee_country"), "NL"),
		chromedp.SendKeys(chromedp.CSS("#f-end_user_name"), "Rotterdam Metals B.V."),
		chromedp.SendKeys(chromedp.CSS("#f-end_user_country"), "荷兰"),
		chromedp.SendKeys(chromedp.CSS("#f-contract_no"), "RM-2025-031"),
		chromedp.SendKeys(chromedp.CSS("#f-end_use"), "阻燃剂生产 flame retardants"),
		chromedp.SendKeys(chromedp.CSS(`input[name="item_hs_code"]`), "8110101000"),
		chromedp.SendKeys(chromedp.CSS(`input[name="item_goods_name"]`), "锑锭"),
		chromedp.SendKeys(chromedp.CSS(`input[name="item_quantity"]`), "20000"),
		chromedp.SendKeys(chromedp.CSS(`input[name="item_value"]`), "4700000"),
		click("#save-application"),
		chromedp.WaitVisible(chromedp.CSS("#missing")),
		c.shot("app-1-draft"),
	); err != nil {
		loc, _ := chromedp.Run(c.ctx, chromedp.Evaluate[string](`location.href + " " + document.body.innerText.slice(0, 300)`))
		t.Fatalf("draft: %v at %s", err, loc)
	}
	c.accessible("draft")
	if got := c.text("#missing"); !strings.Contains(got, "合同") || !strings.Contains(got, "最终用户证明") {
		t.Errorf("missing: %q", got)
	}
	page, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil || !strings.HasPrefix(page, "/applications/LA") {
		t.Fatalf("the draft's page: %q %v", page, err)
	}
	id := strings.TrimPrefix(page, "/applications/")
	for i, f := range files {
		if err := chromedp.Do(c.ctx,
			chromedp.SetValue(chromedp.CSS("#doc-kind"), applications.DocKinds[i]),
			chromedp.SetUploadFiles(chromedp.CSS("#doc-file"), []string{f}),
			clickLoads("#attach-button"),
			chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#files li:nth-child(%d) a", i+1))),
		); err != nil {
			t.Fatalf("attach %s: %v", f, err)
		}
	}
	if err := chromedp.Do(c.ctx, chromedp.WaitVisible(chromedp.CSS("#complete")), act("submit"), c.shot("app-2-submitted"), signOut); err != nil {
		t.Fatalf("submit: %v", err)
	}

	// The province accepts; MOFCOM consults MIIT, which agrees.
	if err := chromedp.Do(c.ctx,
		signIn("hunan-commerce"),
		chromedp.Navigate(base+"/applications"),
		click(`a[href="/applications/`+id+`"]`),
		act("accept"),
		signOut,
		signIn("reviewer"),
		chromedp.Navigate(base+page),
		chromedp.WaitVisible(chromedp.CSS("#clock")),
		click("#consult-MIIT"),
		chromedp.SendKeys(chromedp.CSS("#note-consult"), "请工业和信息化部提出意见"),
		act("consult"),
		signOut,
		signIn("miit"),
		chromedp.Navigate(base+page),
		chromedp.SendKeys(chromedp.CSS("#note-opinion"), "无不同意见"),
		act("opinion"),
		signOut,
	); err != nil {
		t.Fatalf("province, reviewer, MIIT: %v", err)
	}

	// The director approves: the licence is issued at once.
	if err := chromedp.Do(c.ctx,
		signIn("director"),
		chromedp.Navigate(base+page),
		chromedp.WaitVisible(chromedp.CSS("#act-approve")),
		chromedp.Func(func(context.Context, *chromedp.Target) error { c.accessible("review"); return nil }),
		c.shot("app-3-review"),
		act("approve"),
		chromedp.WaitVisible(chromedp.CSS("#issued-licences")),
		signOut,
	); err != nil {
		t.Fatalf("approve: %v", err)
	}

	// Customs lodges a declaration on the licence (the lodging API's
	// path, in process); the exporter sees what it drew.
	cat, err := catalog.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	no := id + "-1"
	body := fmt.Sprintf(`{"declaration_no": "530120250000000777", "declared_at": "2025-06-30", "exporter_uscc": "91431300MA4LTB0012", "transport_mode": "2",
		"destination_country": "NL", "consignee_name": "Rotterdam Metals B.V.", "currency": "CNY", "licence_no": "%s",
		"items": [{"item_no": 1, "hs_code": "8110101000", "goods_name": "锑锭", "quantity": 5000, "unit": "kg", "net_weight_kg": 5000,
		"gross_weight_kg": 5100, "total_value": 1175000, "remarks": "属于两用物项出口管制物项；许可证号%s"}]}`, no, no)
	lodged, err := lodge.Lodge(context.Background(), lodge.Deps{Store: s.store, Catalog: cat, Lists: func() []*core.ListEntry { return nil }}, audit.Actor{Name: "customs", Agency: "GAC"}, []byte(body))
	if err != nil || len(lodged.Drawdown) != 1 || !lodged.Drawdown[0].Accepted {
		t.Fatalf("lodging on %s: %+v %v", no, lodged, err)
	}
	if err := chromedp.Do(c.ctx,
		signIn("exporter"),
		chromedp.Navigate(base+page),
		chromedp.WaitVisible(chromedp.CSS("#issued-licences")),
		c.shot("app-4-drawn"),
	); err != nil {
		t.Fatalf("the exporter's licence: %v", err)
	}
	c.accessible("approved")
	if got := c.text("#issued-licences"); !strings.Contains(got, no) || !strings.Contains(got, "5000.0 kg") || !strings.Contains(got, "15000.0 kg") {
		t.Errorf("the issued licence: %q", got)
	}
	if got := c.text("#timeline"); !strings.Contains(got, "受理") || !strings.Contains(got, "准予许可") || !strings.Contains(got, "MIIT") {
		t.Errorf("the steps: %q", got)
	}
	c.done()
}

// steps runs actions in turn as one.
func steps(as ...chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error { return chromedp.Do(ctx, as...) })
}
