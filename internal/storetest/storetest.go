// Package storetest is the conformance suite every embargo.Store
// implementation must pass: the SQLite store always, PostgreSQL when a test
// server is available.
package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
)

// Run runs the conformance suite. newStore returns a new, empty store.
func Run(t *testing.T, newStore func(t *testing.T) embargo.Store) {
	suite[embargo.Store]{
		{"ImportAndUnchanged", testImportAndUnchanged},
		{"DiffAndHistory", testDiffAndHistory},
		{"AsOf", testAsOf},
		{"ListingDates", testListingDates},
		{"Order", testOrder},
		{"Versions", testVersions},
		{"Sources", testSources},
		{"ImportListsAtomic", testImportListsAtomic},
		{"UnknownCarriedOver", testUnknownCarriedOver},
		{"FutureSnapshotRetract", testFutureSnapshotRetract},
		{"CrossLinks", testCrossLinks},
		{"IndexCache", testIndexCache},
	}.run(t, newStore)
	t.Run("Monitor", func(t *testing.T) { runMonitor(t, newStore) })
}

// suite is a list of named tests of a store of type S.
type suite[S any] []struct {
	name string
	test func(*testing.T, S)
}

// run runs each test as a subtest on a new store that open returns.
func (s suite[S]) run(t *testing.T, open func(*testing.T) S) {
	for _, tc := range s {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, open(t)) })
	}
}

// testFutureSnapshotRetract is finding 2 of issue 15: a snapshot dated in
// the far future was accepted and then refused every real import, with no
// way to remove it. Dates past now plus MaxAsOfSkew are refused, and a
// source's latest snapshot can be retracted, leaving history, events and
// diffs as they were before it.
func testFutureSnapshotRetract(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	for _, asOf := range []time.Time{time.Now().Add(embargo.MaxAsOfSkew + time.Hour), Date(t, "2999-10-29"), Date(t, "9999-12-31")} {
		_, err := s.ImportList(ctx, list(person("1", "DOE, John")), asOf)
		if embargo.ErrorCode(err) != embargo.EINVALID || !strings.Contains(err.Error(), "in the future") {
			t.Fatalf("import as of %s: err=%v, want EINVALID (in the future)", asOf, err)
		}
	}
	MustImport(t, s, list(person("1", "DOE, John"), person("2", "ROE, Jane")), "2020-01-01")
	state := func() string {
		var b strings.Builder
		for _, id := range []string{"test:1", "test:2", "test:3"} {
			h, err := s.EntityHistory(ctx, id)
			fmt.Fprintf(&b, "%s: %s %+v\n", id, embargo.ErrorCode(err), h)
		}
		ev, err := s.Events(ctx, "test")
		fmt.Fprintf(&b, "events %+v %v\n", ev, err)
		snaps, _ := s.FindSnapshots(ctx, embargo.SnapshotFilter{})
		for _, sn := range snaps {
			ents, _ := s.SnapshotEntities(ctx, sn)
			fmt.Fprintf(&b, "%s %d %d %+v\n", sn.ID, sn.Seq, sn.Entities, ents)
		}
		return b.String()
	}
	before := state()
	now := time.Now().Add(time.Hour).UTC().Truncate(time.Second) // within the skew
	res, err := s.ImportList(ctx, list(person("1", "DOE, John Q"), person("3", "POE, Ed")), now)
	if err != nil {
		t.Fatalf("import within the clock skew: %v", err)
	}
	if _, err := s.RetractSnapshot(ctx, "test@2020-01-01", "wrong file", "tester"); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("retract of an earlier snapshot: err=%v, want EINVALID", err)
	}
	if _, err := s.RetractSnapshot(ctx, res.SnapshotID, " ", "tester"); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("retract without a reason: err=%v, want EINVALID", err)
	}
	if _, err := s.RetractSnapshot(ctx, "test@1999-01-01", "x", "tester"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("retract of a missing snapshot: err=%v, want ENOTFOUND", err)
	}
	r, err := s.RetractSnapshot(ctx, res.SnapshotID, "dated ahead by mistake", "tester")
	if err != nil {
		t.Fatal(err)
	}
	if r.Snapshot.ID != res.SnapshotID || r.Snapshot.Entities != 2 || r.Reason != "dated ahead by mistake" || r.By != "tester" || r.At.IsZero() {
		t.Fatalf("retraction = %+v", r)
	}
	if after := state(); after != before {
		t.Fatalf("after the retraction:\n%s\nwant as before the import:\n%s", after, before)
	}
	rs, err := s.FindRetractions(ctx)
	if err != nil || len(rs) != 1 || rs[0].Snapshot.ID != res.SnapshotID || rs[0].ID != r.ID {
		t.Fatalf("FindRetractions = %+v, %v", rs, err)
	}
	// The source takes imports again, the same one included.
	again, err := s.ImportList(ctx, list(person("1", "DOE, John Q"), person("3", "POE, Ed")), now)
	if err != nil || again.Added != 1 || again.Changed != 1 || again.Removed != 1 {
		t.Fatalf("import after the retraction = %+v, %v; want 1 added, 1 changed, 1 removed", again, err)
	}
}

