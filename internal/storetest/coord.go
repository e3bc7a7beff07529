package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
)

// Watch checks that watcher, watching the database s writes to (through
// another connection, or s itself), reports a snapshot imported into s.
// settle is how long the watcher needs to start (a listener to connect).
func Watch(t *testing.T, s embargo.Store, watcher embargo.Coordinator, settle time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan string, 4)
	go watcher.WatchSnapshots(ctx, func(id string) { got <- id })
	time.Sleep(settle)
	MustImport(t, s, list(person("1", "A")), "2020-01-01")
	select {
	case id := <-got:
		if id != "test@2020-01-01" {
			t.Fatalf("notified %q, want test@2020-01-01", id)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no notification within 3 s")
	}
}
