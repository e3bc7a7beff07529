package auditlog_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/auditlog"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/sqlite"
)

// mustDB opens a new SQLite database, closed when the test ends.
func mustDB(tb testing.TB) *sqlite.DB { return testutil.MustSQLite(tb) }

// auditNames returns the query names in the audit log, in id order, and
// checks its hash chain.
func auditNames(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	ctx := context.Background()
	var names []string
	if err := db.FindAuditRecords(ctx, embargo.AuditFilter{}, func(r *embargo.AuditRecord) error {
		names = append(names, r.Query.Name)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.VerifyAudit(ctx); err != nil {
		t.Fatal(err)
	}
	return names
}

// newJournal opens a journal in a new directory over a new audit log.
func newJournal(t *testing.T) (*sqlite.DB, string, *auditlog.Journal) {
	t.Helper()
	db := mustDB(t)
	dir := filepath.Join(t.TempDir(), "journal")
	j, err := auditlog.OpenJournal(context.Background(), dir, db)
	if err != nil {
		t.Fatal(err)
	}
	return db, dir, j
}

func screening(name string) *embargo.AuditRecord {
	return &embargo.AuditRecord{Kind: embargo.AuditScreen, Caller: "api", Query: embargo.Query{Name: name},
		Snapshots: map[string]string{"ofac-sdn": "ofac-sdn@2021-04-25"}, Threshold: 0.75, Limit: 10,
		Matches: []embargo.Match{{EntityID: "ofac-sdn:1", Score: 0.9251}}}
}

func record(t *testing.T, a embargo.Auditor, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := a.Record(context.Background(), screening(n)); err != nil {
			t.Fatalf("record %s: %v", n, err)
		}
	}
}

func segments(t *testing.T, dir string) []string {
	t.Helper()
	p, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestJournal(t *testing.T) {
	ctx := context.Background()
	db, dir, j := newJournal(t)
	// One journal, one writer: a second server on it would number records
	// twice.
	if _, err := auditlog.OpenJournal(ctx, dir, db); embargo.ErrorCode(err) != embargo.ECONFLICT || !strings.Contains(err.Error(), "in use by another process") {
		t.Fatalf("second OpenJournal on one directory: err = %v, want ECONFLICT", err)
	}
	record(t, j, "a", "b", "c")
	if got := auditNames(t, db); len(got) != 0 {
		t.Fatalf("audit log before the move: %v", got)
	}
	if j.Pending() != 3 {
		t.Fatalf("pending %d, want 3", j.Pending())
	}
	if n, err := j.Flush(ctx); err != nil || n != 3 {
		t.Fatalf("Flush = %d, %v; want 3", n, err)
	}
	record(t, j, "d")
	if err := j.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(auditNames(t, db), ","); got != "a,b,c,d" {
		t.Fatalf("audit log %s, want a,b,c,d", got)
	}
	if s := segments(t, dir); len(s) != 0 {
		t.Fatalf("segments left after everything moved: %v", s)
	}
	if pos, err := db.JournalPosition(ctx, j.Name()); err != nil || pos != 4 {
		t.Fatalf("position %d, %v; want 4", pos, err)
	}
	// Reopened, it goes on from its position, under the same name.
	j2, err := auditlog.OpenJournal(ctx, dir, db)
	if err != nil {
		t.Fatal(err)
	}
	if j2.Name() != j.Name() || j2.Replayed() != 0 {
		t.Fatalf("reopened: name %s (was %s), %d replayed", j2.Name(), j.Name(), j2.Replayed())
	}
	record(t, j2, "e")
	if err := j2.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if pos, _ := db.JournalPosition(ctx, j.Name()); pos != 5 {
		t.Fatalf("position %d, want 5", pos)
	}
}

// copyDir copies a journal's files, as a crash would leave them.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestJournal_Crash(t *testing.T) {
	ctx := context.Background()
	db, dir, j := newJournal(t)
	record(t, j, "a", "b")
	if _, err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	record(t, j, "c", "d")
	// The process dies here: c and d were answered, not moved. Its files
	// are as they are now; a last line was being written.
	j.Crash()
	crashed := filepath.Join(t.TempDir(), "crashed")
	copyDir(t, dir, crashed)
	segs := segments(t, crashed)
	last := segs[len(segs)-1]
	f, err := os.OpenFile(last, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`5 {"id":0,"time":"2026-11-23T01:00:00Z","caller":"api","kind":"scr`)
	f.Close()

	j2, err := auditlog.OpenJournal(ctx, crashed, db)
	if err != nil {
		t.Fatal(err)
	}
	if j2.Replayed() != 2 {
		t.Fatalf("replayed %d, want 2 (c, d)", j2.Replayed())
	}
	record(t, j2, "e")
	if err := j2.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(auditNames(t, db), ","); got != "a,b,c,d,e" {
		t.Fatalf("audit log %s, want a,b,c,d,e", got)
	}

	// A crash after a move but before its segment was deleted: the audit
	// log's position says the records are in, and nothing is recorded
	// twice.
	j3, err := auditlog.OpenJournal(ctx, dir, db) // the first journal's files, a..d written, a and b moved
	if err != nil {
		t.Fatal(err)
	}
	if j3.Replayed() != 0 {
		t.Fatalf("replayed %d records the audit log has", j3.Replayed())
	}
	if s := segments(t, dir); len(s) != 1 {
		t.Fatalf("segments %v: want only the new one, the moved ones deleted", s)
	}
	j3.Close(ctx)
	if got := strings.Join(auditNames(t, db), ","); got != "a,b,c,d,e" {
		t.Fatalf("audit log %s, want a,b,c,d,e", got)
	}
}

func TestJournal_BadLine(t *testing.T) {
	ctx := context.Background()
	db := mustDB(t)
	dir := filepath.Join(t.TempDir(), "journal")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "name"), []byte("journal-test\n"), 0o600)
	rec := screening("a")
	if err := rec.Seal(); err != nil {
		t.Fatal(err)
	}
	c, _ := embargo.AuditContent(rec)
	good := "1 " + string(c) + "\n"
	for _, tc := range []struct{ name, content, want string }{
		{"no number", "x " + string(c) + "\n", `line 2: bad sequence number "x"`},
		{"not JSON", "2 {\"id\":\n", "line 2: record 2:"},
		{"not canonical", "2 " + strings.Replace(string(c), `"caller":"api",`, ``, 1) + "\n", "line 2: record 2 is not in canonical form"},
		{"out of order", "1 " + string(c) + "\n", "line 2: sequence number 1 after 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, "0000000000000001.jsonl")
			if err := os.WriteFile(p, []byte(good+tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := auditlog.OpenJournal(ctx, dir, db)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
				t.Fatalf("err = %v; want the file and %q", err, tc.want)
			}
		})
	}
	if got := auditNames(t, db); len(got) != 0 {
		t.Fatalf("a journal that cannot be read moved %v", got)
	}

	// A file where the directory should be (an old-style spool, say) is
	// named, not written into.
	file := filepath.Join(t.TempDir(), "audit-spool.jsonl")
	os.WriteFile(file, []byte("{}\n"), 0o600)
	if _, err := auditlog.OpenJournal(ctx, file, db); err == nil || !strings.Contains(err.Error(), file+": not a directory") {
		t.Fatalf("journal on a file: err = %v", err)
	}
}

