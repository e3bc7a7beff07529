// Package clock holds the one way embargo waits: for a duration, unless the
// context ends first. Retries (downloads, webhook deliveries, the snapshot
// listener's reconnects) and the scan lane's pacing all wait this way, so a
// cancelled request or a stopping server never waits out a timer.
package clock

import (
	"context"
	"time"
)

// Sleep waits for d, or until ctx is done, whichever comes first. It
// returns ctx.Err() when the context ended the wait and nil when d passed;
// a d of zero or less returns nil at once.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
