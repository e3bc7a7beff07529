package http

import (
	"context"
	"encoding/json"
	nethttp "net/http"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

// snapshotRef names a snapshot in API responses.
type snapshotRef struct {
	ID   string `json:"snapshot_id"`
	AsOf string `json:"as_of"`
}

func refOf(snap *embargo.Snapshot) *snapshotRef {
	if snap == nil {
		return nil
	}
	return &snapshotRef{ID: snap.ID, AsOf: embargo.FormatAsOf(snap.AsOf)}
}

// entityResponse is the body of GET /api/v1/entities/{id}: the entity's
// JSON (as stored, with links resolved to entity ids where the list allows)
// plus whether it is listed and the snapshot it is shown from.
type entityResponse struct {
	embargo.Entity
	// Listed is true when the entity is in the snapshot asked for (the
	// latest, or the one current at as_of).
	Listed bool `json:"listed"`
	// Snapshot is the snapshot the entity is shown as it stood in: the one
	// asked for, or for a delisted entity the last one that held it.
	Snapshot *snapshotRef `json:"snapshot"`
	// RemovedIn is, for a delisted entity, the snapshot it was removed in.
	RemovedIn *snapshotRef `json:"removed_in,omitempty"`
	// LinkedFrom lists the entities whose links point to this one.
	LinkedFrom []embargo.Link `json:"linked_from,omitempty"`
	// AlsoListedBy lists the same party's entries in other lists, each
	// with its programs, listing date and why it is the same party.
	AlsoListedBy []listing `json:"also_listed_by"`
	// AlsoListedByAmong are the snapshots, one per source, among which
	// also_listed_by was linked (at their import).
	AlsoListedByAmong []embargo.SnapshotRef `json:"also_listed_by_among,omitempty"`
	// ListedOnPublished, FirstSeen and LastSeen say when the entity was
	// listed (see embargo.Dates); listed_on is the entity's own, null
	// where the list publishes none (see MarshalJSON).
	ListedOnPublished bool   `json:"listed_on_published"`
	FirstSeen         string `json:"first_seen"`
	LastSeen          string `json:"last_seen"`
	// Between is, for a delisted entity, when it was removed.
	Between *embargo.Interval `json:"between,omitempty"`
	// DatesNote says the same in words (see embargo.DatesNote).
	DatesNote string `json:"dates_note"`
}

// MarshalJSON encodes the response with "listed_on": null where the list
// publishes no listing date (the entity's own field is then left out).
func (r entityResponse) MarshalJSON() ([]byte, error) {
	type plain entityResponse
	b, err := json.Marshal(plain(r))
	if err != nil || r.Entity.ListedOn != "" {
		return b, err
	}
	return append([]byte(`{"listed_on":null,`), b[1:]...), nil
}

// handleEntity serves GET /api/v1/entities/{id}[?as_of=DATE|SNAPSHOT]: an
// entity as it stood in its source's latest snapshot, in the one current on
// as_of, or in the snapshot as_of names.
func (s *Server) handleEntity(w nethttp.ResponseWriter, r *nethttp.Request) error {
	v, err := s.lookupEntity(r.Context(), r.PathValue("id"), r.URL.Query().Get("as_of"))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, nethttp.StatusOK, entityResponse{Entity: *v.Entity, Listed: v.Listed,
		Snapshot: refOf(v.Snapshot), RemovedIn: refOf(v.Removed), LinkedFrom: v.LinkedFrom, AlsoListedBy: v.AlsoListedBy,
		AlsoListedByAmong: v.LinkSnapshots,
		ListedOnPublished: v.Dates.ListedOnPublished, FirstSeen: v.Dates.FirstSeen, LastSeen: v.Dates.LastSeen,
		Between: v.Between, DatesNote: v.DatesNote})
	return nil
}

// handleEntityHistory serves GET /api/v1/entities/{id}/history: every
// snapshot in which the entity was added, changed or removed (the JSON of
// `embargo history --json`).
func (s *Server) handleEntityHistory(w nethttp.ResponseWriter, r *nethttp.Request) error {
	id := r.PathValue("id")
	if err := checkEntityID(id); err != nil {
		return err
	}
	h, err := s.Store.EntityHistory(r.Context(), id)
	return s.reply(w, r, h, err)
}

func checkEntityID(id string) error {
	src, sid, ok := embargo.SplitEntityID(id)
	if !ok || src == "" || sid == "" || len(id) > 500 {
		return embargo.Errorf(embargo.EINVALID, "entity id %q: want SOURCE:SOURCE_ID, e.g. ofac-sdn:29366", id)
	}
	return nil
}