// downStore is an audit log that can be unavailable.
type downStore struct {
	embargo.AuditJournalStore
	mu   sync.Mutex
	down bool
}

func (s *downStore) setDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

func (s *downStore) Record(ctx context.Context, recs ...*embargo.AuditRecord) error {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down {
		return embargo.Errorf(embargo.EUNAVAILABLE, "database unavailable")
	}
	return s.AuditJournalStore.Record(ctx, recs...)
}

func (s *downStore) RecordJournaled(ctx context.Context, journal string, seq int64, recs ...*embargo.AuditRecord) error {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down {
		return embargo.Errorf(embargo.EUNAVAILABLE, "database unavailable")
	}
	return s.AuditJournalStore.RecordJournaled(ctx, journal, seq, recs...)
}

func TestJournal_Unavailable(t *testing.T) {
	ctx := context.Background()
	db := mustDB(t)
	s := &downStore{AuditJournalStore: db, down: true}
	j, err := auditlog.OpenJournal(ctx, filepath.Join(t.TempDir(), "journal"), s)
	if err != nil {
		t.Fatal(err)
	}
	j.MaxPending = 3
	record(t, j, "a", "b", "c") // screening goes on while the database is away
	if _, err := j.Flush(ctx); embargo.ErrorCode(err) != embargo.EUNAVAILABLE {
		t.Fatalf("Flush err = %v, want EUNAVAILABLE", err)
	}
	if err := j.Record(ctx, screening("d")); embargo.ErrorCode(err) != embargo.EUNAVAILABLE {
		t.Fatalf("a fourth record past MaxPending 3: err = %v, want EUNAVAILABLE", err)
	}
	s.setDown(false)
	var errs []error
	recovered := make(chan int, 1)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		j.Run(runCtx, 10*time.Millisecond, func(err error) { errs = append(errs, err) }, func(n int) { recovered <- n })
		close(done)
	}()
	deadline := time.After(10 * time.Second)
	for j.Pending() > 0 {
		select {
		case <-deadline:
			t.Fatal("records not moved once the database was back")
		case <-time.After(5 * time.Millisecond):
		}
	}
	cancel()
	<-done
	if got := strings.Join(auditNames(t, db), ","); got != "a,b,c" {
		t.Fatalf("audit log %s, want a,b,c", got)
	}
	if err := j.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := j.Record(ctx, screening("e")); embargo.ErrorCode(err) != embargo.EUNAVAILABLE {
		t.Fatalf("Record after Close: err = %v", err)
	}
}

