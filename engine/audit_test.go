package engine_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/source"
	"github.com/embargo-dev/embargo/sqlite"
)

// MustEngine opens a new database holding the 2021 SDN list and an engine
// over it that records to the database's audit log.
func MustEngine(tb testing.TB) (*engine.Engine, *sqlite.DB) {
	tb.Helper()
	ctx := context.Background()
	db := mustDB(tb)
	lists, err := source.Read("../source/ofac/testdata/sdn-2021-04-25", source.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.ImportList(ctx, lists[0], time.Date(2021, 4, 25, 0, 0, 0, 0, time.UTC)); err != nil {
		tb.Fatal(err)
	}
	eng := engine.New(db)
	eng.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	eng.Audit = db
	if err := eng.Load(ctx); err != nil {
		tb.Fatal(err)
	}
	return eng, db
}

func auditRecords(tb testing.TB, db *sqlite.DB, f embargo.AuditFilter) []*embargo.AuditRecord {
	tb.Helper()
	var out []*embargo.AuditRecord
	if err := db.FindAuditRecords(context.Background(), f, func(r *embargo.AuditRecord) error {
		out = append(out, r)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestScreen_Audit(t *testing.T) {
	eng, db := MustEngine(t)
	ctx := embargo.NewContextWithCaller(context.Background(), embargo.Caller{Name: "api:key 1 (ops)"})
	res, err := eng.Screen(ctx, embargo.Query{Name: "Andriy Derkach", Country: "UA"}, embargo.ScreenOptions{Threshold: -1, Sources: []string{"ofac-sdn"}})
	if err != nil {
		t.Fatal(err)
	}
	recs := auditRecords(t, db, embargo.AuditFilter{})
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	r := recs[0]
	if r.Kind != embargo.AuditScreen || r.Caller != "api:key 1 (ops)" || r.Query.Country != "UA" || r.Threshold != embargo.DefaultThreshold || r.Limit != embargo.DefaultLimit ||
		r.Snapshots["ofac-sdn"] != "ofac-sdn@2021-04-25" || r.Index["ofac-sdn"] != "ofac-sdn@2021-04-25" || fmt.Sprint(r.Sources) != "[ofac-sdn]" {
		t.Fatalf("record = %+v", r)
	}
	if got, want := testutil.MustJSON(t, r.Matches), testutil.MustJSON(t, embargo.WithoutExplanations(res.Matches)); got != want {
		t.Fatalf("recorded matches\n%s\nwant\n%s", got, want)
	}
	// An unusable query is not a screening: nothing is recorded.
	if _, err := eng.Screen(ctx, embargo.Query{Name: " "}, embargo.ScreenOptions{Threshold: -1}); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("empty name: err=%v", err)
	}
	if n := len(auditRecords(t, db, embargo.AuditFilter{})); n != 1 {
		t.Fatalf("%d records after a refused query, want 1", n)
	}
	// The rerun reproduces it, and is recorded too.
	again, err := eng.Rerun(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := testutil.MustJSON(t, again.Matches), testutil.MustJSON(t, res.Matches); got != want {
		t.Fatalf("rerun matches\n%s\nwant\n%s", got, want)
	}
	if rr := auditRecords(t, db, embargo.AuditFilter{Kind: embargo.AuditRerun}); len(rr) != 1 || rr[0].RerunOf != r.ID {
		t.Fatalf("rerun records = %+v", rr)
	}
	if _, err := eng.ScreenSnapshots(ctx, embargo.Query{Name: "x"}, map[string]string{"ofac-sdn": "ofac-sdn@1999-01-01"}, embargo.ScreenOptions{}); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("unknown snapshot: err=%v, want ENOTFOUND", err)
	}
}

func batchInput(n int) string {
	var b strings.Builder
	b.WriteString("id,name\n")
	for i := range n {
		name := fmt.Sprintf("Customer Number %d", i)
		if i%100 == 7 {
			name = "Andriy Derkach"
		}
		fmt.Fprintf(&b, "r%d,%s\n", i+1, name)
	}
	return b.String()
}

func TestScreenBatch_Audit(t *testing.T) {
	eng, db := MustEngine(t)
	const n = 2500
	var out bytes.Buffer
	done, err := eng.ScreenBatch(context.Background(), strings.NewReader(batchInput(n)), &out,
		engine.BatchOptions{ScreenOptions: embargo.ScreenOptions{Threshold: -1}, BatchID: "b1", Workers: 2})
	if err != nil || done != n {
		t.Fatalf("ScreenBatch = %d, %v", done, err)
	}
	recs := auditRecords(t, db, embargo.AuditFilter{BatchID: "b1"})
	if len(recs) != n {
		t.Fatalf("%d records, want %d", len(recs), n)
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	i := 0
	for sc.Scan() {
		var res embargo.ScreenResult
		if err := json.Unmarshal(sc.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		r := recs[i]
		if r.Row != i+1 || r.Kind != embargo.AuditBatch || *res.ID != r.Query.ID || testutil.MustJSON(t, embargo.WithoutExplanations(res.Matches)) != testutil.MustJSON(t, r.Matches) {
			t.Fatalf("row %d: record %+v, result %s", i+1, r, sc.Bytes())
		}
		i++
	}
	if i != n {
		t.Fatalf("%d output lines, want %d", i, n)
	}
	if _, err := db.VerifyAudit(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// failingAuditor records n records, then fails.
type failingAuditor struct {
	embargo.Auditor
	n int
}

func (a *failingAuditor) Record(ctx context.Context, recs ...*embargo.AuditRecord) error {
	if a.n < len(recs) {
		return errors.New("disk full")
	}
	a.n -= len(recs)
	return a.Auditor.Record(ctx, recs...)
}

// TestScreenBatch_AuditFails checks that rows whose records could not be
// written are not written out either.
func TestScreenBatch_AuditFails(t *testing.T) {
	eng, db := MustEngine(t)
	eng.Audit = &failingAuditor{Auditor: db, n: 2000}
	var out bytes.Buffer
	_, err := eng.ScreenBatch(context.Background(), strings.NewReader(batchInput(3500)), &out, engine.BatchOptions{ScreenOptions: embargo.ScreenOptions{Threshold: -1}})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the audit failure", err)
	}
	// Rows are recorded 1000 at a time before they are written: whatever
	// was written out is among the 2000 recorded.
	// (The last line may be cut where the output buffer was flushed.)
	data := out.Bytes()
	lines := bytes.Split(data[:bytes.LastIndexByte(data, '\n')+1], []byte("\n"))
	n := 0
	for _, line := range lines[:len(lines)-1] {
		var res embargo.ScreenResult
		if err := json.Unmarshal(line, &res); err != nil {
			t.Fatal(err)
		}
		n++
		if *res.ID != fmt.Sprint("r", n) || n > 2000 {
			t.Fatalf("row %d written out: %s", n, *res.ID)
		}
	}
	if n < 1000 {
		t.Fatalf("%d rows written out, want at least the first 1000 recorded", n)
	}
}
