package httpapi_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestErrorsAreProblemDetails: every error is RFC 9457 problem details —
// type, title, status (the response's), detail and the path — and keeps
// the error object (code, message, field) earlier clients read.
func TestErrorsAreProblemDetails(t *testing.T) {
	d := deps(t)
	h := newHandler(t, d)
	for _, tc := range []struct {
		method, path, body, tok string
		status                  int
		code, field, pointer    string
	}{
		{"GET", "/api/v1/catalog/lookup?hs=8110101000&date=2025-13-40", "", adminToken, 400, "invalid", "date", ""},
		{"GET", "/api/v1/alerts", "", "", 401, "unauthorized", "", ""},
		{"GET", "/api/v1/nothing-here", "", adminToken, 404, "not_found", "", ""},
		{"POST", "/api/v1/declarations:screen", `{"declaration_no": "1", "items": []}`, adminToken, 400, "invalid", "", "/items"},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
		if tc.tok != "" {
			req.Header.Set("Authorization", "Bearer "+tc.tok)
		}
		h.ServeHTTP(rec, req)
		var p struct {
			Type, Title, Detail, Instance string
			Status                        int
			Error                         struct{ Code, Message, Field string }
			Problems                      []struct{ Pointer, Message string }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatalf("%s %s: %v in %s", tc.method, tc.path, err, rec.Body)
		}
		if rec.Code != tc.status || p.Status != tc.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/problem+json") ||
			p.Type != "urn:orewatch:problem:"+tc.code || p.Title == "" || p.Detail == "" || p.Error.Code != tc.code || p.Error.Field != tc.field {
			t.Errorf("%s %s: %d %s %s", tc.method, tc.path, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
		if tc.pointer != "" && (len(p.Problems) == 0 || p.Problems[0].Pointer != tc.pointer) {
			t.Errorf("%s %s: problems %+v, want one at %s", tc.method, tc.path, p.Problems, tc.pointer)
		}
	}
}
