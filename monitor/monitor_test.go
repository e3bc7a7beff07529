package monitor_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/match"
	"github.com/embargo-dev/embargo/monitor"
	"github.com/embargo-dev/embargo/source"
	"github.com/embargo-dev/embargo/sqlite"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Env is a store, an engine and a monitoring service over them.
type Env struct {
	DB      *sqlite.DB
	Engine  *engine.Engine
	Monitor *monitor.Service
}

// NewEnv opens a new database in a temporary directory and wires the
// engine (recording to the audit log) and the monitoring service.
func NewEnv(tb testing.TB) *Env {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "embargo.db"), sqlite.Options{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	eng := engine.New(db)
	eng.Logger, eng.Audit = quiet, db
	if err := eng.Load(context.Background()); err != nil {
		tb.Fatal(err)
	}
	svc := monitor.NewService(db, db, db)
	svc.Audit, svc.Screener, svc.Logger = db, eng, quiet
	return &Env{DB: db, Engine: eng, Monitor: svc}
}

// MustReadList reads one list directory.
func MustReadList(tb testing.TB, path string) *embargo.ParsedList {
	tb.Helper()
	lists, err := source.Read(path, source.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if len(lists) != 1 {
		tb.Fatalf("%s: %d lists, want 1", path, len(lists))
	}
	return lists[0]
}

// Import imports a list as of date, tells monitoring, reloads the engine
// and returns the alerts raised.
func (env *Env) Import(tb testing.TB, l *embargo.ParsedList, date string) []*embargo.Alert {
	tb.Helper()
	ctx := context.Background()
	asOf, _ := time.Parse("2006-01-02", date)
	res, err := env.DB.ImportList(ctx, l, asOf)
	if err != nil {
		tb.Fatal(err)
	}
	if res.Unchanged {
		tb.Fatalf("import %s: unchanged", date)
	}
	out, err := env.Monitor.CatchUp(ctx, res.Source)
	if err != nil {
		tb.Fatal(err)
	}
	if err := env.Engine.Load(ctx); err != nil {
		tb.Fatal(err)
	}
	return out.Alerts
}

// MustReadCustomers reads a customer file.
func MustReadCustomers(tb testing.TB, path, list string) []*embargo.Customer {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cs, err := monitor.ReadCustomers(f, path, list)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

// Receiver is a webhook endpoint on loopback that keeps what it receives.
type Receiver struct {
	*httptest.Server
	Secret string

	mu       sync.Mutex
	payloads []monitor.Payload
	bad      int
	// fail answers 503 to the first fail requests.
	fail int
}

func NewReceiver(tb testing.TB, secret string) *Receiver {
	r := &Receiver{Secret: secret}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.fail > 0 {
			r.fail--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		if !monitor.VerifySignature(r.Secret, body, req.Header.Get(monitor.SignatureHeader)) {
			r.bad++
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var p monitor.Payload
		if err := json.Unmarshal(body, &p); err != nil || req.Header.Get(monitor.DeliveryHeader) != p.Delivery {
			r.bad++
			http.Error(w, "bad payload", http.StatusBadRequest)
			return
		}
		r.payloads = append(r.payloads, p)
		w.WriteHeader(http.StatusNoContent)
	}))
	tb.Cleanup(r.Close)
	return r
}

func (r *Receiver) Payloads() []monitor.Payload {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]monitor.Payload(nil), r.payloads...)
}

func alertNames(alerts []*embargo.Alert) []string {
	var out []string
	for _, a := range alerts {
		out = append(out, a.Customer.Name+" → "+a.EntityID)
	}
	sort.Strings(out)
	return out
}

