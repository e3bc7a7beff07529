package clock_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/embargo-dev/embargo/internal/clock"
)

func TestSleep(t *testing.T) {
	t.Run("duration passes", func(t *testing.T) {
		start := time.Now()
		if err := clock.Sleep(context.Background(), 20*time.Millisecond); err != nil {
			t.Fatalf("Sleep=%v, want nil", err)
		}
		if d := time.Since(start); d < 20*time.Millisecond {
			t.Fatalf("Sleep returned after %v, want >= 20ms", d)
		}
	})
	t.Run("context ends the wait", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := clock.Sleep(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Sleep=%v, want %v", err, context.DeadlineExceeded)
		}
		if d := time.Since(start); d > time.Minute {
			t.Fatalf("Sleep returned after %v, want about 10ms", d)
		}
	})
	t.Run("no duration, even cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := clock.Sleep(ctx, 0); err != nil {
			t.Fatalf("Sleep(cancelled, 0)=%v, want nil", err)
		}
	})
}
