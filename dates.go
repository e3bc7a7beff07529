package embargo

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// SnapshotRef names a snapshot by id and as-of date.
type SnapshotRef struct {
	SnapshotID string `json:"snapshot_id"`
	AsOf       string `json:"as_of"`
}

// RefOf returns the reference of a snapshot, nil for nil.
func RefOf(s *Snapshot) *SnapshotRef {
	if s == nil {
		return nil
	}
	return &SnapshotRef{SnapshotID: s.ID, AsOf: FormatAsOf(s.AsOf)}
}

// Interval is when an entity left a list, as closely as the snapshots held
// tell: after From (the last snapshot that held it) and by To (the first
// that did not). The list itself seldom dates a removal.
type Interval struct {
	From SnapshotRef `json:"from"`
	To   SnapshotRef `json:"to"`
}

// String says the interval the way the CLI and the UI show it.
func (iv *Interval) String() string {
	return fmt.Sprintf("removed between %s and %s (the snapshots before and after)", iv.From.AsOf, iv.To.AsOf)
}

// RemovalInterval returns the interval of a removal in snapshot to (its
// predecessor is the last that held the entity), nil when either is not in
// snaps (a source's snapshots, in any order).
func RemovalInterval(snaps []*Snapshot, to int) *Interval {
	var a, b *Snapshot
	for _, s := range snaps {
		switch s.Seq {
		case to - 1:
			a = s
		case to:
			b = s
		}
	}
	if a == nil || b == nil {
		return nil
	}
	return &Interval{From: *RefOf(a), To: *RefOf(b)}
}

// NotCovered is a source a screening was meant to cover and could not: it
// had no snapshot on or before the as-of date, or it holds no snapshot at all.
type NotCovered struct {
	Source string `json:"source"`
	Reason string `json:"reason"`
}

// Dates says when an entity was listed, as far as its list and the
// snapshots held tell. ListedOn is the designation date the list publishes
// (nil where it publishes none, and ListedOnPublished is then false); the
// data for the entity starts at FirstSeen, the first snapshot that held it,
// and LastSeen is the last one that did.
type Dates struct {
	ListedOn          *string `json:"listed_on"`
	ListedOnPublished bool    `json:"listed_on_published"`
	FirstSeen         string  `json:"first_seen,omitempty"`
	LastSeen          string  `json:"last_seen,omitempty"`
}

// ListingDate returns an entity's published listing date as Dates.ListedOn
// and Dates.ListedOnPublished take it.
func ListingDate(e *Entity) (*string, bool) {
	if e == nil || e.ListedOn == "" {
		return nil, false
	}
	d := e.ListedOn
	return &d, true
}

// DatesNote says in a sentence what is known of when an entity was listed:
// the published date, or, where the list publishes none, where the data
// starts. before is the as-of date of the snapshot before the first that
// held the entity, "" when that one is the first snapshot held.
func DatesNote(listedOn, firstSeen, before string) string {
	if listedOn != "" {
		return fmt.Sprintf("listed on %s (the date the list publishes); first seen in the snapshot of %s", listedOn, firstSeen)
	}
	if before == "" {
		return fmt.Sprintf("first seen in the first snapshot held (%s); the list does not publish designation dates", firstSeen)
	}
	return fmt.Sprintf("added between %s and %s (first seen in the snapshot of %s); the list does not publish designation dates", before, firstSeen, firstSeen)
}

// SnapshotBefore returns the as-of date of the snapshot of snaps whose seq
// is seq-1, "" when there is none.
func SnapshotBefore(snaps []*Snapshot, seq int) string {
	for _, s := range snaps {
		if s.Seq == seq-1 {
			return FormatAsOf(s.AsOf)
		}
	}
	return ""
}

// Coverage returns the sources of want (every source of snaps when want is
// empty) that a screening as of asOf (zero: the latest) cannot cover,
// sorted by name: those without a snapshot on or before asOf, and those
// with no snapshot at all. snaps holds each source's snapshots in seq order.
func Coverage(snaps map[string][]*Snapshot, want []string, asOf time.Time) []NotCovered {
	out := []NotCovered{}
	if len(want) == 0 {
		if len(snaps) == 0 {
			return append(out, NotCovered{Source: "*", Reason: "the database holds no list: import or update one first"})
		}
		for src := range snaps {
			want = append(want, src)
		}
	}
	seen := map[string]bool{}
	for _, src := range want {
		if seen[src] {
			continue
		}
		seen[src] = true
		ss := snaps[src]
		switch {
		case len(ss) == 0:
			out = append(out, NotCovered{Source: src, Reason: fmt.Sprintf("no snapshot of %s is held: import or update it first", src)})
		case !asOf.IsZero() && ss[0].AsOf.After(asOf):
			out = append(out, NotCovered{Source: src, Reason: fmt.Sprintf("the first snapshot held is of %s, after the as-of date %s", FormatAsOf(ss[0].AsOf), asOf.UTC().Format("2006-01-02"))})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out
}

// KnownSources are the source names of the official lists.
var KnownSources = []string{SourceOFACSDN, SourceOFACCons, SourceUN, SourceEU, SourceUKOFSI, SourceUKFCDO, SourceUSCSL}

// CheckSources returns EINVALID, naming the valid values, for a requested
// source that is neither an official list's name nor one held (have).
func CheckSources(want, have []string) error {
	valid := map[string]bool{}
	for _, s := range KnownSources {
		valid[s] = true
	}
	for _, s := range have {
		valid[s] = true
	}
	for _, s := range want {
		if !valid[s] {
			names := make([]string, 0, len(valid))
			for v := range valid {
				names = append(names, v)
			}
			sort.Strings(names)
			return Errorf(EINVALID, "unknown source %q: valid sources are %s", s, strings.Join(names, ", "))
		}
	}
	return nil
}
