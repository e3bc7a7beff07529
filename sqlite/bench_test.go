package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/source/ofac"
)

func parseSDN(tb testing.TB, dir string) *embargo.ParsedList {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("../source/ofac/testdata", dir, "*.csv"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no SDN files in %s: %v", dir, err)
	}
	l, err := ofac.ParseCSVSet(paths, embargo.ParseOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// BenchmarkImportSDN measures parsing and storing one full SDN snapshot
// (2021-04-25, 8,890 entries) into a new database.
func BenchmarkImportSDN(b *testing.B) {
	ctx := context.Background()
	asOf := time.Date(2021, 4, 25, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		b.StopTimer()
		db := testutil.MustSQLite(b)
		b.StartTimer()
		l := parseSDN(b, "sdn-2021-04-25")
		if _, err := db.ImportList(ctx, l, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportDaily measures storing one daily SDN file (no aliases or
// addresses: carried over from the previous version) after the full
// 2021-04-25 set and the daily file before it, one import per call as a
// cron job makes them.
func BenchmarkImportDaily(b *testing.B) {
	ctx := context.Background()
	day := func(dir string) *embargo.ParsedList {
		return parseSDN(b, filepath.Join("daily", dir))
	}
	for b.Loop() {
		b.StopTimer()
		db := testutil.MustSQLite(b)
		if _, err := db.ImportList(ctx, parseSDN(b, "sdn-2021-04-25"), time.Date(2021, 4, 25, 0, 0, 0, 0, time.UTC)); err != nil {
			b.Fatal(err)
		}
		if _, err := db.ImportList(ctx, day("2022-03-21T184922Z"), time.Date(2022, 3, 21, 18, 49, 22, 0, time.UTC)); err != nil {
			b.Fatal(err)
		}
		l := day("2022-03-24T184905Z")
		b.StartTimer()
		if _, err := db.ImportList(ctx, l, time.Date(2022, 3, 24, 18, 49, 5, 0, time.UTC)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiff measures the diff of the 2019-01-04 and 2021-04-25 SDN
// snapshots (1,712 added, 201 removed, ~800 changed with field details).
func BenchmarkDiff(b *testing.B) {
	ctx := context.Background()
	db := testutil.MustSQLite(b)
	a, err := db.ImportList(ctx, parseSDN(b, "sdn-2019-01-04"), time.Date(2019, 1, 4, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	c, err := db.ImportList(ctx, parseSDN(b, "sdn-2021-04-25"), time.Date(2021, 4, 25, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d, err := db.Diff(ctx, a.Snapshot, c.Snapshot)
		if err != nil {
			b.Fatal(err)
		}
		if len(d.Added) != 1712 {
			b.Fatalf("%d added", len(d.Added))
		}
	}
}

// BenchmarkAuditRecord appends audit records, each with a query and one
// match: 1,000 per transaction, as a batch screening does, and one per
// transaction, as a lone screening on the server does.
func BenchmarkAuditRecord(b *testing.B) {
	b.Run("batch", func(b *testing.B) { benchAuditRecord(b, 1000) })
	b.Run("one", func(b *testing.B) { benchAuditRecord(b, 1) })
}

func benchAuditRecord(b *testing.B, per int) {
	ctx := context.Background()
	db := testutil.MustSQLite(b)
	recs := make([]*embargo.AuditRecord, per)
	n := 0
	for b.Loop() {
		for i := range recs {
			n++
			recs[i] = &embargo.AuditRecord{
				Time: time.Now(), Caller: "cli", Kind: embargo.AuditBatch, BatchID: "f3a4b6f210a515f1", Row: n,
				Query:     embargo.Query{ID: "r5", Name: "DERIPASKA, Oleg Vladimirovich", Schema: embargo.SchemaPerson},
				Snapshots: map[string]string{"ofac-sdn": "ofac-sdn@2021-04-25"}, Index: map[string]string{"ofac-sdn": "ofac-sdn@2021-04-25"},
				Threshold: 0.75, Limit: 10,
				Matches: []embargo.Match{{EntityID: "ofac-sdn:24283", Source: "ofac-sdn", SourceID: "24283", Schema: embargo.SchemaPerson,
					Name: "DERIPASKA, Oleg Vladimirovich", MatchedName: "DERIPASKA, Oleg Vladimirovich", Score: 1, Programs: []string{"UKRAINE-EO13661", "UKRAINE-EO13662"}}},
			}
		}
		if err := db.Record(ctx, recs...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(n), "µs/record")
}
