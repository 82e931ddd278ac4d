package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the API's Prometheus metrics, in a registry of their own
// (no global state: two handlers in one test process do not collide).
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	lodged   *prometheus.CounterVec
	screened *prometheus.CounterVec
}

// NewMetrics registers the API's metrics with the Go runtime's and the
// process's.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "orewatch_http_requests_total",
			Help: "API requests by route pattern, method and status."}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "orewatch_http_request_duration_seconds",
			Help: "API request latency by route pattern and method.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}},
			[]string{"route", "method"}),
		lodged: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "orewatch_declarations_lodged_total",
			Help: "Declarations lodged, by channel and outcome (new, amended, replayed)."}, []string{"channel", "outcome"}),
		screened: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "orewatch_declarations_prechecked_total",
			Help: "Declarations pre-checked, by channel."}, []string{"channel"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.lodged, m.screened,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Register adds collectors of other parts of the server (the store's).
func (m *Metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// observe wraps one route's handler with its request count and latency.
func (m *Metrics) observe(rt Route, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		m.requests.WithLabelValues(rt.Pattern, rt.Method, strconv.Itoa(sw.code)).Inc()
		m.duration.WithLabelValues(rt.Pattern, rt.Method).Observe(time.Since(start).Seconds())
	})
}

// Handler serves the registry in Prometheus's text format, for a
// listener of its own (serve's --metrics-addr).
func (m *Metrics) Handler() http.Handler { return m.handler() }

func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.code, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// metrics serves the registry in Prometheus's text format.
func (s *server) metrics(w http.ResponseWriter, r *http.Request) error {
	s.Metrics.handler().ServeHTTP(w, r)
	return nil
}