// TestMonitor_RealLists is the whole story on the real OFAC SDN lists: 52
// customers, two of whom are designated between the 2019 and 2021 lists.
func TestMonitor_RealLists(t *testing.T) {
	ctx := context.Background()
	env := NewEnv(t)
	recv := NewReceiver(t, "s3cret")
	recv.fail = 1 // the first attempt fails: delivery retries
	env.Monitor.Notifier = monitor.NewNotifier(env.DB, true)
	env.Monitor.Notifier.Backoff, env.Monitor.Notifier.Logger = time.Millisecond, quiet
	if err := env.DB.CreateWebhook(ctx, &embargo.Webhook{URL: recv.URL + "/hook", Secret: "s3cret"}); err != nil {
		t.Fatal(err)
	}

	customers := MustReadCustomers(t, "testdata/customers.csv", "customers")
	if len(customers) != 52 {
		t.Fatalf("%d customers, want 52", len(customers))
	}
	saved, err := env.Monitor.SaveCustomers(ctx, customers)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Added != 52 || len(saved.Alerts) != 0 {
		t.Fatalf("save = %+v, %d alerts; want 52 added, none", saved.SaveResult, len(saved.Alerts))
	}

	// 2019: neither is listed yet. The first run screens the whole list.
	if alerts := env.Import(t, MustReadList(t, testutil.SDN2019), "2019-01-04"); len(alerts) != 0 {
		t.Fatalf("2019: alerts %v, want none", alertNames(alerts))
	}
	run, err := env.DB.LastMonitorRun(ctx, "ofac-sdn")
	if err != nil {
		t.Fatal(err)
	}
	if run.FromSnapshot != "" || run.ToSnapshot != "ofac-sdn@2019-01-04" || run.Entities != 7379 || run.Customers != 52 {
		t.Fatalf("2019 run = %+v, want all 7379 entities against 52 customers", run)
	}

	// 2021: Derkach and Aslanova are designated.
	l2021 := MustReadList(t, testutil.SDN2021)
	alerts := env.Import(t, l2021, "2021-04-25")
	want := []string{"Andriy Derkach → ofac-sdn:29366", "Darya Aslanova → ofac-sdn:29745"}
	if got := alertNames(alerts); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("2021: alerts %q, want %q", got, want)
	}
	var derkach, aslanova *embargo.Alert
	for _, a := range alerts {
		if a.SnapshotID != "ofac-sdn@2021-04-25" || a.Cause != embargo.CauseListChange || a.Status != embargo.AlertOpen || a.Score < 0.78 || a.Match.Explanation == nil {
			t.Errorf("alert = %+v", a)
		}
		if a.Customer.ID == "C-1001" {
			derkach = a
		} else {
			aslanova = a
		}
	}
	run, _ = env.DB.LastMonitorRun(ctx, "ofac-sdn")
	if run.FromSnapshot != "ofac-sdn@2019-01-04" || run.Alerts != 2 || run.Entities < 1712 {
		t.Fatalf("2021 run = %+v", run)
	}

	// The webhook got both, signed, after one failed attempt.
	got := recv.Payloads()
	if len(got) != 2 || recv.bad != 0 {
		t.Fatalf("webhook received %d payloads (%d bad), want 2", len(got), recv.bad)
	}
	ids := map[int64]bool{}
	for _, p := range got {
		ids[p.Alert.ID] = p.Event == monitor.EventAlertCreated
	}
	if !ids[derkach.ID] || !ids[aslanova.ID] {
		t.Fatalf("webhook payloads %+v, want alerts %d and %d", got, derkach.ID, aslanova.ID)
	}
	deliveries, err := env.DB.FindDeliveries(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(deliveries) != 3 || deliveries[0].OK || deliveries[0].StatusCode != 503 || !deliveries[1].OK || deliveries[1].Attempt != 2 {
		t.Fatalf("deliveries = %+v, want a 503 then two successes", deliveries)
	}

	// An analyst marks Aslanova a false positive.
	if _, _, err := env.Monitor.Decide(ctx, aslanova.ID, embargo.AlertFalsePositive, "our customer was born in 1990", "ann"); err != nil {
		t.Fatal(err)
	}

	// A later list that changes another entity raises nothing again.
	l2 := MustReadList(t, testutil.SDN2021)
	changeEntity(t, l2, "ofac-sdn:29366", func(e *embargo.Entity) { e.Remarks += " Updated." }) // Derkach: still open
	changeEntity(t, l2, "ofac-sdn:36", func(e *embargo.Entity) { e.Remarks += " Updated." })
	if alerts := env.Import(t, l2, "2021-04-26"); len(alerts) != 0 {
		t.Fatalf("2021-04-26: alerts %v, want none (one open, one decided)", alertNames(alerts))
	}
	run, _ = env.DB.LastMonitorRun(ctx, "ofac-sdn")
	if run.Entities != 2 || run.Matches != 1 || run.Suppressed != 1 {
		t.Fatalf("2021-04-26 run = %+v, want 2 entities, 1 match suppressed", run)
	}

	// Once Aslanova's entry changes, the decision no longer covers it.
	l3 := MustReadList(t, testutil.SDN2021)
	changeEntity(t, l3, "ofac-sdn:29745", func(e *embargo.Entity) { e.Remarks += " Updated." })
	alerts = env.Import(t, l3, "2021-04-27")
	if got := alertNames(alerts); len(got) != 1 || got[0] != want[1] {
		t.Fatalf("2021-04-27: alerts %q, want Aslanova's again", got)
	}
	if len(recv.Payloads()) != 3 {
		t.Fatalf("webhook received %d payloads, want 3", len(recv.Payloads()))
	}

	// Derkach's timeline holds the evidence.
	tl, err := env.Monitor.Timeline(ctx, "customers", "C-1001")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	var monitorRecord *embargo.AuditRecord
	for _, ev := range tl.Events {
		kinds = append(kinds, ev.Kind)
		if ev.Record != nil && ev.Record.Kind == embargo.AuditMonitor && monitorRecord == nil {
			monitorRecord = ev.Record
		}
	}
	// Registered and screened; re-screened against all of 2019; matched in
	// the 2021 re-screening, alerted; matched again on each change of its
	// entry (04-26, 04-27), the open alert covering it.
	wantKinds := "customer screening rescreen screening rescreen alert screening rescreen screening rescreen"
	if strings.Join(kinds, " ") != wantKinds {
		t.Fatalf("timeline kinds = %v, want %s", kinds, wantKinds)
	}
	if monitorRecord == nil || monitorRecord.Snapshots["ofac-sdn"] != "ofac-sdn@2021-04-25" || len(monitorRecord.Matches) != 1 {
		t.Fatalf("monitoring record = %+v", monitorRecord)
	}

	// The monitoring record re-runs identically.
	rr, err := env.Monitor.Rerun(ctx, monitorRecord.ID, env.Engine)
	if err != nil {
		t.Fatal(err)
	}
	if !rr.Same || len(rr.Matches) != 1 || rr.Matches[0].Score != monitorRecord.Matches[0].Score {
		t.Fatalf("rerun = %+v", rr)
	}
	if n, err := env.DB.VerifyAudit(ctx); err != nil || n == 0 {
		t.Fatalf("VerifyAudit = %d, %v", n, err)
	}
}

