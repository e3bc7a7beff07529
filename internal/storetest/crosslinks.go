package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/embargo-dev/embargo"
)

// testCrossLinks checks that the links computed between snapshots are
// kept per set of snapshots: found again by key, replaced by a set of the
// same key, and that a snapshot retracted and imported again with other
// content is another key.
func testCrossLinks(t *testing.T, st embargo.Store) {
	ctx := context.Background()
	s, ok := st.(embargo.CrossLinkStore)
	if !ok {
		t.Fatalf("%T does not keep cross-list links", st)
	}
	other := func(entities ...embargo.Entity) *embargo.ParsedList {
		l := &embargo.ParsedList{Source: "other"}
		for _, e := range entities {
			e.ID, e.Source = "other:"+e.SourceID, "other"
			l.Entities = append(l.Entities, e)
		}
		return l
	}
	MustImport(t, st, list(person("1", "DOE, John", "1960-01-02"), person("2", "ROE, Jane")), "2020-01-01")
	MustImport(t, st, other(person("9", "John DOE", "1960-01-02")), "2020-01-05")
	snaps, err := st.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	key := embargo.CrossLinkKey(snaps)
	if _, err := s.FindCrossLinks(ctx, key); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("FindCrossLinks before any: err=%v, want ENOTFOUND", err)
	}
	// More links than one INSERT carries, given out of order.
	var links []embargo.CrossLink
	for i := 450; i > 0; i-- {
		links = append(links, embargo.CrossLink{A: fmt.Sprintf("other:%03d", i), B: "test:1", Reason: "identifier", Detail: fmt.Sprintf("passport X%06d", i)})
	}
	links = append(links, embargo.CrossLink{A: "other:9", B: "test:1", Reason: "name_and_birth_date", Detail: "name “doe john” and date of birth 1960-01-02"})
	set := &embargo.CrossLinkSet{Key: key, AsOf: snaps[0].AsOf, Links: links}
	for _, sn := range snaps {
		set.Snapshots = append(set.Snapshots, *embargo.RefOf(sn))
		if sn.AsOf.After(set.AsOf) {
			set.AsOf = sn.AsOf
		}
	}
	if err := s.SaveCrossLinks(ctx, set); err != nil {
		t.Fatal(err)
	}
	if set.ID == 0 || set.ComputedAt.IsZero() {
		t.Fatalf("saved set has id %d, computed at %v", set.ID, set.ComputedAt)
	}
	got, err := s.FindCrossLinks(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Links) != 451 || got.Links[0].A != "other:001" || got.Links[450] != links[450] {
		t.Fatalf("found %d links, first %+v last %+v; want 451, sorted by A then B", len(got.Links), got.Links[0], got.Links[len(got.Links)-1])
	}
	if !reflect.DeepEqual(set.Snapshots, got.Snapshots) || !got.AsOf.Equal(Date(t, "2020-01-05")) || got.ID != set.ID || !got.ComputedAt.Equal(set.ComputedAt) {
		t.Fatalf("found set %d as of %v computed %v over %+v; want %d, 2020-01-05, %v, %+v", got.ID, got.AsOf, got.ComputedAt, got.Snapshots, set.ID, set.ComputedAt, set.Snapshots)
	}

	// Saved again under the same key: replaced, not added to.
	again := &embargo.CrossLinkSet{Key: key, Snapshots: set.Snapshots, AsOf: set.AsOf, Links: links[450:]}
	if err := s.SaveCrossLinks(ctx, again); err != nil {
		t.Fatal(err)
	}
	if got, err = s.FindCrossLinks(ctx, key); err != nil {
		t.Fatal(err)
	}
	if len(got.Links) != 1 || got.Links[0] != links[450] || got.ID != again.ID {
		t.Fatalf("after saving again: set %d with %+v, want set %d with %+v only", got.ID, got.Links, again.ID, links[450])
	}
	empty := &embargo.CrossLinkSet{Key: "x@2020-01-01#abc", Snapshots: []embargo.SnapshotRef{}, AsOf: Date(t, "2020-01-01")}
	if err := s.SaveCrossLinks(ctx, empty); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindCrossLinks(ctx, empty.Key); err != nil || got.Links == nil || len(got.Links) != 0 {
		t.Fatalf("empty set: %+v, %v; want no links (not nil)", got, err)
	}

	// A snapshot retracted and imported again with other content has
	// another key.
	res, err := st.ImportList(ctx, other(person("9", "John DOE", "1960-01-03")), Date(t, "2020-01-06"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RetractSnapshot(ctx, res.SnapshotID, "wrong date of birth", "tester"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportList(ctx, other(person("9", "John DOE", "1960-01-04")), Date(t, "2020-01-06")); err != nil {
		t.Fatal(err)
	}
	latest := func() string {
		var cur []*embargo.Snapshot
		for _, src := range []string{"test", "other"} {
			sn, err := st.SnapshotAsOf(ctx, src, Date(t, "2020-01-07"))
			if err != nil {
				t.Fatal(err)
			}
			cur = append(cur, sn)
		}
		return embargo.CrossLinkKey(cur)
	}
	k1 := latest()
	if err := s.SaveCrossLinks(ctx, &embargo.CrossLinkSet{Key: k1, AsOf: Date(t, "2020-01-06")}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RetractSnapshot(ctx, res.SnapshotID, "still wrong", "tester"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportList(ctx, other(person("9", "John DOE", "1960-01-05")), Date(t, "2020-01-06")); err != nil {
		t.Fatal(err)
	}
	if k2 := latest(); k2 == k1 {
		t.Fatalf("key %q is the same after the snapshot was imported again with other content", k2)
	} else if _, err := s.FindCrossLinks(ctx, k2); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("links of the new content: err=%v, want ENOTFOUND (never linked)", err)
	}
}
