package embargo_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/match"
	"github.com/embargo-dev/embargo/source/ofac"
)

// TestAppendJSON checks the hand-written encoders against encoding/json:
// every development query's result against the real 2021 SDN list, with
// explanations (results) and without (audit records), and values made to
// test escaping and number formats.
func TestAppendJSON(t *testing.T) {
	paths, err := filepath.Glob("source/ofac/testdata/sdn-2021-04-25/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	l, err := ofac.ParseCSVSet(paths, embargo.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix := match.NewIndex()
	for i := range l.Entities {
		ix.Add(&embargo.EntityVersion{Entity: l.Entities[i], FromSeq: 1})
	}
	ix.Finish()
	rows, err := evaluation.ReadCSVFile("evaluation/testdata/dev-queries.csv")
	if err != nil {
		t.Fatal(err)
	}
	var results []*embargo.ScreenResult
	for i, row := range rows {
		q := embargo.Query{ID: row.ID, Name: row.Name, Schema: embargo.ParseSchema(row.Type)}
		if i%3 == 0 {
			q.BirthDate, q.Country = "1968-01-02", "RU"
			q.Identifiers = []embargo.Identifier{{Type: "passport", Value: "P123456", Country: "RU", Note: "a <note> & more"}}
		}
		ms, err := ix.Search(q, match.SearchOptions{Threshold: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		id := q.ID
		results = append(results, &embargo.ScreenResult{ID: &id, Query: q, Snapshots: map[string]string{"ofac-sdn": "ofac-sdn@2021-04-25", "un-sc": "un-sc@2021-04-20"}, Matches: ms})
	}
	odd := []string{"", `quote " and \ backslash`, "tab\tnewline\ncontrol\x01", "<b>Tom & Jerry</b>", "line\u2028sep\u2029", "bad \xff utf-8", "Олег Дерипаска", "🚢 MV Ever Given", "Ш<&>"}
	for i, s := range odd {
		results = append(results, &embargo.ScreenResult{Query: embargo.Query{Name: s, Country: s}, Error: s, Matches: []embargo.Match{{
			EntityID: s, Name: s, MatchedName: s, Score: []float64{1, 0.75, 1e-7, 0.1234567890123, 1e21, 0}[i%6],
			Explanation: &embargo.Explanation{NameScore: 1e-9, Summary: s, Tokens: []embargo.TokenMatch{{Query: s, Listed: s, Rule: s, Score: 0.5, Weight: 12.25}},
				Features: []embargo.Feature{{Name: s, Result: s, Effect: -0.05, Detail: s}}},
		}}})
	}
	results = append(results, &embargo.ScreenResult{Query: embargo.Query{Name: "x"}}) // nil maps and slices

	matched := 0
	for _, r := range results {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		got, err := r.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		if w := bytes.TrimSuffix(want.Bytes(), []byte("\n")); !bytes.Equal(got, w) {
			t.Fatalf("result of %q:\n got %s\nwant %s", r.Query.Name, got, w)
		}
		matched += len(r.Matches)

		rec := &embargo.AuditRecord{ID: 7, Time: time.Date(2026, 11, 22, 23, 1, 2, 3000, time.FixedZone("x", 3600)), Caller: "cli:<me>", Kind: embargo.AuditBatch,
			BatchID: r.Query.Name, Row: 3, Query: r.Query, Snapshots: r.Snapshots, Index: r.Snapshots, Threshold: 0.75, Limit: 10,
			Matches: embargo.WithoutExplanations(r.Matches), Error: r.Error, PrevHash: "abc", Hash: "def"}
		if len(r.Matches)%2 == 1 {
			rec.Customer = &embargo.CustomerRef{List: "l", ID: "c&1", Name: r.Query.Name}
			rec.RerunOf, rec.Sources, rec.AsOf, rec.Index = 4, []string{"ofac-sdn"}, "2021-04-25", nil
		}
		c := *rec
		c.ID, c.PrevHash, c.Hash, c.Time = 0, "", "", c.Time.UTC()
		wantContent, err := json.Marshal(&c)
		if err != nil {
			t.Fatal(err)
		}
		gotContent, err := embargo.AuditContent(rec)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gotContent, wantContent) {
			t.Fatalf("audit content of %q:\n got %s\nwant %s", r.Query.Name, gotContent, wantContent)
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d matches encoded", matched)
	}
}

// TestSeal checks that a record's content is computed once: sealed again,
// even after a change it should not have had, it keeps the content it was
// sealed with, with its time in UTC.
func TestSeal(t *testing.T) {
	r := &embargo.AuditRecord{Caller: "api", Kind: embargo.AuditScreen, Query: embargo.Query{Name: "Oleg Deripaska"},
		Time: time.Date(2026, 11, 23, 4, 0, 0, 0, time.FixedZone("MSK", 3*3600))}
	if err := r.Seal(); err != nil {
		t.Fatal(err)
	}
	first, _ := embargo.AuditContent(r)
	if !strings.Contains(string(first), `"time":"2026-11-23T01:00:00Z"`) {
		t.Fatalf("sealed content without the UTC time: %s", first)
	}
	r.Query.Name = "changed"
	if err := r.Seal(); err != nil {
		t.Fatal(err)
	}
	if again, _ := embargo.AuditContent(r); string(again) != string(first) {
		t.Fatalf("sealed twice, the content changed:\n%s\n%s", first, again)
	}
}
