package http_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// readCSV parses a CSV answer into rows keyed by header.
func readCSV(tb testing.TB, r *Response) []map[string]string {
	tb.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		tb.Fatalf("Content-Type %q, want text/csv: %s", ct, truncate(r.Body, 300))
	}
	return testutil.CSVRows(tb, string(r.Body))
}

func TestExport_Diff(t *testing.T) {
	ts := MustOpenServer(t)
	r := ts.Get(t, "/api/v1/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25&format=csv")
	MustStatus(t, r, 200)
	rows := readCSV(t, r)
	counts := map[string]int{}
	var rusal map[string]string
	for _, row := range rows {
		counts[row["change"]]++
		if row["entity_id"] == "ofac-sdn:24228" {
			rusal = row
		}
	}
	// As TestDiff: 1712 added, 201 removed.
	if counts["added"] != 1712 || counts["removed"] != 201 || counts["changed"] == 0 {
		t.Fatalf("CSV rows by change: %v", counts)
	}
	if rusal == nil || rusal["change"] != "removed" || !strings.Contains(rusal["programs"], "UKRAINE-EO13661") || !strings.Contains(rusal["countries"], "RU") {
		t.Fatalf("Rusal row %v: want removed, with its program and country", rusal)
	}

	// Filters: the Accept header, a program part and a country.
	r = ts.Get(t, "/api/v1/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25&program=ukraine&country=Russia&change=removed", "Accept", "text/csv")
	MustStatus(t, r, 200)
	filtered := readCSV(t, r)
	if len(filtered) == 0 || len(filtered) >= counts["removed"] {
		t.Fatalf("%d filtered rows of %d removed", len(filtered), counts["removed"])
	}
	for _, row := range filtered {
		if row["change"] != "removed" || !strings.Contains(strings.ToUpper(row["programs"]), "UKRAINE") || !strings.Contains(row["countries"], "RU") {
			t.Fatalf("row %v does not match the filter", row)
		}
	}
	// The same filter in JSON keeps the diff's shape.
	r = ts.Get(t, "/api/v1/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25&program=ukraine&country=Russia&change=removed")
	MustStatus(t, r, 200)
	var d embargo.Diff
	r.JSON(t, &d)
	if len(d.Removed) != len(filtered) || len(d.Added) != 0 || len(d.Changed) != 0 {
		t.Fatalf("JSON filtered: %d removed, %d added, %d changed; CSV %d", len(d.Removed), len(d.Added), len(d.Changed), len(filtered))
	}
	MustStatus(t, ts.Get(t, "/api/v1/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25&change=moved"), 400)
}

func TestExport_Screen(t *testing.T) {
	ts := MustOpenServer(t)
	r := ts.Get(t, "/api/v1/screen?name="+url.QueryEscape("Oleg Deripaska")+"&format=csv")
	MustStatus(t, r, 200)
	rows := readCSV(t, r)
	if len(rows) == 0 || !strings.Contains(rows[0]["name"], "DERIPASKA") || rows[0]["snapshots"] != "ofac-sdn@2021-04-25" {
		t.Fatalf("rows %v", rows)
	}
	key := ts.MustCreateKey(t, embargo.RoleAnalyst)
	queries := []map[string]string{{"id": "=1+1", "name": "Oleg Deripaska"}, {"id": "b", "name": "Zzyzx Qwvbnm Plokij"}}
	r = ts.PostJSON(t, "/api/v1/screen?limit=2", queries, append(key, "Accept", "text/csv")...)
	MustStatus(t, r, 200)
	rows = readCSV(t, r)
	last := rows[len(rows)-1]
	if len(rows) < 2 || rows[0]["id"] != "'=1+1" || rows[0]["entity_id"] == "" || last["id"] != "b" || last["entity_id"] != "" {
		t.Fatalf("batch rows %v: want the first query's matches (its id neutralised) and an empty row for the second", rows)
	}
}

func TestExport_Scan(t *testing.T) {
	ts := MustOpenServer(t)
	r := ts.Do(t, "POST", "/api/v1/scan?format=csv", strings.NewReader("Payment to Oleg Deripaska via Basic Element Limited."))
	MustStatus(t, r, 200)
	rows := readCSV(t, r)
	if len(rows) == 0 || rows[0]["entity_id"] == "" || rows[0]["found_by"] == "" {
		t.Fatalf("scan rows %v", rows)
	}
}
