package http

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	nethttp "net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/monitor"
	"github.com/embargo-dev/embargo/source"
	"github.com/embargo-dev/embargo/sqlite"
)

// monitorTestServer is a server with the monitoring routes over a new
// database holding the 2019 SDN list, and keys of each role.
type monitorTestServer struct {
	*Server
	db   *sqlite.DB
	eng  *engine.Engine
	keys map[embargo.Role]string
}

func importSDN(tb testing.TB, db *sqlite.DB, path, date string) *embargo.ImportResult {
	tb.Helper()
	lists, err := source.Read(path, source.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	asOf, _ := time.Parse("2006-01-02", date)
	res, err := db.ImportList(context.Background(), lists[0], asOf)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func newMonitorTestServer(tb testing.TB) *monitorTestServer {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "embargo.db"), sqlite.Options{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	importSDN(tb, db, testutil.SDN2019, "2019-01-04")
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	eng := engine.New(db)
	eng.Logger, eng.Audit = logger, db
	if err := eng.Load(ctx); err != nil {
		tb.Fatal(err)
	}
	s := NewServer()
	s.Config.Addr = "127.0.0.1:0"
	s.Config.AnonRate, s.Config.KeyRate = 0, 0
	s.Engine, s.Store, s.Keys, s.Logger = eng, db, db, logger
	s.Watchlists, s.Alerts, s.Audit = db, db, db
	s.Monitor = monitor.New(db, eng, false, logger)
	s.Importer = &ingest.Importer{Store: db, Observers: []embargo.ImportObserver{eng, s.Monitor}}
	if err := s.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if !slices.Contains(s.Routes(), "GET /api/v1/alerts") || !slices.Contains(s.Routes(), "GET /alerts") {
		tb.Fatal("the monitoring routes are not registered")
	}
	ts := &monitorTestServer{Server: s, db: db, eng: eng, keys: map[embargo.Role]string{}}
	for _, role := range embargo.Roles {
		_, secret, err := db.CreateKey(ctx, string(role), role)
		if err != nil {
			tb.Fatal(err)
		}
		ts.keys[role] = secret
	}
	return ts
}

// raw sends a request with the key of role and returns the answer.
func (ts *monitorTestServer) raw(tb testing.TB, role embargo.Role, method, path, contentType, body string, headers ...string) (*nethttp.Response, string) {
	tb.Helper()
	req, err := nethttp.NewRequest(method, ts.URL()+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+ts.keys[role])
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

// do sends a request with the key of role ("" for none) and decodes a JSON
// answer into v when v is not nil.
func (ts *monitorTestServer) do(tb testing.TB, role embargo.Role, method, path, contentType, body string, v any) int {
	tb.Helper()
	resp, data := ts.raw(tb, role, method, path, contentType, body)
	if v != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal([]byte(data), v); err != nil {
			tb.Fatalf("%s %s: %v\n%s", method, path, err, data)
		}
	}
	return resp.StatusCode
}

func TestMonitorAPI(t *testing.T) {
	ts := newMonitorTestServer(t)
	ctx := context.Background()
	const analyst, viewer, admin = embargo.RoleAnalyst, embargo.RoleViewer, embargo.RoleAdmin

	// Customers in JSON, then in CSV.
	var saved struct {
		List   string           `json:"list"`
		Added  int              `json:"added"`
		Alerts []*embargo.Alert `json:"alerts"`
	}
	body := `[{"id": "c1", "name": "Andriy Derkach", "type": "person", "country": "UA"},
		{"id": 2, "name": "Arden Reign Reilly", "dob": "1971-03-02"}]`
	if st := ts.do(t, analyst, "POST", "/api/v1/watchlists/customers/customers", "application/json", body, &saved); st != 201 {
		t.Fatalf("POST customers: %d", st)
	}
	if saved.Added != 2 || len(saved.Alerts) != 0 {
		t.Fatalf("saved = %+v, want 2 added and no alert (2019 lists)", saved)
	}
	csv := "id,name,type,dob,country,identifiers\nc3,Wilburn Kuvalis,person,1980,US,passport:X1234567\n"
	if st := ts.do(t, analyst, "POST", "/api/v1/watchlists/customers/customers", "text/csv", csv, &saved); st != 201 || saved.Added != 1 {
		t.Fatalf("POST csv: %d, %+v", st, saved)
	}
	for _, c := range []struct {
		role        embargo.Role
		ctype, body string
		want        int
	}{
		{analyst, "application/json", `[{"id": "x"}]`, 400},                            // no name
		{analyst, "application/json", `{"id": "x", "name": "A", "type": "ship"}`, 201}, // one object; ship is a vessel
		{analyst, "application/json", `[{"id": "x", "name": "A", "bogus": 1}]`, 400},
		{viewer, "application/json", `[{"id": "y", "name": "B"}]`, 403},
		{"", "application/json", `[{"id": "y", "name": "B"}]`, 401},
	} {
		if st := ts.do(t, c.role, "POST", "/api/v1/watchlists/customers/customers", c.ctype, c.body, nil); st != c.want {
			t.Errorf("POST %s as %q: %d, want %d", c.body, c.role, st, c.want)
		}
	}

	var lists []embargo.Watchlist
	if st := ts.do(t, viewer, "GET", "/api/v1/watchlists", "", "", &lists); st != 200 || len(lists) != 1 || lists[0].Customers != 4 {
		t.Fatalf("GET watchlists: %d, %+v", st, lists)
	}
	if st := ts.do(t, "", "GET", "/api/v1/watchlists", "", "", nil); st != 401 {
		t.Fatalf("anonymous GET watchlists: %d, want 401", st)
	}
	var page struct {
		Total     int                 `json:"total"`
		Customers []*embargo.Customer `json:"customers"`
	}
	if st := ts.do(t, viewer, "GET", "/api/v1/watchlists/customers/customers?limit=2&offset=1", "", "", &page); st != 200 || page.Total != 4 || len(page.Customers) != 2 || page.Customers[0].ID != "c1" {
		t.Fatalf("GET customers page: %d, %+v", st, page)
	}

	// The 2021 list designates Derkach: the import path re-screens.
	res := importSDN(t, ts.db, testutil.SDN2021, "2021-04-25")
	if err := ts.eng.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ts.Monitor.OnImport(ctx, []*embargo.ImportResult{res}); err != nil {
		t.Fatal(err)
	}
	var alerts struct {
		Total  int              `json:"total"`
		Alerts []*embargo.Alert `json:"alerts"`
	}
	if st := ts.do(t, viewer, "GET", "/api/v1/alerts?status=open", "", "", &alerts); st != 200 || alerts.Total != 1 {
		t.Fatalf("GET alerts: %d, %+v", st, alerts)
	}
	a := alerts.Alerts[0]
	if a.Customer.ID != "c1" || a.EntityID != "ofac-sdn:29366" || a.SnapshotID != "ofac-sdn@2021-04-25" || a.Cause != embargo.CauseListChange {
		t.Fatalf("alert = %+v", a)
	}
	if st := ts.do(t, viewer, "GET", "/api/v1/alerts?status=bogus", "", "", nil); st != 400 {
		t.Fatalf("bad status filter: %d", st)
	}

	// A customer added now is screened against the 2021 list at once.
	body = `{"id": "c9", "name": "Darya Aslanova"}`
	if st := ts.do(t, analyst, "POST", "/api/v1/watchlists/vip/customers", "application/json", body, &saved); st != 201 || len(saved.Alerts) != 1 || saved.Alerts[0].Cause != embargo.CauseCustomer {
		t.Fatalf("POST vip customer: %d, %+v", st, saved)
	}

	// Decisions.
	path := "/api/v1/alerts/" + itoa(int(a.ID)) + "/decision"
	if st := ts.do(t, analyst, "POST", path, "application/json", `{"status": "maybe", "note": "x"}`, nil); st != 400 {
		t.Fatalf("bad decision: %d", st)
	}
	if st := ts.do(t, viewer, "POST", path, "application/json", `{"status": "true_match", "note": "x"}`, nil); st != 403 {
		t.Fatalf("viewer decision: %d", st)
	}
	if st := ts.do(t, analyst, "POST", "/api/v1/alerts/9999/decision", "application/json", `{"status": "true_match", "note": "x"}`, nil); st != 404 {
		t.Fatalf("decision on unknown alert: %d", st)
	}
	var d embargo.Decision
	if st := ts.do(t, analyst, "POST", path, "application/json", `{"status": "true_match", "note": "passport matches", "by": "ann"}`, &d); st != 201 {
		t.Fatalf("decision: %d", st)
	}
	if d.By != "ann (api:key 2 (analyst))" || d.EntityHash == "" || d.Status != embargo.AlertTrueMatch {
		t.Fatalf("decision = %+v", d)
	}
	var shown struct {
		embargo.Alert
		Decisions []*embargo.Decision `json:"decisions"`
	}
	if st := ts.do(t, viewer, "GET", "/api/v1/alerts/"+itoa(int(a.ID)), "", "", &shown); st != 200 || shown.Status != embargo.AlertTrueMatch || len(shown.Decisions) != 1 {
		t.Fatalf("GET alert: %d, %+v", st, shown)
	}

	// The timeline and the audit log.
	var tl monitor.Timeline
	if st := ts.do(t, viewer, "GET", "/api/v1/watchlists/customers/customers/c1/timeline", "", "", &tl); st != 200 || len(tl.Events) < 5 {
		t.Fatalf("timeline: %d, %+v", st, tl)
	}
	var audit struct {
		Records   []*embargo.AuditRecord `json:"records"`
		NextAfter int64                  `json:"next_after"`
	}
	if st := ts.do(t, viewer, "GET", "/api/v1/audit", "", "", nil); st != 403 {
		t.Fatalf("viewer GET audit: %d, want 403", st)
	}
	if st := ts.do(t, admin, "GET", "/api/v1/audit?limit=2", "", "", &audit); st != 200 || len(audit.Records) != 2 || audit.NextAfter != audit.Records[1].ID {
		t.Fatalf("GET audit: %d, %+v", st, audit)
	}
	if st := ts.do(t, admin, "GET", "/api/v1/audit?kind=watch&list=vip&customer=c9", "", "", &audit); st != 200 || len(audit.Records) != 1 || audit.Records[0].Caller != "api:key 2 (analyst)" {
		t.Fatalf("GET audit of c9: %d, %+v", st, audit.Records)
	}
	var rr monitor.RerunResult
	if st := ts.do(t, analyst, "POST", "/api/v1/audit/"+itoa(int(audit.Records[0].ID))+"/rerun", "", "", &rr); st != 200 || !rr.Same || len(rr.Matches) != 1 {
		t.Fatalf("rerun: %d, %+v", st, rr)
	}

	// The UI pages.
	for _, c := range []struct{ path, want string }{
		{"/watchlists", "customers"},
		{"/watchlists?list=customers", "Arden Reign Reilly"},
		{"/alerts?status=true_match", "DERKACH, Andrii Leonidovych"},
		{"/watchlists/customers/customers/c1", "Evidence"},
	} {
		var html string
		if st := ts.page(t, viewer, c.path, &html); st != 200 || !strings.Contains(html, c.want) {
			t.Errorf("GET %s: %d, want 200 and %q", c.path, st, c.want)
		}
	}
	if st := ts.page(t, "", "/alerts", nil); st != 401 {
		t.Errorf("anonymous GET /alerts: %d, want 401", st)
	}
	if st := ts.page(t, viewer, "/watchlists/customers/customers/nope", nil); st != 404 {
		t.Errorf("GET unknown customer page: %d, want 404", st)
	}

	// Removal.
	if st := ts.do(t, analyst, "DELETE", "/api/v1/watchlists/customers/customers/c3", "", "", nil); st != 204 {
		t.Fatalf("DELETE: %d", st)
	}
	if st := ts.do(t, viewer, "GET", "/api/v1/watchlists/customers/customers/c3", "", "", nil); st != 404 {
		t.Fatalf("GET removed customer: %d, want 404", st)
	}
	if st := ts.do(t, analyst, "DELETE", "/api/v1/watchlists/customers/customers/c3", "", "", nil); st != 404 {
		t.Fatalf("DELETE twice: %d, want 404", st)
	}
}

// page gets a UI page with the key of role ("" for none).
func (ts *monitorTestServer) page(tb testing.TB, role embargo.Role, path string, html *string) int {
	tb.Helper()
	req, err := nethttp.NewRequest("GET", ts.URL()+path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+ts.keys[role])
	}
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if html != nil {
		*html = string(data)
	}
	return resp.StatusCode
}

// Finding 6: an analyst could read any audit record (another caller's
// query, date of birth and identity) by rerunning it.
func TestAuditRerunOtherCaller(t *testing.T) {
	ts := newMonitorTestServer(t)
	_, other, err := ts.db.CreateKey(context.Background(), "other analyst", embargo.RoleAnalyst)
	if err != nil {
		t.Fatal(err)
	}
	if st := ts.do(t, embargo.RoleAnalyst, "GET", "/api/v1/screen?name=Aslanova&dob=1970-01-01", "", "", nil); st != 200 {
		t.Fatalf("screen: %d", st)
	}
	var audit struct {
		Records []*embargo.AuditRecord `json:"records"`
	}
	if st := ts.do(t, embargo.RoleAdmin, "GET", "/api/v1/audit?limit=1", "", "", &audit); st != 200 || len(audit.Records) != 1 {
		t.Fatalf("GET audit: %d, %+v", st, audit)
	}
	rec := audit.Records[0]
	if !strings.HasPrefix(rec.Caller, "api:key ") || !strings.HasSuffix(rec.Caller, "(analyst)") {
		t.Fatalf("record caller %q, want the analyst key", rec.Caller)
	}
	path := "/api/v1/audit/" + itoa(int(rec.ID)) + "/rerun"
	ts.keys["other"] = other
	if st := ts.do(t, "other", "POST", path, "", "", nil); st != 403 {
		t.Fatalf("another analyst's rerun: %d, want 403", st)
	}
	var rr monitor.RerunResult
	if st := ts.do(t, embargo.RoleAnalyst, "POST", path, "", "", &rr); st != 200 || rr.Record.ID != rec.ID || !rr.Same {
		t.Fatalf("own rerun: %d, %+v", st, rr)
	}
	if st := ts.do(t, embargo.RoleAdmin, "POST", path, "", "", &rr); st != 200 || !rr.Same {
		t.Fatalf("admin rerun: %d, %+v", st, rr)
	}
	if st := ts.do(t, "other", "POST", "/api/v1/audit/99999/rerun", "", "", nil); st != 404 {
		t.Fatalf("rerun of a missing record: %d, want 404", st)
	}
}

// TestMonitor_ServiceLivesAcrossImports checks that the server keeps one
// monitoring service: three imports through the API with an unchanged
// watchlist build the customer index once.
func TestMonitor_ServiceLivesAcrossImports(t *testing.T) {
	ts := newMonitorTestServer(t)
	body := `[{"id": "c1", "name": "Andrii Derkach", "type": "person"}]`
	if st := ts.do(t, embargo.RoleAnalyst, "POST", "/api/v1/watchlists/customers/customers", "application/json", body, nil); st != 201 {
		t.Fatalf("POST customers: %d", st)
	}
	for _, c := range []struct{ path, asOf string }{
		{filepath.Join(testutil.SDN2021, "sdn.csv"), "2021-04-25"},
		{"../source/ofac/testdata/daily/2022-03-21T184922Z/sdn.csv", "2022-03-21"},
		{"../source/ofac/testdata/daily/2022-03-24T184905Z/sdn.csv", "2022-03-24"},
	} {
		data, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		var res []embargo.ImportResult
		if st := ts.do(t, embargo.RoleAdmin, "POST", "/api/v1/import?filename=sdn.csv&as_of="+c.asOf, "text/csv", string(data), &res); st != 201 || len(res) != 1 || res[0].Unchanged {
			t.Fatalf("import %s: %d, %+v", c.asOf, st, res)
		}
	}
	if n := ts.Monitor.IndexBuilds(); n != 1 {
		t.Errorf("the customer index was built %d times over three imports, want once", n)
	}
	var alerts struct {
		Total int `json:"total"`
	}
	if st := ts.do(t, embargo.RoleViewer, "GET", "/api/v1/alerts?customer=c1", "", "", &alerts); st != 200 || alerts.Total == 0 {
		t.Fatalf("GET alerts: %d, %+v: the imports did not re-screen the watchlist", st, alerts)
	}
}
