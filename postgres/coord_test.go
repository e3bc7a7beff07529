package postgres_test

import (
	"context"
	"testing"

	"github.com/embargo-dev/embargo/internal/storetest"
	"github.com/embargo-dev/embargo/postgres"
)

func TestWatchSnapshots(t *testing.T) {
	a := MustOpen(t)
	b, err := postgres.Open(context.Background(), a.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	storetest.Watch(t, a, b)
}

func TestWithUpdateLock(t *testing.T) {
	a := MustOpen(t)
	b, err := postgres.Open(context.Background(), a.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
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
