package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// MonitorStore is a store that also keeps watchlists, alerts, the audit log
// and webhooks, as both SQL stores do.
type MonitorStore interface {
	embargo.Store
	embargo.WatchlistService
	embargo.AlertService
	embargo.AuditService
	embargo.WebhookService
}

// runMonitor runs the monitoring part of the suite.
func runMonitor(t *testing.T, newStore func(t *testing.T) embargo.Store) {
	open := func(t *testing.T) MonitorStore {
		s, ok := newStore(t).(MonitorStore)
		if !ok {
			t.Fatalf("%T does not implement the monitoring services", s)
		}
		return s
	}
	suite[MonitorStore]{
		{"Watchlists", testWatchlists},
		{"WatchlistBulk", testWatchlistBulk},
		{"Alerts", testAlerts},
		{"AuditLog", testAuditLog},
		{"AuditTamper", testAuditTamper},
		{"AuditJournal", testAuditJournal},
		{"Webhooks", testWebhooks},
	}.run(t, open)
}

func customer(list, id, name string) *embargo.Customer {
	return &embargo.Customer{List: list, ID: id, Name: name, Schema: embargo.SchemaPerson}
}

// MustSaveCustomers saves customers, failing the test on error.
func MustSaveCustomers(tb testing.TB, s embargo.WatchlistService, cs ...*embargo.Customer) *embargo.SaveResult {
	tb.Helper()
	res, err := s.SaveCustomers(context.Background(), cs)
	if err != nil {
		tb.Fatalf("save customers: %v", err)
	}
	return res
}

