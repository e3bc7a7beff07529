package http

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// TestExport_AlertsAndAudit: alerts and the audit log as CSV, and the
// audit id of a screening naming its record.
func TestExport_AlertsAndAudit(t *testing.T) {
	ts := newMonitorTestServer(t)
	ctx := context.Background()
	body := `[{"id": "c1", "name": "Andriy Derkach", "type": "person", "country": "UA"}, {"id": "c2", "name": "=HYPERLINK(\"http://evil\")"}]`
	if st := ts.do(t, embargo.RoleAnalyst, "POST", "/api/v1/watchlists/customers/customers", "application/json", body, nil); st != 201 {
		t.Fatalf("POST customers: %d", st)
	}
	res := importSDN(t, ts.db, testutil.SDN2021, "2021-04-25")
	if err := ts.eng.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ts.Monitor.OnImport(ctx, []*embargo.ImportResult{res}); err != nil {
		t.Fatal(err)
	}
	resp, out := ts.raw(t, embargo.RoleViewer, "GET", "/api/v1/alerts?format=csv", "", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("alerts CSV: %d %s", resp.StatusCode, out)
	}
	rows := testutil.CSVRows(t, out)
	if len(rows) == 0 || rows[0]["customer_id"] != "c1" || rows[0]["status"] != "open" || !strings.Contains(rows[0]["entity_name"], "DERKACH") {
		t.Fatalf("alert rows %v", rows)
	}

	// A screening's audit id, in JSON and CSV, names its record.
	resp, out = ts.raw(t, embargo.RoleViewer, "GET", "/api/v1/screen?name="+url.QueryEscape("Andriy Derkach"), "", "")
	var sr embargo.ScreenResult
	if err := json.Unmarshal([]byte(out), &sr); err != nil || resp.StatusCode != 200 || sr.AuditID == nil {
		t.Fatalf("screen: %d %v %s", resp.StatusCode, err, out)
	}
	rec, err := embargo.FindAuditRecord(ctx, ts.db, *sr.AuditID)
	if err != nil {
		t.Fatalf("FindAuditRecord(%s): %v", *sr.AuditID, err)
	}
	if rec.Query.Name != "Andriy Derkach" || rec.Hash == "" {
		t.Fatalf("record %+v", rec)
	}
	wrong := []byte(*sr.AuditID)
	wrong[len(wrong)-1] = "0e"[map[bool]int{true: 1}[wrong[len(wrong)-1] == '0']]
	if _, err := embargo.FindAuditRecord(ctx, ts.db, string(wrong)); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("a wrong digest: %v, want ENOTFOUND", err)
	}

	resp, out = ts.raw(t, embargo.RoleAdmin, "GET", "/api/v1/audit", "", "", "Accept", "text/csv")
	if resp.StatusCode != 200 {
		t.Fatalf("audit CSV: %d %s", resp.StatusCode, out)
	}
	rows = testutil.CSVRows(t, out)
	var found bool
	for _, r := range rows {
		if r["audit_id"] == *sr.AuditID {
			found = r["hash"] == rec.Hash && r["query_name"] == "Andriy Derkach"
		}
		if strings.HasPrefix(r["query_name"], "=") {
			t.Fatalf("formula left as is: %v", r)
		}
	}
	if !found {
		t.Fatalf("audit CSV lacks the screening %s with its hash", *sr.AuditID)
	}
	if resp, _ := ts.raw(t, embargo.RoleViewer, "GET", "/api/v1/audit?format=csv", "", ""); resp.StatusCode != 403 {
		t.Fatalf("audit CSV as viewer: %d, want 403", resp.StatusCode)
	}
}
