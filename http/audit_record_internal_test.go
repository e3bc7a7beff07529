package http

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
)

// TestAuditRecordPage: a screening's audit id opens its record, as JSON and
// as the printable page, with the query, caller, snapshots and hash.
func TestAuditRecordPage(t *testing.T) {
	ts := newMonitorTestServer(t)
	_, out := ts.raw(t, embargo.RoleViewer, "GET", "/api/v1/screen?name="+url.QueryEscape("Oleg Deripaska"), "", "")
	var sr embargo.ScreenResult
	if err := json.Unmarshal([]byte(out), &sr); err != nil || sr.AuditID == nil {
		t.Fatalf("screen: %v %s", err, out)
	}
	aid := *sr.AuditID

	var rec screeningRecord
	if st := ts.do(t, "", "GET", "/api/v1/audit/"+aid, "", "", &rec); st != 200 {
		t.Fatalf("GET /api/v1/audit/%s anonymously: %d", aid, st)
	}
	if rec.AuditID != aid || rec.Record.Query.Name != "Oleg Deripaska" || !strings.Contains(rec.Record.Caller, "(viewer)") || len(rec.Lists) != 1 ||
		rec.Lists[0].SnapshotID != "ofac-sdn@2019-01-04" || rec.Lists[0].ContentHash == "" || rec.Verify != "embargo audit verify --record "+aid {
		t.Fatalf("record %+v", rec)
	}
	var html string
	if st := ts.page(t, "", "/audit/"+aid, &html); st != 200 {
		t.Fatalf("record page: %d", st)
	}
	for _, want := range []string{"Screening record", aid, "Oleg Deripaska", "viewer", "ofac-sdn@2019-01-04", rec.Record.Hash, rec.Lists[0].ContentHash,
		"DERIPASKA", "embargo audit verify --record " + aid} {
		if !strings.Contains(html, want) {
			t.Errorf("record page lacks %q", want)
		}
	}
	// The search page links to it.
	if st := ts.page(t, "", "/?name=Oleg+Deripaska", &html); st != 200 || !strings.Contains(html, `id="audit-id" href="/audit/`) {
		t.Fatalf("search page: %d, no link to its record", st)
	}
	// By number: admins only.
	n := strconv.FormatInt(rec.Record.ID, 10)
	if st := ts.do(t, embargo.RoleViewer, "GET", "/api/v1/audit/"+n, "", "", nil); st != 403 {
		t.Fatalf("record by number as viewer: %d, want 403", st)
	}
	if st := ts.do(t, embargo.RoleAdmin, "GET", "/api/v1/audit/"+n, "", "", &rec); st != 200 || rec.AuditID != aid {
		t.Fatalf("record by number as admin: %d %s", st, rec.AuditID)
	}
	for _, c := range []struct {
		id   string
		want int
	}{{"20200101T000000.000000000Z-000000000000", 404}, {"yesterday", 400}} {
		if st := ts.do(t, "", "GET", "/api/v1/audit/"+c.id, "", "", nil); st != c.want {
			t.Errorf("GET /api/v1/audit/%s: %d, want %d", c.id, st, c.want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/diff?source=ofac-sdn&from=2019-01-04", "/diff?source=ofac-sdn&from=2019-01-04"},
		{"/alerts", "/alerts"},
		{"//evil.example/x", "/"},
		{"/\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"alerts", "/"},
		{"/x\r\nSet-Cookie: a=b", "/"},
		{"", "/"},
	} {
		if got := localPath(c.in); got != c.want {
			t.Errorf("localPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
