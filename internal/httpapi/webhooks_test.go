package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"orewatch/internal/core"
)

// TestWebhookDeadLetters: an administrator sees the dead deliveries and
// replays one; nobody else may.
func TestWebhookDeadLetters(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	ctx := context.Background()
	now := time.Now().UTC()
	dl := &core.Delivery{ID: "WH-1", AlertID: "DEC-1-CONTROL_UNDECLARED", AlertChanged: now, Body: `{"type":"alert"}`, Status: core.DeliveryPending, NextAt: now, CreatedAt: now}
	if _, err := d.Data.Webhooks().Enqueue(ctx, dl); err != nil {
		t.Fatal(err)
	}
	dl.Status, dl.Attempts, dl.LastError = core.DeliveryDead, 8, "the receiver answered 502"
	if err := d.Data.Webhooks().Settle(ctx, dl); err != nil {
		t.Fatal(err)
	}
	do := func(method, path, tok string) (int, map[string]any) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(method, path, strings.NewReader(""))
		req.Header.Set("Authorization", "Bearer "+tok)
		h.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	code, out := do("GET", "/api/v1/webhooks/deliveries", adminToken)
	if ds, _ := out["deliveries"].([]any); code != 200 || len(ds) != 1 || !strings.Contains(mustJSON(ds[0]), "502") {
		t.Fatalf("dead letters: %d %v", code, out)
	}
	if code, _ := do("GET", "/api/v1/webhooks/deliveries", tokenFor(t, d.Data, core.RoleSupervisor)); code != 403 {
		t.Errorf("a supervisor: %d, want 403", code)
	}
	if code, out := do("POST", "/api/v1/webhooks/deliveries/WH-1:replay", adminToken); code != 200 || out["status"] != "pending" {
		t.Fatalf("replay: %d %v", code, out)
	}
	if code, out := do("GET", "/api/v1/webhooks/deliveries?status=pending", adminToken); code != 200 || out["pending"] != 1.0 {
		t.Errorf("pending after the replay: %d %v", code, out)
	}
	if code, _ := do("POST", "/api/v1/webhooks/deliveries/WH-1:replay", adminToken); code != 404 {
		t.Errorf("replaying a delivery that is not dead: %d, want 404", code)
	}
}
