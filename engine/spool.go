package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
)

// Spool keeps audit records on local disk while the database is
// unavailable, so that screening can go on from the in-memory index without
// answering anything unrecorded. Records are appended to a JSON-lines file
// and synced before Record returns; Flush moves them to the audit log once
// the database is back, in the order they were taken.
type Spool struct {
	Path string

	mu sync.Mutex
	n  int // records in the file
}

// Append writes recs to the spool file and syncs it.
func (s *Spool) Append(recs []*embargo.AuditRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.OpenFile(s.Path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("audit spool: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			f.Close()
			return fmt.Errorf("audit spool: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("audit spool: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("audit spool: %w", err)
	}
	s.n += len(recs)
	return f.Close()
}

// Flush records the spooled records in the audit log and empties the
// spool; on failure the spool is kept for the next try. It returns how
// many records moved.
func (s *Spool) Flush(ctx context.Context, a embargo.Auditor) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.Open(s.Path)
	if os.IsNotExist(err) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("audit spool: %w", err)
	}
	defer f.Close()
	var recs []*embargo.AuditRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r embargo.AuditRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			// A line cut by a crash while appending was never
			// acknowledged: its screening was not answered.
			continue
		}
		r.ID, r.PrevHash, r.Hash = 0, "", ""
		recs = append(recs, &r)
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("audit spool: %w", err)
	}
	if len(recs) > 0 {
		if err := a.Record(ctx, recs...); err != nil {
			return 0, err
		}
	}
	s.n = 0
	if err := os.Remove(s.Path); err != nil && !os.IsNotExist(err) {
		return len(recs), fmt.Errorf("audit spool: %w", err)
	}
	return len(recs), nil
}

// Pending reports whether the spool holds records not yet in the log.
func (s *Spool) Pending() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n > 0 {
		return true
	}
	fi, err := os.Stat(s.Path)
	return err == nil && fi.Size() > 0
}

// Run flushes the spool every interval until ctx is done.
func (s *Spool) Run(ctx context.Context, a embargo.Auditor, interval time.Duration, onFlush func(n int, err error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if s.Pending() {
			n, err := s.Flush(ctx, a)
			if onFlush != nil && (n > 0 || err != nil) {
				onFlush(n, err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
