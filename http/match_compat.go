package http

import (
	"context"
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/embargo-dev/embargo"
)

// This file answers the matching API of OpenSanctions' yente
// (POST /match/{dataset}), so that clients written for yente can screen
// against embargo unchanged. Request and response follow yente's shapes;
// scores are embargo's.

// yenteDefaultLimit is yente's default number of results per query.
const yenteDefaultLimit = 5

// yenteMatchRequest is yente's EntityMatchQuery.
type yenteMatchRequest struct {
	Queries map[string]*yenteExample `json:"queries"`
	// Weights and Config tune yente's algorithms; embargo accepts and
	// ignores them.
	Weights map[string]float64 `json:"weights,omitempty"`
	Config  map[string]any     `json:"config,omitempty"`
}

// yenteExample is an entity given by example: a FollowTheMoney schema and
// properties, each a string or a list.
type yenteExample struct {
	ID         *string                `json:"id,omitempty"`
	Schema     string                 `json:"schema"`
	Properties map[string]propertyVal `json:"properties"`
}

// propertyVal is a property's values; yente accepts a string or a list.
type propertyVal []string

// UnmarshalJSON accepts a string, a number or a list of them.
func (p *propertyVal) UnmarshalJSON(b []byte) error {
	var list []any
	if err := json.Unmarshal(b, &list); err != nil {
		var one any
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		list = []any{one}
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		switch v := v.(type) {
		case nil:
		case string:
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		case float64:
			out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
		case bool:
			out = append(out, strconv.FormatBool(v))
		default:
			return fmt.Errorf("property values must be strings, got %T", v)
		}
	}
	*p = out
	return nil
}

// yenteMatchResponse is yente's EntityMatchResponse.
type yenteMatchResponse struct {
	Responses map[string]*yenteMatches `json:"responses"`
	Matcher   map[string]yenteFeature  `json:"matcher"`
	Limit     int                      `json:"limit"`
}

type yenteMatches struct {
	Status  int               `json:"status"`
	Results []yenteResult     `json:"results"`
	Total   yenteTotal        `json:"total"`
	Query   yenteQueryEcho    `json:"query"`
	Error   string            `json:"error,omitempty"`
	Sources map[string]string `json:"snapshots,omitempty"`
	// NotCovered is embargo's: the sources in scope the screening could
	// not cover (see embargo.ScreenResult.NotCovered).
	NotCovered []embargo.NotCovered `json:"not_covered"`
}

type yenteTotal struct {
	Value    int    `json:"value"`
	Relation string `json:"relation"`
}

