// Package engine joins the store and the matcher into the services the CLI
// and the HTTP server expose: screening one query or a stream of them
// against the lists as they stood on any date. It keeps the in-memory index
// in step with the store.
package engine

import (
	"context"
	"log/slog"
	"runtime/debug"
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
	// Audit, when set, records every screening (see audit.go).
	Audit embargo.Auditor
	// DefaultCaller names the caller in audit records whose context
	// names none.
	DefaultCaller string
	// NoIndexCache makes Load build the index from the stored versions
	// every time, neither loading nor storing it in the store's index
	// cache (see indexcache.go).
	NoIndexCache bool
	// KeepLoadHeap skips handing the memory a load used back to the
	// operating system: for short-lived commands, which would only fault
	// it back in.
	KeepLoadHeap bool

	mu    sync.RWMutex
	index *match.Index
	scan  *scanIndex // text scanner over the same versions, built on first use
	// snaps holds each source's snapshots in seq order.
	snaps map[string][]*embargo.Snapshot
	// indexed is each source's latest snapshot id in the index, which
	// audit records keep so that a rerun can rebuild the same index.
	indexed  map[string]string
	loadedAt time.Time
	// spans holds each entity's runs of snapshots (see dates.go).
	spans spans
}

var _ embargo.Screener = (*Engine)(nil)

// New returns an engine over store. Call Load before screening.
func New(store embargo.Store) *Engine {
	return &Engine{Store: store, Logger: slog.Default()}
}

