package main

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/source"
)

// TestImportMetrics: the import metrics, as an observer of the import
// workflow, count the snapshots two real imports create and what they
// change; an import that creates nothing is not counted.
func TestImportMetrics(t *testing.T) {
	ctx := context.Background()
	reg := prometheus.NewRegistry()
	metrics := newImportMetrics(reg)
	im := &ingest.Importer{Store: testutil.MustSQLite(t), Observers: []embargo.ImportObserver{metrics}}
	for _, set := range []struct{ dir, asOf string }{
		{testutil.SDN2019, "2019-01-04"},
		{testutil.SDN2021, "2021-04-25"},
		{testutil.SDN2021, "2021-04-26"}, // unchanged
	} {
		asOf, _ := time.Parse(time.DateOnly, set.asOf)
		if _, err := im.ImportPaths(ctx, []string{set.dir}, source.Options{}, asOf); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]float64{}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			key := f.GetName()
			for _, l := range m.GetLabel() {
				key += " " + l.GetName() + "=" + l.GetValue()
			}
			got[key] = m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	// The 7379 entities of 2019-01-04, then 1712 added and 201 removed as
	// `embargo diff 2019-01-04 2021-04-25` counts them (TestImportDiffHistory).
	want := map[string]float64{
		"embargo_import_snapshots_total source=ofac-sdn":               2,
		"embargo_import_entities_total change=added source=ofac-sdn":   7379 + 1712,
		"embargo_import_entities_total change=removed source=ofac-sdn": 201,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if last := got["embargo_import_last_timestamp_seconds source=ofac-sdn"]; last < float64(time.Now().Add(-time.Hour).Unix()) {
		t.Errorf("last_timestamp_seconds = %v, want about now", last)
	}
	if len(got) != 5 {
		t.Errorf("%d series, want 5 (one source: snapshots, three changes, last import):\n%v", len(got), got)
	}
}
