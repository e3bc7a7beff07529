package engine_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
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
	g := &engine.GroupAuditor{Auditor: a}
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := g.Record(context.Background(), &embargo.AuditRecord{}, &embargo.AuditRecord{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
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

// flakyAuditor is an audit log whose database can go away.
type flakyAuditor struct {
	mu   sync.Mutex
	down bool
	got  []string
}

func (a *flakyAuditor) Record(ctx context.Context, recs ...*embargo.AuditRecord) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.down {
		return embargo.Errorf(embargo.EUNAVAILABLE, "database unavailable")
	}
	for _, r := range recs {
		a.got = append(a.got, r.Query.Name)
	}
	return nil
}

func TestGroupAuditor_Spool(t *testing.T) {
	a := &flakyAuditor{}
	spool := &engine.Spool{Path: filepath.Join(t.TempDir(), "audit-spool.jsonl")}
	g := &engine.GroupAuditor{Auditor: a, Spool: spool}
	ctx := context.Background()
	rec := func(name string) {
		t.Helper()
		if err := g.Record(ctx, &embargo.AuditRecord{Query: embargo.Query{Name: name}}); err != nil {
			t.Fatalf("record %s: %v", name, err)
		}
	}
	rec("a")
	a.down = true
	rec("b") // spooled: the database is away
	a.down = false
	rec("c") // spooled too, behind b, to keep the order
	if !spool.Pending() {
		t.Fatal("nothing spooled")
	}
	if n, err := spool.Flush(ctx, a); err != nil || n != 2 {
		t.Fatalf("Flush = %d, %v; want 2", n, err)
	}
	rec("d")
	if got := strings.Join(a.got, ","); got != "a,b,c,d" {
		t.Fatalf("recorded %s, want a,b,c,d", got)
	}
	if spool.Pending() {
		t.Fatal("spool not empty after the flush")
	}
	// Without a spool, an unavailable database fails the screening.
	a.down = true
	if err := (&engine.GroupAuditor{Auditor: a}).Record(ctx, &embargo.AuditRecord{}); embargo.ErrorCode(err) != embargo.EUNAVAILABLE {
		t.Fatalf("err=%v, want EUNAVAILABLE", err)
	}
}

// TestGroupAuditor_Handoff checks that a caller returns once its own group
// is written, though records keep coming: it does not go on writing the
// groups of the screenings that came after it.
func TestGroupAuditor_Handoff(t *testing.T) {
	a := &slowAuditor{} // 2 ms a write
	g := &engine.GroupAuditor{Auditor: a}
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