// Date parses a YYYY-MM-DD date, failing the test on error.
func Date(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func person(id, name string, dob ...string) embargo.Entity {
	return embargo.Entity{ID: "test:" + id, Source: "test", SourceID: id, Schema: embargo.SchemaPerson, Name: name, BirthDates: dob}
}

func list(entities ...embargo.Entity) *embargo.ParsedList {
	return &embargo.ParsedList{Source: "test", Entities: entities}
}

// MustImport imports a list, failing the test on error.
func MustImport(tb testing.TB, s embargo.Store, l *embargo.ParsedList, asOf string) *embargo.ImportResult {
	tb.Helper()
	res, err := s.ImportList(context.Background(), l, Date(tb, asOf))
	if err != nil {
		tb.Fatalf("import as of %s: %v", asOf, err)
	}
	return res
}

func testImportAndUnchanged(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	res := MustImport(t, s, list(person("1", "DOE, John"), person("2", "ROE, Jane")), "2020-01-01")
	if res.Added != 2 || res.Removed != 0 || res.Changed != 0 || res.Unchanged || res.Entities != 2 {
		t.Fatalf("first import = %+v, want 2 added", res)
	}
	if res.SnapshotID != "test@2020-01-01" {
		t.Fatalf("SnapshotID=%q, want test@2020-01-01", res.SnapshotID)
	}
	// The same content again, later or not, creates nothing.
	res = MustImport(t, s, list(person("2", "ROE, Jane"), person("1", "DOE, John")), "2020-02-01")
	if !res.Unchanged || res.SnapshotID != "test@2020-01-01" {
		t.Fatalf("identical import = %+v, want unchanged", res)
	}
	snaps, err := s.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	} else if len(snaps) != 1 {
		t.Fatalf("len(snapshots)=%d, want 1", len(snaps))
	}
	if got := snaps[0]; got.Entities != 2 || got.Seq != 1 || !got.AsOf.Equal(Date(t, "2020-01-01")) {
		t.Fatalf("snapshot = %+v", got)
	}
	// A list with two entities of one id is refused, and leaves no trace.
	_, err = s.ImportList(ctx, list(person("1", "A"), person("1", "B")), Date(t, "2020-03-01"))
	if embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("duplicate ids: err=%v, want EINVALID", err)
	}
	if snaps, _ := s.FindSnapshots(ctx, embargo.SnapshotFilter{}); len(snaps) != 1 {
		t.Fatalf("after failed import: %d snapshots, want 1", len(snaps))
	}
}