// entityView is an entity as the API and the UI show it.
type entityView struct {
	Entity *embargo.Entity
	Listed bool
	// Snapshot is the snapshot the entity is shown from; Removed the one
	// it was removed in, for a delisted entity.
	Snapshot, Removed *embargo.Snapshot
	LinkedFrom        []embargo.Link
	// AlsoListedBy are the party's entries in other lists (see link), as
	// linked among LinkSnapshots.
	AlsoListedBy  []listing
	LinkSnapshots []embargo.SnapshotRef
	// Snapshots are the source's snapshots in seq order.
	Snapshots []*embargo.Snapshot
	// Dates, Between and DatesNote say when it was listed and removed.
	Dates     embargo.Dates
	Between   *embargo.Interval
	DatesNote string
	history   *embargo.History
}

// lookupEntity finds an entity as of a date ("" for the latest snapshot).
// A delisted entity is shown as it stood in the last snapshot that held it.
func (s *Server) lookupEntity(ctx context.Context, id, asOf string) (*entityView, error) {
	if err := checkEntityID(id); err != nil {
		return nil, err
	}
	source, _, _ := embargo.SplitEntityID(id)
	snaps, err := s.Store.FindSnapshots(ctx, embargo.SnapshotFilter{Source: &source})
	if err != nil {
		return nil, err
	}
	if len(snaps) == 0 {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "entity %s not found: there is no source %q", id, source)
	}
	target := snaps[len(snaps)-1]
	if asOf = strings.TrimSpace(asOf); strings.Contains(asOf, "@") {
		// A snapshot id (the diff page links delisted entities to the
		// snapshot before): that snapshot exactly.
		if target = snapshotByID(snaps, asOf); target == nil {
			if src, _, _ := strings.Cut(asOf, "@"); src != source {
				return nil, embargo.Errorf(embargo.EINVALID, "snapshot %s is not of source %s", asOf, source)
			}
			return nil, embargo.Errorf(embargo.ENOTFOUND, "snapshot %s not found", asOf)
		}
	} else if asOf != "" {
		t, err := embargo.ParseAsOf(asOf, true)
		if err != nil {
			return nil, err
		}
		target = nil
		for _, snap := range snaps {
			if !snap.AsOf.After(t) {
				target = snap
			}
		}
		if target == nil {
			return nil, embargo.Errorf(embargo.ENOTFOUND, "source %s has no snapshot on or before %s (the first is of %s)", source, asOf, embargo.FormatAsOf(snaps[0].AsOf))
		}
	}
	v := &entityView{Snapshots: snaps, Snapshot: target, Listed: true}
	v.Entity, err = s.Store.FindEntityByID(ctx, id, target)
	if embargo.ErrorCode(err) == embargo.ENOTFOUND {
		err = s.lookupDelisted(ctx, id, v)
	}
	if err != nil {
		return nil, err
	}
	if err := s.entityDates(ctx, id, v); err != nil {
		return nil, err
	}
	li, err := s.linkIndexFor(ctx, v.Snapshot)
	if err != nil {
		return nil, err
	}
	if links, ok := li.links[id]; ok {
		v.Entity.Links = links
	}
	v.LinkedFrom = li.from[id]
	// The same party in other lists, as the links kept for the snapshots
	// shown stood: the latest snapshots, those current on as_of, or for a
	// delisted entity those current when it was last listed (none while
	// the index loads).
	v.AlsoListedBy = []listing{}
	var t time.Time
	switch {
	case !v.Listed:
		t = v.Snapshot.AsOf
	case asOf != "":
		if t, err = embargo.ParseAsOf(asOf, true); err != nil {
			t = v.Snapshot.AsOf // a snapshot id
		}
	}
	if s.CrossLinks != nil && (s.Engine.Ready() || !t.IsZero()) {
		ci, err := s.crossIndexAsOf(ctx, t, false)
		if err != nil {
			return nil, err
		}
		v.AlsoListedBy = ci.alsoListedBy(ctx, s.Store, id)
		v.LinkSnapshots = ci.snapshotRefs()
	}
	return v, nil
}

