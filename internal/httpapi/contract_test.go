package httpapi_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"orewatch/internal/httpapi"
)

// contract checks responses against the API's own OpenAPI document with
// a maintained validator (pb33f/libopenapi-validator, OpenAPI 3.1), so
// that what the document promises — statuses, content types, the problem
// details of every error — is what the routes answer.
type contract struct {
	t      *testing.T
	h      http.Handler
	routes *http.ServeMux // the route table's patterns: what the document covers
	mu     sync.Mutex
	v      validator.Validator
}

// newHandler is httpapi.NewHandler whose every answer is validated
// against the OpenAPI document it serves.
func newHandler(t *testing.T, d httpapi.Deps) http.Handler {
	t.Helper()
	h := httpapi.NewHandler(d)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("openapi.json: %d", rec.Code)
	}
	doc, err := libopenapi.NewDocument(rec.Body.Bytes())
	if err != nil {
		t.Fatalf("read the OpenAPI document: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("build the validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("the OpenAPI document is invalid: %s (%s)", e.Message, e.Reason)
		}
	}
	routes := http.NewServeMux()
	for _, rt := range httpapi.RouteTable(d) {
		routes.Handle(rt.Method+" "+rt.Pattern, http.NotFoundHandler())
	}
	return &contract{t: t, h: h, v: v, routes: routes}
}

func (c *contract) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := c.routes.Handler(r); pattern == "" || strings.Contains(r.URL.Path, ":stream") {
		c.h.ServeHTTP(w, r) // not a route of the document, or an endless body
		return
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r)
	res := rec.Result()
	body := rec.Body.Bytes()
	res.Body = io.NopCloser(bytes.NewReader(body))
	c.mu.Lock()
	ok, errs := c.v.ValidateHttpResponse(r, res)
	c.mu.Unlock()
	if !ok {
		for _, e := range errs {
			c.t.Errorf("%s %s → %d breaks the OpenAPI document: %s (%s)", r.Method, r.URL.Path, rec.Code, e.Message, e.Reason)
		}
	}
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	w.WriteHeader(rec.Code)
	w.Write(body)
}
