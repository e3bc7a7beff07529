package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/embargo-dev/embargo"
)

// EntityHistory returns an entity's history. See embargo.Store.
func (s *Store) EntityHistory(ctx context.Context, id string) (*embargo.History, error) {
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT source, hash, from_seq, to_seq FROM versions WHERE entity_id = ? ORDER BY from_seq`), id)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	type ver struct {
		source   string
		hash     string
		from, to int
	}
	var vers []ver
	for rows.Next() {
		var v ver
		var to sql.NullInt64
		if err := rows.Scan(&v.source, &v.hash, &v.from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		v.to = int(to.Int64)
		vers = append(vers, v)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(vers) == 0 {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "entity %s not found", id)
	}
	source := vers[0].source
	snaps, err := s.FindSnapshots(ctx, embargo.SnapshotFilter{Source: &source})
	if err != nil {
		return nil, err
	}
	bySeq := map[int]*embargo.Snapshot{}
	for _, snap := range snaps {
		bySeq[snap.Seq] = snap
	}
	latest := snaps[len(snaps)-1]
	h := &embargo.History{EntityID: id, Source: source, Events: []embargo.HistoryEvent{}}
	event := func(seq int, change, name string, fields []embargo.FieldChange) {
		snap := bySeq[seq]
		h.Events = append(h.Events, embargo.HistoryEvent{SnapshotID: snap.ID, AsOf: embargo.FormatAsOf(snap.AsOf), Change: change, Name: name, Fields: fields})
	}
	hashes := make([]string, len(vers))
	for i, v := range vers {
		hashes[i] = v.hash
	}
	data, err := s.loadData(ctx, s.DB, hashes)
	if err != nil {
		return nil, err
	}
	var listedOn string
	for i, v := range vers {
		name, lo, err := entityHead(data[v.hash])
		if err != nil {
			return nil, err
		}
		listedOn = lo
		// A version that starts where the previous one ended is a change;
		// one that starts later is a new listing after a removal.
		if i > 0 && vers[i-1].to == v.from {
			fields, err := compareJSON(data[vers[i-1].hash], data[v.hash])
			if err != nil {
				return nil, fmt.Errorf("compare %s: %w", id, err)
			}
			event(v.from, "changed", name, fields)
		} else {
			event(v.from, "added", name, nil)
		}
		if v.to != 0 && (i+1 == len(vers) || vers[i+1].from != v.to) {
			event(v.to, "removed", name, nil)
			h.Events[len(h.Events)-1].Between = embargo.RemovalInterval(snaps, v.to)
		}
		h.Name = name
	}
	h.FirstSeen = embargo.FormatAsOf(bySeq[vers[0].from].AsOf)
	h.ListedOn, h.ListedOnPublished = embargo.ListingDate(&embargo.Entity{ListedOn: listedOn})
	h.Note = embargo.DatesNote(listedOn, h.FirstSeen, embargo.SnapshotBefore(snaps, vers[0].from))
	last := vers[len(vers)-1]
	if last.to == 0 {
		h.Listed = true
		h.LastSeen = embargo.FormatAsOf(latest.AsOf)
	} else {
		h.LastSeen = embargo.FormatAsOf(bySeq[last.to-1].AsOf)
	}
	return h, nil
}

// Events returns every designation, change and delisting. See embargo.Store.
func (s *Store) Events(ctx context.Context, source string) ([]embargo.ListEvent, error) {
	snaps, err := s.FindSnapshots(ctx, embargo.SnapshotFilter{Source: &source})
	if err != nil {
		return nil, err
	}
	if len(snaps) == 0 {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "source %s has no snapshots", source)
	}
	bySeq := map[int]*embargo.Snapshot{}
	for _, snap := range snaps {
		bySeq[snap.Seq] = snap
	}
	var vers []embargo.EntityVersion // ordered by entity, then from_seq
	if err := s.EntityVersions(ctx, source, func(v *embargo.EntityVersion) error {
		vers = append(vers, *v)
		return nil
	}); err != nil {
		return nil, err
	}
	var events []embargo.ListEvent
	emit := func(v *embargo.EntityVersion, seq int, change string) {
		snap := bySeq[seq]
		e := &v.Entity
		events = append(events, embargo.ListEvent{SnapshotID: snap.ID, Seq: seq, AsOf: snap.AsOf, EntityID: e.ID,
			Name: e.Name, Change: change, Schema: e.Schema, Programs: e.Programs, Countries: e.Countries()})
	}
	for i := range vers {
		v := &vers[i]
		// A version continuing the previous one of the same entity is a
		// change; one that starts later is a new listing.
		continues := i > 0 && vers[i-1].Entity.ID == v.Entity.ID && vers[i-1].ToSeq == v.FromSeq
		if continues {
			emit(v, v.FromSeq, "changed")
		} else {
			emit(v, v.FromSeq, "added")
		}
		continued := i+1 < len(vers) && vers[i+1].Entity.ID == v.Entity.ID && vers[i+1].FromSeq == v.ToSeq
		if v.ToSeq != 0 && !continued {
			emit(v, v.ToSeq, "removed")
		}
	}
	sort.SliceStable(events, func(i, j int) bool {
		if events[i].Seq != events[j].Seq {
			return events[i].Seq < events[j].Seq
		}
		return entityIDLess(events[i].EntityID, events[j].EntityID)
	})
	return events, nil
}
