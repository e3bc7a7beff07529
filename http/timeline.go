package http

import (
	"context"
	nethttp "net/http"
	"sort"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

func (s *Server) registerTimelineRoutes() {
	s.handle("GET /api/v1/timeline", route{role: embargo.RoleViewer, read: true, api: true}, s.handleTimeline)
}

// Timeline groupings.
const (
	byProgram = "program"
	byCountry = "country"
)

// noKey groups entities with no program or no country.
const noKey = "(none)"

// Timeline is the body of GET /api/v1/timeline: designations and
// delistings per month, in total and per program or country. Arrays run
// parallel to Months.
type Timeline struct {
	Source string `json:"source"`
	By     string `json:"by"`
	// Baseline is the source's first snapshot. Its entities are where the
	// history starts, not designations, so they are left out.
	Baseline *snapshotRef `json:"baseline"`
	Months   []string     `json:"months"` // YYYY-MM, every month from the first to the last
	// Snapshots counts the snapshots taken in each month. Events are dated
	// by the snapshot that first shows them: after a month without
	// snapshots, the next one carries what happened meanwhile.
	Snapshots    []int `json:"snapshots"`
	Designations []int `json:"designations"` // entities added
	Delistings   []int `json:"delistings"`   // entities removed
	// Series has one entry per program or country, most events first. An
	// entity counts under every program it has; per program, gaining or
	// losing the program also counts as a designation or delisting.
	Series []TimelineSeries `json:"series"`
}

// TimelineSeries is one program's or country's counts per month.
type TimelineSeries struct {
	Key               string `json:"key"`
	Designations      []int  `json:"designations"`
	Delistings        []int  `json:"delistings"`
	TotalDesignations int    `json:"total_designations"`
	TotalDelistings   int    `json:"total_delistings"`
}

// handleTimeline serves GET /api/v1/timeline?source=&by=program|country&from=&to=&filter=:
// designations and delistings per month from the source's snapshots. from
// and to are months (YYYY-MM) or dates; filter keeps the programs or
// countries whose name contains it (case-insensitive).
func (s *Server) handleTimeline(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := r.URL.Query()
	tl, err := s.timeline(r.Context(), p.Get("source"), p.Get("by"), p.Get("from"), p.Get("to"), p.Get("filter"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, nethttp.StatusOK, tl)
}

// timelineData is a source's events counted per month, for both groupings;
// it is built once per latest snapshot of the source.
type timelineData struct {
	baseline  *embargo.Snapshot
	months    []string
	snapshots []int
	added     []int
	removed   []int
	by        map[string]map[string]*TimelineSeries // grouping → key → series
}

func (s *Server) timeline(ctx context.Context, source, by, from, to, filter string) (*Timeline, error) {
	source = strings.TrimSpace(source)
	if source == "" {
		srcs, err := s.Store.Sources(ctx)
		if err != nil {
			return nil, err
		}
		if len(srcs) == 0 {
			return nil, embargo.Errorf(embargo.ENOTFOUND, "no lists have been imported")
		}
		source = srcs[0]
		for _, src := range srcs {
			if src == embargo.SourceOFACSDN {
				source = src
			}
		}
	}
	switch by {
	case "":
		by = byProgram
	case byProgram, byCountry:
	default:
		return nil, embargo.Errorf(embargo.EINVALID, "by %q: want program or country", by)
	}
	fromM, err := monthParam("from", from)
	if err != nil {
		return nil, err
	}
	toM, err := monthParam("to", to)
	if err != nil {
		return nil, err
	}
	td, err := s.timelineData(ctx, source)
	if err != nil {
		return nil, err
	}
	lo, hi := 0, len(td.months)
	for lo < hi && fromM != "" && td.months[lo] < fromM {
		lo++
	}
	for hi > lo && toM != "" && td.months[hi-1] > toM {
		hi--
	}
	tl := &Timeline{Source: source, By: by, Baseline: refOf(td.baseline), Months: td.months[lo:hi],
		Snapshots: td.snapshots[lo:hi], Designations: td.added[lo:hi], Delistings: td.removed[lo:hi], Series: []TimelineSeries{}}
	filter = strings.ToLower(strings.TrimSpace(filter))
	for key, ser := range td.by[by] {
		if filter != "" && !strings.Contains(strings.ToLower(key), filter) {
			continue
		}
		out := TimelineSeries{Key: key, Designations: ser.Designations[lo:hi], Delistings: ser.Delistings[lo:hi]}
		for i := range out.Designations {
			out.TotalDesignations += out.Designations[i]
			out.TotalDelistings += out.Delistings[i]
		}
		if out.TotalDesignations+out.TotalDelistings > 0 {
			tl.Series = append(tl.Series, out)
		}
	}
	sort.Slice(tl.Series, func(i, j int) bool {
		a, b := tl.Series[i], tl.Series[j]
		if ta, tb := a.TotalDesignations+a.TotalDelistings, b.TotalDesignations+b.TotalDelistings; ta != tb {
			return ta > tb
		}
		return a.Key < b.Key
	})
	return tl, nil
}

// monthParam reads a month bound: YYYY-MM, or a date whose month it takes.
func monthParam(name, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if _, err := time.Parse("2006-01", v); err == nil {
		return v, nil
	}
	t, err := embargo.ParseAsOf(v, false)
	if err != nil {
		return "", embargo.Errorf(embargo.EINVALID, "%s %q: want a month (YYYY-MM) or a date (YYYY-MM-DD)", name, v)
	}
	return t.UTC().Format("2006-01"), nil
}

// timelineData counts a source's events per month, cached until the source
// gets a new snapshot.
func (s *Server) timelineData(ctx context.Context, source string) (*timelineData, error) {
	snaps, err := s.Store.FindSnapshots(ctx, embargo.SnapshotFilter{Source: &source})
	if err != nil {
		return nil, err
	}
	if len(snaps) == 0 {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "source %q has no snapshots", source)
	}
	ctx = context.WithoutCancel(ctx)
	return s.timelines.get(ctx, snaps[len(snaps)-1].ID, func() (*timelineData, error) {
		events, err := s.Store.Events(ctx, source)
		if err != nil {
			return nil, err
		}
		return countEvents(snaps, events), nil
	})
}

// countEvents builds the per-month counts from a source's snapshots (in seq
// order) and events (in snapshot order).
func countEvents(snaps []*embargo.Snapshot, events []embargo.ListEvent) *timelineData {
	td := &timelineData{baseline: snaps[0], by: map[string]map[string]*TimelineSeries{byProgram: {}, byCountry: {}}}
	month := func(t time.Time) string { return t.UTC().Format("2006-01") }
	// Every month from the first snapshot after the baseline to the last.
	index := map[string]int{}
	if len(snaps) > 1 {
		first, _ := time.Parse("2006-01", month(snaps[1].AsOf))
		last := month(snaps[len(snaps)-1].AsOf)
		for t := first; month(t) <= last; t = t.AddDate(0, 1, 0) {
			index[month(t)] = len(td.months)
			td.months = append(td.months, month(t))
		}
	}
	n := len(td.months)
	td.snapshots, td.added, td.removed = make([]int, n), make([]int, n), make([]int, n)
	for _, snap := range snaps[1:] {
		td.snapshots[index[month(snap.AsOf)]]++
	}
	count := func(by, key string, i int, added bool) {
		ser := td.by[by][key]
		if ser == nil {
			ser = &TimelineSeries{Key: key, Designations: make([]int, n), Delistings: make([]int, n)}
			td.by[by][key] = ser
		}
		if added {
			ser.Designations[i]++
		} else {
			ser.Delistings[i]++
		}
	}
	programs := map[string][]string{} // entity id → programs in its last version
	for _, ev := range events {
		prev := programs[ev.EntityID]
		if ev.Change == "removed" {
			delete(programs, ev.EntityID)
		} else {
			programs[ev.EntityID] = ev.Programs
		}
		if ev.Seq == snaps[0].Seq {
			continue // the baseline
		}
		i, ok := index[month(ev.AsOf)]
		if !ok {
			continue
		}
		switch ev.Change {
		case "added", "removed":
			added := ev.Change == "added"
			if added {
				td.added[i]++
			} else {
				td.removed[i]++
			}
			for _, p := range keysOr(ev.Programs) {
				count(byProgram, p, i, added)
			}
			for _, c := range keysOr(ev.Countries) {
				count(byCountry, c, i, added)
			}
		case "changed":
			// Gaining a program is a designation under it; losing one a
			// delisting from it.
			for _, p := range ev.Programs {
				if !contains(prev, p) {
					count(byProgram, p, i, true)
				}
			}
			for _, p := range prev {
				if !contains(ev.Programs, p) {
					count(byProgram, p, i, false)
				}
			}
		}
	}
	return td
}

// keysOr returns the distinct non-empty values, or noKey when there are none.
func keysOr(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" && !contains(out, v) {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return []string{noKey}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