// Load builds the index from every entity version in the store, replacing
// the current one once the new one is complete (searches go on meanwhile).
// An index built by another process of the same build from the same
// snapshots is loaded from the store instead, and one built here is stored
// for the next (see indexcache.go).
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
	sp := spans{}
	key := indexKey(snaps)
	ix := e.cachedIndex(ctx, key)
	cached := ix != nil
	if cached {
		for i := range ix.Len() {
			sp.add(ix.Version(i))
		}
	} else {
		if ix, _, err = buildIndex(ctx, e.Store, func(v *embargo.EntityVersion) bool {
			sp.add(v)
			return true
		}); err != nil {
			return err
		}
	}
	e.mu.Lock()
	e.index, e.snaps, e.indexed, e.loadedAt, e.spans = ix, bySource, latestIDs(bySource), time.Now(), sp
	e.scan = &scanIndex{store: e.Store}
	e.mu.Unlock()
	if !cached {
		e.cacheIndex(ctx, key, ix) // once searches can go on
	}
	// Loading decodes every stored version and builds the index from it:
	// most of what it allocated is garbage now. Hand it back to the
	// operating system, so that resident memory is the index's, not the
	// load's peak.
	if !e.KeepLoadHeap {
		debug.FreeOSMemory()
	}
	e.Logger.Info("index loaded", "versions", ix.Len(), "snapshots", len(snaps), "cached", cached, "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// addBatch is how many versions buildIndex hands the index at once, for
// their names to be analysed in parallel.
const addBatch = 2048

// buildIndex builds an index of the stored versions that keep accepts
// (every one when keep is nil) and returns how many it holds.
func buildIndex(ctx context.Context, store embargo.Store, keep func(*embargo.EntityVersion) bool) (*match.Index, int, error) {
	// Batches go to the index in a goroutine of their own, so that
	// reading and decoding the next ones goes on meanwhile.
	ix := match.NewIndex()
	batches := make(chan []*embargo.EntityVersion, 2)
	added := make(chan struct{})
	go func() {
		defer close(added)
		for b := range batches {
			ix.AddAll(b)
		}
	}()
	n := 0
	batch := make([]*embargo.EntityVersion, 0, addBatch)
	err := store.EntityVersions(ctx, "", func(v *embargo.EntityVersion) error {
		if keep != nil && !keep(v) {
			return nil
		}
		n++
		if batch = append(batch, v); len(batch) == addBatch {
			batches <- batch
			batch = make([]*embargo.EntityVersion, 0, addBatch)
		}
		return nil
	})
	batches <- batch
	close(batches)
	<-added
	if err != nil {
		return nil, 0, err
	}
	ix.Finish()
	return ix, n, nil
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

// HasSnapshot reports whether the index holds the snapshot with this id.
func (e *Engine) HasSnapshot(id string) bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	for _, snaps := range e.snaps {
		for _, s := range snaps {
			if s.ID == id {
				return true
			}
		}
	}
	return false
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
// latest when asOf is zero). Sources without a snapshot by then are left
// out (Coverage names them). Returns EINVALID, naming the valid values, for
// a source that is neither an official list's name nor held.
func (e *Engine) resolve(sources []string, asOf time.Time) (map[string]int, map[string]string, error) {
	if err := e.checkSources(sources); err != nil {
		return nil, nil, err
	}
	want := map[string]bool{}
	for _, s := range sources {
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

// Screen screens one query and, with an audit log, records it. See
// embargo.Screener.
func (e *Engine) Screen(ctx context.Context, q embargo.Query, opts embargo.ScreenOptions) (*embargo.ScreenResult, error) {
	res, indexed, err := e.screen(q, opts)
	if err != nil {
		return nil, err
	}
	if err := e.record(ctx, embargo.AuditScreen, res, opts, indexed); err != nil {
		return nil, err
	}
	return res, nil
}

// screen screens one query without recording it, and returns the index's
// latest snapshots too.
func (e *Engine) screen(q embargo.Query, opts embargo.ScreenOptions) (*embargo.ScreenResult, map[string]string, error) {
	e.mu.RLock()
	ix, indexed := e.index, e.indexed
	seqs, ids, err := e.resolve(opts.Sources, opts.AsOf)
	e.mu.RUnlock()
	if ix == nil {
		return nil, nil, embargo.Errorf(embargo.EINTERNAL, "index not loaded")
	}
	if err != nil {
		return nil, nil, err
	}
	res, err := search(ix, q, seqs, ids, opts)
	if err != nil {
		return nil, indexed, err
	}
	return res, indexed, e.complete(res, q, ix, seqs, opts)
}

// checkSources checks requested source names; the caller holds e.mu.
func (e *Engine) checkSources(sources []string) error {
	have := make([]string, 0, len(e.snaps))
	for src := range e.snaps {
		have = append(have, src)
	}
	return embargo.CheckSources(sources, have)
}

// Coverage returns the sources a screening with opts cannot cover (see
// embargo.ScreenResult.NotCovered): the same for every query. Returns
// EINVALID for an unknown source.
func (e *Engine) Coverage(opts embargo.ScreenOptions) ([]embargo.NotCovered, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if err := e.checkSources(opts.Sources); err != nil {
		return nil, err
	}
	return embargo.Coverage(e.snaps, opts.Sources, opts.AsOf), nil
}

// complete adds to a result what the index alone does not give: the
// coverage, each match's first and last snapshots and, when asked for, the
// delisted matches.
func (e *Engine) complete(res *embargo.ScreenResult, q embargo.Query, ix *match.Index, seqs map[string]int, opts embargo.ScreenOptions) error {
	e.mu.RLock()
	bySource, sp := e.snaps, e.spans
	e.mu.RUnlock()
	res.NotCovered = embargo.Coverage(bySource, opts.Sources, opts.AsOf)
	fillDates(res.Matches, sp, bySource)
	if !opts.IncludeDelisted {
		return nil
	}
	threshold, limit := effective(opts)
	var err error
	res.Delisted, err = delisted(ix, q, seqs, threshold, limit, res.Matches, sp, bySource)
	return err
}

// effective returns the threshold and limit a screening uses.
func effective(opts embargo.ScreenOptions) (threshold float64, limit int) {
	threshold, limit = opts.Threshold, opts.Limit
	if threshold < 0 {
		threshold = embargo.DefaultThreshold
	}
	if limit <= 0 {
		limit = embargo.DefaultLimit
	}
	return threshold, limit
}

// search screens q against the versions valid at seqs; ids are the
// snapshot ids of seqs.
func search(ix *match.Index, q embargo.Query, seqs map[string]int, ids map[string]string, opts embargo.ScreenOptions) (*embargo.ScreenResult, error) {
	threshold, limit := effective(opts)
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

// OnImport reloads the index once an import has created snapshots. See
// embargo.ImportObserver.
func (e *Engine) OnImport(ctx context.Context, _ []*embargo.ImportResult) error {
	return e.Load(ctx)
}
