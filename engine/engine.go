// Package engine joins the store and the matcher into the services the CLI
// and the HTTP server expose: screening one query or a stream of them
// against the lists as they stood on any date. It keeps the in-memory index
// in step with the store.
package engine

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// Engine screens against the lists in a store.
type Engine struct {
	Store  embargo.Store
	Logger *slog.Logger

	mu    sync.RWMutex
	index *match.Index
	// snaps holds each source's snapshots in seq order.
	snaps    map[string][]*embargo.Snapshot
	loadedAt time.Time
}

var _ embargo.Screener = (*Engine)(nil)

// New returns an engine over store. Call Load before screening.
func New(store embargo.Store) *Engine {
	return &Engine{Store: store, Logger: slog.Default()}
}

// Load builds the index from every entity version in the store, replacing
// the current one once the new one is complete (searches go on meanwhile).
func (e *Engine) Load(ctx context.Context) error {
	start := time.Now()
	snaps, err := e.Store.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		return err
	}
	bySource := map[string][]*embargo.Snapshot{}
	for _, s := range snaps {
		bySource[s.Source] = append(bySource[s.Source], s)
	}
	ix := match.NewIndex()
	n := 0
	if err := e.Store.EntityVersions(ctx, "", func(v *embargo.EntityVersion) error {
		ix.Add(v)
		n++
		return nil
	}); err != nil {
		return err
	}
	ix.Finish()
	e.mu.Lock()
	e.index, e.snaps, e.loadedAt = ix, bySource, time.Now()
	e.mu.Unlock()
	e.Logger.Info("index loaded", "versions", n, "snapshots", len(snaps), "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// Ready reports whether the index has been loaded.
func (e *Engine) Ready() bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.index != nil
}

// IndexSize returns the number of entity versions in the index.
func (e *Engine) IndexSize() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.index == nil {
		return 0
	}
	return e.index.Len()
}

// Snapshots returns each source's latest snapshot.
func (e *Engine) Snapshots() map[string]*embargo.Snapshot {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := map[string]*embargo.Snapshot{}
	for src, snaps := range e.snaps {
		out[src] = snaps[len(snaps)-1]
	}
	return out
}

// resolve picks, for each wanted source, the snapshot current at asOf (the
// latest when asOf is zero). Sources without a snapshot by then are left out.
func (e *Engine) resolve(sources []string, asOf time.Time) (map[string]int, map[string]string, error) {
	want := map[string]bool{}
	for _, s := range sources {
		if _, ok := e.snaps[s]; !ok {
			return nil, nil, embargo.Errorf(embargo.ENOTFOUND, "no snapshots of source %q", s)
		}
		want[s] = true
	}
	seqs := map[string]int{}
	ids := map[string]string{}
	for src, snaps := range e.snaps {
		if len(want) > 0 && !want[src] {
			continue
		}
		i := len(snaps) - 1
		if !asOf.IsZero() {
			i = sort.Search(len(snaps), func(i int) bool { return snaps[i].AsOf.After(asOf) }) - 1
		}
		if i < 0 {
			continue
		}
		seqs[src] = snaps[i].Seq
		ids[src] = snaps[i].ID
	}
	return seqs, ids, nil
}

// Screen screens one query. See embargo.Screener.
func (e *Engine) Screen(ctx context.Context, q embargo.Query, opts embargo.ScreenOptions) (*embargo.ScreenResult, error) {
	e.mu.RLock()
	ix := e.index
	seqs, ids, err := e.resolve(opts.Sources, opts.AsOf)
	e.mu.RUnlock()
	if ix == nil {
		return nil, embargo.Errorf(embargo.EINTERNAL, "index not loaded")
	}
	if err != nil {
		return nil, err
	}
	threshold := opts.Threshold
	if threshold < 0 {
		threshold = match.DefaultThreshold
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = embargo.DefaultLimit
	}
	matches, err := ix.Search(q, match.SearchOptions{Seqs: seqs, Threshold: threshold, Limit: limit})
	if err != nil {
		return nil, err
	}
	if matches == nil {
		matches = []embargo.Match{}
	}
	res := &embargo.ScreenResult{Query: q, Snapshots: ids, Matches: matches}
	if q.ID != "" {
		id := q.ID
		res.ID = &id
	}
	return res, nil
}
