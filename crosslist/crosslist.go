// Package crosslist keeps the links between lists: the OFAC, UN, EU and UK
// entries of one party, found by package link. As an import observer it
// links the latest snapshot of every source once an import is committed
// and stores the links under those snapshots, so that pages and the API
// read them instead of linking every list on every request, and read them
// as they stood on any date.
//
// Snapshots that were never linked together (a database from before links
// were kept, a series of snapshots imported at once, whose days in between
// no import linked, a list imported out of date order) are linked when
// first asked for, and kept.
package crosslist

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/link"
)

// Store is what the service reads and writes: the lists and the links.
type Store interface {
	embargo.Store
	embargo.CrossLinkStore
}

// Service links the lists and keeps the links. Build it once where the
// process is wired (New) and register it as an import observer.
type Service struct {
	Store  Store
	Logger *slog.Logger

	// mu makes the linking of one process take turns: linking holds
	// every entity of every source in memory.
	mu sync.Mutex
}

var (
	_ embargo.ImportObserver = (*Service)(nil)
	_ embargo.CrossLinker    = (*Service)(nil)
)

// New returns the service over store.
func New(store Store, logger *slog.Logger) *Service {
	return &Service{Store: store, Logger: logger}
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// OnImport links the latest snapshots of every source once an import has
// created snapshots.
func (s *Service) OnImport(ctx context.Context, _ []*embargo.ImportResult) error {
	_, err := s.Latest(ctx)
	return err
}

// Latest returns the links between the latest snapshots of every source,
// linking them if no import did (a database from before links were kept).
func (s *Service) Latest(ctx context.Context) (*embargo.CrossLinkSet, error) {
	snaps, err := s.Store.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		return nil, err
	}
	latest := map[string]*embargo.Snapshot{}
	for _, sn := range snaps {
		if cur := latest[sn.Source]; cur == nil || sn.Seq > cur.Seq {
			latest[sn.Source] = sn
		}
	}
	var cur []*embargo.Snapshot
	for _, sn := range latest {
		cur = append(cur, sn)
	}
	return s.CrossLinks(ctx, cur)
}

// AsOf returns the links between the snapshots current at t (each
// source's latest on or before t; sources without one are left out), and
// those snapshots.
func (s *Service) AsOf(ctx context.Context, t time.Time) (*embargo.CrossLinkSet, []*embargo.Snapshot, error) {
	cur, err := embargo.SnapshotsAsOf(ctx, s.Store, t)
	if err != nil {
		return nil, nil, err
	}
	set, err := s.CrossLinks(ctx, cur)
	return set, cur, err
}

// CrossLinks returns the links between snaps (one snapshot per source):
// those stored, else computed now and stored. No snapshots have no links.
func (s *Service) CrossLinks(ctx context.Context, snaps []*embargo.Snapshot) (*embargo.CrossLinkSet, error) {
	if len(snaps) == 0 {
		return &embargo.CrossLinkSet{Snapshots: []embargo.SnapshotRef{}, Links: []embargo.CrossLink{}}, nil
	}
	key := embargo.CrossLinkKey(snaps)
	if len(snaps) == 1 {
		// Links join different lists: one list has none, and nothing is
		// read or stored (a daily import into a one-list database pays
		// nothing for links).
		return &embargo.CrossLinkSet{Key: key, AsOf: snaps[0].AsOf, Snapshots: []embargo.SnapshotRef{*embargo.RefOf(snaps[0])}, Links: []embargo.CrossLink{}}, nil
	}
	set, err := s.Store.FindCrossLinks(ctx, key)
	if embargo.ErrorCode(err) != embargo.ENOTFOUND {
		return set, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Linked by another caller while this one waited?
	if set, err := s.Store.FindCrossLinks(ctx, key); embargo.ErrorCode(err) != embargo.ENOTFOUND {
		return set, err
	}
	start := time.Now()
	set = &embargo.CrossLinkSet{Key: key, Snapshots: []embargo.SnapshotRef{}}
	sorted := append([]*embargo.Snapshot(nil), snaps...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Source < sorted[j].Source })
	var all []embargo.Entity
	for _, sn := range sorted {
		ents, err := s.Store.SnapshotEntities(ctx, sn)
		if err != nil {
			return nil, err
		}
		all = append(all, ents...)
		set.Snapshots = append(set.Snapshots, *embargo.RefOf(sn))
		if sn.AsOf.After(set.AsOf) {
			set.AsOf = sn.AsOf
		}
	}
	set.Links = link.Link(all)
	if err := s.Store.SaveCrossLinks(ctx, set); err != nil {
		if embargo.ErrorCode(err) == embargo.ECONFLICT {
			// Another process stored the same snapshots' links first.
			return s.Store.FindCrossLinks(ctx, key)
		}
		return nil, err
	}
	s.logger().Info("lists linked", "snapshots", len(snaps), "entities", len(all), "links", len(set.Links),
		"duration", time.Since(start).Round(time.Millisecond))
	return set, nil
}