func testDiffAndHistory(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	MustImport(t, s, list(person("1", "DOE, John"), person("2", "ROE, Jane"), person("3", "POE, Edgar")), "2020-01-01")
	res := MustImport(t, s, list(person("1", "DOE, John", "1970"), person("3", "POE, Edgar"), person("4", "NEW, Person")), "2020-02-01")
	if res.Added != 1 || res.Removed != 1 || res.Changed != 1 {
		t.Fatalf("second import = %+v, want 1 added, 1 removed, 1 changed", res)
	}
	// Jane comes back.
	MustImport(t, s, list(person("1", "DOE, John", "1970"), person("2", "ROE, Jane"), person("3", "POE, Edgar"), person("4", "NEW, Person")), "2020-03-01")

	from, err := s.ResolveSnapshot(ctx, "test", "2020-01-01")
	if err != nil {
		t.Fatal(err)
	}
	to, err := s.ResolveSnapshot(ctx, "test", "test@2020-02-01")
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Diff(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Added) != 1 || d.Added[0].EntityID != "test:4" || d.Added[0].Name != "NEW, Person" {
		t.Fatalf("Added=%+v", d.Added)
	}
	if len(d.Removed) != 1 || d.Removed[0].EntityID != "test:2" {
		t.Fatalf("Removed=%+v", d.Removed)
	}
	if len(d.Changed) != 1 || d.Changed[0].EntityID != "test:1" || len(d.Changed[0].Fields) != 1 || d.Changed[0].Fields[0].Field != "birth_dates" {
		t.Fatalf("Changed=%+v", d.Changed)
	}
	if f := d.Changed[0].Fields[0]; f.Before != nil {
		t.Fatalf("birth_dates before=%v, want nil", f.Before)
	}

	h, err := s.EntityHistory(ctx, "test:2")
	if err != nil {
		t.Fatal(err)
	}
	var changes []string
	for _, ev := range h.Events {
		changes = append(changes, ev.AsOf+" "+ev.Change)
	}
	want := []string{"2020-01-01 added", "2020-02-01 removed", "2020-03-01 added"}
	if !slices.Equal(changes, want) {
		t.Fatalf("history=%v, want %v", changes, want)
	}
	if h.FirstSeen != "2020-01-01" || h.LastSeen != "2020-03-01" || !h.Listed {
		t.Fatalf("history = %+v", h)
	}
	h, err = s.EntityHistory(ctx, "test:1")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Events) != 2 || h.Events[1].Change != "changed" || h.Events[1].Fields[0].Field != "birth_dates" {
		t.Fatalf("history of test:1 = %+v", h.Events)
	}
	events, err := s.Events(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range events {
		got = append(got, fmt.Sprintf("%d %s %s", ev.Seq, ev.Change, ev.EntityID))
	}
	wantEvents := []string{"1 added test:1", "1 added test:2", "1 added test:3",
		"2 changed test:1", "2 removed test:2", "2 added test:4", "3 added test:2"}
	if fmt.Sprint(got) != fmt.Sprint(wantEvents) {
		t.Fatalf("events=%v, want %v", got, wantEvents)
	}
	if _, err := s.EntityHistory(ctx, "test:99"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("unknown entity: err=%v, want ENOTFOUND", err)
	}
}

// testListingDates checks that a published listing date is kept and shown
// in history and diffs, and that a removal is dated by the snapshots
// around it.
func testListingDates(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	dated := person("1", "DOE, John")
	dated.ListedOn = "2018-04-06"
	MustImport(t, s, list(dated, person("2", "ROE, Jane")), "2020-01-01")
	MustImport(t, s, list(person("2", "ROE, Jane"), person("3", "POE, Edgar")), "2020-02-01")
	h, err := s.EntityHistory(ctx, "test:1")
	if err != nil {
		t.Fatal(err)
	}
	if h.ListedOn == nil || *h.ListedOn != "2018-04-06" || !h.ListedOnPublished {
		t.Fatalf("listed_on=%v published=%v, want 2018-04-06, true", h.ListedOn, h.ListedOnPublished)
	}
	if len(h.Events) != 2 || h.Events[1].Change != "removed" || h.Events[1].Between == nil {
		t.Fatalf("events=%+v, want added, then removed with an interval", h.Events)
	}
	want := embargo.Interval{From: embargo.SnapshotRef{SnapshotID: "test@2020-01-01", AsOf: "2020-01-01"},
		To: embargo.SnapshotRef{SnapshotID: "test@2020-02-01", AsOf: "2020-02-01"}}
	if *h.Events[1].Between != want {
		t.Fatalf("between=%+v, want %+v", *h.Events[1].Between, want)
	}
	h, err = s.EntityHistory(ctx, "test:2")
	if err != nil {
		t.Fatal(err)
	}
	if h.ListedOn != nil || h.ListedOnPublished || h.Note != "first seen in the first snapshot held (2020-01-01); the list does not publish designation dates" {
		t.Fatalf("undated entity: listed_on=%v published=%v note=%q", h.ListedOn, h.ListedOnPublished, h.Note)
	}
	h, err = s.EntityHistory(ctx, "test:3")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h.Note, "added between 2020-01-01 and 2020-02-01") {
		t.Fatalf("note=%q, want the interval of its addition", h.Note)
	}
	from, _ := s.ResolveSnapshot(ctx, "test", "2020-01-01")
	to, _ := s.ResolveSnapshot(ctx, "test", "2020-02-01")
	d, err := s.Diff(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Removed) != 1 || d.Removed[0].ListedOn == nil || *d.Removed[0].ListedOn != "2018-04-06" || !d.Removed[0].ListedOnPublished {
		t.Fatalf("removed=%+v, want test:1 with its listing date", d.Removed)
	}
	if len(d.Added) != 1 || d.Added[0].ListedOn != nil || d.Added[0].ListedOnPublished {
		t.Fatalf("added=%+v, want test:3 without a listing date", d.Added)
	}
}

