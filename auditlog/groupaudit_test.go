package auditlog_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/auditlog"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// slowAuditor counts records and transactions, taking a while per write.
type slowAuditor struct {
	mu     sync.Mutex
	recs   int
	writes int
	err    error
}

func (a *slowAuditor) Record(ctx context.Context, recs ...*embargo.AuditRecord) error {
	time.Sleep(2 * time.Millisecond)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return a.err
	}
	a.recs += len(recs)
	a.writes++
	return nil
}

func TestGroupAuditor(t *testing.T) {
	a := &slowAuditor{}
	g := &auditlog.GroupAuditor{Auditor: a}
	testutil.Concurrently(t, 64, 1, func(int, int) error {
		return g.Record(context.Background(), &embargo.AuditRecord{}, &embargo.AuditRecord{})
	})
	if a.recs != 128 {
		t.Fatalf("%d records written, want 128", a.recs)
	}
	if a.writes >= 64 {
		t.Fatalf("%d transactions for 64 concurrent callers: not grouped", a.writes)
	}
	t.Logf("64 callers, %d transactions", a.writes)

	a.err = errors.New("disk full")
	if err := g.Record(context.Background(), &embargo.AuditRecord{}); err == nil {
		t.Fatal("a failed write was reported as recorded")
	}
}

// TestGroupAuditor_Fallback checks that records go to the fallback journal
// while the database is away, and after it while some wait there, so that
// the audit log keeps the order in which screenings were answered.
func TestGroupAuditor_Fallback(t *testing.T) {
	ctx := context.Background()
	db := mustDB(t)
	s := &downStore{AuditJournalStore: db}
	dir := filepath.Join(t.TempDir(), "spool")
	j, err := auditlog.OpenJournal(ctx, dir, s)
	if err != nil {
		t.Fatal(err)
	}
	j.Sync = true
	j.SegmentBytes = 1 // a segment a write, each synced with its directory
	g := &auditlog.GroupAuditor{Auditor: s, Fallback: j}
	rec := func(name string) {
		t.Helper()
		if err := g.Record(ctx, screening(name)); err != nil {
			t.Fatalf("record %s: %v", name, err)
		}
	}
	rec("a")
	s.setDown(true)
	rec("b") // into the journal: the database is away
	s.setDown(false)
	rec("c") // into the journal too, behind b, to keep the order
	if n := j.Pending(); n != 2 {
		t.Fatalf("%d records wait in the journal, want 2", n)
	}
	if got := strings.Join(auditNames(t, db), ","); got != "a" {
		t.Fatalf("audit log %s before the move, want a", got)
	}
	if n, err := j.Flush(ctx); err != nil || n != 2 {
		t.Fatalf("Flush = %d, %v; want 2", n, err)
	}
	rec("d") // straight into the log again
	if got := strings.Join(auditNames(t, db), ","); got != "a,b,c,d" {
		t.Fatalf("audit log %s, want a,b,c,d", got)
	}
	if err := j.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if segs, _ := filepath.Glob(filepath.Join(dir, "*.jsonl")); len(segs) != 0 {
		t.Fatalf("segments left after everything moved: %v", segs)
	}

	// Without a fallback, an unavailable database fails the screening.
	s.setDown(true)
	if err := (&auditlog.GroupAuditor{Auditor: s}).Record(ctx, screening("e")); embargo.ErrorCode(err) != embargo.EUNAVAILABLE {
		t.Fatalf("err=%v, want EUNAVAILABLE", err)
	}
}

// TestGroupAuditor_Handoff checks that a caller returns once its own group
// is written, though records keep coming: it does not go on writing the
// groups of the screenings that came after it.
func TestGroupAuditor_Handoff(t *testing.T) {
	a := &slowAuditor{} // 2 ms a write
	g := &auditlog.GroupAuditor{Auditor: a}
	ctx := context.Background()
	stop := make(chan struct{})
	var mu sync.Mutex
	var worst time.Duration
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				time.Sleep(500 * time.Microsecond) // screening the next query
				start := time.Now()
				if err := g.Record(ctx, &embargo.AuditRecord{}); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				worst = max(worst, time.Since(start))
				mu.Unlock()
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	// A record waits for a write in progress and its own: 4 ms, with room
	// for a slow machine. A caller that went on writing the others'
	// groups would wait for as long as the stream lasts.
	if worst > 150*time.Millisecond {
		t.Fatalf("a record took %v while others kept coming", worst)
	}
	t.Logf("slowest record amid a stream: %v", worst)
}
