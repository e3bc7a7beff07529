package http

import (
	"context"
	"sync"
	"time"

	"github.com/embargo-dev/embargo/internal/clock"
)

// scanLane runs anonymous scans: one at a time, in turn, with at most
// queue waiting, and paced so that together they keep to share of one
// core. Byte budgets alone bound each client, not all of them together,
// and a scan holds a core for as long as it runs (Go's scheduler has no
// priorities): without the lane, anonymous clients from enough addresses
// take every core from screening.
type scanLane struct {
	share float64 // of one core, in (0, 1]
	queue int

	mu      sync.Mutex
	waiting int       // scans admitted and not yet ended
	next    time.Time // when the next scan may start
	slot    chan struct{}
}

func newScanLane(share float64, queue int) *scanLane {
	return &scanLane{share: min(share, 1), queue: queue, slot: make(chan struct{}, 1)}
}

// admit takes a place in the lane: false when queue scans already wait
// (the caller answers 429). Each admitted scan calls done once.
func (l *scanLane) admit() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.waiting > l.queue {
		return false
	}
	l.waiting++
	return true
}

// run waits for the lane (or ctx) and calls fn with a pause function for
// the scan to call now and then (engine.ScanOptions.Pause): each call
// sleeps so that the time spent working since the scan started is at most
// share of the time since. The next scan starts no sooner than the pace
// allows after this one's work since its last pause. It ends the
// admission.
func (l *scanLane) run(ctx context.Context, fn func(pause func()) error) error {
	defer func() {
		l.mu.Lock()
		l.waiting--
		l.mu.Unlock()
	}()
	select {
	case l.slot <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.slot }()
	l.mu.Lock()
	wait := time.Until(l.next)
	l.mu.Unlock()
	if err := clock.Sleep(ctx, wait); err != nil {
		return err
	}
	p := &pacer{ctx: ctx, share: l.share, last: time.Now()}
	err := fn(p.pause)
	p.work += time.Since(p.last)
	l.mu.Lock()
	l.next = time.Now().Add(p.rest())
	l.mu.Unlock()
	return err
}

// pacer paces one scan in the lane.
type pacer struct {
	ctx   context.Context
	share float64
	last  time.Time     // when the last pause ended
	work  time.Duration // work since the last rest
}

// rest is how long the work since the last rest calls for.
func (p *pacer) rest() time.Duration {
	return time.Duration(float64(p.work) * (1 - p.share) / p.share)
}

// pause rests for the work done since the last rest, once that calls for
// a millisecond or more (a cancelled scan stops at its next check).
func (p *pacer) pause() {
	p.work += time.Since(p.last)
	if d := p.rest(); d >= time.Millisecond {
		clock.Sleep(p.ctx, d)
		p.work = 0
	}
	p.last = time.Now()
}
