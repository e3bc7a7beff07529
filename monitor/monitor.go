package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
	"github.com/embargo-dev/embargo/name"
)

// DefaultCandidateThreshold is the lowest reverse-search score that
// makes a customer a candidate for an entity. It is far below the alert
// threshold because the reverse direction scores lower: an entity's
// patronymic or extra names count as unexplained tokens there, while
// screening the customer forgives them. Measured on the development
// queries that screening finds (640 pairs) among 1,000,000 synthetic
// customers, a name score of 0.3 finds all but one; 0.45 misses 16 (2.5%),
// chiefly initials and names without their middle name. Scores are
// calibrated (match.Calibration), so the bound is the calibrated value of
// that name score, and follows every refit of the curve.
var DefaultCandidateThreshold = candidateThreshold()

func candidateThreshold() float64 {
	c := match.CurrentCalibration()
	return c.Apply(embargo.SchemaPerson, 0.3)
}

// Defaults of a Service.
const (
	// DefaultCandidateLimit bounds the customers one entity name may
	// bring up, high enough for many customers of one common name.
	DefaultCandidateLimit = 10000
	// DefaultScreenLimit bounds the matches of a customer screened on
	// registration.
	DefaultScreenLimit = 50
)

// CallerMonitor names monitoring in the audit log.
const CallerMonitor = "monitor"

// Service keeps the watchlists screened. Lists, Watch and Alerts are
// required; the rest is optional.
type Service struct {
	Lists  embargo.Store
	Watch  embargo.WatchlistService
	Alerts embargo.AlertService
	// Audit records monitoring's screenings and serves timelines.
	Audit embargo.AuditService
	// Screener screens customers when they are added or changed against
	// every list (the engine); without it they are screened only against
	// later list changes.
	Screener embargo.Screener
	// Ready, when set, says whether Screener can screen yet (a server's
	// index loads after it starts); until then customers saved are
	// screened only against later list changes.
	Ready func() bool
	// Notifier posts new alerts to the webhooks.
	Notifier *Notifier
	// Threshold is the score from which a pair raises an alert.
	Threshold float64
	// CandidateThreshold and CandidateLimit tune the reverse search.
	CandidateThreshold float64
	CandidateLimit     int
	// Workers is how many entities are searched at once (0: one per CPU).
	Workers int
	Logger  *slog.Logger
	// Now returns the current time; tests replace it.
	Now func() time.Time

	// mu serialises monitoring runs and guards ix and builds.
	mu     sync.Mutex
	ix     *watchIndex
	builds int
}

// IndexBuilds returns how many times the service built or brought up to
// date its index of the watchlists' customers: once, then once each time
// the watchlists change.
func (s *Service) IndexBuilds() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.builds
}

var _ embargo.ImportObserver = (*Service)(nil)

// New returns a service with the default settings over a database's
// lists, watchlists, alerts, audit log and webhooks. screener, when not
// nil, screens customers as they are saved; allowPrivateWebhooks lets
// deliveries reach private addresses (see NewNotifier).
func New(db embargo.Database, screener embargo.Screener, allowPrivateWebhooks bool, logger *slog.Logger) *Service {
	s := NewService(db, db, db)
	s.Audit, s.Screener = db, screener
	if logger != nil {
		s.Logger = logger
	}
	s.Notifier = NewNotifier(db, allowPrivateWebhooks)
	s.Notifier.Logger = s.Logger
	return s
}

