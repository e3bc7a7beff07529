package http

import (
	"sync"
	"time"
)

// bucketKey names a rate-limit bucket: an API key's, or an anonymous IP
// address's.
type bucketKey struct {
	keyID int64
	ip    string
}

// bucket is a token bucket: it holds up to burst tokens and gains rate
// tokens per second; each request takes one.
type bucket struct {
	tokens float64
	last   time.Time
}

// limiter holds the buckets of every client.
type limiter struct {
	now       func() time.Time
	mu        sync.Mutex
	buckets   map[bucketKey]*bucket
	lastSweep time.Time
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, buckets: map[bucketKey]*bucket{}}
}

// allow takes a token from k's bucket. When there is none it returns false
// and how long until there will be.
func (l *limiter) allow(k bucketKey, rate float64, burst int) (bool, time.Duration) {
	return l.allowN(k, 1, rate, burst)
}

// allowN takes n tokens from k's bucket (a cost: bytes to scan). When
// there are not as many it takes none and returns false and how long until
// there will be; a cost above burst is never allowed.
func (l *limiter) allowN(k bucketKey, n float64, rate float64, burst int) (bool, time.Duration) {
	if burst < 1 {
		burst = 1
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now, rate, burst)
	b, ok := l.buckets[k]
	if !ok {
		b = &bucket{tokens: float64(burst), last: now}
		l.buckets[k] = b
	}
	b.tokens = min(float64(burst), b.tokens+now.Sub(b.last).Seconds()*rate)
	b.last = now
	if b.tokens >= n {
		b.tokens -= n
		return true, 0
	}
	return false, time.Duration((n - b.tokens) / rate * float64(time.Second))
}

// empty reports how long until k's bucket holds a token again: 0 when it
// holds one now. It takes nothing.
func (l *limiter) empty(k bucketKey, rate float64, burst int) time.Duration {
	if burst < 1 {
		burst = 1
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[k]
	if !ok {
		return 0
	}
	tokens := min(float64(burst), b.tokens+now.Sub(b.last).Seconds()*rate)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) / rate * float64(time.Second))
}

// sweep drops, once a minute, the buckets that have refilled: they hold no
// state a new bucket would not.
func (l *limiter) sweep(now time.Time, rate float64, burst int) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	full := max(time.Minute, time.Duration(float64(burst)/rate*float64(time.Second)))
	for k, b := range l.buckets {
		if now.Sub(b.last) > full {
			delete(l.buckets, k)
		}
	}
}
