package httpapi_test

import (
	"context"
	"testing"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/core"
)

// TestLedgerWriteAPI: an enterprise added to the ledger through the API
// (201), amended (its earlier state kept as a version), refused a move to
// another province unless asked, given a dated status; a Hunan officer
// keeps Hunan's ledger only.
func TestLedgerWriteAPI(t *testing.T) {
	ctx := context.Background()
	d := deps(t)
	h := newHandler(t, d)
	row := func(name, province string) string {
		return `{"uscc": "91431300MA4LTB0012", "name": "` + name + `", "province": "` + province + `", "segments": "冶炼|出口", "minerals": "锑", "address": "湖南省冷水江市锡矿山"}`
	}
	code, out := send(h, "POST", "/api/v1/enterprises", adminToken, row("冷水江锑都冶炼有限公司", "湖南"))
	if code != 201 || out["result"] != "added" || out["version"] != 1.0 {
		t.Fatalf("adding: %d %v", code, out)
	}
	if code, out := send(h, "POST", "/api/v1/enterprises", adminToken, row("冷水江锑都冶炼股份有限公司", "430000")); code != 200 || out["result"] != "amended" || out["version"] != 2.0 {
		t.Errorf("amending: %d %v", code, out)
	}
	if code, out := send(h, "POST", "/api/v1/enterprises", adminToken, row("冷水江锑都冶炼股份有限公司", "430000")); code != 200 || out["result"] != "unchanged" {
		t.Errorf("the same again: %d %v", code, out)
	}
	if code, _ := send(h, "POST", "/api/v1/enterprises", adminToken, row("冷水江锑都冶炼股份有限公司", "广西")); code != 409 {
		t.Errorf("a move to Guangxi without move=true: %d, want 409", code)
	}
	code, out = send(h, "POST", "/api/v1/enterprises/91431300MA4LTB0012:status", adminToken, `{"status": "suspended", "effective_on": "2026-03-01", "reason": "停产整顿"}`)
	if code != 200 || out["enterprise"].(map[string]any)["ledger_status"] != "suspended" {
		t.Errorf("status: %d %v", code, out)
	}
	vs, err := d.Data.Versions().List(ctx, core.VersionEnterprise, "91431300MA4LTB0012")
	if err != nil || len(vs) != 2 {
		t.Errorf("versions %d %v, want 2", len(vs), err)
	}
	officer := &core.User{ID: "gx9", Name: "guangxi.ledger", Agency: "GOV", Province: "450000", Role: core.RoleAnalyst, CreatedAt: time.Now()}
	if err := d.Data.Users().Create(ctx, officer); err != nil {
		t.Fatal(err)
	}
	secret, hash, _ := access.NewToken()
	d.Data.Users().CreateToken(ctx, &core.Token{ID: "gx9t", UserID: "gx9", Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	if code, _ := send(h, "POST", "/api/v1/enterprises", secret, row("冷水江锑都冶炼股份有限公司", "430000")); code != 403 {
		t.Errorf("a Guangxi officer amending a Hunan entry: %d, want 403", code)
	}
	if code, _ := send(h, "POST", "/api/v1/enterprises/91431300MA4LTB0012:status", secret, `{"status": "closed", "effective_on": "2026-04-01", "reason": "x"}`); code != 404 {
		t.Errorf("a Guangxi officer changing a Hunan status: %d, want 404", code)
	}
	if code, _ := send(h, "POST", "/api/v1/enterprises", tokenFor(t, d.Data, core.RoleViewer), row("x", "430000")); code != 403 {
		t.Errorf("a viewer: %d, want 403", code)
	}
}
