package auditlog

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/embargo-dev/embargo"
)

// GroupAuditor records screenings of concurrent callers together: while
// one transaction is being written, records that arrive queue up and go
// into the next one. Each Record still returns only once its own records
// are committed, so no result is answered unrecorded; a busy server pays
// one commit per group instead of one per request.
type GroupAuditor struct {
	Auditor embargo.Auditor
	// Fallback, when set, takes the records while the audit log's
	// database is unavailable, and while records taken so wait in it (to
	// keep their order), so that screening goes on. Its Run moves them
	// into the audit log once the database is back.
	Fallback *Journal

	mu       sync.Mutex
	pending  []*groupRequest
	flushing bool
}

// groupYields is how often a group's writer yields to other goroutines
// before it takes the group.
const groupYields = 2

type groupRequest struct {
	recs []*embargo.AuditRecord
	done chan error
}

var _ embargo.Auditor = (*GroupAuditor)(nil)

// Record records recs, with whatever other callers are recording now.
func (g *GroupAuditor) Record(ctx context.Context, recs ...*embargo.AuditRecord) error {
	// Each caller encodes its own records, in parallel, so that the one
	// writer of the group only stores them.
	for _, r := range recs {
		if err := r.Seal(); err != nil {
			return fmt.Errorf("audit record: %w", err)
		}
	}
	req := &groupRequest{recs: recs, done: make(chan error, 1)}
	g.mu.Lock()
	g.pending = append(g.pending, req)
	if g.flushing {
		g.mu.Unlock()
		select {
		case err := <-req.done:
			return err
		case <-ctx.Done():
			// The record may still be committed by the group; the caller
			// gives up waiting and answers nothing.
			return ctx.Err()
		}
	}
	// This caller writes the first group, which holds its own records.
	g.flushing = true
	g.mu.Unlock()
	g.flush(context.WithoutCancel(ctx), false)
	return <-req.done
}

// flush writes groups until the queue is empty. A caller flushes only the
// group its own records are in: records that arrived during that commit
// are written by a goroutine of their own, so that no caller's answer
// waits for the commits of screenings that came after it.
func (g *GroupAuditor) flush(ctx context.Context, again bool) {
	g.mu.Lock()
	for {
		// Screenings running beside this one are a few microseconds from
		// their records: yield to them a moment, so that they share this
		// commit rather than each pay for one.
		for range groupYields {
			g.mu.Unlock()
			runtime.Gosched()
			g.mu.Lock()
		}
		group := g.pending
		g.pending = nil
		g.mu.Unlock()
		var all []*embargo.AuditRecord
		for _, r := range group {
			all = append(all, r.recs...)
		}
		// The group is written for every caller in it: one caller's
		// cancellation must not lose the others' records.
		err := g.write(ctx, all)
		for _, r := range group {
			r.done <- err
		}
		g.mu.Lock()
		if len(g.pending) == 0 {
			g.flushing = false
			g.mu.Unlock()
			return
		}
		if !again {
			g.mu.Unlock()
			go g.flush(ctx, true)
			return
		}
	}
}

// write records a group in the audit log or, when the database is
// unavailable or records already wait in the fallback journal, in the
// fallback journal.
func (g *GroupAuditor) write(ctx context.Context, recs []*embargo.AuditRecord) error {
	if g.Fallback != nil && g.Fallback.Pending() > 0 {
		return g.Fallback.Record(ctx, recs...)
	}
	err := g.Auditor.Record(ctx, recs...)
	if err != nil && g.Fallback != nil && embargo.ErrorCode(err) == embargo.EUNAVAILABLE {
		return g.Fallback.Record(ctx, recs...)
	}
	return err
}
