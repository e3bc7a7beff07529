package http

import (
	"context"
	"fmt"
	nethttp "net/http"
	"sort"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

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
	// Filter is the filter as applied: the terms a program or country name
	// must contain (named groups expanded). With a filter, Designations
	// and Delistings count the entities under a matching key only.
	Filter []string `json:"filter"`
	// Since is, per month, the as-of date of the snapshot before the
	// month's first one when that is more than a month earlier: the
	// month's counts then span the whole gap, not one month. "" otherwise.
	Since []string `json:"since"`
	// Years totals the months shown per calendar year.
	Years []TimelineYear `json:"years"`
	// DataFrom and DataTo are the first and last snapshots' dates: no
	// change can be counted before the snapshot after DataFrom.
	DataFrom string `json:"data_from"`
	DataTo   string `json:"data_to"`
	// Notes say where the range asked for goes beyond the data, and
	// where counts span gaps between snapshots.
	Notes []string `json:"notes"`
}

// TimelineYear is one calendar year's totals over the months shown.
type TimelineYear struct {
	Year         string `json:"year"`
	Snapshots    int    `json:"snapshots"`
	Designations int    `json:"designations"`
	Delistings   int    `json:"delistings"`
}

// ProgramGroups are the named groups a timeline filter takes besides
// plain terms: each stands for the terms listed (matched as parts of
// program names, case-insensitively). They gather one country's or
// topic's programs across OFAC's tags and the UK's and EU's regime names.
var ProgramGroups = map[string][]string{
	"Russia-related": {"RUSSIA", "UKRAINE-EO13660", "UKRAINE-EO13661", "UKRAINE-EO13662", "UKRAINE-EO13685", "CAATSA - RUSSIA", "CYBER2"},
	"Iran-related":   {"IRAN", "IFSR", "IRGC"},
	"North Korea":    {"DPRK", "KOREA"},
	"Terrorism":      {"SDGT", "SDT", "FTO", "TERROR", "ISIL", "QAIDA", "QAEDA"},
	"Belarus":        {"BELARUS"},
	"Syria":          {"SYRIA"},
}

// filterTerms splits a filter into lower-case terms, expanding named groups.
func filterTerms(filter string) []string {
	var out []string
	for _, t := range strings.Split(filter, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		expanded := false
		for name, terms := range ProgramGroups {
			if strings.EqualFold(name, t) {
				for _, x := range terms {
					out = append(out, strings.ToLower(x))
				}
				expanded = true
			}
		}
		if !expanded {
			out = append(out, strings.ToLower(t))
		}
	}
	return out
}