// lookupDelisted finds the last version of an entity that is not in
// v.Snapshot: the one in the snapshot before its last removal up to then.
func (s *Server) lookupDelisted(ctx context.Context, id string, v *entityView) error {
	h, err := s.Store.EntityHistory(ctx, id)
	if err != nil {
		return err
	}
	v.history = h
	seqOf := map[string]int{}
	for _, snap := range v.Snapshots {
		seqOf[snap.ID] = snap.Seq
	}
	var last *embargo.HistoryEvent
	for i := range h.Events {
		if seqOf[h.Events[i].SnapshotID] <= v.Snapshot.Seq {
			last = &h.Events[i]
		}
	}
	if last == nil {
		return embargo.Errorf(embargo.ENOTFOUND, "entity %s was not listed yet on %s (first seen %s)", id, embargo.FormatAsOf(v.Snapshot.AsOf), h.FirstSeen)
	}
	if last.Change != "removed" {
		// Not in the snapshot, yet not removed by then: the store and the
		// history disagree.
		return embargo.Errorf(embargo.EINTERNAL, "entity %s: history ends with %q at %s but the entity is not in %s", id, last.Change, last.SnapshotID, v.Snapshot.ID)
	}
	removedSeq := seqOf[last.SnapshotID]
	var shown, removed *embargo.Snapshot
	for _, snap := range v.Snapshots {
		if snap.Seq == removedSeq-1 {
			shown = snap
		}
		if snap.Seq == removedSeq {
			removed = snap
		}
	}
	if shown == nil {
		return embargo.Errorf(embargo.EINTERNAL, "entity %s: no snapshot before %s", id, last.SnapshotID)
	}
	e, err := s.Store.FindEntityByID(ctx, id, shown)
	if err != nil {
		return err
	}
	v.Entity, v.Listed, v.Snapshot, v.Removed = e, false, shown, removed
	return nil
}

// entityDates fills in when the entity shown was listed: the date its
// list publishes (its version shown's), the first and last snapshots that
// held it and, for a delisted entity, the interval of its removal.
func (s *Server) entityDates(ctx context.Context, id string, v *entityView) error {
	h := v.history
	if h == nil {
		var err error
		if h, err = s.Store.EntityHistory(ctx, id); err != nil {
			return err
		}
		v.history = h
	}
	v.Dates.ListedOn, v.Dates.ListedOnPublished = embargo.ListingDate(v.Entity)
	v.Dates.FirstSeen, v.Dates.LastSeen = h.FirstSeen, h.LastSeen
	before := ""
	for i, snap := range v.Snapshots {
		if embargo.FormatAsOf(snap.AsOf) == h.FirstSeen && i > 0 {
			before = embargo.FormatAsOf(v.Snapshots[i-1].AsOf)
		}
	}
	listedOn := ""
	if v.Dates.ListedOn != nil {
		listedOn = *v.Dates.ListedOn
	}
	v.DatesNote = embargo.DatesNote(listedOn, h.FirstSeen, before)
	if v.Removed != nil {
		v.Between = embargo.RemovalInterval(v.Snapshots, v.Removed.Seq)
	}
	return nil
}

// linkIndex holds a snapshot's links, resolved over all its entities.
type linkIndex struct {
	// links maps an entity id to its links, with target ids filled in.
	links map[string][]embargo.Link
	// from maps an entity id to links naming the entities that link to it.
	from map[string][]embargo.Link
}

// linkIndexFor returns a snapshot's link index, built once per snapshot:
// links are resolved when read (embargo.ResolveLinks), over every entity
// of the snapshot.
func (s *Server) linkIndexFor(ctx context.Context, snap *embargo.Snapshot) (*linkIndex, error) {
	ctx = context.WithoutCancel(ctx)
	return s.links.get(ctx, snap.ID, func() (*linkIndex, error) {
		ents, err := s.Store.SnapshotEntities(ctx, snap)
		if err != nil {
			return nil, err
		}
		embargo.ResolveLinks(ents)
		li := &linkIndex{links: map[string][]embargo.Link{}, from: map[string][]embargo.Link{}}
		for i := range ents {
			e := &ents[i]
			if len(e.Links) == 0 {
				continue
			}
			li.links[e.ID] = e.Links
			for _, l := range e.Links {
				if l.EntityID != "" {
					li.from[l.EntityID] = append(li.from[l.EntityID], embargo.Link{EntityID: e.ID, Name: e.Name, Relation: l.Relation})
				}
			}
		}
		return li, nil
	})
}

// snapshotByID returns the snapshot of snaps with this id, or nil.
func snapshotByID(snaps []*embargo.Snapshot, id string) *embargo.Snapshot {
	for _, snap := range snaps {
		if snap.ID == id {
			return snap
		}
	}
	return nil
}
