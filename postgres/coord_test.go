package postgres_test

import (
	"context"
	"testing"

	"github.com/embargo-dev/embargo/internal/storetest"
	"github.com/embargo-dev/embargo/postgres"
)

// mustReplicas opens a new database twice, as two replicas of the service
// would, both closed when the test ends.
func mustReplicas(t *testing.T) (a, b *postgres.DB) {
	t.Helper()
	a = MustOpen(t)
	b, err := postgres.Open(context.Background(), a.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}

func TestWatchSnapshots(t *testing.T) {
	a, b := mustReplicas(t)
	storetest.Watch(t, a, b)
}

func TestWithUpdateLock(t *testing.T) {
	a, b := mustReplicas(t)
	ctx := context.Background()
	inside := make(chan struct{})
	release := make(chan struct{})
	done := make(chan bool)
	go func() {
		ran, err := a.WithUpdateLock(ctx, func(context.Context) error {
			close(inside)
			<-release
			return nil
		})
		if err != nil {
			t.Error(err)
		}
		done <- ran
	}()
	<-inside
	ran, err := b.WithUpdateLock(ctx, func(context.Context) error { return nil })
	if err != nil || ran {
		t.Fatalf("second replica ran=%v err=%v while the lock was held", ran, err)
	}
	close(release)
	if !<-done {
		t.Fatal("first replica did not run")
	}
	ran, err = b.WithUpdateLock(ctx, func(context.Context) error { return nil })
	if err != nil || !ran {
		t.Fatalf("after release: ran=%v err=%v", ran, err)
	}
}
