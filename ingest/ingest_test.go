package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/source"
)

func date(s string) time.Time {
	t, err := embargo.ParseAsOf(s, false)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDate(t *testing.T) {
	clock := date("2030-01-02")
	dated := &embargo.ParsedList{AsOf: date("2020-05-05")}
	undated := &embargo.ParsedList{}
	for _, c := range []struct {
		name   string
		forced time.Time
		list   *embargo.ParsedList
		path   string
		want   string
	}{
		{"forced wins", date("2019-01-04"), dated, "x/2021-08-18/sdn.csv", "2019-01-04"},
		{"printed in the file", time.Time{}, dated, "x/2021-08-18/sdn.csv", "2020-05-05"},
		{"folder", time.Time{}, undated, "x/2021-08-18T093901Z/sdn.csv", "2021-08-18T09:39:01Z"},
		{"nearest name first", time.Time{}, undated, "2019-01-01/sdn_2021-04-25.csv", "2021-04-25"},
		{"file name part", time.Time{}, undated, "lists/sdn 2021-04-25.csv", "2021-04-25"},
		{"file name end", time.Time{}, undated, "lists/sdn-2021-04-25.csv", "2021-04-25"},
		{"the clock", time.Time{}, undated, "lists/sdn.csv", "2030-01-02"},
		{"no path", time.Time{}, undated, "", "2030-01-02"},
	} {
		got := ingest.Date(c.forced, c.list, c.path, clock)
		if !got.Equal(date(c.want)) {
			t.Errorf("%s: Date(%q) = %s, want %s", c.name, c.path, got, c.want)
		}
	}
}

// observer records what it is told.
type observer struct{ calls [][]string }

func (o *observer) OnImport(_ context.Context, created []*embargo.ImportResult) error {
	var ids []string
	for _, r := range created {
		ids = append(ids, r.SnapshotID)
	}
	o.calls = append(o.calls, ids)
	return nil
}

func TestImportPaths(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustSQLite(t)
	obs := &observer{}
	im := &ingest.Importer{Store: db, Observers: []embargo.ImportObserver{obs}}
	daily := "../source/ofac/testdata/daily/"
	// Given out of order: folders with dates go in date order, each
	// dated by its folder (the daily sdn.csv prints no date).
	paths := []string{daily + "2022-03-24T184905Z", daily + "2022-03-21T184922Z"}
	res, err := im.ImportPaths(ctx, paths, source.Options{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].SnapshotID != "ofac-sdn@2022-03-21T18:49:22Z" || res[1].SnapshotID != "ofac-sdn@2022-03-24T18:49:05Z" || res[1].Added != 397 {
		t.Fatalf("results = %+v %+v", res[0], res[1])
	}
	if len(obs.calls) != 1 || len(obs.calls[0]) != 2 {
		t.Fatalf("observers told %v, want both snapshots once", obs.calls)
	}

	// Nothing new: nothing to tell.
	if res, err = im.ImportPaths(ctx, paths[:1], source.Options{}, time.Time{}); err != nil || !res[0].Unchanged {
		t.Fatalf("again: %+v, %v", res, err)
	}
	if len(obs.calls) != 1 {
		t.Fatalf("observers told of an unchanged import: %v", obs.calls)
	}

	// All or nothing: a path that cannot be read stores none of the others.
	bad := filepath.Join(t.TempDir(), "sdn.csv")
	if err := os.WriteFile(bad, []byte("not,a\nlist"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := im.ImportPaths(ctx, []string{"../source/ofac/testdata/sdn-2021-04-25", bad}, source.Options{}, date("2023-01-01")); err == nil {
		t.Fatal("a bad file imported")
	}
	snaps, err := db.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil || len(snaps) != 2 {
		t.Fatalf("after a failed import: %d snapshots, %v; want the 2 from before", len(snaps), err)
	}
}
