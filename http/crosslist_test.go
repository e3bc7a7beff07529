package http_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// TestCrossLinks_AsOf: the links are computed at import and kept per
// snapshot; the entity page, its API and the comparison serve them, as of
// a date too. The UK delists Kony on 2020-03-01: before, OFAC's Kony is
// also listed by the UK; after, he is listed by OFAC and not the UK.
func TestCrossLinks_AsOf(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustSQLite(t)
	eng := engine.New(db)
	eng.Logger = discard()
	if err := eng.Load(ctx); err != nil {
		t.Fatal(err)
	}
	ts := MustOpenServerOn(t, db, eng)
	person := func(src, id, name, dob, passport string, programs ...string) embargo.Entity {
		e := embargo.Entity{ID: src + ":" + id, Source: src, SourceID: id, Schema: embargo.SchemaPerson, Name: name,
			BirthDates: []string{dob}, Programs: programs}
		if passport != "" {
			e.Identifiers = []embargo.Identifier{{Type: embargo.IDPassport, Value: passport}}
		}
		return e
	}
	bathali := person(embargo.SourceUKOFSI, "A", "Mubarak Mushakhas Sanad MUBARAK AL-BATHALI", "1961-10-01", "1018-56740")
	kony := person(embargo.SourceUKOFSI, "B", "Joseph KONY", "1964-09-18", "", "Central African Republic")
	for _, imp := range []struct {
		list *embargo.ParsedList
		asOf string
	}{
		{&embargo.ParsedList{Source: embargo.SourceOFACSDN, Entities: []embargo.Entity{
			person(embargo.SourceOFACSDN, "1", "AL-BATHALI, Mubarak Mushakhas Sanad", "1961-10-01", "101856740", "SDGT"),
			person(embargo.SourceOFACSDN, "2", "KONY, Joseph", "1964-09-18", "", "CAR"),
		}}, "2020-01-01"},
		{&embargo.ParsedList{Source: embargo.SourceUKOFSI, Entities: []embargo.Entity{bathali, kony}}, "2020-02-01"},
		{&embargo.ParsedList{Source: embargo.SourceUKOFSI, Entities: []embargo.Entity{bathali}}, "2020-03-01"},
	} {
		at, _ := time.Parse("2006-01-02", imp.asOf)
		if _, err := ts.Importer.ImportList(ctx, imp.list, at); err != nil {
			t.Fatal(err)
		}
	}
	// Kept at import, before any page asked.
	snaps, err := db.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var latest []*embargo.Snapshot
	for _, sn := range snaps {
		if sn.ID != "uk-ofsi@2020-02-01" {
			latest = append(latest, sn)
		}
	}
	if set, err := db.FindCrossLinks(ctx, embargo.CrossLinkKey(latest)); err != nil || len(set.Links) != 1 {
		t.Fatalf("links kept at import: %+v, %v; want the one of Al-Bathali", set, err)
	}

	type entity struct {
		AlsoListedBy []struct {
			EntityID string `json:"entity_id"`
			Reason   string `json:"reason"`
		} `json:"also_listed_by"`
		Among []embargo.SnapshotRef `json:"also_listed_by_among"`
	}
	for _, tc := range []struct {
		path, want, among string
	}{
		{"/api/v1/entities/ofac-sdn:2", "", "uk-ofsi@2020-03-01"},
		{"/api/v1/entities/ofac-sdn:2?as_of=2020-02-15", "uk-ofsi:B name_and_birth_date", "uk-ofsi@2020-02-01"},
		{"/api/v1/entities/ofac-sdn:1?as_of=2020-02-15", "uk-ofsi:A identifier", "uk-ofsi@2020-02-01"},
		{"/api/v1/entities/ofac-sdn:1", "uk-ofsi:A identifier", "uk-ofsi@2020-03-01"},
		// Delisted by then: the links as it was last listed.
		{"/api/v1/entities/uk-ofsi:B", "ofac-sdn:2 name_and_birth_date", "uk-ofsi@2020-02-01"},
	} {
		var e entity
		resp := ts.Get(t, tc.path)
		resp.JSON(t, &e)
		var got []string
		for _, a := range e.AlsoListedBy {
			got = append(got, a.EntityID+" "+a.Reason)
		}
		var among []string
		for _, s := range e.Among {
			among = append(among, s.SnapshotID)
		}
		if resp.Status != 200 || strings.Join(got, ", ") != tc.want || !strings.Contains(strings.Join(among, " "), tc.among) {
			t.Errorf("%s: HTTP %d also listed by %q among %v, want %q among %s", tc.path, resp.Status, got, among, tc.want, tc.among)
		}
	}

	for _, tc := range []struct {
		query string
		want  string
	}{
		{"a=ofac-sdn&b=uk-ofsi", "ofac-sdn:2"},
		{"a=ofac-sdn&b=uk-ofsi&as_of=2020-02-15", ""},
		{"a=ofac-sdn&b=uk-ofsi&as_of=2020-03-01", "ofac-sdn:2"},
		{"a=uk-ofsi&b=ofac-sdn&as_of=2020-02-15", ""},
	} {
		var c struct {
			Total     int               `json:"total"`
			Snapshots map[string]string `json:"snapshots"`
			Entities  []struct {
				EntityID string `json:"entity_id"`
			} `json:"entities"`
		}
		resp := ts.Get(t, "/api/v1/compare?"+tc.query)
		resp.JSON(t, &c)
		var got []string
		for _, e := range c.Entities {
			got = append(got, e.EntityID)
		}
		if resp.Status != 200 || strings.Join(got, " ") != tc.want || c.Total != len(got) {
			t.Errorf("compare %s: HTTP %d %v (total %d), want %q", tc.query, resp.Status, got, c.Total, tc.want)
		}
	}
	// OFAC publishes no designation dates: the row says since when the
	// snapshots show the entity (here the first snapshot held).
	var c struct {
		DataStarts string `json:"data_starts"`
		Entities   []struct {
			EntityID  string  `json:"entity_id"`
			ListedOn  *string `json:"listed_on"`
			FirstSeen string  `json:"first_seen"`
		} `json:"entities"`
	}
	ts.Get(t, "/api/v1/compare?a=ofac-sdn&b=uk-ofsi").JSON(t, &c)
	if len(c.Entities) != 1 || c.Entities[0].FirstSeen != "2020-01-01" || c.Entities[0].ListedOn != nil || c.DataStarts != "2020-01-01" {
		t.Errorf("compare: %+v, want ofac-sdn:2 first seen 2020-01-01, data starting 2020-01-01", c)
	}
	if page := string(ts.Get(t, "/compare?a=ofac-sdn&b=uk-ofsi").Body); !strings.Contains(page, "on or before 2020-01-01") {
		t.Errorf("compare page does not say since when Kony is listed:\n%s", page)
	}
	for _, asOf := range []string{"2020-01-15", "2019-12-31"} {
		if resp := ts.Get(t, "/api/v1/compare?a=ofac-sdn&b=uk-ofsi&as_of="+asOf); resp.Status != 404 {
			t.Errorf("compare as of %s, before the UK's first snapshot: HTTP %d %s, want 404", asOf, resp.Status, resp.Body)
		}
	}

	page := string(ts.Get(t, "/entities/ofac-sdn:2?as_of=2020-02-15").Body)
	for _, want := range []string{`id="also-listed-by"`, `href="/entities/uk-ofsi:B"`, "uk-ofsi@2020-02-01"} {
		if !strings.Contains(page, want) {
			t.Errorf("entity page as of 2020-02-15 lacks %q", want)
		}
	}
	if page := string(ts.Get(t, "/entities/ofac-sdn:2").Body); strings.Contains(page, `id="also-listed-by"`) {
		t.Errorf("entity page today shows 'also listed by' for Kony, whom the UK delisted")
	}
}
