package testutil

import (
	"encoding/csv"
	"strings"
	"testing"
)

// CSVRows parses a CSV table into rows keyed by the header's column names,
// failing the test if it cannot be read or has no header.
func CSVRows(tb testing.TB, body string) []map[string]string {
	tb.Helper()
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) == 0 {
		tb.Fatalf("read CSV: %v\n%s", err, body)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}
