package crosslist_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/crosslist"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/internal/testutil"
)

func person(src, id, name, dob string, passport string) embargo.Entity {
	e := embargo.Entity{ID: src + ":" + id, Source: src, SourceID: id, Schema: embargo.SchemaPerson, Name: name, BirthDates: []string{dob}}
	if passport != "" {
		e.Identifiers = []embargo.Identifier{{Type: embargo.IDPassport, Value: passport}}
	}
	return e
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestService_OnImport: links are computed when an import is committed,
// kept under the snapshots linked, and read as they stood: after the UK
// drops its entry, the links of the earlier snapshots still hold it.
func TestService_OnImport(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustSQLite(t)
	svc := crosslist.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	im := &ingest.Importer{Store: db, Observers: []embargo.ImportObserver{svc}}
	ofac := &embargo.ParsedList{Source: embargo.SourceOFACSDN, Entities: []embargo.Entity{
		person(embargo.SourceOFACSDN, "1", "AL-BATHALI, Mubarak Mushakhas Sanad", "1961-10-01", "101856740"),
		person(embargo.SourceOFACSDN, "2", "KONY, Joseph", "1964-09-18", ""),
	}}
	uk := &embargo.ParsedList{Source: embargo.SourceUKOFSI, Entities: []embargo.Entity{
		person(embargo.SourceUKOFSI, "A", "Mubarak Mushakhas Sanad MUBARAK AL-BATHALI", "1961-10-01", "1018-56740"),
		person(embargo.SourceUKOFSI, "B", "Joseph KONY", "1964-09-18", ""),
	}}
	if _, err := im.ImportList(ctx, ofac, date("2020-01-01")); err != nil {
		t.Fatal(err)
	}
	if _, err := im.ImportList(ctx, uk, date("2020-02-01")); err != nil {
		t.Fatal(err)
	}
	first, err := svc.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []embargo.CrossLink{
		{A: "ofac-sdn:1", B: "uk-ofsi:A", Reason: "identifier", Detail: "passport 101856740"},
		{A: "ofac-sdn:2", B: "uk-ofsi:B", Reason: "name_and_birth_date", Detail: "name “joseph kony” and date of birth 1964-09-18"},
	}
	if len(first.Links) != 2 || first.Links[0] != want[0] || first.Links[1] != want[1] {
		t.Fatalf("links after the import = %+v, want %+v", first.Links, want)
	}
	// Stored at import, not computed on this read.
	snaps, err := db.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.FindCrossLinks(ctx, embargo.CrossLinkKey(snaps))
	if err != nil || stored.ID != first.ID || len(stored.Links) != 2 || !stored.AsOf.Equal(date("2020-02-01")) {
		t.Fatalf("stored = %+v, %v; want set %d of 2 links as of 2020-02-01", stored, err, first.ID)
	}

	// The UK delists Kony.
	uk2 := &embargo.ParsedList{Source: embargo.SourceUKOFSI, Entities: uk.Entities[:1]}
	if _, err := im.ImportList(ctx, uk2, date("2020-03-01")); err != nil {
		t.Fatal(err)
	}
	now, cur, err := svc.AsOf(ctx, date("2020-03-02"))
	if err != nil {
		t.Fatal(err)
	}
	if len(now.Links) != 1 || now.Links[0] != want[0] || now.ID == first.ID || len(cur) != 2 {
		t.Fatalf("links as of 2020-03-02 = %+v over %d snapshots, want %+v only, in a new set", now.Links, len(cur), want[0])
	}
	then, _, err := svc.AsOf(ctx, date("2020-02-15"))
	if err != nil {
		t.Fatal(err)
	}
	if then.ID != first.ID || len(then.Links) != 2 {
		t.Fatalf("links as of 2020-02-15 = set %d %+v, want set %d with both links", then.ID, then.Links, first.ID)
	}
	// Before the UK list: OFAC alone, nothing to link.
	alone, cur, err := svc.AsOf(ctx, date("2020-01-15"))
	if err != nil {
		t.Fatal(err)
	}
	if len(alone.Links) != 0 || len(cur) != 1 || len(alone.Snapshots) != 1 || alone.Snapshots[0].SnapshotID != "ofac-sdn@2020-01-01" {
		t.Fatalf("links as of 2020-01-15 = %+v over %+v, want none over ofac-sdn@2020-01-01", alone.Links, alone.Snapshots)
	}
}

// TestService_NeverLinked: snapshots imported without the observer (a
// database from before links were kept) are linked when first asked for,
// and kept.
func TestService_NeverLinked(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustSQLite(t)
	im := &ingest.Importer{Store: db}
	for _, l := range []*embargo.ParsedList{
		{Source: embargo.SourceOFACSDN, Entities: []embargo.Entity{person(embargo.SourceOFACSDN, "1", "AL-BATHALI, Mubarak", "1961-10-01", "101856740")}},
		{Source: embargo.SourceEU, Entities: []embargo.Entity{person(embargo.SourceEU, "7", "Mubarak AL-BATHALI", "1961-10-01", "101856740")}},
	} {
		if _, err := im.ImportList(ctx, l, date("2021-01-01")); err != nil {
			t.Fatal(err)
		}
	}
	snaps, err := db.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindCrossLinks(ctx, embargo.CrossLinkKey(snaps)); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("links before any linking: err=%v, want ENOTFOUND", err)
	}
	svc := crosslist.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	set, err := svc.CrossLinks(ctx, snaps)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Links) != 1 || set.Links[0].A != "eu-fsf:7" || set.Links[0].B != "ofac-sdn:1" {
		t.Fatalf("links = %+v, want eu-fsf:7 with ofac-sdn:1", set.Links)
	}
	if kept, err := db.FindCrossLinks(ctx, embargo.CrossLinkKey(snaps)); err != nil || kept.ID != set.ID {
		t.Fatalf("kept = %+v, %v; want set %d", kept, err, set.ID)
	}
}
