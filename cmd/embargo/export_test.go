package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// TestCSV: --csv on screen (single and batch), diff (with filters) and
// audit export; the audit id a screening prints is the one its record
// has, and `audit verify --record` checks it.
func TestCSV(t *testing.T) {
	p := NewProgram(t)
	p.MustRun(t, "import", "--as-of", "2019-01-04", testutil.SDN2019)
	p.MustRun(t, "import", "--as-of", "2021-04-25", testutil.SDN2021)

	var res embargo.ScreenResult
	p.MustRunJSON(t, &res, "screen", "--json", "Oleg Deripaska")
	if res.AuditID == nil {
		t.Fatal("screen --json: audit_id is null with the audit log on")
	}
	rows := testutil.CSVRows(t, p.MustRun(t, "screen", "--csv", "Oleg Deripaska"))
	if len(rows) == 0 || !strings.Contains(rows[0]["name"], "DERIPASKA") || rows[0]["audit_id"] == "" || rows[0]["audit_id"] == *res.AuditID {
		t.Fatalf("screen --csv rows %v: want DERIPASKA with the audit id of a new record", rows)
	}
	out := p.MustRun(t, "audit", "verify", "--record", *res.AuditID)
	if !strings.Contains(out, "hash chain intact") || !strings.Contains(out, "audit id "+*res.AuditID) || !strings.Contains(out, "in the verified chain") {
		t.Fatalf("audit verify --record: %s", out)
	}
	if code, _, errOut := p.Run("audit", "verify", "--record", "20200101T000000.000000000Z-000000000000"); code != 1 || !strings.Contains(errOut, "no audit record") {
		t.Fatalf("verify an unknown record: exit %d, %s", code, errOut)
	}

	in := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(in, []byte("id,name\nc1,Oleg Deripaska\nc2,@SUM(1+1)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows = testutil.CSVRows(t, p.MustRun(t, "screen", "--csv", "--in", in))
	if len(rows) < 2 || rows[0]["id"] != "c1" || rows[len(rows)-1]["query_name"] != "'@SUM(1+1)" || rows[len(rows)-1]["audit_id"] == "" {
		t.Fatalf("batch --csv rows %v", rows)
	}

	rows = testutil.CSVRows(t, p.MustRun(t, "diff", "--csv", "--program", "ukraine", "--change", "removed", "2019-01-04", "2021-04-25"))
	if len(rows) == 0 {
		t.Fatal("diff --csv --program ukraine: no rows")
	}
	for _, r := range rows {
		if r["change"] != "removed" || !strings.Contains(r["programs"], "UKRAINE") {
			t.Fatalf("row %v does not match the filter", r)
		}
	}
	rows = testutil.CSVRows(t, p.MustRun(t, "audit", "export", "--csv"))
	if len(rows) < 4 || rows[0]["audit_id"] != *res.AuditID || rows[0]["hash"] == "" {
		t.Fatalf("audit export --csv: %v", rows)
	}
}