// NewService returns a service with the default settings.
func NewService(lists embargo.Store, watch embargo.WatchlistService, alerts embargo.AlertService) *Service {
	return &Service{
		Lists: lists, Watch: watch, Alerts: alerts,
		Threshold:          embargo.DefaultThreshold,
		CandidateThreshold: DefaultCandidateThreshold,
		CandidateLimit:     DefaultCandidateLimit,
		Logger:             slog.Default(),
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// callerName returns who is acting: the caller in ctx, else monitoring.
func callerName(ctx context.Context) string {
	if c := embargo.CallerFromContext(ctx); c.Name != "" {
		return c.Name
	}
	return CallerMonitor
}

// OnImport re-screens the watchlists against what the imports created,
// one catch-up per source, then posts the new alerts. See
// embargo.ImportObserver.
func (s *Service) OnImport(ctx context.Context, created []*embargo.ImportResult) error {
	_, err := s.CatchUpImports(ctx, created)
	return err
}

// CatchUpImports is OnImport returning what monitoring did: CatchUp for
// each source that the results changed.
func (s *Service) CatchUpImports(ctx context.Context, results []*embargo.ImportResult) (*Result, error) {
	all := &Result{Alerts: []*embargo.Alert{}}
	done := map[string]bool{}
	for _, res := range results {
		if res.Unchanged || done[res.Source] {
			continue
		}
		done[res.Source] = true
		out, err := s.CatchUp(ctx, res.Source)
		if err != nil {
			return all, err
		}
		all.Add(out)
	}
	return all, nil
}

// Result is what a monitoring call did.
type Result struct {
	Runs   []*embargo.MonitorRun `json:"runs,omitempty"`
	Alerts []*embargo.Alert      `json:"alerts"`
	// Delivered and Failed count webhook deliveries.
	Delivered int `json:"delivered"`
	Failed    int `json:"failed"`
}

// Add adds what another call did to r.
func (r *Result) Add(o *Result) {
	r.Runs = append(r.Runs, o.Runs...)
	r.Alerts = append(r.Alerts, o.Alerts...)
	r.Delivered += o.Delivered
	r.Failed += o.Failed
}

// CatchUp screens the watchlists against every snapshot of source not
// screened yet, one step per snapshot so that each alert names the
// snapshot that caused it. A source never monitored is screened whole
// against its latest snapshot. Then it posts the new alerts.
func (s *Service) CatchUp(ctx context.Context, source string) (*Result, error) {
	res, err := s.catchUp(ctx, source)
	if err != nil {
		return res, err
	}
	// Posting may wait on retries: not while holding the lock.
	s.notify(ctx, res)
	return res, nil
}

func (s *Service) catchUp(ctx context.Context, source string) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snaps, err := s.Lists.FindSnapshots(ctx, embargo.SnapshotFilter{Source: &source})
	if err != nil {
		return nil, err
	}
	if len(snaps) == 0 {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "source %s has no snapshots", source)
	}
	cursor := 0
	if last, err := s.Alerts.LastMonitorRun(ctx, source); err == nil {
		cursor = last.ToSeq
	} else if embargo.ErrorCode(err) != embargo.ENOTFOUND {
		return nil, err
	}
	res := &Result{Alerts: []*embargo.Alert{}}
	if err := s.refresh(ctx); err != nil {
		return nil, err
	}
	for i, snap := range snaps {
		var from *embargo.Snapshot
		switch {
		case snap.Seq <= cursor:
			continue
		case cursor == 0 && i < len(snaps)-1:
			continue // first run: the latest snapshot, whole
		case cursor > 0 && i > 0:
			from = snaps[i-1]
		}
		run, alerts, err := s.step(ctx, from, snap)
		if err != nil {
			return res, fmt.Errorf("monitor %s: %w", snap.ID, err)
		}
		res.Runs = append(res.Runs, run)
		res.Alerts = append(res.Alerts, alerts...)
	}
	return res, nil
}

// notify posts what is pending to the webhooks. Delivery failures are
// recorded and retried later; they do not fail monitoring.
func (s *Service) notify(ctx context.Context, res *Result) {
	if s.Notifier == nil {
		return
	}
	ok, failed, err := s.Notifier.Flush(ctx)
	res.Delivered, res.Failed = ok, failed
	if err != nil {
		s.logger().Error("webhook delivery", "err", err)
	}
}