// TestJournal_Concurrent has many callers record through a GroupAuditor
// while the journal moves records, segments rotating: every record is in
// the audit log once, in a valid chain.
func TestJournal_Concurrent(t *testing.T) {
	ctx := context.Background()
	db, dir, j := newJournal(t)
	j.SegmentBytes, j.MoveBatch = 4<<10, 50
	g := &auditlog.GroupAuditor{Auditor: j}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		j.Run(runCtx, time.Millisecond, func(err error) { t.Error(err) }, nil)
		close(done)
	}()
	testutil.Concurrently(t, 8, 100, func(c, i int) error {
		return g.Record(ctx, screening(fmt.Sprintf("c%d-%d", c, i)))
	})
	cancel()
	<-done
	if err := j.Close(ctx); err != nil {
		t.Fatal(err)
	}
	names := auditNames(t, db)
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Fatalf("%s recorded twice", n)
		}
		seen[n] = true
	}
	if len(names) != 800 {
		t.Fatalf("%d records, want 800", len(names))
	}
	if s := segments(t, dir); len(s) != 0 {
		t.Fatalf("segments left: %v", s)
	}
}

func BenchmarkJournalRecord(b *testing.B) {
	ctx := context.Background()
	db := mustDB(b)
	j, err := auditlog.OpenJournal(ctx, filepath.Join(b.TempDir(), "journal"), db)
	if err != nil {
		b.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	go j.Run(runCtx, 200*time.Millisecond, nil, nil)
	b.ResetTimer()
	for i := range b.N {
		r := screening(fmt.Sprint("name ", i))
		r.Seal()
		if err := j.Record(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	cancel()
	if err := j.Close(ctx); err != nil {
		b.Fatal(err)
	}
}

// FuzzParseJournalLine checks that no line makes the journal's reader
// panic, and that a line it accepts holds a record whose content is the
// line's: what is moved is what was written.
func FuzzParseJournalLine(f *testing.F) {
	rec := screening("Oleg Deripaska")
	if err := rec.Seal(); err != nil {
		f.Fatal(err)
	}
	c, _ := embargo.AuditContent(rec)
	f.Add([]byte("1 " + string(c)))
	f.Add([]byte("x " + string(c)))
	f.Add([]byte("2 {\"id\":"))
	f.Add([]byte("3 {}"))
	f.Add([]byte("-1 " + string(c)))
	f.Fuzz(func(t *testing.T, line []byte) {
		seq, got, err := auditlog.ParseJournalLine(line)
		if err != nil {
			return
		}
		if seq <= 0 {
			t.Fatalf("accepted sequence number %d", seq)
		}
		content, err := embargo.AuditContent(got)
		if err != nil {
			t.Fatal(err)
		}
		if _, rest, _ := bytes.Cut(line, []byte{' '}); !bytes.Equal(content, rest) {
			t.Fatalf("accepted %q, whose record encodes as %q", rest, content)
		}
	})
}
