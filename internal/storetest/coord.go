package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
)

// Watch checks that watcher, watching the database s writes to (through
// another connection, or s itself), reports snapshots imported into s.
// The watcher starts listening at a moment the caller cannot see, and
// may miss what comes before: a new snapshot is imported every half
// second until one is reported, for at most 10 s.
func Watch(t *testing.T, s embargo.Store, watcher embargo.Coordinator) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan string, 64)
	go watcher.WatchSnapshots(ctx, func(id string) { got <- id })
	imported := map[string]bool{}
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for day := 1; ; day++ {
		asOf := time.Date(2020, 1, day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		res := MustImport(t, s, list(person("1", fmt.Sprintf("A %d", day))), asOf)
		imported[res.SnapshotID] = true
		select {
		case id := <-got:
			if !imported[id] {
				t.Fatalf("notified %q, not a snapshot imported (%v)", id, imported)
			}
			return
		case <-tick.C:
		case <-deadline:
			t.Fatalf("no notification within 10 s of %d imports", len(imported))
		}
	}
}
