package http

import (
	"context"
	nethttp "net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
	"github.com/embargo-dev/embargo/link"
)

// listing is one list's entry for a party.
type listing struct {
	EntityID  string         `json:"entity_id"`
	Source    string         `json:"source"`
	Name      string         `json:"name"`
	Schema    embargo.Schema `json:"schema"`
	Programs  []string       `json:"programs"`
	Countries []string       `json:"countries"`
	ListedOn  string         `json:"listed_on,omitempty"`
	// FirstSeen is, in a comparison, the date of the first snapshot that
	// held the entity: since when the data shows it listed, where the
	// list publishes no date.
	FirstSeen string `json:"first_seen,omitempty"`
	// Reason says why it is the same party (link.Pair's reason and
	// detail), from the entity it is listed with.
	Reason string `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// crossIndex is the cross-list view of one snapshot of each source: the
// links stored for them (computed at import, see package crosslist) and,
// when full, every entity's listing.
type crossIndex struct {
	set       *embargo.CrossLinkSet
	snapshots map[string]*embargo.Snapshot // by source
	groups    map[string][]string
	pairs     map[[2]string]embargo.CrossLink
	// full says entities and bySource hold every entity of the snapshots;
	// otherwise listings are read as asked (the entity page).
	full     bool
	entities map[string]*listing
	// bySource lists each source's entity ids, sorted.
	bySource map[string][]string
	// mu guards entities when the index is not full.
	mu sync.Mutex
}

// crossIndexFor returns the full cross-list index of the latest snapshots
// (those the engine serves), built once per set of snapshots.
func (s *Server) crossIndexFor(ctx context.Context) (*crossIndex, error) {
	return s.crossIndexAsOf(ctx, time.Time{}, true)
}

// crossIndexAsOf returns the cross-list index of the snapshots current at t
// (the latest, those the engine serves, when t is zero).
func (s *Server) crossIndexAsOf(ctx context.Context, t time.Time, full bool) (*crossIndex, error) {
	var snaps []*embargo.Snapshot
	if t.IsZero() {
		if !s.Engine.Ready() {
			return nil, errNotReady
		}
		for _, snap := range s.Engine.Snapshots() {
			snaps = append(snaps, snap)
		}
	} else {
		var err error
		if snaps, err = embargo.SnapshotsAsOf(ctx, s.Store, t); err != nil {
			return nil, err
		}
	}
	return s.crossIndexOf(ctx, snaps, full)
}

// crossIndexOf returns the cross-list index of snaps, from the links kept
// for them (linked now and kept if no import linked them).
func (s *Server) crossIndexOf(ctx context.Context, snaps []*embargo.Snapshot, full bool) (*crossIndex, error) {
	if s.CrossLinks == nil {
		return nil, embargo.Errorf(embargo.EINTERNAL, "http: no cross-list links service")
	}
	key := embargo.CrossLinkKey(snaps)
	kind := "part\x00"
	if full {
		kind = "full\x00"
	}
	ctx = context.WithoutCancel(ctx)
	return s.cross.get(ctx, kind+key, func() (*crossIndex, error) {
		set, err := s.CrossLinks.CrossLinks(ctx, snaps)
		if err != nil {
			return nil, err
		}
		ci := &crossIndex{set: set, snapshots: map[string]*embargo.Snapshot{}, entities: map[string]*listing{},
			pairs: map[[2]string]embargo.CrossLink{}, bySource: map[string][]string{}, full: full}
		for _, snap := range snaps {
			ci.snapshots[snap.Source] = snap
		}
		for _, p := range set.Links {
			ci.pairs[[2]string{p.A, p.B}] = p
		}
		ci.groups = link.Groups(set.Links)
		if !full {
			return ci, nil
		}
		for src, snap := range ci.snapshots {
			ents, err := s.Store.SnapshotEntities(ctx, snap)
			if err != nil {
				return nil, err
			}
			for i := range ents {
				ci.entities[ents[i].ID] = listingOf(&ents[i])
				ci.bySource[src] = append(ci.bySource[src], ents[i].ID)
			}
		}
		for _, ids := range ci.bySource {
			sort.Strings(ids)
		}
		return ci, nil
	})
}

// listingOf returns an entity's listing.
func listingOf(e *embargo.Entity) *listing {
	return &listing{EntityID: e.ID, Source: e.Source, Name: e.Name, Schema: e.Schema,
		Programs: append([]string{}, e.Programs...), Countries: export.CountryCodes(e.Countries()), ListedOn: e.ListedOn}
}

// listing returns the listing of id in the index's snapshots, nil if it
// is not in them.
func (ci *crossIndex) listing(ctx context.Context, store embargo.Store, id string) *listing {
	if ci.full {
		return ci.entities[id]
	}
	ci.mu.Lock()
	defer ci.mu.Unlock()
	if l, ok := ci.entities[id]; ok {
		return l
	}
	var l *listing
	src, _, _ := embargo.SplitEntityID(id)
	if snap := ci.snapshots[src]; snap != nil {
		if e, err := store.FindEntityByID(ctx, id, snap); err == nil {
			l = listingOf(e)
		}
	}
	ci.entities[id] = l
	return l
}

// snapshotRefs returns the snapshots the index links, by source.
func (ci *crossIndex) snapshotRefs() []embargo.SnapshotRef {
	return ci.set.Snapshots
}

// alsoListedBy returns the other lists' entries for the party of id, each
// with the reason it is linked (to id itself where the link is direct).
func (ci *crossIndex) alsoListedBy(ctx context.Context, store embargo.Store, id string) []listing {
	src, _, _ := embargo.SplitEntityID(id)
	out := []listing{}
	for _, m := range ci.groups[id] {
		if m == id {
			continue
		}
		l := ci.listing(ctx, store, m)
		if l == nil || l.Source == src {
			continue
		}
		c := *l
		k := [2]string{id, m}
		if k[0] > k[1] {
			k[0], k[1] = k[1], k[0]
		}
		if p, ok := ci.pairs[k]; ok {
			c.Reason, c.Detail = p.Reason, p.Detail
		} else {
			c.Reason, c.Detail = "through another list", "linked to an entry that this one is linked to"
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].EntityID < out[j].EntityID })
	return out
}

// comparison is the answer of a comparison: the entries of A whose party
// B does not list.
type comparison struct {
	A, B      string            `json:"-"`
	ListedBy  string            `json:"listed_by"`
	NotBy     string            `json:"not_listed_by"`
	Snapshots map[string]string `json:"snapshots"`
	// AsOf is the date asked for (the latest snapshots when empty).
	AsOf    string `json:"as_of,omitempty"`
	Program string `json:"program,omitempty"`
	Country string `json:"country,omitempty"`
	Schema  string `json:"schema,omitempty"`
	// DataStarts is the date of the first snapshot of listed_by held: an
	// entity first seen then was listed on or before it.
	DataStarts string           `json:"data_starts"`
	Total      int              `json:"total"`
	Entities   []comparedEntity `json:"entities"`
}

type comparedEntity struct {
	listing
	// AlsoListedBy are the party's entries in other lists than A and B.
	AlsoListedBy []listing `json:"also_listed_by"`
}

// compare finds the entities of source a whose party source b does not
// list, filtered by program, country and schema, among the snapshots
// current on asOf (the latest when empty), by the links kept for them.
func (s *Server) compare(ctx context.Context, a, b, program, country, schema, asOf string) (*comparison, error) {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" || a == b {
		return nil, embargo.Errorf(embargo.EINVALID, "a and b are required, two different sources (e.g. a=ofac-sdn&b=uk-ofsi)")
	}
	var t time.Time
	if asOf = strings.TrimSpace(asOf); asOf != "" {
		var err error
		if t, err = embargo.ParseAsOf(asOf, true); err != nil {
			return nil, embargo.Errorf(embargo.EINVALID, "as_of %q: want a date (YYYY-MM-DD) or time (RFC 3339)", asOf)
		}
	}
	var sch embargo.Schema
	if schema != "" {
		if sch = embargo.ParseSchema(schema); sch == embargo.SchemaUnknown {
			return nil, embargo.Errorf(embargo.EINVALID, "unknown type %q: want person, organization, vessel or aircraft", schema)
		}
	}
	ci, err := s.crossIndexAsOf(ctx, t, true)
	if err != nil {
		return nil, err
	}
	for _, src := range []string{a, b} {
		if _, ok := ci.snapshots[src]; !ok {
			if asOf != "" {
				return nil, embargo.Errorf(embargo.ENOTFOUND, "no snapshot of source %s on or before %s", src, asOf)
			}
			return nil, embargo.Errorf(embargo.ENOTFOUND, "no snapshot of source %s", src)
		}
	}
	c := &comparison{A: a, B: b, ListedBy: a, NotBy: b, Snapshots: map[string]string{a: ci.snapshots[a].ID, b: ci.snapshots[b].ID},
		AsOf: asOf, Program: program, Country: country, Schema: string(sch), Entities: []comparedEntity{}}
	firstSeen, err := s.firstSeen(ctx, a)
	if err != nil {
		return nil, err
	}
	if td, err := s.timelineData(ctx, a); err == nil {
		c.DataStarts = td.baseline.AsOf.UTC().Format("2006-01-02")
	}
	for _, id := range ci.bySource[a] {
		l := ci.entities[id]
		if sch != "" && l.Schema != sch || !export.MatchProgram(l.Programs, program) || !export.MatchCountry(l.Countries, country) {
			continue
		}
		others := ci.alsoListedBy(ctx, s.Store, id)
		if slices.ContainsFunc(others, func(o listing) bool { return o.Source == b }) {
			continue
		}
		e := comparedEntity{listing: *l, AlsoListedBy: others}
		e.FirstSeen = firstSeen[id]
		c.Entities = append(c.Entities, e)
	}
	c.Total = len(c.Entities)
	return c, nil
}

// firstSeen returns the date (YYYY-MM-DD) of the first snapshot of source
// that held each of its entities, from the source's events (cached with
// its timeline).
func (s *Server) firstSeen(ctx context.Context, source string) (map[string]string, error) {
	td, err := s.timelineData(ctx, source)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, ev := range td.events {
		if _, ok := out[ev.EntityID]; !ok && ev.Change == "added" {
			out[ev.EntityID] = ev.AsOf.UTC().Format("2006-01-02")
		}
	}
	return out, nil
}

// compareCSV writes a comparison as CSV.
func compareCSV(cw *export.Writer, c *comparison) error {
	if err := cw.Write("listed_by", "not_listed_by", "entity_id", "name", "schema", "programs", "countries", "listed_on", "also_listed_by", "first_seen"); err != nil {
		return err
	}
	for _, e := range c.Entities {
		var also []string
		for _, o := range e.AlsoListedBy {
			also = append(also, o.EntityID)
		}
		if err := cw.Write(c.A, c.B, e.EntityID, e.Name, string(e.Schema), export.Join(e.Programs), export.Join(e.Countries), e.ListedOn, export.Join(also), e.FirstSeen); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// handleCompare serves GET /api/v1/compare?a=&b=&program=&country=&type=&as_of=:
// the entities listed by source a whose party source b does not list (by
// the links kept at import: shared identifiers, UN references, name and
// date of birth), with programs, countries, listing dates and the other
// lists that name them, among the latest snapshots or those current on
// as_of; CSV when asked.
func (s *Server) handleCompare(w nethttp.ResponseWriter, r *nethttp.Request) error {
	p := r.URL.Query()
	c, err := s.compare(r.Context(), p.Get("a"), p.Get("b"), p.Get("program"), p.Get("country"), p.Get("type"), p.Get("as_of"))
	if err != nil {
		return err
	}
	if wantCSV(r) {
		s.writeCSV(w, r, "listed-by-"+c.A+"-not-"+c.B, func(cw *export.Writer) error { return compareCSV(cw, c) })
		return nil
	}
	s.writeJSON(w, r, nethttp.StatusOK, c)
	return nil
}

// comparePage is the data of the comparison page.
type comparePage struct {
	A, B, Program, Country, Type, AsOf string
	Result                             *comparison
	// Shown is the first rows of the result.
	Shown           []comparedEntity
	Error           string
	CSVURL, SwapURL string
}

// compareRowLimit is how many rows the page shows; the CSV has them all.
const compareRowLimit = 500

// handleComparePage serves GET /compare?a=&b=&program=&country=&type=&as_of=:
// "listed by A but not by B" as a page, exportable as CSV.
func (s *Server) handleComparePage(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := r.URL.Query()
	d := &comparePage{A: p.Get("a"), B: p.Get("b"), Program: p.Get("program"), Country: p.Get("country"), Type: p.Get("type"), AsOf: p.Get("as_of")}
	status := nethttp.StatusOK
	if d.A != "" || d.B != "" {
		c, err := s.compare(r.Context(), d.A, d.B, d.Program, d.Country, d.Type, d.AsOf)
		if err != nil {
			code, msg := s.publicError(r, err)
			status, d.Error = ErrorStatus(code), msg
		} else {
			if wantCSV(r) {
				s.writeCSV(w, r, "listed-by-"+c.A+"-not-"+c.B, func(cw *export.Writer) error { return compareCSV(cw, c) })
				return
			}
			d.Result = c
			d.Shown = c.Entities[:min(len(c.Entities), compareRowLimit)]
			kv := []string{"program", d.Program, "country", d.Country, "type", d.Type, "as_of", d.AsOf}
			d.CSVURL = "/compare" + queryString(append([]string{"a", d.A, "b", d.B, "format", "csv"}, kv...)...)
			d.SwapURL = "/compare" + queryString(append([]string{"a", d.B, "b", d.A}, kv...)...)
		}
	}
	s.render(w, r, status, "compare", "Compare lists", "compare", d)
}
