// Package testutil holds what the tests of several packages share.
package testutil

import (
	"bytes"
	"sync"
	"testing"
)

// SyncBuffer is a bytes.Buffer safe for concurrent writers, e.g. a
// running server's log.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Concurrently runs do(c, i) for i from 0 to n-1 in each of callers
// goroutines (c from 0 to callers-1) and waits for them all. A caller that
// gets an error reports it with tb.Error and stops.
func Concurrently(tb testing.TB, callers, n int, do func(c, i int) error) {
	tb.Helper()
	var wg sync.WaitGroup
	for c := range callers {
		wg.Go(func() {
			for i := range n {
				if err := do(c, i); err != nil {
					tb.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
