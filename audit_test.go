package embargo_test

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
)

// goldenAuditRecord sets every field of a record, with strings that need
// escaping and scores in every number format.
func goldenAuditRecord() *embargo.AuditRecord {
	s := `Tom & "Jerry" <b>` + "\t\u2028Олег \xff"
	listed := "2018-04-06"
	return &embargo.AuditRecord{
		ID: 7, Time: time.Date(2026, 11, 22, 23, 1, 2, 3000, time.FixedZone("x", 3600)), Caller: "cli:<me>", Kind: embargo.AuditBatch,
		BatchID: "b-1", Row: 3, Customer: &embargo.CustomerRef{List: "l", ID: "c&1", Name: s}, RerunOf: 4,
		Query: embargo.Query{ID: "q1", Name: s, Schema: embargo.SchemaPerson, BirthDate: "1968-01-02", Country: "RU",
			Identifiers: []embargo.Identifier{{Type: "passport", Value: "P123456", Country: "RU", Note: "a <note>"}}},
		Sources: []string{"ofac-sdn", "un-sc"}, AsOf: "2021-04-25",
		Snapshots: map[string]string{"un-sc": "un-sc@2021-04-20", "ofac-sdn": "ofac-sdn@2021-04-25"},
		Index:     map[string]string{"ofac-sdn": "ofac-sdn@2021-04-25"}, Threshold: 0.75, Limit: 10,
		Matches: []embargo.Match{
			{EntityID: "ofac-sdn:1", Source: "ofac-sdn", SourceID: "1", Schema: embargo.SchemaPerson, Name: s, MatchedName: s, Score: 1e-7, Programs: []string{"UKRAINE-EO13660"}},
			{EntityID: "ofac-sdn:2", Score: 0.1234567890123, Dates: embargo.Dates{ListedOn: &listed, ListedOnPublished: true, FirstSeen: "2019-01-04", LastSeen: "2021-04-25"},
				Between: &embargo.Interval{From: embargo.SnapshotRef{SnapshotID: "ofac-sdn@2019-01-04", AsOf: "2019-01-04"}, To: embargo.SnapshotRef{SnapshotID: "ofac-sdn@2021-04-25", AsOf: "2021-04-25"}}},
			{EntityID: "ofac-sdn:3", Score: 1e21},
		},
		NotCovered: []embargo.NotCovered{{Source: "eu-fsf", Reason: "no snapshot"}},
		Error:      s, PrevHash: "abc", Hash: "def",
	}
}

// TestAuditContent_Golden holds the canonical content of a record to the
// bytes embargo has always stored and hashed (written by the encoder of
// the versions before encoding/json took over): records already in audit
// logs keep verifying, `embargo audit verify --record` included.
func TestAuditContent_Golden(t *testing.T) {
	got, err := embargo.AuditContent(goldenAuditRecord())
	if err != nil {
		t.Fatal(err)
	}
	const path = "testdata/audit/content.json"
	if os.Getenv("EMBARGO_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want = bytes.TrimSuffix(want, []byte("\n")); !bytes.Equal(got, want) {
		t.Fatalf("AuditContent:\n got %s\nwant %s", got, want)
	}
}

// TestAuditContent_EveryField checks that the hash covers every field of
// a record but ID, PrevHash and Hash, which the chain sets: changing any
// other field changes the content.
func TestAuditContent_EveryField(t *testing.T) {
	base, err := embargo.AuditContent(goldenAuditRecord())
	if err != nil {
		t.Fatal(err)
	}
	typ := reflect.TypeFor[embargo.AuditRecord]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		r := goldenAuditRecord()
		reflect.ValueOf(r).Elem().Field(i).SetZero()
		c, err := embargo.AuditContent(r)
		if err != nil {
			t.Fatal(err)
		}
		switch changed := !bytes.Equal(c, base); {
		case (f.Name == "ID" || f.Name == "PrevHash" || f.Name == "Hash") && changed:
			t.Errorf("AuditRecord.%s changes the content it is hashed with", f.Name)
		case f.Name != "ID" && f.Name != "PrevHash" && f.Name != "Hash" && !changed:
			t.Errorf("AuditRecord.%s is not covered by the content hash", f.Name)
		}
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
