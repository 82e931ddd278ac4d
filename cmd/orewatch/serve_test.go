package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"orewatch/internal/httpapi"
)

// TestServeMuxSendsEveryAPIRouteToTheAPI: a route the API declares but the
// server hands to the UI answers the UI's 404 (it happened to /metrics).
func TestServeMuxSendsEveryAPIRouteToTheAPI(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Header().Set("X-Handler", "api") })
	ui := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Header().Set("X-Handler", "ui") })
	mux := serveMux(api, ui)
	for _, rt := range httpapi.RouteTable(httpapi.Deps{}) {
		path := strings.NewReplacer("{", "", "}", "").Replace(rt.Pattern)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(rt.Method, path, nil))
		if got := rec.Header().Get("X-Handler"); got != "api" {
			t.Errorf("%s %s reaches %q, want the API", rt.Method, rt.Pattern, got)
		}
	}
	for _, path := range []string{"/", "/alerts", "/login", "/static/app.css"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if got := rec.Header().Get("X-Handler"); got != "ui" {
			t.Errorf("GET %s reaches %q, want the UI", path, got)
		}
	}
}
