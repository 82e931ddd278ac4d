package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/core"
)

// addUser signs up one more user with the test password.
func addUser(t *testing.T, s *site, u *core.User) {
	t.Helper()
	hash, _ := access.HashPassword(password)
	u.ID, u.PasswordHash, u.CreatedAt = "u-"+u.Name, hash, time.Now()
	if err := s.store.Users().Create(context.Background(), u); err != nil {
		t.Fatal(err)
	}
}

// attach posts a document as the page's form does.
func (b *browser) attach(path, csrf, kind, name, content string) (int, string) {
	return b.postFile(path, csrf, map[string]string{"kind": kind}, "file", name, content)
}

// attachAs posts a file in the form field named.
func (b *browser) attachAs(path, csrf, field, name, content string) (int, string) {
	return b.postFile(path, csrf, nil, field, name, content)
}

func (b *browser) postFile(path, csrf string, fields map[string]string, field, name, content string) (int, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", b.s.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

var appIDRe = regexp.MustCompile(`/applications/(LA\d+)`)

// TestApplicationPages: an exporter drafts an application on the page,
// attaches its documents and submits it; the Hunan commerce department
// accepts it; MOFCOM's director approves it; each page shows the others
// the steps open to them only, in both languages; other exporters and
// provinces see nothing of it.
func TestApplicationPages(t *testing.T) {
	s := newSite(t, true)
	addUser(t, s, &core.User{Name: "hunan-commerce", Agency: "MOFCOM", Province: "430000", Role: core.RoleAnalyst})
	addUser(t, s, &core.User{Name: "guangxi-commerce", Agency: "MOFCOM", Province: "450000", Role: core.RoleAnalyst})
	addUser(t, s, &core.User{Name: "director", Agency: "MOFCOM", Role: core.RoleSupervisor})
	addUser(t, s, &core.User{Name: "rival", Agency: "GOV", Role: core.RoleEnterprise, EnterpriseUSCC: "91450100MA5KGE002J"})

	ex := s.browser(t).signIn("exporter")
	if code, body := ex.get("/applications"); code != 200 || !strings.Contains(body, `id="new-application"`) || !strings.Contains(body, `id="notices"`) {
		t.Fatalf("the exporter's desk: %d", code)
	}
	tok := ex.csrf("/applications/new")
	form := url.Values{"csrf": {tok}, "kind": {"single"}, "uses": {"multiple"}, "destination_country": {"荷蘭"}, "consignee_name": {"Rotterdam Metals B.V."},
		"consignee_country": {"NL"}, "end_user_name": {"Rotterdam Metals B.V."}, "end_user_country": {"NL"}, "end_use": {"阻燃剂 flame retardants"},
		"contract_no": {"RM-2025-031"}, "item_hs_code": {"8110101000", ""}, "item_control_code": {"", ""}, "item_goods_name": {"锑锭", ""},
		"item_quantity": {"many", ""}, "item_unit": {"t", "kg"}, "item_value": {"470000", ""}, "item_currency": {"CNY", "CNY"}}
	if code, body, _ := ex.do("POST", "/applications", form); code != 400 || !strings.Contains(body, "items/0/quantity") {
		t.Fatalf("a quantity that is not a number: %d", code)
	}
	form.Set("item_quantity", "2")
	code, _, hd := ex.do("POST", "/applications", form)
	m := appIDRe.FindStringSubmatch(hd.Get("Location"))
	if code != 303 || m == nil {
		t.Fatalf("create: %d %s", code, hd.Get("Location"))
	}
	page := "/applications/" + m[1]
	_, body := ex.get(page)
	for _, want := range []string{`id="application-form"`, `id="missing"`, "请上传合同", `id="act-submit"`, `id="act-withdraw"`, `id="item-checks"`, "MOFCOM-GAC-2024-33"} {
		if !strings.Contains(body, want) {
			t.Errorf("the draft's page lacks %s", want)
		}
	}
	tok = ex.csrf(page)
	for _, k := range []string{"identity_documents", "contract", "technical_specification", "end_user_certificate", "end_use_certificate"} {
		if code, _ := ex.attach(page+"/documents", tok, k, "申请材料-"+strings.ToUpper(k[:3])+".pdf", "%PDF "+k); code != 303 {
			t.Fatalf("attach %s: %d", k, code)
		}
	}
	if code, _, _ := ex.do("POST", page+"/act", url.Values{"csrf": {tok}, "action": {"submit"}}); code != 303 {
		t.Fatalf("submit: %d", code)
	}
	for _, who := range []string{"rival", "guangxi-commerce", "police"} {
		if code, _ := s.browser(t).signIn(who).get(page); code != 404 && code != 403 {
			t.Errorf("%s reads the application: %d", who, code)
		}
	}
	hn := s.browser(t).signIn("hunan-commerce")
	_, body = hn.get("/applications")
	if !strings.Contains(body, m[1]) || !strings.Contains(body, `class="waiting"`) {
		t.Errorf("Hunan's queue lacks the application, or that it waits for Hunan")
	}
	_, body = hn.get(page)
	if !strings.Contains(body, `id="act-accept"`) || !strings.Contains(body, `id="act-return"`) || strings.Contains(body, `id="act-approve"`) {
		t.Errorf("the province's steps are wrong")
	}
	if code, _, _ := hn.do("POST", page+"/act", url.Values{"csrf": {hn.csrf(page)}, "action": {"accept"}}); code != 303 {
		t.Fatalf("accept: %d", code)
	}
	dir := s.browser(t).signIn("director")
	_, body = dir.get(page)
	for _, want := range []string{`id="clock"`, `id="due"`, `id="act-approve"`, `id="act-consult"`, "受理日期 2025-06-30"} {
		if !strings.Contains(body, want) {
			t.Errorf("the director's page lacks %s", want)
		}
	}
	tok = dir.csrf(page)
	if code, _, _ := dir.do("POST", page+"/act", url.Values{"csrf": {tok}, "action": {"approve"}, "valid_to": {"2026-12-31"}}); code != 400 {
		t.Errorf("a licence of 18 months: %d, want 400", code)
	}
	if code, _, _ := dir.do("POST", page+"/act", url.Values{"csrf": {tok}, "action": {"approve"}, "valid_to": {"2025-12-31"}}); code != 303 {
		t.Fatalf("approve: %d", code)
	}
	l, err := s.store.Licences().Get(context.Background(), m[1]+"-1")
	if err != nil || l.Quantity != core.DecimalFromInt(2) || l.ValidTo != core.MustDate("2025-12-31") {
		t.Fatalf("licence %+v, %v", l, err)
	}
	// Every page of the procedure shows words, not the codes it stores.
	codes := []string{"under_review", "info_requested", "expert_review", "request_info", "end_user_certificate", "identity_documents",
		"technical_specification", "documents/", "single_use", `"approved"`}
	for _, lang := range []string{"zh", "en"} {
		for _, b := range []*browser{ex, hn, dir} {
			b.get("/lang?to=" + lang)
			for _, path := range []string{page, "/applications"} {
				_, body := b.get(path)
				text := visibleText(body)
				for _, c := range codes {
					if strings.Contains(text, c) {
						i := strings.Index(text, c)
						t.Errorf("%s %s shows %s: …%s…", lang, path, c, text[max(0, i-60):min(len(text), i+60)])
					}
				}
			}
		}
	}
	ex.get("/lang?to=en")
	_, body = ex.get(page)
	for _, want := range []string{"approved", m[1] + "-1", "Steps", "accept"} {
		if !strings.Contains(body, want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	if strings.Contains(body, "app.") && regexp.MustCompile(`>\s*app\.[a-z.\-_]+\s*<`).MatchString(body) {
		t.Errorf("an untranslated key on the page")
	}
}
