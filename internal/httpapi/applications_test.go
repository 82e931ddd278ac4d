package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/casework"
	"orewatch/internal/core"
)

// userToken creates u and returns a token for it.
func userToken(t *testing.T, db core.Store, u *core.User) string {
	t.Helper()
	u.ID, u.CreatedAt = access.NewID(), time.Now()
	if err := db.Users().Create(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	secret, hash, err := access.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Users().CreateToken(context.Background(), &core.Token{ID: access.NewID(), UserID: u.ID, Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return secret
}

func upload(h http.Handler, path, tok, kind, name, content string) int {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req := httptest.NewRequest("POST", path, &b)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// TestLicenceApplicationsAPI: an exporter drafts, documents and submits
// an application; the province accepts it; MOFCOM's director approves it
// and the licence is there at once. Scope: another exporter, another
// province and a viewer see nothing of it.
func TestLicenceApplicationsAPI(t *testing.T) {
	d := deps(t)
	d.Files = casework.Files{Dir: t.TempDir()}
	d.Now = func() time.Time { return time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) }
	h := newHandler(t, d)
	ctx := context.Background()
	for _, e := range []*core.Enterprise{
		{USCC: "91350100M000100Y43", Name: "福建示例钨业有限公司", Province: "350000"},
		{USCC: "91450100MA5KGE002J", Name: "广西示例贸易有限公司", Province: "450000"},
	} {
		e.Segments, e.Minerals, e.RegisteredOn, e.Status = []core.Segment{core.SegExport}, []string{"tungsten"}, core.MustDate("2024-01-01"), core.StatusActive
		if _, err := d.Data.Enterprises().Upsert(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	ent := tokenFor(t, d.Data, core.RoleEnterprise) // bound to 91350100M000100Y43
	rival := userToken(t, d.Data, &core.User{Name: "rival", Agency: "GOV", Role: core.RoleEnterprise, EnterpriseUSCC: "91450100MA5KGE002J"})
	fujian := userToken(t, d.Data, &core.User{Name: "fujian-commerce", Agency: "MOFCOM", Province: "350000", Role: core.RoleAnalyst})
	guangxi := userToken(t, d.Data, &core.User{Name: "guangxi-commerce", Agency: "MOFCOM", Province: "450000", Role: core.RoleAnalyst})
	director := userToken(t, d.Data, &core.User{Name: "director", Agency: "MOFCOM", Role: core.RoleSupervisor})
	viewer := tokenFor(t, d.Data, core.RoleViewer)

	form := `{"kind": "single", "uses": "single", "destination_country": "德國", "consignee_name": "Hamburg Hartmetall GmbH", "consignee_country": "DE",
		"end_user_name": "Hamburg Hartmetall GmbH", "end_user_country": "DE", "end_use": "硬质合金刀具 carbide cutting tools", "contract_no": "HH-2026-07",
		"items": [{"hs_code": "8101940001", "control_code": "1C004", "goods_name": "未锻轧钨", "quantity": "2", "unit": "吨", "value": "900000", "currency": "CNY"}]}`
	code, out := send(h, "POST", "/api/v1/licence-applications", ent, form)
	if code != 201 || out["status"] != "draft" {
		t.Fatalf("create: %d %v", code, out)
	}
	id := out["id"].(string)
	if code, _ := send(h, "POST", "/api/v1/licence-applications", director, form); code != 403 {
		t.Errorf("an officer drafting: %d, want 403", code)
	}
	if code, out := send(h, "POST", "/api/v1/licence-applications/"+id+":submit", ent, ""); code != 400 || out["error"].(map[string]any)["field"] != "documents/identity_documents" {
		t.Errorf("incomplete submission: %d %v", code, out)
	}
	for _, k := range []string{"identity_documents", "contract", "technical_specification", "end_user_certificate", "end_use_certificate"} {
		if code := upload(h, "/api/v1/licence-applications/"+id+"/documents", ent, k, k+".pdf", "%PDF "+k); code != 201 {
			t.Fatalf("upload %s: %d", k, code)
		}
	}
	if code := upload(h, "/api/v1/licence-applications/"+id+"/documents", rival, "contract", "x.pdf", "x"); code != 404 {
		t.Errorf("another exporter's upload: %d, want 404", code)
	}
	if code, out := send(h, "POST", "/api/v1/licence-applications/"+id+":submit", ent, ""); code != 200 || out["status"] != "submitted" {
		t.Fatalf("submit: %d %v", code, out)
	}
	for name, tok := range map[string]string{"rival": rival, "guangxi": guangxi} {
		if code, _ := send(h, "GET", "/api/v1/licence-applications/"+id, tok, ""); code != 404 {
			t.Errorf("%s reads it: %d, want 404", name, code)
		}
		if code, out := send(h, "GET", "/api/v1/licence-applications", tok, ""); code != 200 || len(out["applications"].([]any)) != 0 {
			t.Errorf("%s lists: %d %v", name, code, out)
		}
	}
	if code, _ := send(h, "GET", "/api/v1/licence-applications/"+id, viewer, ""); code != 403 {
		t.Errorf("a viewer: %d, want 403", code)
	}
	if code, out := send(h, "POST", "/api/v1/licence-applications/"+id+":accept", fujian, `{"note": "材料齐全"}`); code != 200 || out["accepted_on"] != "2026-12-07" {
		t.Fatalf("accept: %d %v", code, out)
	}
	code, out = send(h, "GET", "/api/v1/licence-applications/"+id, director, "")
	clock, _ := out["clock"].(map[string]any)
	if code != 200 || clock == nil || clock["limit_working_days"] != float64(45) || clock["due"] == nil {
		t.Fatalf("show: %d %v", code, out)
	}
	if code, _ := send(h, "POST", "/api/v1/licence-applications/"+id+":approve", fujian, `{}`); code != 403 {
		t.Errorf("the province approving: %d, want 403", code)
	}
	if code, _ := send(h, "POST", "/api/v1/licence-applications/"+id+":launch", director, `{}`); code != 400 {
		t.Errorf("an unknown step: %d, want 400", code)
	}
	code, out = send(h, "POST", "/api/v1/licence-applications/"+id+":approve", director, `{"valid_to": "2027-06-30"}`)
	if code != 200 || out["status"] != "approved" {
		t.Fatalf("approve: %d %v", code, out)
	}
	no := out["licences"].([]any)[0].(string)
	if code, out := send(h, "GET", "/api/v1/licences/"+no, ent, ""); code != 200 {
		t.Errorf("the licence: %d %v", code, out)
	}
	var got map[string]any
	code, out = send(h, "GET", "/api/v1/licence-applications/"+id, ent, "")
	b, _ := json.Marshal(out)
	json.Unmarshal(b, &got)
	if code != 200 || len(got["steps"].([]any)) != 4 || len(got["files"].([]any)) != 5 {
		t.Errorf("the exporter's view: %d %v", code, out)
	}
}