func testWatchlists(t *testing.T, s MonitorStore) {
	ctx := context.Background()
	res := MustSaveCustomers(t, s,
		customer("customers", "c1", "  Jane   Roe "),
		&embargo.Customer{List: "customers", ID: "c2", Name: "Acme Trading LLC", Schema: embargo.SchemaOrganization, Country: "CY",
			Identifiers: []embargo.Identifier{{Type: embargo.IDRegistration, Value: "HE 12345"}, {Type: "x", Value: " "}}},
		customer("suppliers", "s1", "Northwind"))
	if res.Added != 3 || res.Updated != 0 || res.Unchanged != 0 || len(res.Changed) != 3 {
		t.Fatalf("first save = %+v, want 3 added", res)
	}
	if c := res.Changed[0]; c.Name != "Jane Roe" || c.Rev != 1 || c.CreatedAt.IsZero() {
		t.Fatalf("saved customer = %+v, want normalised name, rev 1 and times", c)
	}
	c, err := s.FindCustomer(ctx, "customers", "c2")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Acme Trading LLC" || c.Country != "CY" || len(c.Identifiers) != 1 || c.Identifiers[0].Value != "HE 12345" || c.Schema != embargo.SchemaOrganization {
		t.Fatalf("FindCustomer = %+v", c)
	}

	// The same content again changes nothing; a new name is an update.
	res = MustSaveCustomers(t, s, customer("customers", "c1", "Jane Roe"), customer("customers", "c3", "John Doe"))
	if res.Added != 1 || res.Unchanged != 1 || len(res.Changed) != 1 || res.Changed[0].ID != "c3" {
		t.Fatalf("second save = %+v, want 1 added, 1 unchanged", res)
	}
	res = MustSaveCustomers(t, s, customer("customers", "c1", "Jane Q. Roe"))
	if res.Updated != 1 || res.Changed[0].Rev != 5 {
		t.Fatalf("update = %+v (rev %d), want 1 updated at rev 5", res, res.Changed[0].Rev)
	}
	c, _ = s.FindCustomer(ctx, "customers", "c1")
	if c.Name != "Jane Q. Roe" || !c.UpdatedAt.After(c.CreatedAt) && !c.UpdatedAt.Equal(c.CreatedAt) {
		t.Fatalf("updated customer = %+v", c)
	}

	list := "customers"
	page, n, err := s.FindCustomers(ctx, embargo.CustomerFilter{List: &list, Offset: 1, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || len(page) != 1 || page[0].ID != "c2" {
		t.Fatalf("FindCustomers page = %d of %d (%v), want c2 of 3", len(page), n, page)
	}
	lists, err := s.Watchlists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 2 || *lists[0] != (embargo.Watchlist{Name: "customers", Customers: 3}) || lists[1].Name != "suppliers" {
		t.Fatalf("Watchlists = %v", lists)
	}

	if err := s.RemoveCustomer(ctx, "customers", "c3"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveCustomer(ctx, "customers", "c3"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("remove twice: err=%v, want ENOTFOUND", err)
	}
	if _, err := s.FindCustomer(ctx, "customers", "c3"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("removed customer: err=%v, want ENOTFOUND", err)
	}
	if _, n, _ := s.FindCustomers(ctx, embargo.CustomerFilter{}); n != 3 {
		t.Fatalf("customers after removal = %d, want 3", n)
	}
	// Saved again, a removed customer is added anew.
	res = MustSaveCustomers(t, s, customer("customers", "c3", "John Doe"))
	if res.Added != 1 {
		t.Fatalf("re-add = %+v, want 1 added", res)
	}

	var changes []string
	err = s.CustomerChanges(ctx, 0, func(ch *embargo.CustomerChange) error {
		changes = append(changes, fmt.Sprintf("%d %s %s/%s %s", ch.Rev, ch.Change, ch.Customer.List, ch.Customer.ID, ch.Customer.Name))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1 added customers/c1 Jane Roe", "2 added customers/c2 Acme Trading LLC", "3 added suppliers/s1 Northwind",
		"4 added customers/c3 John Doe", "5 updated customers/c1 Jane Q. Roe", "6 removed customers/c3 John Doe",
		"7 added customers/c3 John Doe",
	}
	if fmt.Sprint(changes) != fmt.Sprint(want) {
		t.Fatalf("changes=%q\nwant %q", changes, want)
	}
	if rev, err := s.WatchRev(ctx); err != nil || rev != 7 {
		t.Fatalf("WatchRev = %d, %v; want 7", rev, err)
	}
	var since []int64
	_ = s.CustomerChanges(ctx, 5, func(ch *embargo.CustomerChange) error { since = append(since, ch.Rev); return nil })
	if fmt.Sprint(since) != "[6 7]" {
		t.Fatalf("changes since 5 = %v, want [6 7]", since)
	}
	hist, err := s.CustomerHistory(ctx, "customers", "c3")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 3 || hist[1].Change != embargo.ChangeRemoved {
		t.Fatalf("history of c3 = %v", hist)
	}
	if _, err := s.CustomerHistory(ctx, "customers", "nope"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("history of unknown: err=%v, want ENOTFOUND", err)
	}

	for name, cs := range map[string][]*embargo.Customer{
		"no name":   {customer("customers", "x", " ")},
		"no id":     {customer("customers", "", "X")},
		"no list":   {customer("", "x", "X")},
		"duplicate": {customer("customers", "d", "A"), customer("customers", "d", "B")},
		"bad utf-8": {customer("customers", "x", "J\xe9r\xf4me")},
	} {
		if _, err := s.SaveCustomers(ctx, cs); embargo.ErrorCode(err) != embargo.EINVALID {
			t.Errorf("%s: err=%v, want EINVALID", name, err)
		}
	}
	if rev, _ := s.WatchRev(ctx); rev != 7 {
		t.Fatalf("a refused save changed the watchlists (rev %d)", rev)
	}
}

// testWatchlistBulk saves enough customers at once to take the bulk path.
func testWatchlistBulk(t *testing.T, s MonitorStore) {
	ctx := context.Background()
	const n = 2500
	cs := make([]*embargo.Customer, n)
	for i := range cs {
		cs[i] = customer("bulk", fmt.Sprintf("%05d", i), fmt.Sprintf("Customer %d", i))
	}
	if res := MustSaveCustomers(t, s, cs...); res.Added != n {
		t.Fatalf("bulk add = %+v", res)
	}
	if err := s.RemoveCustomer(ctx, "bulk", "00007"); err != nil {
		t.Fatal(err)
	}
	for i := range cs {
		cs[i] = customer("bulk", fmt.Sprintf("%05d", i), fmt.Sprintf("Customer %d", i))
	}
	cs[3].Name = "Someone Else"
	res := MustSaveCustomers(t, s, cs...)
	if res.Added != 1 || res.Updated != 1 || res.Unchanged != n-2 {
		t.Fatalf("bulk re-save = %+v, want 1 added (the removed one), 1 updated", res)
	}
	if c, err := s.FindCustomer(ctx, "bulk", "00003"); err != nil || c.Name != "Someone Else" {
		t.Fatalf("FindCustomer = %+v, %v", c, err)
	}
}

func alertFor(c *embargo.Customer, entityID, entityHash, snapshot string, score float64) *embargo.Alert {
	return &embargo.Alert{
		Customer: c.Ref(), CustomerHash: c.Hash(), EntityID: entityID, EntityHash: entityHash, Score: score,
		Match: embargo.Match{EntityID: entityID, Name: "LISTED, Name", MatchedName: "LISTED, Name", Score: score,
			Explanation: &embargo.Explanation{NameScore: score, Summary: "test"}},
		SnapshotID: snapshot, Cause: embargo.CauseListChange,
	}
}

func testAlerts(t *testing.T, s MonitorStore) {
	ctx := context.Background()
	jane, john := customer("customers", "c1", "Jane Roe"), customer("customers", "c2", "John Doe")
	MustSaveCustomers(t, s, jane, john)

	run := &embargo.MonitorRun{Source: "test", ToSnapshot: "test@2020-01-01", ToSeq: 1, WatchRev: 2, Entities: 3, Customers: 2,
		Candidates: 4, Matches: 3, Threshold: 0.8, StartedAt: time.Now(), FinishedAt: time.Now()}
	created, err := s.CreateAlerts(ctx, []*embargo.Alert{
		alertFor(jane, "test:1", "h1", "test@2020-01-01", 0.91),
		alertFor(john, "test:1", "h1", "test@2020-01-01", 0.85),
		alertFor(jane, "test:1", "h1", "test@2020-01-01", 0.91), // the same pair twice
	}, run)
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 2 || created[0].ID == 0 || created[0].Status != embargo.AlertOpen || created[0].CreatedAt.IsZero() {
		t.Fatalf("created = %+v, want 2 open alerts", created)
	}
	if run.ID == 0 || run.Alerts != 2 || run.Suppressed != 1 {
		t.Fatalf("run = %+v, want stored with 2 alerts, 1 suppressed", run)
	}
	last, err := s.LastMonitorRun(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if last.ID != run.ID || last.ToSeq != 1 || last.Alerts != 2 || last.Threshold != 0.8 || last.Candidates != 4 {
		t.Fatalf("LastMonitorRun = %+v", last)
	}
	if _, err := s.LastMonitorRun(ctx, "other"); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("LastMonitorRun of unmonitored source: err=%v, want ENOTFOUND", err)
	}

	a, err := s.FindAlertByID(ctx, created[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Customer != jane.Ref() || a.EntityID != "test:1" || a.Score != 0.91 || a.Match.Explanation == nil || a.Match.Explanation.Summary != "test" || a.SnapshotID != "test@2020-01-01" {
		t.Fatalf("FindAlertByID = %+v", a)
	}
	if _, err := s.FindAlertByID(ctx, 999); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("unknown alert: err=%v, want ENOTFOUND", err)
	}

	// An open alert is not raised twice.
	again, err := s.CreateAlerts(ctx, []*embargo.Alert{alertFor(jane, "test:1", "h2", "test@2020-02-01", 0.93)}, nil)
	if err != nil || len(again) != 0 {
		t.Fatalf("open pair raised again: %v, %v", again, err)
	}

	// A false positive suppresses the pair while neither side changes.
	for _, d := range []*embargo.Decision{
		{AlertID: a.ID, Status: embargo.AlertOpen, Note: "x", By: "ann"},
		{AlertID: a.ID, Status: embargo.AlertFalsePositive, Note: "", By: "ann"},
		{AlertID: a.ID, Status: embargo.AlertFalsePositive, Note: "x", By: " "},
	} {
		if _, err := s.DecideAlert(ctx, d); embargo.ErrorCode(err) != embargo.EINVALID {
			t.Errorf("decision %+v: err=%v, want EINVALID", d, err)
		}
	}
	if _, err := s.DecideAlert(ctx, &embargo.Decision{AlertID: 999, Status: embargo.AlertTrueMatch, Note: "x", By: "ann"}); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("decision on unknown alert: err=%v, want ENOTFOUND", err)
	}
	d := &embargo.Decision{AlertID: a.ID, Status: embargo.AlertFalsePositive, Note: "different date of birth", By: "ann"}
	decided, err := s.DecideAlert(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if decided.Status != embargo.AlertFalsePositive || d.ID == 0 || d.EntityHash != "h1" || d.Customer != jane.Ref() || d.CreatedAt.IsZero() {
		t.Fatalf("decided = %+v, decision = %+v", decided, d)
	}
	again, err = s.CreateAlerts(ctx, []*embargo.Alert{alertFor(jane, "test:1", "h1", "test@2020-02-01", 0.91)}, nil)
	if err != nil || len(again) != 0 {
		t.Fatalf("false positive raised again: %v, %v", again, err)
	}
	status := embargo.AlertOpen
	if open, n, err := s.FindAlerts(ctx, embargo.AlertFilter{Status: &status}); err != nil || n != 1 || open[0].Customer.ID != "c2" {
		t.Fatalf("open alerts = %v (%d), %v; want John's", open, n, err)
	}

	// Once the entity changes, the pair is raised again.
	again, err = s.CreateAlerts(ctx, []*embargo.Alert{alertFor(jane, "test:1", "h2", "test@2020-02-01", 0.92)}, nil)
	if err != nil || len(again) != 1 {
		t.Fatalf("changed entity: %v, %v; want a new alert", again, err)
	}
	// The old alert cannot be reopened while the new one is open.
	if _, err := s.DecideAlert(ctx, &embargo.Decision{AlertID: a.ID, Status: embargo.AlertNeedsReview, Note: "reopen", By: "bob"}); embargo.ErrorCode(err) != embargo.ECONFLICT {
		t.Fatalf("reopen: err=%v, want ECONFLICT", err)
	}
	if _, err := s.DecideAlert(ctx, &embargo.Decision{AlertID: again[0].ID, Status: embargo.AlertNeedsReview, Note: "ask KYC", By: "bob"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DecideAlert(ctx, &embargo.Decision{AlertID: again[0].ID, Status: embargo.AlertTrueMatch, Note: "passport matches", By: "carol"}); err != nil {
		t.Fatal(err)
	}
	ds, err := s.FindDecisions(ctx, again[0].ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Status != embargo.AlertNeedsReview || ds[1].By != "carol" || ds[1].EntityHash != "h2" {
		t.Fatalf("decisions = %+v", ds)
	}
	if ds, _ := s.FindDecisions(ctx, 0, "customers", "c1"); len(ds) != 3 {
		t.Fatalf("decisions on c1 = %d, want 3", len(ds))
	}
	list, cid := "customers", "c1"
	if all, n, err := s.FindAlerts(ctx, embargo.AlertFilter{List: &list, CustomerID: &cid}); err != nil || n != 2 || all[0].ID < all[1].ID {
		t.Fatalf("alerts of c1 = %v (%d), %v; want 2, newest first", all, n, err)
	}

	// Decisions are append-only, whatever writes to the database.
	if db := sqlDB(s); db != nil {
		if _, err := db.ExecContext(ctx, `UPDATE decisions SET note = 'changed'`); err == nil {
			t.Fatal("a decision was updated")
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM decisions`); err == nil {
			t.Fatal("a decision was deleted")
		}
	}
}

func sqlDB(s any) *sql.DB {
	if x, ok := s.(interface{ SQLDB() *sql.DB }); ok {
		return x.SQLDB()
	}
	return nil
}

func testAuditLog(t *testing.T, s MonitorStore) {
	ctx := context.Background()
	old := time.Date(2020, 1, 1, 12, 0, 0, 123456789, time.UTC)
	recs := []*embargo.AuditRecord{
		{Time: old, Caller: "cli:ann", Kind: embargo.AuditScreen, Query: embargo.Query{Name: "Jane Roe"},
			Snapshots: map[string]string{"test": "test@2019-12-01"}, Threshold: 0.8, Limit: 10, Matches: []embargo.Match{}},
		{Caller: "monitor", Kind: embargo.AuditMonitor, Customer: &embargo.CustomerRef{List: "customers", ID: "c1", Name: "Jane Roe"},
			Query: embargo.Query{ID: "c1", Name: "Jane Roe"}, Snapshots: map[string]string{"test": "test@2020-02-01"}, Threshold: 0.8, Limit: 10,
			Matches: []embargo.Match{{EntityID: "test:1", Score: 0.912345678, Explanation: &embargo.Explanation{Summary: "x",
				Tokens: []embargo.TokenMatch{{Query: "jane", Listed: "jane", Rule: "exact", Score: 1, Weight: 0.5}}}}}},
	}
	if err := s.Record(ctx, recs...); err != nil {
		t.Fatal(err)
	}
	if recs[0].ID != 1 || recs[1].ID != 2 || recs[0].PrevHash != "" || recs[1].PrevHash != recs[0].Hash || recs[1].Time.IsZero() {
		t.Fatalf("recorded = %+v", recs)
	}
	got, err := s.FindAuditRecordByID(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := testutil.MustJSON(t, got), testutil.MustJSON(t, recs[1]); a != b {
		t.Fatalf("read back:\n%s\nwant\n%s", a, b)
	}
	if _, err := s.FindAuditRecordByID(ctx, 99); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("unknown record: err=%v, want ENOTFOUND", err)
	}

	// A batch in one call, larger than one INSERT statement.
	batch := make([]*embargo.AuditRecord, 250)
	for i := range batch {
		batch[i] = &embargo.AuditRecord{Caller: "cli:ann", Kind: embargo.AuditBatch, BatchID: "b1", Row: i + 1,
			Query: embargo.Query{Name: fmt.Sprintf("Name %d", i)}, Snapshots: map[string]string{}, Matches: []embargo.Match{}}
	}
	if err := s.Record(ctx, batch...); err != nil {
		t.Fatal(err)
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != 252 {
		t.Fatalf("VerifyAudit = %d, %v; want 252", n, err)
	}

	count := func(f embargo.AuditFilter) []int64 {
		t.Helper()
		var ids []int64
		if err := s.FindAuditRecords(ctx, f, func(r *embargo.AuditRecord) error { ids = append(ids, r.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if ids := count(embargo.AuditFilter{BatchID: "b1"}); len(ids) != 250 || ids[0] != 3 {
		t.Fatalf("batch records = %d from %v", len(ids), ids[:1])
	}
	if ids := count(embargo.AuditFilter{List: "customers", CustomerID: "c1"}); fmt.Sprint(ids) != "[2]" {
		t.Fatalf("customer records = %v, want [2]", ids)
	}
	if ids := count(embargo.AuditFilter{Kind: embargo.AuditScreen}); fmt.Sprint(ids) != "[1]" {
		t.Fatalf("screen records = %v, want [1]", ids)
	}
	if ids := count(embargo.AuditFilter{Caller: "monitor"}); fmt.Sprint(ids) != "[2]" {
		t.Fatalf("records of caller monitor = %v, want [2]", ids)
	}
	if ids := count(embargo.AuditFilter{Caller: "cli:ann", Kind: embargo.AuditScreen}); fmt.Sprint(ids) != "[1]" {
		t.Fatalf("screen records of caller cli:ann = %v, want [1]", ids)
	}
	if ids := count(embargo.AuditFilter{Caller: "cli:an"}); len(ids) != 0 {
		t.Fatalf("records of caller cli:an = %v, want none (callers match exactly)", ids)
	}
	if ids := count(embargo.AuditFilter{Since: old.Add(time.Second)}); len(ids) != 251 || ids[0] != 2 {
		t.Fatalf("records since = %d", len(ids))
	}
	if ids := count(embargo.AuditFilter{Until: old.Add(time.Second)}); fmt.Sprint(ids) != "[1]" {
		t.Fatalf("records until = %v, want [1]", ids)
	}
	if ids := count(embargo.AuditFilter{AfterID: 250, Limit: 1}); fmt.Sprint(ids) != "[251]" {
		t.Fatalf("records after 250 = %v, want [251]", ids)
	}

	// Pruning removes the old prefix; what is left still verifies.
	n, err := s.PruneAudit(ctx, old.Add(time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("PruneAudit = %d, %v; want 1", n, err)
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != 251 {
		t.Fatalf("VerifyAudit after prune = %d, %v; want 251", n, err)
	}
	// The chain goes on where it was.
	next := &embargo.AuditRecord{Caller: "api:key 1", Kind: embargo.AuditScreen, Query: embargo.Query{Name: "X"}}
	if err := s.Record(ctx, next); err != nil {
		t.Fatal(err)
	}
	if next.ID != 253 || next.PrevHash != batch[249].Hash {
		t.Fatalf("next record = %d after %q, want 253 after the last", next.ID, next.PrevHash)
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != 252 {
		t.Fatalf("VerifyAudit = %d, %v; want 252", n, err)
	}
}

// testAuditTamper checks that changes made behind the store's back are
// refused or detected.
// testAuditJournal checks the positions of audit journals: set with their
// records, per journal, never moved back.
func testAuditJournal(t *testing.T, s MonitorStore) {
	ctx := context.Background()
	js, ok := s.(embargo.AuditJournalStore)
	if !ok {
		t.Fatalf("%T does not keep journal positions", s)
	}
	if pos, err := js.JournalPosition(ctx, "j1"); err != nil || pos != 0 {
		t.Fatalf("new journal: position %d, %v", pos, err)
	}
	rec := func(name string) *embargo.AuditRecord {
		return &embargo.AuditRecord{Caller: "api", Kind: embargo.AuditScreen, Query: embargo.Query{Name: name},
			Snapshots: map[string]string{}, Matches: []embargo.Match{}}
	}
	if err := js.RecordJournaled(ctx, "j1", 7, rec("a"), rec("b")); err != nil {
		t.Fatal(err)
	}
	if err := js.RecordJournaled(ctx, "j2", 3, rec("c")); err != nil {
		t.Fatal(err)
	}
	// A stale mover cannot set a position back.
	if err := js.RecordJournaled(ctx, "j1", 5, rec("d")); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int64{"j1": 7, "j2": 3} {
		if pos, err := js.JournalPosition(ctx, name); err != nil || pos != want {
			t.Fatalf("%s: position %d, %v; want %d", name, pos, err, want)
		}
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != 4 {
		t.Fatalf("verify: %d, %v; want 4 records", n, err)
	}
	if err := js.RecordJournaled(ctx, "", 1, rec("e")); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("no journal name: err = %v", err)
	}
}

func testAuditTamper(t *testing.T, s MonitorStore) {
	ctx := context.Background()
	db := sqlDB(s)
	if db == nil {
		t.Skip("store gives no SQL access")
	}
	for i := range 5 {
		if err := s.Record(ctx, &embargo.AuditRecord{Caller: "t", Kind: embargo.AuditScreen, Query: embargo.Query{Name: fmt.Sprint("N", i)}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, `UPDATE audit_log SET caller = 'someone else' WHERE id = 2`); err == nil {
		t.Fatal("an audit record was updated")
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM audit_log WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(ctx); embargo.ErrorCode(err) != embargo.ECONFLICT {
		t.Fatalf("record deleted from the middle: err=%v, want ECONFLICT", err)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM audit_log WHERE id <= 3`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != 2 {
		t.Fatalf("after pruning the prefix: %d, %v; want 2, nil", n, err)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM audit_log WHERE id = 5`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(ctx); embargo.ErrorCode(err) != embargo.ECONFLICT {
		t.Fatalf("record deleted from the end: err=%v, want ECONFLICT", err)
	}
	// A record rewritten in place (delete, insert) does not match its hash.
	if _, err := db.ExecContext(ctx, `DELETE FROM audit_log`); err != nil {
		t.Fatal(err)
	}
	r := &embargo.AuditRecord{Caller: "t", Kind: embargo.AuditScreen, Query: embargo.Query{Name: "Original"}}
	if err := s.Record(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM audit_log WHERE id = 6`); err != nil {
		t.Fatal(err)
	}
	forged := *r
	forged.Query.Name = "Forged"
	content, _ := embargo.AuditContent(&forged)
	if _, err := db.ExecContext(ctx, `INSERT INTO audit_log (id, recorded_at, kind, caller, batch_id, list, customer_id, data, prev_hash, hash) VALUES (6, '2020', 'screen', 't', '', '', '', '`+string(content)+`', '`+r.PrevHash+`', '`+r.Hash+`')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAudit(ctx); embargo.ErrorCode(err) != embargo.ECONFLICT {
		t.Fatalf("forged record: err=%v, want ECONFLICT", err)
	}
}

func testWebhooks(t *testing.T, s MonitorStore) {
	ctx := context.Background()
	for _, w := range []*embargo.Webhook{{URL: "ftp://x", Secret: "s"}, {URL: "http://", Secret: "s"}, {URL: "https://example.com/hook"}} {
		if err := s.CreateWebhook(ctx, w); embargo.ErrorCode(err) != embargo.EINVALID {
			t.Errorf("webhook %+v: err=%v, want EINVALID", w, err)
		}
	}
	w := &embargo.Webhook{URL: "https://example.com/hook", Secret: "s3cret"}
	if err := s.CreateWebhook(ctx, w); err != nil {
		t.Fatal(err)
	}
	hooks, err := s.FindWebhooks(ctx)
	if err != nil || len(hooks) != 1 || hooks[0].ID != w.ID || hooks[0].Secret != "s3cret" || hooks[0].URL != w.URL {
		t.Fatalf("FindWebhooks = %+v, %v", hooks, err)
	}

	jane := customer("customers", "c1", "Jane Roe")
	MustSaveCustomers(t, s, jane)
	time.Sleep(time.Millisecond) // alerts created after the webhook
	created, err := s.CreateAlerts(ctx, []*embargo.Alert{
		alertFor(jane, "test:1", "h1", "test@2020-01-01", 0.9),
		alertFor(jane, "test:2", "h2", "test@2020-01-01", 0.9),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pending := func(max int) []string {
		t.Helper()
		ps, err := s.UndeliveredAlerts(ctx, w.ID, max, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s:%d", p.Alert.EntityID, p.Attempts))
		}
		return out
	}
	if got := fmt.Sprint(pending(3)); got != "[test:1:0 test:2:0]" {
		t.Fatalf("pending = %s", got)
	}
	for _, d := range []*embargo.WebhookDelivery{
		{WebhookID: w.ID, AlertID: created[0].ID, Attempt: 1, StatusCode: 500, Error: "500 Internal Server Error", Duration: 1.5},
		{WebhookID: w.ID, AlertID: created[1].ID, Attempt: 1, Error: "connection refused"},
		{WebhookID: w.ID, AlertID: created[1].ID, Attempt: 2, OK: true, StatusCode: 204},
	} {
		if err := s.RecordDelivery(ctx, d); err != nil || d.ID == 0 {
			t.Fatalf("RecordDelivery = %v (id %d)", err, d.ID)
		}
	}
	if got := fmt.Sprint(pending(3)); got != "[test:1:1]" {
		t.Fatalf("pending after deliveries = %s, want [test:1:1]", got)
	}
	if got := pending(1); len(got) != 0 {
		t.Fatalf("pending with 1 attempt allowed = %v, want none", got)
	}
	ds, err := s.FindDeliveries(ctx, w.ID, 0)
	if err != nil || len(ds) != 3 || ds[0].StatusCode != 500 || ds[0].Duration != 1.5 || ds[0].OK || !ds[2].OK {
		t.Fatalf("FindDeliveries = %+v, %v", ds, err)
	}
	if err := s.DeleteWebhook(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWebhook(ctx, w.ID); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("delete twice: err=%v, want ENOTFOUND", err)
	}
	if hooks, _ := s.FindWebhooks(ctx); len(hooks) != 0 {
		t.Fatalf("webhooks after delete = %v", hooks)
	}
	if ds, _ := s.FindDeliveries(ctx, 0, 0); len(ds) != 3 {
		t.Fatalf("deliveries after delete = %d, want 3 kept", len(ds))
	}
}