// refresh brings the customer index up to the watchlists' latest revision.
func (s *Service) refresh(ctx context.Context) error {
	rev, err := s.Watch.WatchRev(ctx)
	if err != nil {
		return err
	}
	if s.ix != nil && s.ix.rev == rev {
		return nil
	}
	start := time.Now()
	ix := s.ix
	if ix == nil {
		ix = newWatchIndex()
	}
	n := 0
	if err := s.Watch.CustomerChanges(ctx, ix.rev, func(ch *embargo.CustomerChange) error {
		ix.apply(ch)
		n++
		return nil
	}); err != nil {
		s.ix = nil // half-applied: start over next time
		return err
	}
	ix.finish()
	s.ix = ix
	s.builds++
	s.logger().Info("watchlist index updated", "changes", n, "customers", ix.live, "rev", ix.rev, "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// Refresh loads the watchlists into memory now rather than at the first
// monitoring run (a server calls it at start).
func (s *Service) Refresh(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refresh(ctx)
}

// pair is a customer that matched an entity.
type pair struct {
	slot  int32
	ent   *embargo.Entity
	hash  string
	match embargo.Match
}

// step screens the customers against the entities added or changed from
// one snapshot to the next (every entity of to when from is nil), records
// what matched and raises the alerts.
func (s *Service) step(ctx context.Context, from, to *embargo.Snapshot) (*embargo.MonitorRun, []*embargo.Alert, error) {
	run := &embargo.MonitorRun{Source: to.Source, ToSnapshot: to.ID, ToSeq: to.Seq, Threshold: s.Threshold, StartedAt: s.now()}
	if from != nil {
		run.FromSnapshot = from.ID
	}
	ix := s.ix
	run.WatchRev, run.Customers = ix.rev, ix.live
	var ents []embargo.Entity
	if ix.live > 0 {
		var err error
		if ents, err = s.changed(ctx, from, to); err != nil {
			return nil, nil, err
		}
	}
	run.Entities = len(ents)
	pairs, candidates, err := s.reverse(ix, ents)
	if err != nil {
		return nil, nil, err
	}
	run.Candidates, run.Matches = candidates, len(pairs)

	// One audit record per customer that matched, with its matches.
	var recs []*embargo.AuditRecord
	bySlot := map[int32]*embargo.AuditRecord{}
	alerts := make([]*embargo.Alert, 0, len(pairs))
	now := s.now()
	for _, p := range pairs {
		sl := &ix.slots[p.slot]
		rec, ok := bySlot[p.slot]
		if !ok {
			ref := sl.ref()
			rec = &embargo.AuditRecord{Time: now, Caller: CallerMonitor, Kind: embargo.AuditMonitor, Customer: &ref,
				Query: sl.query(), Snapshots: map[string]string{to.Source: to.ID}, Threshold: s.Threshold, Limit: s.CandidateLimit}
			bySlot[p.slot] = rec
			recs = append(recs, rec)
		}
		rec.Matches = append(rec.Matches, p.match)
		alerts = append(alerts, &embargo.Alert{Customer: sl.ref(), CustomerHash: sl.hash, EntityID: p.ent.ID, EntityHash: p.hash,
			Score: p.match.Score, Match: p.match, SnapshotID: to.ID, Cause: embargo.CauseListChange})
	}
	for _, rec := range recs {
		sortMatches(rec.Matches)
	}
	// The screening is recorded before its alerts: a crash in between
	// leaves the run unrecorded, so the step is done again.
	if s.Audit != nil && len(recs) > 0 {
		if err := s.Audit.Record(ctx, recs...); err != nil {
			return nil, nil, fmt.Errorf("audit: %w", err)
		}
	}
	run.FinishedAt = s.now()
	created, err := s.Alerts.CreateAlerts(ctx, alerts, run)
	if err != nil {
		return nil, nil, err
	}
	s.logger().Info("watchlists re-screened", "snapshot", to.ID, "entities", run.Entities, "customers", run.Customers,
		"candidates", run.Candidates, "matches", run.Matches, "alerts", run.Alerts, "duration", run.FinishedAt.Sub(run.StartedAt).Round(time.Millisecond))
	return run, created, nil
}

// bulkLoad is the number of changed entities from which a step reads the
// whole snapshot rather than each entity.
const bulkLoad = 300

// changed returns the entities added or changed from one snapshot to the
// next, as they stand in to; every entity of to when from is nil.
func (s *Service) changed(ctx context.Context, from, to *embargo.Snapshot) ([]embargo.Entity, error) {
	if from == nil {
		return s.Lists.SnapshotEntities(ctx, to)
	}
	d, err := s.Lists.Diff(ctx, from, to)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(d.Added)+len(d.Changed))
	for _, r := range d.Added {
		ids = append(ids, r.EntityID)
	}
	for _, c := range d.Changed {
		ids = append(ids, c.EntityID)
	}
	if len(ids) >= bulkLoad {
		want := make(map[string]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
		all, err := s.Lists.SnapshotEntities(ctx, to)
		if err != nil {
			return nil, err
		}
		out := all[:0]
		for _, e := range all {
			if want[e.ID] {
				out = append(out, e)
			}
		}
		return out, nil
	}
	out := make([]embargo.Entity, 0, len(ids))
	for _, id := range ids {
		e, err := s.Lists.FindEntityByID(ctx, id, to)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, nil
}

// reverse searches the customer index for every name of every entity and
// confirms each candidate with match.Score. It returns the pairs at or
// above the threshold, by entity then customer, and the number of
// candidates scored.
func (s *Service) reverse(ix *watchIndex, ents []embargo.Entity) ([]pair, int, error) {
	if len(ents) == 0 || ix.live == 0 {
		return nil, 0, nil
	}
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(ents))
	type out struct {
		pairs      []pair
		candidates int
		err        error
	}
	outs := make([]out, len(ents))
	opts := match.SearchOptions{Threshold: s.CandidateThreshold, Limit: s.CandidateLimit}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			found := map[int32]bool{}
			for i := range next {
				e := &ents[i]
				clear(found)
				o := &outs[i]
				for _, n := range distinctNames(e) {
					// The entity's name is the query; its identifiers
					// find customers holding the same document whatever
					// their name. No schema: the customer side decides.
					q := embargo.Query{Name: n, Identifiers: e.Identifiers}
					if err := ix.search(q, opts, found); err != nil {
						if embargo.ErrorCode(err) == embargo.EINVALID {
							continue // a name without letters
						}
						o.err = err
						break
					}
				}
				o.candidates = len(found)
				hash := ""
				for sl := range found {
					m := match.Score(ix.slots[sl].query(), e)
					if m.Score < s.Threshold {
						continue
					}
					if hash == "" {
						hash = e.Hash()
					}
					o.pairs = append(o.pairs, pair{slot: sl, ent: e, hash: hash, match: m})
				}
				sort.Slice(o.pairs, func(a, b int) bool { return o.pairs[a].slot < o.pairs[b].slot })
			}
		}()
	}
	for i := range ents {
		next <- i
	}
	close(next)
	wg.Wait()
	var pairs []pair
	n := 0
	for _, o := range outs {
		if o.err != nil {
			return nil, 0, o.err
		}
		pairs = append(pairs, o.pairs...)
		n += o.candidates
	}
	return pairs, n, nil
}

