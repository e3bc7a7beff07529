package engine

import (
	"sort"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// run is a stretch of an entity's source's snapshots, by seq (from
// inclusive, to exclusive, 0 while still listed), in which it stood in the
// list without a break.
type run struct{ from, to int32 }

// spans holds each entity's runs in seq order: what first_seen, last_seen
// and the removal intervals of matches are read from.
type spans map[string][]run

// add adds a version; versions come by entity, then by FromSeq (see
// embargo.Store.EntityVersions).
func (sp spans) add(v *embargo.EntityVersion) {
	id := v.Entity.ID
	rs := sp[id]
	if n := len(rs); n > 0 && rs[n-1].to == int32(v.FromSeq) {
		rs[n-1].to = int32(v.ToSeq)
		return
	}
	sp[id] = append(rs, run{int32(v.FromSeq), int32(v.ToSeq)})
}

// listedAt reports whether the entity stood in its list at seq.
func (sp spans) listedAt(id string, seq int) bool {
	for _, r := range sp[id] {
		if int(r.from) <= seq && (r.to == 0 || seq < int(r.to)) {
			return true
		}
	}
	return false
}

// removedBy returns the seq of the last removal of the entity at or
// before seq, 0 if none.
func (sp spans) removedBy(id string, seq int) int {
	to := 0
	for _, r := range sp[id] {
		if r.to != 0 && int(r.to) <= seq {
			to = int(r.to)
		}
	}
	return to
}

// snapshotBySeq returns the snapshot of snaps (in seq order) with seq, or nil.
func snapshotBySeq(snaps []*embargo.Snapshot, seq int) *embargo.Snapshot {
	i := sort.Search(len(snaps), func(i int) bool { return snaps[i].Seq >= seq })
	if i < len(snaps) && snaps[i].Seq == seq {
		return snaps[i]
	}
	return nil
}

// fillDates sets the first and last snapshots that held each match's entity.
func fillDates(ms []embargo.Match, sp spans, bySource map[string][]*embargo.Snapshot) {
	for i := range ms {
		m := &ms[i]
		rs, snaps := sp[m.EntityID], bySource[m.Source]
		if len(rs) == 0 || len(snaps) == 0 {
			continue
		}
		if s := snapshotBySeq(snaps, int(rs[0].from)); s != nil {
			m.FirstSeen = embargo.FormatAsOf(s.AsOf)
		}
		last := snaps[len(snaps)-1]
		if to := rs[len(rs)-1].to; to != 0 {
			last = snapshotBySeq(snaps, int(to)-1)
		}
		if last != nil {
			m.LastSeen = embargo.FormatAsOf(last.AsOf)
		}
	}
}

// delisted searches for the entities that match q and stood in their list
// before, but not at, seqs, each with its removal interval: at most limit,
// leaving out those in listed (the matches already found).
func delisted(ix *match.Index, q embargo.Query, seqs map[string]int, threshold float64, limit int, listed []embargo.Match, sp spans, bySource map[string][]*embargo.Snapshot) ([]embargo.Match, error) {
	ms, err := ix.Search(q, match.SearchOptions{Seqs: seqs, Ended: true, Threshold: threshold, Limit: limit + len(listed)})
	if err != nil {
		return nil, err
	}
	have := make(map[string]bool, len(listed))
	for _, m := range listed {
		have[m.EntityID] = true
	}
	out := []embargo.Match{}
	for _, m := range ms {
		seq, ok := seqs[m.Source]
		if !ok || have[m.EntityID] || sp.listedAt(m.EntityID, seq) {
			continue
		}
		if to := sp.removedBy(m.EntityID, seq); to != 0 {
			m.Between = embargo.RemovalInterval(bySource[m.Source], to)
		}
		out = append(out, m)
		if len(out) == limit {
			break
		}
	}
	fillDates(out, sp, bySource)
	return out, nil
}