type yenteQueryEcho struct {
	ID         *string             `json:"id,omitempty"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

// yenteResult is yente's ScoredEntityResponse, with embargo's explanation.
type yenteResult struct {
	ID          string               `json:"id"`
	Caption     string               `json:"caption"`
	Schema      string               `json:"schema"`
	Properties  map[string][]string  `json:"properties"`
	Datasets    []string             `json:"datasets"`
	Referents   []string             `json:"referents"`
	Target      bool                 `json:"target"`
	FirstSeen   *string              `json:"first_seen"`
	LastSeen    *string              `json:"last_seen"`
	LastChange  *string              `json:"last_change"`
	Score       float64              `json:"score"`
	Features    map[string]float64   `json:"features"`
	Match       bool                 `json:"match"`
	Explanation *embargo.Explanation `json:"explanation,omitempty"`
	// ListedOn and ListedOnPublished are embargo's (see embargo.Dates).
	ListedOn          *string `json:"listed_on"`
	ListedOnPublished bool    `json:"listed_on_published"`
}

type yenteFeature struct {
	Description string  `json:"description"`
	Coefficient float64 `json:"coefficient"`
}

// yenteFeatures documents the features results carry, as yente's "matcher".
var yenteFeatures = map[string]yenteFeature{
	"name":       {"How well the best listed name matches the query's names (0 to 1).", 1},
	"dob":        {"Effect of the date of birth on the score (negative: it contradicts).", 1},
	"country":    {"Effect of the nationality or country on the score.", 1},
	"schema":     {"Effect of the entity type on the score.", 1},
	"identifier": {"Effect of identifiers (passport, registration, IMO numbers) on the score.", 1},
}

// handleMatchCompat serves POST /match/{dataset}: yente's query-by-example
// matching API. dataset is "default" (every source) or a source name.
// Parameters: threshold (a result's "match" is score >= threshold; default
// the engine's threshold), cutoff (lowest score returned; default the
// threshold), limit (results per query, default 5), include_dataset,
// exclude_dataset, exclude_schema, exclude_entity_ids, and embargo's own
// as_of. algorithm, topics and changed_since are accepted and ignored.
func (s *Server) handleMatchCompat(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := r.URL.Query()
	opts, threshold, limit, err := s.yenteOptions(r.PathValue("dataset"), p)
	if err != nil {
		s.yenteError(w, r, err)
		return
	}
	var req yenteMatchRequest
	if err := decodeJSON(w, r, s.Config.MaxBodyBytes, &req); err != nil {
		s.yenteError(w, r, err)
		return
	}
	if len(req.Queries) == 0 {
		s.yenteError(w, r, embargo.Errorf(embargo.EINVALID, "No queries provided."))
		return
	}
	if len(req.Queries) > s.Config.MaxBatch {
		s.yenteError(w, r, embargo.Errorf(embargo.ETOOLARGE, "Too many queries in one batch (limit: %d)", s.Config.MaxBatch))
		return
	}
	if !s.Engine.Ready() {
		s.yenteError(w, r, errNotReady)
		return
	}
	// Every example is checked before any is screened: yente fails the
	// whole batch on one bad example.
	names := make([]string, 0, len(req.Queries))
	queries := map[string][]embargo.Query{}
	for name, ex := range req.Queries {
		if ex == nil {
			continue
		}
		qs, err := exampleQueries(ex)
		if err != nil {
			s.yenteError(w, r, embargo.Errorf(embargo.EINVALID, "Cannot parse example entity %q: %s", name, embargo.ErrorMessage(err)))
			return
		}
		names = append(names, name)
		queries[name] = qs
	}
	sort.Strings(names)
	exclude := map[string]bool{}
	for _, id := range p["exclude_entity_ids"] {
		exclude[id] = true
	}
	filter := resultFilter{
		include: setOf(p["include_dataset"]), exclude: setOf(p["exclude_dataset"]),
		excludeSchema: setOf(p["exclude_schema"]), excludeID: exclude,
	}
	resp := &yenteMatchResponse{Responses: map[string]*yenteMatches{}, Matcher: yenteFeatures, Limit: limit}
	for _, name := range names {
		m, err := s.yenteMatch(r.Context(), req.Queries[name], queries[name], opts, threshold, limit, filter)
		if err != nil {
			s.yenteError(w, r, err)
			return
		}
		resp.Responses[name] = m
	}
	w.Header().Set("X-Batch-Size", strconv.Itoa(len(resp.Responses)))
	s.writeJSON(w, r, nethttp.StatusOK, resp)
}

// yenteError writes an error as yente does ({"detail": ...}), with
// embargo's error and code beside it.
func (s *Server) yenteError(w nethttp.ResponseWriter, r *nethttp.Request, err error) {
	code, msg := s.publicError(r, err)
	status := ErrorStatus(code)
	if status == nethttp.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	s.writeJSON(w, r, status, map[string]string{"detail": msg, "error": msg, "code": code})
}

// yenteOptions reads the dataset and query parameters.
func (s *Server) yenteOptions(dataset string, p url.Values) (opts embargo.ScreenOptions, threshold float64, limit int, err error) {
	threshold, limit = embargo.DefaultThreshold, yenteDefaultLimit
	if dataset != "default" {
		if _, ok := s.Engine.Snapshots()[dataset]; !ok {
			return opts, 0, 0, embargo.Errorf(embargo.ENOTFOUND, "Dataset not found: %q (use \"default\" for every list, or a source name)", dataset)
		}
		opts.Sources = []string{dataset}
	}
	float := func(name string, def float64) (float64, error) {
		v := strings.TrimSpace(p.Get(name))
		if v == "" {
			return def, nil
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			return 0, embargo.Errorf(embargo.EINVALID, "%s %q: want a score between 0 and 1", name, v)
		}
		return f, nil
	}
	if threshold, err = float("threshold", threshold); err != nil {
		return opts, 0, 0, err
	}
	cutoff, err := float("cutoff", threshold)
	if err != nil {
		return opts, 0, 0, err
	}
	// As yente: a cutoff above the threshold would hide matches.
	opts.Threshold = min(cutoff, threshold)
	if v := strings.TrimSpace(p.Get("limit")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return opts, 0, 0, embargo.Errorf(embargo.EINVALID, "limit %q: want a number from 1 to %d", v, maxLimit)
		}
		limit = n
	}
	opts.Limit = limit
	if v := strings.TrimSpace(p.Get("as_of")); v != "" {
		if opts.AsOf, err = embargo.ParseAsOf(v, true); err != nil {
			return opts, 0, 0, err
		}
	}
	return opts, threshold, limit, nil
}

type resultFilter struct {
	include, exclude, excludeSchema, excludeID map[string]bool
}

func (f resultFilter) keep(m *embargo.Match) bool {
	if len(f.include) > 0 && !f.include[m.Source] {
		return false
	}
	return !f.exclude[m.Source] && !f.excludeSchema[ftmSchema(m.Schema)] && !f.excludeID[m.EntityID]
}

func setOf(vals []string) map[string]bool {
	m := map[string]bool{}
	for _, v := range vals {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				m[x] = true
			}
		}
	}
	return m
}

// yenteMatch screens one example: each of its names (up to maxNames), the
// best score per entity kept.
func (s *Server) yenteMatch(ctx context.Context, ex *yenteExample, qs []embargo.Query, opts embargo.ScreenOptions,
	threshold float64, limit int, filter resultFilter) (*yenteMatches, error) {
	best := map[string]embargo.Match{}
	snapshots := map[string]string{}
	notCovered := []embargo.NotCovered{}
	// Ask for more than the limit: filters may drop some.
	opts.Limit = min(maxLimit, limit+len(filter.excludeID)+len(filter.exclude)*limit+len(filter.excludeSchema)*limit)
	for _, q := range qs {
		res, err := s.screen(ctx, q, opts)
		if err != nil {
			return nil, err
		}
		for k, v := range res.Snapshots {
			snapshots[k] = v
		}
		notCovered = res.NotCovered // the same for every name
		for _, m := range res.Matches {
			if !filter.keep(&m) {
				continue
			}
			if old, ok := best[m.EntityID]; !ok || m.Score > old.Score {
				best[m.EntityID] = m
			}
		}
	}
	matches := make([]embargo.Match, 0, len(best))
	for _, m := range best {
		matches = append(matches, m)
	}
	sort.Slice(matches, func(i, j int) bool {
		if matches[i].Score != matches[j].Score {
			return matches[i].Score > matches[j].Score
		}
		return matches[i].EntityID < matches[j].EntityID
	})
	total := len(matches)
	if len(matches) > limit {
		matches = matches[:limit]
	}
	out := &yenteMatches{Status: 200, Results: make([]yenteResult, 0, len(matches)), Total: yenteTotal{total, "eq"},
		Query: yenteQueryEcho{ID: ex.ID, Schema: ex.Schema, Properties: map[string][]string{}}, Sources: snapshots, NotCovered: notCovered}
	for k, v := range ex.Properties {
		out.Query.Properties[k] = v
	}
	for _, m := range matches {
		res := yenteResult{ID: m.EntityID, Caption: m.Name, Schema: ftmSchema(m.Schema), Datasets: []string{m.Source},
			Referents: []string{}, Target: true, Score: m.Score, Match: m.Score >= threshold,
			Features: map[string]float64{}, Explanation: m.Explanation, Properties: map[string][]string{"name": {m.Name}},
			FirstSeen: nonEmptyPtr(m.FirstSeen), LastSeen: nonEmptyPtr(m.LastSeen), ListedOn: m.ListedOn, ListedOnPublished: m.ListedOnPublished}
		if m.Explanation != nil {
			res.Features["name"] = m.Explanation.NameScore
			for _, f := range m.Explanation.Features {
				res.Features[f.Name] += f.Effect
			}
		}
		// The full entity, for its properties: as it stood in the snapshot
		// screened against.
		snap, err := s.Store.ResolveSnapshot(ctx, m.Source, snapshots[m.Source])
		if err != nil {
			return nil, err
		}
		e, err := s.Store.FindEntityByID(ctx, m.EntityID, snap)
		if err != nil {
			return nil, err
		}
		res.Properties = ftmProperties(e)
		out.Results = append(out.Results, res)
	}
	return out, nil
}

// nonEmptyPtr returns a pointer to s, nil for "".
func nonEmptyPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// maxNames bounds the names of one example that are screened.
const maxNames = 5

// exampleQueries turns a yente example into embargo queries, one per name.
func exampleQueries(ex *yenteExample) ([]embargo.Query, error) {
	schema, ok := ftmSchemas[ex.Schema]
	if !ok {
		return nil, embargo.Errorf(embargo.EINVALID, "unknown schema %q (want Person, Company, Organization, LegalEntity, Vessel, Airplane or Thing)", ex.Schema)
	}
	props := ex.Properties
	names := append([]string{}, props["name"]...)
	if len(names) == 0 {
		parts := append(append(append([]string{}, props["firstName"]...), props["middleName"]...), props["lastName"]...)
		if n := strings.Join(parts, " "); strings.TrimSpace(n) != "" {
			names = append(names, n)
		}
	}
	names = append(names, props["alias"]...)
	if len(names) == 0 {
		return nil, embargo.Errorf(embargo.EINVALID, "no name: give the name property (or firstName and lastName)")
	}
	q := embargo.Query{Schema: schema}
	if ex.ID != nil {
		q.ID = *ex.ID
	}
	if d := props["birthDate"]; len(d) > 0 {
		q.BirthDate = d[0]
	}
	for _, key := range []string{"nationality", "citizenship", "country", "jurisdiction"} {
		if c := props[key]; len(c) > 0 {
			q.Country = c[0]
			break
		}
	}
	for key, typ := range ftmIdentifiers {
		for _, v := range props[key] {
			q.Identifiers = append(q.Identifiers, embargo.Identifier{Type: typ, Value: v})
		}
	}
	sort.Slice(q.Identifiers, func(i, j int) bool {
		return q.Identifiers[i].Type+q.Identifiers[i].Value < q.Identifiers[j].Type+q.Identifiers[j].Value
	})
	var out []embargo.Query
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] || len(out) == maxNames {
			continue
		}
		seen[n] = true
		q.Name = n
		out = append(out, q)
	}
	return out, nil
}

// ftmSchemas maps FollowTheMoney schemata to embargo's.
var ftmSchemas = map[string]embargo.Schema{
	"Person": embargo.SchemaPerson, "Company": embargo.SchemaOrganization, "Organization": embargo.SchemaOrganization,
	"PublicBody": embargo.SchemaOrganization, "LegalEntity": embargo.SchemaUnknown, "Thing": embargo.SchemaUnknown,
	"Vessel": embargo.SchemaVessel, "Airplane": embargo.SchemaAircraft,
}

// ftmSchema names an embargo schema in FollowTheMoney.
func ftmSchema(s embargo.Schema) string {
	switch s {
	case embargo.SchemaPerson:
		return "Person"
	case embargo.SchemaOrganization:
		return "Organization"
	case embargo.SchemaVessel:
		return "Vessel"
	case embargo.SchemaAircraft:
		return "Airplane"
	}
	return "LegalEntity"
}

// ftmIdentifiers maps FollowTheMoney identifier properties to embargo's
// identifier types.
var ftmIdentifiers = map[string]string{
	"idNumber": embargo.IDNationalID, "passportNumber": embargo.IDPassport, "registrationNumber": embargo.IDRegistration,
	"taxNumber": embargo.IDTax, "innCode": embargo.IDTax, "ogrnCode": embargo.IDRegistration, "imoNumber": embargo.IDIMO,
	"mmsi": embargo.IDMMSI, "callSign": embargo.IDCallSign, "swiftBic": embargo.IDSWIFT, "email": embargo.IDEmail,
	"website": embargo.IDWebsite,
}

// ftmIdentifierProps names embargo's identifier types as FollowTheMoney
// properties; other types become idNumber.
var ftmIdentifierProps = map[string]string{
	embargo.IDNationalID: "idNumber", embargo.IDPassport: "passportNumber", embargo.IDRegistration: "registrationNumber",
	embargo.IDTax: "taxNumber", embargo.IDIMO: "imoNumber", embargo.IDMMSI: "mmsi", embargo.IDCallSign: "callSign",
	embargo.IDSWIFT: "swiftBic", embargo.IDEmail: "email", embargo.IDWebsite: "website", embargo.IDAircraftTail: "registrationNumber",
}

// ftmProperties renders an entity's fields as FollowTheMoney properties.
func ftmProperties(e *embargo.Entity) map[string][]string {
	p := map[string][]string{}
	add := func(k string, vals ...string) {
		for _, v := range vals {
			if v = strings.TrimSpace(v); v != "" {
				p[k] = append(p[k], v)
			}
		}
	}
	add("name", e.Name)
	for _, a := range e.Aliases {
		if a.Quality == embargo.QualityWeak {
			add("weakAlias", a.Name)
		} else {
			add("alias", a.Name)
		}
	}
	add("title", e.Title)
	add("gender", e.Gender)
	add("birthDate", e.BirthDates...)
	add("birthPlace", e.BirthPlaces...)
	add("nationality", e.Nationalities...)
	add("citizenship", e.Citizenships...)
	for _, a := range e.Addresses {
		full := a.Full
		if full == "" {
			full = strings.Join(nonEmpty(a.Street, a.City, a.State, a.PostalCode, a.Country), ", ")
		}
		add("address", full)
		if e.Schema != embargo.SchemaPerson {
			add("country", a.Country)
		}
	}
	for _, id := range e.Identifiers {
		k, ok := ftmIdentifierProps[id.Type]
		if !ok {
			k = "idNumber"
		}
		add(k, id.Value)
	}
	add("program", e.Programs...)
	add("notes", e.Remarks)
	add("createdAt", e.ListedOn)
	add("topics", "sanction")
	keys := make([]string, 0, len(e.Properties))
	for k := range e.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, taken := p[k]; !taken {
			add(k, e.Properties[k]...)
		}
	}
	return p
}

func nonEmpty(vals ...string) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
