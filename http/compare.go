package http

import (
	"context"
	nethttp "net/http"
	"slices"
	"sort"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
	"github.com/embargo-dev/embargo/link"
)

// registerCompareRoutes registers the cross-list views: which lists list
// the same party, and who one list names that another does not.
func (s *Server) registerCompareRoutes() {
	s.handle("GET /api/v1/compare", route{role: embargo.RoleViewer, read: true, api: true}, s.handleCompare)
	s.handle("GET /compare", route{role: embargo.RoleViewer, read: true}, s.handleComparePage)
}

// listing is one list's entry for a party.
type listing struct {
	EntityID  string         `json:"entity_id"`
	Source    string         `json:"source"`
	Name      string         `json:"name"`
	Schema    embargo.Schema `json:"schema"`
	Programs  []string       `json:"programs"`
	Countries []string       `json:"countries"`
	ListedOn  string         `json:"listed_on,omitempty"`
	// Reason says why it is the same party (link.Pair's reason and
	// detail), from the entity it is listed with.
	Reason string `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// crossIndex is the linker's view of each source's latest snapshot.
type crossIndex struct {
	snapshots map[string]string
	entities  map[string]*listing
	groups    map[string][]string
	pairs     map[[2]string]link.Pair
	// bySource lists each source's entity ids, sorted.
	bySource map[string][]string
}

// crossIndexFor returns the cross-list index of the latest snapshots,
// built once per set of snapshots (the linker runs over every entity).
func (s *Server) crossIndexFor(ctx context.Context) (*crossIndex, error) {
	if !s.Engine.Ready() {
		return nil, errNotReady
	}
	snaps := s.Engine.Snapshots()
	var ids []string
	for _, snap := range snaps {
		ids = append(ids, snap.ID)
	}
	sort.Strings(ids)
	ctx = context.WithoutCancel(ctx)
	return s.cross.get(ctx, strings.Join(ids, "\x00"), func() (*crossIndex, error) {
		ci := &crossIndex{snapshots: map[string]string{}, entities: map[string]*listing{}, pairs: map[[2]string]link.Pair{}, bySource: map[string][]string{}}
		var all []embargo.Entity
		for src, snap := range snaps {
			ents, err := s.Store.SnapshotEntities(ctx, snap)
			if err != nil {
				return nil, err
			}
			ci.snapshots[src] = snap.ID
			for i := range ents {
				e := &ents[i]
				ci.entities[e.ID] = &listing{EntityID: e.ID, Source: e.Source, Name: e.Name, Schema: e.Schema,
					Programs: append([]string{}, e.Programs...), Countries: export.CountryCodes(e.Countries()), ListedOn: e.ListedOn}
				ci.bySource[src] = append(ci.bySource[src], e.ID)
			}
			all = append(all, ents...)
		}
		pairs := link.Link(all)
		for _, p := range pairs {
			ci.pairs[[2]string{p.A, p.B}] = p
		}
		ci.groups = link.Groups(pairs)
		for _, ids := range ci.bySource {
			sort.Strings(ids)
		}
		return ci, nil
	})
}

// alsoListedBy returns the other lists' entries for the party of id, each
// with the reason it is linked (to id itself where the link is direct).
func (ci *crossIndex) alsoListedBy(id string) []listing {
	self := ci.entities[id]
	var out []listing
	for _, m := range ci.groups[id] {
		l := ci.entities[m]
		if m == id || l == nil || self != nil && l.Source == self.Source {
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
	Program   string            `json:"program,omitempty"`
	Country   string            `json:"country,omitempty"`
	Schema    string            `json:"schema,omitempty"`
	Total     int               `json:"total"`
	Entities  []comparedEntity  `json:"entities"`
}

type comparedEntity struct {
	listing
	// AlsoListedBy are the party's entries in other lists than A and B.
	AlsoListedBy []listing `json:"also_listed_by"`
}

// compare finds the entities of source a whose party source b does not
// list, filtered by program, country and schema.
func (s *Server) compare(ctx context.Context, a, b, program, country, schema string) (*comparison, error) {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" || a == b {
		return nil, embargo.Errorf(embargo.EINVALID, "a and b are required, two different sources (e.g. a=ofac-sdn&b=uk-ofsi)")
	}
	ci, err := s.crossIndexFor(ctx)
	if err != nil {
		return nil, err
	}
	for _, src := range []string{a, b} {
		if _, ok := ci.snapshots[src]; !ok {
			return nil, embargo.Errorf(embargo.ENOTFOUND, "no snapshot of source %s", src)
		}
	}
	var sch embargo.Schema
	if schema != "" {
		if sch = embargo.ParseSchema(schema); sch == embargo.SchemaUnknown {
			return nil, embargo.Errorf(embargo.EINVALID, "unknown type %q: want person, organization, vessel or aircraft", schema)
		}
	}
	c := &comparison{A: a, B: b, ListedBy: a, NotBy: b, Snapshots: map[string]string{a: ci.snapshots[a], b: ci.snapshots[b]},
		Program: program, Country: country, Schema: string(sch), Entities: []comparedEntity{}}
	for _, id := range ci.bySource[a] {
		l := ci.entities[id]
		if sch != "" && l.Schema != sch || !export.MatchProgram(l.Programs, program) || !export.MatchCountry(l.Countries, country) {
			continue
		}
		others := ci.alsoListedBy(id)
		if slices.ContainsFunc(others, func(o listing) bool { return o.Source == b }) {
			continue
		}
		c.Entities = append(c.Entities, comparedEntity{listing: *l, AlsoListedBy: others})
	}
	c.Total = len(c.Entities)
	return c, nil
}

// compareCSV writes a comparison as CSV.
func compareCSV(cw *export.Writer, c *comparison) error {
	if err := cw.Write("listed_by", "not_listed_by", "entity_id", "name", "schema", "programs", "countries", "listed_on", "also_listed_by"); err != nil {
		return err
	}
	for _, e := range c.Entities {
		var also []string
		for _, o := range e.AlsoListedBy {
			also = append(also, o.EntityID)
		}
		if err := cw.Write(c.A, c.B, e.EntityID, e.Name, string(e.Schema), export.Join(e.Programs), export.Join(e.Countries), e.ListedOn, export.Join(also)); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// handleCompare serves GET /api/v1/compare?a=&b=&program=&country=&type=:
// the entities listed by source a whose party source b does not list (by
// the linker: shared identifiers, UN references, name and date of birth),
// with programs, countries, listing dates and the other lists that name
// them; CSV when asked.
func (s *Server) handleCompare(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := r.URL.Query()
	c, err := s.compare(r.Context(), p.Get("a"), p.Get("b"), p.Get("program"), p.Get("country"), p.Get("type"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if wantCSV(r) {
		s.writeCSV(w, r, "listed-by-"+c.A+"-not-"+c.B, func(cw *export.Writer) error { return compareCSV(cw, c) })
		return
	}
	s.writeJSON(w, r, nethttp.StatusOK, c)
}

// comparePage is the data of the comparison page.
type comparePage struct {
	A, B, Program, Country, Type string
	Result                       *comparison
	// Shown is the first rows of the result.
	Shown           []comparedEntity
	Error           string
	CSVURL, SwapURL string
}

// compareRowLimit is how many rows the page shows; the CSV has them all.
const compareRowLimit = 500

// handleComparePage serves GET /compare?a=&b=&program=&country=&type=:
// "listed by A but not by B" as a page, exportable as CSV.
func (s *Server) handleComparePage(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := r.URL.Query()
	d := &comparePage{A: p.Get("a"), B: p.Get("b"), Program: p.Get("program"), Country: p.Get("country"), Type: p.Get("type")}
	status := nethttp.StatusOK
	if d.A != "" || d.B != "" {
		c, err := s.compare(r.Context(), d.A, d.B, d.Program, d.Country, d.Type)
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
			kv := []string{"program", d.Program, "country", d.Country, "type", d.Type}
			d.CSVURL = "/compare" + queryString(append([]string{"a", d.A, "b", d.B, "format", "csv"}, kv...)...)
			d.SwapURL = "/compare" + queryString(append([]string{"a", d.B, "b", d.A}, kv...)...)
		}
	}
	s.render(w, r, status, "compare", "Compare lists", "compare", d)
}
