package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
	"github.com/embargo-dev/embargo/internal/tabletest"
)

func TestCell(t *testing.T) {
	tabletest.Run(t, "Cell", export.Cell, []tabletest.Case[string, string]{
		{"formula", "=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"plus", "+1+2", "'+1+2"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"after spaces", "  =1+1", "'  =1+1"},
		{"plain name", "DERIPASKA, Oleg", "DERIPASKA, Oleg"},
		{"inner equals", "a=b", "a=b"},
		{"date", "2021-04-25", "2021-04-25"},
		{"score", "0.9500", "0.9500"},
		{"empty", "", ""},
		{"spaces only", "   ", "   "},
	})
}

// TestScreenResults_ReadBack writes results whose names try formula
// injection and reads the CSV back with encoding/csv.
func TestScreenResults_ReadBack(t *testing.T) {
	id, audit := "=cmd|' /C calc'!A0", "20261206T022512.123456789Z-3fa9c1d24b5e"
	results := []*embargo.ScreenResult{
		{ID: &id, AuditID: &audit, Query: embargo.Query{Name: "@evil, \"quoted\"\nline"},
			Snapshots: map[string]string{"ofac-sdn": "ofac-sdn@2021-04-25", "un-sc": "un-sc@2021-04-20"},
			Matches: []embargo.Match{
				{EntityID: "ofac-sdn:1", Source: "ofac-sdn", SourceID: "1", Schema: embargo.SchemaPerson, Name: "-A", MatchedName: "A", Score: 0.91, Programs: []string{"UKRAINE-EO13661", "CYBER2"}},
				{EntityID: "ofac-sdn:2", Source: "ofac-sdn", SourceID: "2", Name: "B", MatchedName: "B", Score: 0.8},
			}},
		{Query: embargo.Query{Name: "nobody"}, Snapshots: map[string]string{}},
	}
	var buf bytes.Buffer
	if err := export.ScreenResults(export.NewWriter(&buf), results...); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want a header, two matches and one empty result", len(rows))
	}
	if strings.Join(rows[0], ",") != strings.Join(export.ScreenHeader, ",") {
		t.Fatalf("header %v", rows[0])
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	r := rows[1]
	for _, c := range []struct{ col, want string }{
		{"id", "'" + id}, {"query_name", "'@evil, \"quoted\"\nline"}, {"audit_id", audit}, {"rank", "1"},
		{"name", "'-A"}, {"score", "0.9100"}, {"programs", "UKRAINE-EO13661; CYBER2"},
		{"snapshots", "ofac-sdn@2021-04-25; un-sc@2021-04-20"},
	} {
		if got := r[col[c.col]]; got != c.want {
			t.Errorf("%s = %q, want %q", c.col, got, c.want)
		}
	}
	if got := rows[3][col["query_name"]]; got != "nobody" || rows[3][col["entity_id"]] != "" {
		t.Errorf("no-match row %v", rows[3])
	}
}

func TestRowFilter(t *testing.T) {
	rows := []export.DiffRow{
		{Change: "added", EntityID: "a", Programs: []string{"RUSSIA-EO14024"}, Countries: []string{"RU"}},
		{Change: "added", EntityID: "b", Programs: []string{"SDGT"}, Countries: []string{"LB"}},
		{Change: "removed", EntityID: "c", Programs: []string{"UKRAINE-EO13661", "RUSSIA-EO14024"}, Countries: []string{"CY", "RU"}},
	}
	for _, c := range []struct {
		name string
		f    export.RowFilter
		want string
	}{
		{"none", export.RowFilter{}, "abc"},
		{"program part, any case", export.RowFilter{Program: "russia"}, "ac"},
		{"country name", export.RowFilter{Country: "Russia"}, "ac"},
		{"country code", export.RowFilter{Country: "lb"}, "b"},
		{"change", export.RowFilter{Change: "removed", Program: "russia"}, "c"},
		{"nothing", export.RowFilter{Program: "IRAN"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got string
			for _, r := range c.f.Filter(rows) {
				got += r.EntityID
			}
			if got != c.want {
				t.Fatalf("Filter = %q, want %q", got, c.want)
			}
		})
	}
}
