package http

import (
	"encoding/csv"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
)

// TestAuditLogPage: admins list the audit log in the browser, filtered by
// caller, kind and date, each record linked to its printable record, and
// export what they filtered as CSV (formula-safe) and JSON lines; other
// roles may not, as with GET /api/v1/audit.
func TestAuditLogPage(t *testing.T) {
	ts := newMonitorTestServer(t)
	const formula = "=SUM(1,2)"
	var ids []int64
	for _, q := range []struct {
		role embargo.Role
		name string
	}{{embargo.RoleViewer, "Oleg Deripaska"}, {embargo.RoleAnalyst, formula}} {
		var sr embargo.ScreenResult
		if st := ts.do(t, q.role, "GET", "/api/v1/screen?name="+url.QueryEscape(q.name), "", "", &sr); st != 200 || sr.AuditID == nil {
			t.Fatalf("screen %s: %d", q.name, st)
		}
	}
	var log struct {
		Records []*embargo.AuditRecord `json:"records"`
	}
	if st := ts.do(t, embargo.RoleAdmin, "GET", "/api/v1/audit?kind=screen", "", "", &log); st != 200 || len(log.Records) != 2 {
		t.Fatalf("API audit log: %d, %d records", st, len(log.Records))
	}
	for _, r := range log.Records {
		ids = append(ids, r.ID)
	}
	analyst := log.Records[1].Caller

	for _, role := range []embargo.Role{"", embargo.RoleViewer, embargo.RoleAnalyst} {
		if st := ts.page(t, role, "/audit", nil); st != 401 && st != 403 {
			t.Errorf("audit log page as %q: HTTP %d, want 401 or 403", role, st)
		}
	}
	var html string
	if st := ts.page(t, embargo.RoleAdmin, "/audit", &html); st != 200 {
		t.Fatalf("audit log page as admin: %d\n%s", st, html)
	}
	for _, want := range []string{`id="audit-table"`, "Oleg Deripaska", formula, analyst, `href="/audit/` + itoa(int(ids[0])) + `"`, `href="/audit/` + itoa(int(ids[1])) + `"`} {
		if !strings.Contains(html, want) {
			t.Errorf("audit log page lacks %q", want)
		}
	}
	for _, c := range []struct {
		query string
		want  []string
		not   []string
	}{
		{"caller=" + url.QueryEscape(analyst), []string{formula}, []string{"Oleg Deripaska"}},
		{"kind=batch", []string{"No records match these filters"}, []string{"Oleg Deripaska", formula}},
		{"since=2999-01-01", []string{"No records match these filters"}, []string{"Oleg Deripaska"}},
		{"until=2000-01-01&kind=screen", []string{"No records match these filters"}, []string{"Oleg Deripaska"}},
		{"after=" + itoa(int(ids[0])), []string{formula}, []string{"Oleg Deripaska"}},
	} {
		if st := ts.page(t, embargo.RoleAdmin, "/audit?"+c.query, &html); st != 200 {
			t.Fatalf("audit log ?%s: %d", c.query, st)
		}
		for _, w := range c.want {
			if !strings.Contains(html, w) {
				t.Errorf("audit log ?%s lacks %q", c.query, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(html, w) {
				t.Errorf("audit log ?%s shows %q", c.query, w)
			}
		}
	}
	if st := ts.page(t, embargo.RoleAdmin, "/audit?since=yesterday", &html); st != 400 || !strings.Contains(html, "since") {
		t.Errorf("audit log ?since=yesterday: %d, want 400 naming since", st)
	}

	// The exports hold what the filters select, all of it.
	resp, out := ts.raw(t, embargo.RoleAdmin, "GET", "/audit?format=csv&caller="+url.QueryEscape(analyst), "", "")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || resp.StatusCode != 200 || len(rows) != 2 {
		t.Fatalf("CSV export: %d %v %q", resp.StatusCode, err, out)
	}
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") || rows[1][4] != analyst || rows[1][9] != "'"+formula {
		t.Fatalf("CSV export: %s, row %v; want the analyst's screening with its name kept from running as a formula", resp.Header.Get("Content-Disposition"), rows[1])
	}
	resp, out = ts.raw(t, embargo.RoleAdmin, "GET", "/audit?format=jsonl&kind=screen", "", "")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var first embargo.AuditRecord
	if resp.StatusCode != 200 || len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &first) != nil || first.ID != ids[0] || first.Hash != log.Records[0].Hash {
		t.Fatalf("JSON lines export: %d %q", resp.StatusCode, out)
	}
	if resp, _ := ts.raw(t, embargo.RoleAnalyst, "GET", "/audit?format=csv", "", ""); resp.StatusCode != 403 {
		t.Fatalf("CSV export as analyst: %d, want 403", resp.StatusCode)
	}
}