// distinctNames returns the entity's names without those that are the same
// name in another romanisation or word order ("DERKACH, Andrii" and
// "Andriy Derkach"): they find the same customers. The full comparison
// (match.Score) still sees every name.
func distinctNames(e *embargo.Entity) []string {
	all := e.AllNames()
	out := all[:0]
	seen := make(map[string]bool, len(all))
	opts := name.AnalyzeOptions{LegalForms: e.Schema != embargo.SchemaPerson}
	for _, n := range all {
		toks := name.Analyze(n, opts)
		if len(toks) == 0 {
			continue
		}
		keys := make([]string, len(toks))
		for i, t := range toks {
			keys[i] = t.Fold
		}
		sort.Strings(keys)
		k := strings.Join(keys, " ")
		if !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}

func sortMatches(ms []embargo.Match) {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		return ms[i].EntityID < ms[j].EntityID
	})
}

// WatchResult is what saving customers did.
type WatchResult struct {
	*embargo.SaveResult
	// Alerts are those raised by screening the customers added or changed.
	Alerts    []*embargo.Alert `json:"alerts"`
	Delivered int              `json:"delivered"`
	Failed    int              `json:"failed"`
}

// SaveCustomers adds or updates customers (see
// embargo.WatchlistService.SaveCustomers), screens those added or changed
// against every list, raises alerts for their matches and posts them.
func (s *Service) SaveCustomers(ctx context.Context, customers []*embargo.Customer) (*WatchResult, error) {
	saved, err := s.Watch.SaveCustomers(ctx, customers)
	if err != nil {
		return nil, err
	}
	res := &WatchResult{SaveResult: saved, Alerts: []*embargo.Alert{}}
	if s.Screener == nil || s.Ready != nil && !s.Ready() || len(saved.Changed) == 0 {
		return res, nil
	}
	alerts, err := s.screenCustomers(ctx, saved.Changed)
	if err != nil {
		return res, err
	}
	created, err := s.Alerts.CreateAlerts(ctx, alerts, nil)
	if err != nil {
		return res, err
	}
	res.Alerts = created
	r := &Result{}
	s.notify(ctx, r)
	res.Delivered, res.Failed = r.Delivered, r.Failed
	return res, nil
}