func testAsOf(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	MustImport(t, s, list(person("1", "A")), "2020-01-01")
	MustImport(t, s, list(person("1", "A"), person("2", "B")), "2020-02-01")
	for _, tt := range []struct {
		ref, want string
	}{
		{"2020-01-01", "test@2020-01-01"},
		{"2020-01-31", "test@2020-01-01"},
		{"2020-02-01", "test@2020-02-01"},
		{"2030-01-01", "test@2020-02-01"},
	} {
		snap, err := s.ResolveSnapshot(ctx, "test", tt.ref)
		if err != nil {
			t.Fatalf("%s: %v", tt.ref, err)
		} else if snap.ID != tt.want {
			t.Fatalf("%s: snapshot %s, want %s", tt.ref, snap.ID, tt.want)
		}
	}
	if _, err := s.ResolveSnapshot(ctx, "test", "2019-12-31"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("before first: err=%v, want ENOTFOUND", err)
	}
	if _, err := s.ResolveSnapshot(ctx, "test", "yesterday"); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("bad date: err=%v, want EINVALID", err)
	}
	first, _ := s.ResolveSnapshot(ctx, "test", "2020-01-01")
	if _, err := s.FindEntityByID(ctx, "test:2", first); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("entity not yet listed: err=%v, want ENOTFOUND", err)
	}
	e, err := s.FindEntityByID(ctx, "test:2", nil)
	if err != nil || e.Name != "B" {
		t.Fatalf("FindEntityByID = %v, %v", e, err)
	}
	ents, err := s.SnapshotEntities(ctx, first)
	if err != nil || len(ents) != 1 || ents[0].ID != "test:1" {
		t.Fatalf("SnapshotEntities = %v, %v", ents, err)
	}
}

func testOrder(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	MustImport(t, s, list(person("1", "A")), "2020-02-01")
	if _, err := s.ImportList(ctx, list(person("1", "B")), Date(t, "2020-01-01")); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("older snapshot: err=%v, want EINVALID", err)
	}
	if _, err := s.ImportList(ctx, list(person("1", "B")), Date(t, "2020-02-01")); embargo.ErrorCode(err) != embargo.ECONFLICT {
		t.Fatalf("same date, other content: err=%v, want ECONFLICT", err)
	}
	if _, err := s.ImportList(ctx, &embargo.ParsedList{Entities: []embargo.Entity{person("1", "A")}}, Date(t, "2020-03-01")); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("no source: err=%v, want EINVALID", err)
	}
}

func testVersions(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	MustImport(t, s, list(person("1", "A"), person("2", "B")), "2020-01-01")
	MustImport(t, s, list(person("1", "A2")), "2020-02-01")
	var got []string
	err := s.EntityVersions(ctx, "", func(v *embargo.EntityVersion) error {
		got = append(got, fmt.Sprintf("%s %d-%d", v.Entity.Name, v.FromSeq, v.ToSeq))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"A 1-2", "A2 2-0", "B 1-2"}
	if !slices.Equal(got, want) {
		t.Fatalf("versions=%v, want %v", got, want)
	}
}

func testSources(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	MustImport(t, s, list(person("1", "A")), "2020-01-01")
	other := &embargo.ParsedList{Source: "other", Entities: []embargo.Entity{{ID: "other:x", Source: "other", SourceID: "x", Name: "X"}}}
	if _, err := s.ImportList(ctx, other, Date(t, "2019-01-01")); err != nil {
		t.Fatal(err)
	}
	srcs, err := s.Sources(ctx)
	if err != nil || len(srcs) != 2 || srcs[0] != "other" || srcs[1] != "test" {
		t.Fatalf("Sources = %v, %v", srcs, err)
	}
	a, _ := s.ResolveSnapshot(ctx, "test", "2020-01-01")
	b, _ := s.ResolveSnapshot(ctx, "other", "2020-01-01")
	if _, err := s.Diff(ctx, a, b); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("diff across sources: err=%v, want EINVALID", err)
	}
}

