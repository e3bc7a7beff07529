package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/embargo-dev/embargo"
)

// importMetrics counts what the imports of the server create, by source:
// an import observer, registered once where serve wires the import
// workflow, beside the index reload and monitoring. (The age of each
// source's latest snapshot is computed when /metrics is read; see
// package http.)
type importMetrics struct {
	snapshots *prometheus.CounterVec
	entities  *prometheus.CounterVec
	last      *prometheus.GaugeVec
}

var _ embargo.ImportObserver = (*importMetrics)(nil)

// newImportMetrics returns the import metrics, registered in reg.
func newImportMetrics(reg prometheus.Registerer) *importMetrics {
	m := &importMetrics{
		snapshots: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "embargo_import_snapshots_total",
			Help: "Snapshots created by the imports of this process (uploads and scheduled updates), by source."}, []string{"source"}),
		entities: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "embargo_import_entities_total",
			Help: "Entities added, removed or changed by the imports of this process, by source and change."}, []string{"source", "change"}),
		last: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "embargo_import_last_timestamp_seconds",
			Help: "When this process last created a snapshot of the source (Unix time)."}, []string{"source"}),
	}
	reg.MustRegister(m.snapshots, m.entities, m.last)
	return m
}

// OnImport implements embargo.ImportObserver.
func (m *importMetrics) OnImport(_ context.Context, created []*embargo.ImportResult) error {
	for _, res := range created {
		m.snapshots.WithLabelValues(res.Source).Inc()
		m.entities.WithLabelValues(res.Source, "added").Add(float64(res.Added))
		m.entities.WithLabelValues(res.Source, "removed").Add(float64(res.Removed))
		m.entities.WithLabelValues(res.Source, "changed").Add(float64(res.Changed))
		at := time.Now()
		if res.Snapshot != nil {
			at = res.Snapshot.ImportedAt
		}
		m.last.WithLabelValues(res.Source).Set(float64(at.UnixNano()) / 1e9)
	}
	return nil
}