func changeEntity(tb testing.TB, l *embargo.ParsedList, id string, fn func(*embargo.Entity)) {
	tb.Helper()
	for i := range l.Entities {
		if l.Entities[i].ID == id {
			fn(&l.Entities[i])
			return
		}
	}
	tb.Fatalf("entity %s not in the list", id)
}

// TestMonitor_ReverseRecall checks that re-screening by reverse search
// finds what screening each customer would: the development queries that
// match their expected SDN entity at the default threshold are registered
// as customers, and the first monitoring run over the 2021 list must alert
// nearly all of them.
func TestMonitor_ReverseRecall(t *testing.T) {
	if testing.Short() {
		t.Skip("screens 8,890 entities")
	}
	ctx := context.Background()
	env := NewEnv(t)
	env.Monitor.Screener = nil
	l := MustReadList(t, testutil.SDN2021)
	bySourceID := map[string]*embargo.Entity{}
	for i := range l.Entities {
		bySourceID[l.Entities[i].SourceID] = &l.Entities[i]
	}
	rows, err := evaluation.ReadCSVFile("../evaluation/testdata/dev-queries.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // customer id → entity id
	var cs []*embargo.Customer
	for _, r := range rows {
		e := bySourceID[r.ExpectedSourceID]
		if e == nil {
			continue // a negative
		}
		c := &embargo.Customer{List: "dev", ID: r.ID, Name: r.Name, Schema: embargo.ParseSchema(r.Type)}
		if match.Score(c.Query(), e).Score < env.Monitor.Threshold {
			continue // screening would not find it either
		}
		cs = append(cs, c)
		want[c.ID] = e.ID
	}
	if _, err := env.DB.SaveCustomers(ctx, cs); err != nil {
		t.Fatal(err)
	}
	alerts := env.Import(t, l, "2021-04-25")
	found := 0
	for _, a := range alerts {
		if want[a.Customer.ID] == a.EntityID {
			found++
		}
	}
	recall := float64(found) / float64(len(want))
	t.Logf("reverse search found %d of %d pairs (%.1f%%)", found, len(want), 100*recall)
	if recall < 0.99 {
		t.Fatalf("recall %.3f, want at least 0.99", recall)
	}
}

func testPerson(id, name string) embargo.Entity {
	return embargo.Entity{ID: "test:" + id, Source: "test", SourceID: id, Schema: embargo.SchemaPerson, Name: name}
}

func testList(entities ...embargo.Entity) *embargo.ParsedList {
	return &embargo.ParsedList{Source: "test", Entities: entities}
}

// TestMonitor_WatchlistChanges checks that customers updated, removed and
// added between imports are re-screened as they now stand, and that
// snapshots imported without monitoring are caught up one by one.
func TestMonitor_WatchlistChanges(t *testing.T) {
	ctx := context.Background()
	env := NewEnv(t)
	env.Monitor.Screener = nil
	save := func(cs ...*embargo.Customer) {
		t.Helper()
		if _, err := env.Monitor.SaveCustomers(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}
	person := func(id, name string) *embargo.Customer {
		return &embargo.Customer{List: "l", ID: id, Name: name, Schema: embargo.SchemaPerson}
	}
	save(person("c1", "Jane Roe"), person("c2", "John Doe"), person("c3", "Max Mustermann"))
	jane := testPerson("1", "ROE, Jane")
	if got := alertNames(env.Import(t, testList(jane), "2020-01-01")); len(got) != 1 || got[0] != "Jane Roe → test:1" {
		t.Fatalf("first run: %v", got)
	}

	// c2 becomes someone else, c3 leaves, c4 arrives.
	save(person("c2", "Erika Musterfrau"), person("c4", "Pat Smith"))
	if err := env.DB.RemoveCustomer(ctx, "l", "c3"); err != nil {
		t.Fatal(err)
	}
	l := testList(jane, testPerson("2", "MUSTERMANN, Max"), testPerson("3", "MUSTERFRAU, Erika"), testPerson("4", "SMITH, Pat"), testPerson("5", "DOE, John"))
	got := alertNames(env.Import(t, l, "2020-02-01"))
	want := []string{"Erika Musterfrau → test:3", "Pat Smith → test:4"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("after the watchlist changes: %v, want %v", got, want)
	}

	// Two imports nobody told monitoring about.
	save(person("c5", "Ivan Petrov"), person("c6", "Olga Ivanova"))
	l.Entities = append(l.Entities, testPerson("6", "PETROV, Ivan"))
	for _, date := range []string{"2020-03-01", "2020-04-01"} {
		asOf, _ := time.Parse("2006-01-02", date)
		if _, err := env.DB.ImportList(ctx, l, asOf); err != nil {
			t.Fatal(err)
		}
		l = testList(append(l.Entities, testPerson("7", "IVANOVA, Olga"))...)
	}
	out, err := env.Monitor.CatchUp(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Runs) != 2 || out.Runs[0].ToSnapshot != "test@2020-03-01" || out.Runs[1].FromSnapshot != "test@2020-03-01" {
		t.Fatalf("catch-up runs = %+v", out.Runs)
	}
	caused := map[string]string{}
	for _, a := range out.Alerts {
		caused[a.Customer.ID] = a.SnapshotID
	}
	if caused["c5"] != "test@2020-03-01" || caused["c6"] != "test@2020-04-01" || len(caused) != 2 {
		t.Fatalf("alerts caused by %v", caused)
	}
	// Nothing left to catch up.
	if out, err := env.Monitor.CatchUp(ctx, "test"); err != nil || len(out.Runs) != 0 {
		t.Fatalf("second catch-up = %+v, %v", out, err)
	}
}

// TestMonitor_SaveCustomersScreens checks that customers added or changed
// are screened against every list at once, recorded as kind watch, and
// that a customer whose content did not change is not screened again.
func TestMonitor_SaveCustomersScreens(t *testing.T) {
	ctx := context.Background()
	env := NewEnv(t)
	env.Import(t, MustReadList(t, testutil.SDN2021), "2021-04-25")
	c := &embargo.Customer{List: "vip", ID: "v1", Name: "Andrii Derkach", BirthDate: "1967-08-19"}
	res, err := env.Monitor.SaveCustomers(embargo.NewContextWithCaller(ctx, embargo.Caller{Name: "cli:ann"}), []*embargo.Customer{c})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Alerts) != 1 || res.Alerts[0].EntityID != "ofac-sdn:29366" || res.Alerts[0].Cause != embargo.CauseCustomer || res.Alerts[0].SnapshotID != "ofac-sdn@2021-04-25" {
		t.Fatalf("alerts = %+v", res.Alerts)
	}
	var recs []*embargo.AuditRecord
	_ = env.DB.FindAuditRecords(ctx, embargo.AuditFilter{List: "vip", CustomerID: "v1"}, func(r *embargo.AuditRecord) error {
		recs = append(recs, r)
		return nil
	})
	if len(recs) != 1 || recs[0].Kind != embargo.AuditWatch || recs[0].Caller != "cli:ann" || len(recs[0].Matches) != 1 || recs[0].Query.BirthDate != "1967-08-19" {
		t.Fatalf("audit records = %+v", recs)
	}
	// Saved again unchanged: not screened, no alert; changed: screened,
	// but the open alert covers the pair.
	res, _ = env.Monitor.SaveCustomers(ctx, []*embargo.Customer{{List: "vip", ID: "v1", Name: "Andrii Derkach", BirthDate: "1967-08-19"}})
	if res.Unchanged != 1 || len(res.Alerts) != 0 {
		t.Fatalf("unchanged save = %+v", res)
	}
	res, _ = env.Monitor.SaveCustomers(ctx, []*embargo.Customer{{List: "vip", ID: "v1", Name: "Andriy Derkach", BirthDate: "1967-08-19"}})
	if res.Updated != 1 || len(res.Alerts) != 0 {
		t.Fatalf("updated save = %+v, %d alerts", res.SaveResult, len(res.Alerts))
	}
}