func testImportListsAtomic(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	MustImport(t, s, list(person("1", "A")), "2020-01-01")
	lists := []*embargo.ParsedList{list(person("1", "A"), person("2", "B")), list(person("2", "B"))}
	dates := []string{"2020-02-01", "2020-03-01"}
	i := 0
	var results []*embargo.ImportResult
	// The third call fails, as a parse error would: nothing of the batch stays.
	err := s.ImportLists(ctx, func() (*embargo.ParsedList, time.Time, error) {
		if i == len(lists) {
			return nil, time.Time{}, embargo.Errorf(embargo.EINVALID, "bad file")
		}
		i++
		return lists[i-1], Date(t, dates[i-1]), nil
	}, func(r *embargo.ImportResult) error {
		results = append(results, r)
		return nil
	})
	if embargo.ErrorCode(err) != embargo.EINVALID || len(results) != 2 {
		t.Fatalf("err=%v, %d results; want EINVALID after 2", err, len(results))
	}
	if snaps, _ := s.FindSnapshots(ctx, embargo.SnapshotFilter{}); len(snaps) != 1 {
		t.Fatalf("%d snapshots after a failed batch, want 1", len(snaps))
	}
	// The same batch without the failure stores both.
	i = 0
	err = s.ImportLists(ctx, func() (*embargo.ParsedList, time.Time, error) {
		if i == len(lists) {
			return nil, time.Time{}, nil
		}
		i++
		return lists[i-1], Date(t, dates[i-1]), nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	snaps, _ := s.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if len(snaps) != 3 || snaps[2].Entities != 1 {
		t.Fatalf("snapshots after the batch: %+v", snaps)
	}
}

// testUnknownCarriedOver imports lists that lack aliases (as the daily SDN
// files do) between full ones: each entity keeps the aliases of its
// previous version, whether its row changed or not, across imports one at
// a time (the store then knows a row it has seen without reading the
// version back).
func testUnknownCarriedOver(t *testing.T, s embargo.Store) {
	ctx := context.Background()
	withAliases := func(e embargo.Entity, aliases ...string) embargo.Entity {
		for _, a := range aliases {
			e.Aliases = append(e.Aliases, embargo.Alias{Name: a})
		}
		return e
	}
	aliasNames := func(e *embargo.Entity) string {
		var names []string
		for _, a := range e.Aliases {
			names = append(names, a.Name)
		}
		return strings.Join(names, ",")
	}
	daily := func(entities ...embargo.Entity) *embargo.ParsedList {
		l := list(entities...)
		l.Unknown = []string{embargo.FieldAliases}
		return l
	}
	a, b := person("a", "Anna Alpha"), person("b", "Boris Beta")
	MustImport(t, s, list(withAliases(a, "AA"), withAliases(b, "BB")), "2020-01-01")
	if res := MustImport(t, s, daily(a, b), "2020-01-02"); !res.Unchanged {
		t.Fatalf("a daily list with the same rows: %+v, want unchanged", res)
	}
	b2 := person("b", "Boris Beta-Gamma")
	MustImport(t, s, daily(a, b2), "2020-01-03")
	a2 := person("a", "Anna Alpha", "1970")
	MustImport(t, s, daily(a2, b2), "2020-01-04")
	res := MustImport(t, s, daily(a2, b2, person("c", "Carl")), "2020-01-05")
	if res.Added != 1 || res.Changed != 0 {
		t.Fatalf("a daily list adding one: %+v", res)
	}
	for _, c := range []struct {
		id, date, name string
		aliases        []string
	}{
		{"test:a", "2020-01-03", "Anna Alpha", []string{"AA"}},
		{"test:b", "2020-01-03", "Boris Beta-Gamma", []string{"BB"}},
		{"test:a", "2020-01-05", "Anna Alpha", []string{"AA"}},
		{"test:b", "2020-01-05", "Boris Beta-Gamma", []string{"BB"}},
		{"test:c", "2020-01-05", "Carl", nil},
	} {
		snap, err := s.SnapshotAsOf(ctx, "test", Date(t, c.date))
		if err != nil {
			t.Fatal(err)
		}
		e, err := s.FindEntityByID(ctx, c.id, snap)
		if err != nil {
			t.Fatal(err)
		}
		if e.Name != c.name || aliasNames(e) != strings.Join(c.aliases, ",") {
			t.Errorf("%s as of %s: %s %v, want %s %v", c.id, c.date, e.Name, e.Aliases, c.name, c.aliases)
		}
	}
	e, err := s.FindEntityByID(ctx, "test:a", nil)
	if err != nil || len(e.BirthDates) != 1 {
		t.Fatalf("a's latest version: %+v, %v; want its new birth date", e, err)
	}
	// A full list replaces the aliases.
	MustImport(t, s, list(withAliases(a2, "AA2"), withAliases(b2, "BB")), "2020-01-06")
	if e, err = s.FindEntityByID(ctx, "test:a", nil); err != nil || aliasNames(e) != "AA2" {
		t.Fatalf("after a full list: %+v, %v", e, err)
	}
}