// screenCustomers screens customers against every list with the Screener,
// which records each screening (kind watch), and returns the alerts to
// raise.
func (s *Service) screenCustomers(ctx context.Context, cs []*embargo.Customer) ([]*embargo.Alert, error) {
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]*embargo.ScreenResult, len(cs))
	errs := make([]error, len(cs))
	next := make(chan int)
	var wg sync.WaitGroup
	caller := embargo.CallerFromContext(ctx)
	if caller.Name == "" {
		caller.Name = CallerMonitor
	}
	for range min(workers, len(cs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c := cs[i]
				ref := c.Ref()
				cc := caller
				cc.Kind, cc.Customer = embargo.AuditWatch, &ref
				results[i], errs[i] = s.Screener.Screen(embargo.NewContextWithCaller(ctx, cc), c.Query(),
					embargo.ScreenOptions{Threshold: s.Threshold, Limit: DefaultScreenLimit})
			}
		}()
	}
	for i := range cs {
		next <- i
	}
	close(next)
	wg.Wait()

	snaps := map[string]*embargo.Snapshot{}
	var alerts []*embargo.Alert
	for i, res := range results {
		if err := errs[i]; err != nil {
			if embargo.ErrorCode(err) == embargo.EINVALID {
				continue // a name that cannot be screened: nothing to alert
			}
			return nil, err
		}
		c := cs[i]
		for _, m := range res.Matches {
			id := res.Snapshots[m.Source]
			snap, ok := snaps[id]
			if !ok {
				var err error
				if snap, err = s.Lists.ResolveSnapshot(ctx, m.Source, id); err != nil {
					return nil, err
				}
				snaps[id] = snap
			}
			e, err := s.Lists.FindEntityByID(ctx, m.EntityID, snap)
			if err != nil {
				return nil, err
			}
			alerts = append(alerts, &embargo.Alert{Customer: c.Ref(), CustomerHash: c.Hash(), EntityID: m.EntityID, EntityHash: e.Hash(),
				Score: m.Score, Match: m, SnapshotID: id, Cause: embargo.CauseCustomer})
		}
	}
	return alerts, nil
}

// Decide records an analyst's decision on an alert. See
// embargo.AlertService.DecideAlert.
func (s *Service) Decide(ctx context.Context, alertID int64, status embargo.AlertStatus, note, by string) (*embargo.Alert, *embargo.Decision, error) {
	if by == "" {
		by = embargo.CallerFromContext(ctx).Name
	}
	d := &embargo.Decision{AlertID: alertID, Status: status, Note: note, By: by}
	a, err := s.Alerts.DecideAlert(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	return a, d, nil
}

// errNoAudit is returned by what needs the audit log when there is none.
var errNoAudit = errors.New("monitor: no audit log")
