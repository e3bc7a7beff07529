package monitor

import (
	"strconv"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// watchSource is the source name of the customers' pseudo-entities.
const watchSource = "watchlist"

// custKey identifies a customer.
type custKey struct{ list, id string }

// slot is one indexed customer: its pseudo-entity is named by the slot's
// number. A customer changed or removed leaves a dead slot behind (indexes
// cannot remove), skipped by searches until the next compaction.
type slot struct {
	v       *embargo.EntityVersion // Name, Schema, Identifiers of the customer
	list    string
	id      string
	dob     string
	country string
	hash    string
	live    bool
}

func (s *slot) query() embargo.Query {
	e := &s.v.Entity
	return embargo.Query{ID: s.id, Name: e.Name, Schema: e.Schema, BirthDate: s.dob, Country: s.country, Identifiers: e.Identifiers}
}

func (s *slot) ref() embargo.CustomerRef {
	return embargo.CustomerRef{List: s.list, ID: s.id, Name: s.v.Entity.Name}
}

// watchIndex is the in-memory index of every watched customer. Customers
// loaded at once go into a base index; those changed since go into a small
// delta index rebuilt after each batch of changes, until the delta or the
// dead slots grow large enough to rebuild everything.
type watchIndex struct {
	rev   int64 // the watchlist revision applied
	slots []slot
	byKey map[custKey]int32 // live slot of each customer
	live  int

	base  *match.Index // slots [0, baseN)
	baseN int
	delta *match.Index // live slots [baseN, len(slots)); nil when none
	dirty bool         // slots changed since the indexes were built
}

func newWatchIndex() *watchIndex {
	return &watchIndex{byKey: map[custKey]int32{}}
}

// apply applies one watchlist change. Call finish before searching.
func (w *watchIndex) apply(ch *embargo.CustomerChange) {
	c := &ch.Customer
	k := custKey{c.List, c.ID}
	if i, ok := w.byKey[k]; ok {
		w.slots[i].live = false
		delete(w.byKey, k)
		w.live--
	}
	if ch.Rev > w.rev {
		w.rev = ch.Rev
	}
	w.dirty = true
	if ch.Change == embargo.ChangeRemoved {
		return
	}
	i := int32(len(w.slots))
	w.slots = append(w.slots, slot{
		v: &embargo.EntityVersion{Entity: embargo.Entity{
			ID: strconv.Itoa(int(i)), Source: watchSource, Schema: c.Schema, Name: c.Name, Identifiers: c.Identifiers,
		}, FromSeq: 1},
		list: c.List, id: c.ID, dob: c.BirthDate, country: c.Country, hash: c.Hash(), live: true,
	})
	w.byKey[k] = i
	w.live++
}

// finish brings the indexes up to date with the slots.
func (w *watchIndex) finish() {
	if !w.dirty {
		return
	}
	w.dirty = false
	pending := len(w.slots) - w.baseN
	dead := len(w.slots) - w.live
	if w.base == nil || pending > max(5000, w.live/8) || dead > max(5000, w.live/4) {
		w.rebuild()
		return
	}
	w.delta = nil
	if pending > 0 {
		w.delta = w.build(w.baseN, len(w.slots))
	}
}

// rebuild drops the dead slots and indexes every customer in the base.
func (w *watchIndex) rebuild() {
	slots := make([]slot, 0, w.live)
	for _, s := range w.slots {
		if s.live {
			n := len(slots)
			s.v.Entity.ID = strconv.Itoa(n)
			w.byKey[custKey{s.list, s.id}] = int32(n)
			slots = append(slots, s)
		}
	}
	w.slots = slots
	w.base = w.build(0, len(slots))
	w.baseN = len(slots)
	w.delta = nil
}

func (w *watchIndex) build(from, to int) *match.Index {
	ix := match.NewIndex()
	for i := from; i < to; i++ {
		if w.slots[i].live {
			ix.Add(w.slots[i].v)
		}
	}
	ix.Finish()
	return ix
}

// search finds the live customers whose names q may be, adding their slot
// numbers to found.
func (w *watchIndex) search(q embargo.Query, opts match.SearchOptions, found map[int32]bool) error {
	for _, ix := range []*match.Index{w.base, w.delta} {
		if ix == nil {
			continue
		}
		ms, err := ix.Search(q, opts)
		if err != nil {
			return err
		}
		for _, m := range ms {
			i, err := strconv.Atoi(m.EntityID)
			if err == nil && i < len(w.slots) && w.slots[i].live {
				found[int32(i)] = true
			}
		}
	}
	return nil
}
