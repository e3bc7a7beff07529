package http

import (
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the server's Prometheus metrics, all named embargo_*.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec

	// series caches the children of the vectors by route and status: a
	// label lookup per request would hash the labels every time.
	series sync.Map // seriesKey → *routeSeries
}

type seriesKey struct {
	route  string
	status int
}

type routeSeries struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

func newMetrics(reg prometheus.Registerer, s *Server) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "embargo",
			Subsystem: "http",
			Name:      "requests_total",
			Help:      "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "embargo",
			Subsystem: "http",
			Name:      "request_duration_seconds",
			Help:      "HTTP request latency by route pattern and status code.",
			Buckets:   []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "code"}),
	}
	collectors := []prometheus.Collector{
		m.requests,
		m.duration,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: "embargo",
			Name:      "index_entity_versions",
			Help:      "Entity versions in the screening index (0 until it is loaded).",
		}, func() float64 { return float64(s.Engine.IndexSize()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: "embargo",
			Name:      "ready",
			Help:      "1 once the screening index is loaded and nothing is pending, else 0 (as /readyz).",
		}, func() float64 {
			if s.ready() {
				return 1
			}
			return 0
		}),
		&snapshotAgeCollector{s: s, desc: prometheus.NewDesc("embargo_snapshot_age_seconds",
			"Age of each source's latest snapshot (now minus its as-of time).", []string{"source"}, nil)},
	}
	for _, c := range collectors {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// observe records one request.
func (m *metrics) observe(route string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	k := seriesKey{route, status}
	v, ok := m.series.Load(k)
	if !ok {
		code := strconv.Itoa(status)
		v, _ = m.series.LoadOrStore(k, &routeSeries{
			requests: m.requests.WithLabelValues(route, code),
			duration: m.duration.WithLabelValues(route, code),
		})
	}
	rs := v.(*routeSeries)
	rs.requests.Inc()
	rs.duration.Observe(d.Seconds())
}

// snapshotAgeCollector reports each source's latest snapshot age when
// scraped.
type snapshotAgeCollector struct {
	s    *Server
	desc *prometheus.Desc
}

// Describe implements prometheus.Collector.
func (c *snapshotAgeCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector.
func (c *snapshotAgeCollector) Collect(ch chan<- prometheus.Metric) {
	for src, age := range c.s.SourceAges() {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, age.Seconds(), src)
	}
}
