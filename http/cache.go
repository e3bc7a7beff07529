package http

import (
	"context"
	"sync"
)

// lru is a small cache of values that are costly to compute (a snapshot's
// link index, a timeline), keyed by what makes them immutable (a snapshot
// id). Concurrent gets of a missing key compute it once. Failed loads are
// not kept.
type lru[K comparable, V any] struct {
	mu      sync.Mutex
	max     int
	tick    int64
	entries map[K]*lruEntry[V]
}

type lruEntry[V any] struct {
	done chan struct{}
	val  V
	err  error
	used int64
}

func newLRU[K comparable, V any](max int) *lru[K, V] {
	return &lru[K, V]{max: max, entries: map[K]*lruEntry[V]{}}
}

// get returns k's value, computing it with load when missing.
func (c *lru[K, V]) get(ctx context.Context, k K, load func() (V, error)) (V, error) {
	c.mu.Lock()
	c.tick++
	e, ok := c.entries[k]
	if ok {
		e.used = c.tick
		c.mu.Unlock()
		select {
		case <-e.done:
			return e.val, e.err
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
	e = &lruEntry[V]{done: make(chan struct{}), used: c.tick}
	c.entries[k] = e
	c.evict()
	c.mu.Unlock()

	e.val, e.err = load()
	close(e.done)
	if e.err != nil {
		c.mu.Lock()
		if c.entries[k] == e {
			delete(c.entries, k)
		}
		c.mu.Unlock()
	}
	return e.val, e.err
}

// evict drops the least recently used entries beyond max. Called locked.
func (c *lru[K, V]) evict() {
	for len(c.entries) > c.max {
		var oldest K
		first := true
		var min int64
		for k, e := range c.entries {
			if first || e.used < min {
				oldest, min, first = k, e.used, false
			}
		}
		delete(c.entries, oldest)
	}
}

// clear drops every entry: what they were computed from was taken back (a
// snapshot retracted, whose id a later import may reuse).
func (c *lru[K, V]) clear() {
	c.mu.Lock()
	clear(c.entries)
	c.mu.Unlock()
}
