package engine_test

import (
	"context"
	"errors"
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
