package demo_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/demo"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/sqlite"
)

func TestImporter(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var progress []string
	im := &demo.Importer{Lists: &ingest.Importer{Store: db}, DailyLimit: 2, Workers: 2, Progress: func(done, total int, what string) {
		if total != demo.Total {
			t.Errorf("total %d, want %d", total, demo.Total)
		}
		progress = append(progress, what)
	}}
	sum, err := im.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Failed) != 0 {
		t.Fatalf("failed: %v", sum.Failed)
	}
	if sum.Created != 7 || sum.Skipped != 0 || len(progress) != 7 {
		t.Fatalf("summary %+v, progress %v; want 7 snapshots created", sum, progress)
	}
	snaps, err := db.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, s := range snaps {
		count[s.Source]++
	}
	if count["ofac-sdn"] != 4 || count["un-sc"] != 1 || count["uk-ofsi"] != 1 || count["eu-fsf"] != 1 {
		t.Fatalf("snapshots per source: %v", count)
	}
	sdn := "ofac-sdn"
	latest, err := db.FindSnapshots(ctx, embargo.SnapshotFilter{Source: &sdn})
	if err != nil {
		t.Fatal(err)
	}
	if got := latest[len(latest)-1].ID; got != "ofac-sdn@2021-08-20T01:38:11Z" {
		t.Fatalf("latest SDN snapshot %s, want the second daily one", got)
	}
	if _, err := db.FindEntityByID(ctx, "ofac-sdn:24228", latest[0]); err != nil {
		t.Fatalf("Rusal in the 2019 snapshot: %v", err)
	}

	// A second run resumes: what is in is skipped, the rest imported.
	im.DailyLimit = 3
	progress = nil
	sum, err = im.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != 1 || sum.Skipped != 7 {
		t.Fatalf("second run %+v, want 1 created and 7 skipped", sum)
	}
}

func TestImporter_Cancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im := &demo.Importer{Lists: &ingest.Importer{Store: db}, Progress: func(done, total int, what string) {
		if done == 2 {
			cancel()
		}
	}}
	if _, err := im.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
