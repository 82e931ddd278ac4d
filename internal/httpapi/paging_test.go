package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"orewatch/internal/access"
	"orewatch/internal/core"
)

// TestScopedPagingOfListAPIs: the enterprise and alert lists filter a
// province officer's scope before the page is cut: each page but the last
// is full, and the total counts only what they may see, whatever lies
// between their rows in national order.
func TestScopedPagingOfListAPIs(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ctx := context.Background()
	uscc := func(i int) core.USCC {
		first := fmt.Sprintf("91450000MA5K%05d", i)
		c, _ := core.USCCCheckChar(first)
		return core.USCC(first + string(c))
	}
	hunan := 0
	for i := range 40 {
		prov := "450000"
		if i%8 == 0 {
			prov, hunan = "430000", hunan+1
		}
		e := &core.Enterprise{USCC: uscc(i), Name: fmt.Sprintf("企业%02d", i), Province: prov, Segments: []core.Segment{core.SegTrading}, Status: core.StatusActive}
		if _, err := d.Data.Enterprises().Upsert(ctx, e); err != nil {
			t.Fatal(err)
		}
		a := &core.Alert{ID: fmt.Sprintf("A-%02d", i), SubjectType: "enterprise", SubjectID: string(e.USCC), Code: "FLOW_LEAKAGE", Score: 90 - i,
			Summary: "s", SummaryZh: "s", Evidence: "{}", Province: prov, Status: core.AlertNew}
		if _, err := d.Data.Alerts().Raise(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	u := &core.User{ID: "hn-pager", Name: "hunan.pager", Agency: "GOV", Province: "430000", Role: core.RoleAnalyst, CreatedAt: time.Now()}
	if err := d.Data.Users().Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	secret, hash, _ := access.NewToken()
	d.Data.Users().CreateToken(ctx, &core.Token{ID: "hn-pager-t", UserID: u.ID, Hash: hash, CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)})
	for _, tc := range []struct{ path, list string }{{"/api/v1/enterprises", "enterprises"}, {"/api/v1/alerts", "alerts"}} {
		seen := 0
		for off := 0; ; off += 2 {
			req := httptest.NewRequest("GET", fmt.Sprintf("%s?limit=2&offset=%d", tc.path, off), nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var body map[string]any
			json.Unmarshal(rec.Body.Bytes(), &body)
			rows, _ := body[tc.list].([]any)
			total := int(body["total"].(float64))
			if rec.Code != 200 || total != hunan || strings.Contains(rec.Body.String(), `"450000"`) {
				t.Fatalf("%s offset %d: %d, total %v (want %d) %s", tc.path, off, rec.Code, total, hunan, rec.Body.String())
			}
			if len(rows) == 0 {
				break
			}
			if off+2 < total && len(rows) != 2 {
				t.Errorf("%s offset %d: %d rows on a page that is not the last", tc.path, off, len(rows))
			}
			seen += len(rows)
		}
		if seen != hunan {
			t.Errorf("%s: the pages hold %d rows, want %d", tc.path, seen, hunan)
		}
	}
}