// keyMatcher returns whether a key contains one of terms (every key when
// there are none).
func keyMatcher(terms []string) func(string) bool {
	if len(terms) == 0 {
		return nil
	}
	return func(key string) bool {
		key = strings.ToLower(key)
		for _, t := range terms {
			if strings.Contains(key, t) {
				return true
			}
		}
		return false
	}
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
// countries whose name contains one of its comma-separated terms
// (case-insensitive), a term being a word or a named group (ProgramGroups,
// e.g. "Russia-related").
func (s *Server) handleTimeline(w nethttp.ResponseWriter, r *nethttp.Request) error {
	p := r.URL.Query()
	tl, err := s.timeline(r.Context(), p.Get("source"), p.Get("by"), p.Get("from"), p.Get("to"), p.Get("filter"))
	return s.reply(w, r, tl, err)
}

// timelineData is a source's events counted per month, for both groupings;
// it is built once per latest snapshot of the source.
type timelineData struct {
	baseline  *embargo.Snapshot
	last      *embargo.Snapshot
	months    []string
	snapshots []int
	added     []int
	removed   []int
	since     []string
	by        map[string]map[string]*TimelineSeries // grouping → key → series
	// snaps and events are kept to count a filter's totals.
	snaps  []*embargo.Snapshot
	events []embargo.ListEvent
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
	terms := filterTerms(filter)
	keep := keyMatcher(terms)
	added, removed := td.added, td.removed
	if keep != nil {
		f := countEvents(td.snaps, td.events, by, keep)
		added, removed = f.added, f.removed
	}
	tl := &Timeline{Source: source, By: by, Baseline: refOf(td.baseline), Months: td.months[lo:hi],
		Snapshots: td.snapshots[lo:hi], Designations: added[lo:hi], Delistings: removed[lo:hi], Series: []TimelineSeries{},
		Filter: terms, Since: td.since[lo:hi], DataFrom: embargo.FormatAsOf(td.baseline.AsOf), DataTo: embargo.FormatAsOf(td.last.AsOf)}
	if tl.Filter == nil {
		tl.Filter = []string{}
	}
	tl.Years, tl.Notes = yearTotals(tl), timelineNotes(td, tl, fromM, toM)
	for key, ser := range td.by[by] {
		if keep != nil && !keep(key) {
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
		return countEvents(snaps, events, "", nil), nil
	})
}

// yearTotals sums a timeline's months per calendar year.
func yearTotals(tl *Timeline) []TimelineYear {
	out := []TimelineYear{}
	for i, m := range tl.Months {
		if len(out) == 0 || out[len(out)-1].Year != m[:4] {
			out = append(out, TimelineYear{Year: m[:4]})
		}
		y := &out[len(out)-1]
		y.Snapshots += tl.Snapshots[i]
		y.Designations += tl.Designations[i]
		y.Delistings += tl.Delistings[i]
	}
	return out
}

// timelineNotes says where the range asked for (fromM, toM: "" for open)
// goes beyond the data, and which months' counts span gaps.
func timelineNotes(td *timelineData, tl *Timeline, fromM, toM string) []string {
	notes := []string{}
	month := func(t time.Time) string { return t.UTC().Format("2006-01") }
	first := ""
	if len(td.months) > 0 {
		first = td.months[0]
	}
	if fromM != "" && fromM < month(td.baseline.AsOf) || fromM != "" && first != "" && fromM < first {
		notes = append(notes, fmt.Sprintf("The range starts at %s, before the data: the first snapshot held is of %s. It is the starting point, so changes are counted only from the next snapshot%s on; nothing is known of the months before.",
			fromM, tl.DataFrom, firstOf(first)))
	}
	if toM != "" && toM > month(td.last.AsOf) {
		notes = append(notes, fmt.Sprintf("The range ends at %s, after the data: the last snapshot held is of %s.", toM, tl.DataTo))
	}
	for i, since := range tl.Since {
		if since != "" {
			notes = append(notes, fmt.Sprintf("%s counts every change since the snapshot of %s: no snapshot was taken in between.", tl.Months[i], since))
		}
	}
	return notes
}

func firstOf(m string) string {
	if m == "" {
		return ""
	}
	return " (" + m + ")"
}

// countEvents builds the per-month counts from a source's snapshots (in seq
// order) and events (in snapshot order). With keep, the totals count only
// the events under a key of grouping by that keep accepts (and, per
// program, gaining or losing such a program).
func countEvents(snaps []*embargo.Snapshot, events []embargo.ListEvent, by string, keep func(string) bool) *timelineData {
	td := &timelineData{baseline: snaps[0], last: snaps[len(snaps)-1], snaps: snaps, events: events,
		by: map[string]map[string]*TimelineSeries{byProgram: {}, byCountry: {}}}
	anyKept := func(keys []string) bool {
		for _, k := range keys {
			if keep(k) {
				return true
			}
		}
		return false
	}
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
	td.snapshots, td.added, td.removed, td.since = make([]int, n), make([]int, n), make([]int, n), make([]string, n)
	for k, snap := range snaps[1:] {
		i := index[month(snap.AsOf)]
		td.snapshots[i]++
		// A snapshot more than a month after the one before carries every
		// change of the gap into its month.
		prev := snaps[k].AsOf
		if td.snapshots[i] == 1 && month(prev) < month(snap.AsOf.AddDate(0, -1, 0)) {
			td.since[i] = embargo.FormatAsOf(prev)
		}
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
			keys := ev.Programs
			if by == byCountry {
				keys = ev.Countries
			}
			switch {
			case keep != nil && !anyKept(keysOr(keys)):
			case added:
				td.added[i]++
			default:
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
			// delisting from it (and, in a program filter's totals, of
			// the entity from the programs shown).
			var gained, lost bool
			for _, p := range ev.Programs {
				if !contains(prev, p) {
					count(byProgram, p, i, true)
					gained = gained || keep != nil && keep(p)
				}
			}
			for _, p := range prev {
				if !contains(ev.Programs, p) {
					count(byProgram, p, i, false)
					lost = lost || keep != nil && keep(p)
				}
			}
			// Only a move into or out of the programs shown counts.
			if by == byProgram && gained && !anyKept(prev) {
				td.added[i]++
			}
			if by == byProgram && lost && !anyKept(ev.Programs) {
				td.removed[i]++
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
