package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"orewatch/internal/httpapi"
)

// TestParallelCallers: every kind of request from many callers at once,
// as a server gets them: no request may answer 5xx, and CI runs it under
// the race detector. The store's locks order the requests, which can hide
// a race from the detector, so shared state has tests of its own without
// them (party's TestScreenFromManyRequests caught the screener's).
func TestParallelCallers(t *testing.T) {
	d := deps(t)
	h := httpapi.NewHandler(d)
	capture := func(i int) string {
		return `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-01-01T00:00:00Z","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2025-01-01T00:00:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","bizLocation":{"id":"urn:orewatch:site:91431300MA4LTB0012"},"quantityList":[{"epcClass":"urn:orewatch:lot:antimony-ingot:PAR` + fmt.Sprint(i) + `","quantity":10,"uom":"KGM"}]}]}}`
	}
	reqs := []func(i int) *http.Request{
		func(i int) *http.Request {
			return httptest.NewRequest("GET", fmt.Sprintf("/api/v1/catalog/lookup?hs=8110101000&date=2025-0%d-10&dest=US", 1+i%9), nil)
		},
		func(i int) *http.Request {
			return httptest.NewRequest("POST", "/api/v1/parties:screen", strings.NewReader(fmt.Sprintf(`{"name":"Golden Kestrel %d Trading","country":"HK"}`, i)))
		},
		func(i int) *http.Request { return httptest.NewRequest("GET", "/api/v1/alerts?limit=5", nil) },
		func(i int) *http.Request { return httptest.NewRequest("GET", "/api/v1/enterprises?limit=5", nil) },
		func(i int) *http.Request { return httptest.NewRequest("GET", "/api/v1/epcis/events?perPage=5", nil) },
		func(i int) *http.Request {
			return httptest.NewRequest("GET", fmt.Sprintf("/api/v1/network?party=Kestrel%d", i), nil)
		},
		func(i int) *http.Request { return httptest.NewRequest("GET", "/api/v1/catalog/search?q=锑", nil) },
		func(i int) *http.Request {
			return httptest.NewRequest("POST", "/api/v1/epcis/capture", strings.NewReader(capture(i)))
		},
		func(i int) *http.Request { return httptest.NewRequest("GET", "/api/v1/ledger/coverage", nil) },
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 30 {
				n := w*100 + i
				req := reqs[n%len(reqs)](n)
				req.Header.Set("Authorization", "Bearer "+adminToken)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code >= 500 {
					t.Errorf("%s %s: %d %s", req.Method, req.URL, rec.Code, rec.Body.String())
				}
			}
		}()
	}
	wg.Wait()
}
