package http

import (
	"context"
	"math"
	nethttp "net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// maxLimit bounds the matches one query may ask for.
const maxLimit = 100

// handleScreen serves GET /api/v1/screen?name=&type=&dob=&country=&source=&as_of=&threshold=&limit=:
// one query, answered with a screening result (the JSON of `embargo screen --json`),
// or CSV (?format=csv or Accept: text/csv: a row per match).
func (s *Server) handleScreen(w nethttp.ResponseWriter, r *nethttp.Request) error {
	params := r.URL.Query()
	q, err := queryFromValues(params)
	if err != nil {
		return err
	}
	opts, err := screenOptions(params)
	if err != nil {
		return err
	}
	res, err := s.screen(r.Context(), q, opts)
	if err != nil {
		return err
	}
	if wantCSV(r) {
		s.writeCSV(w, r, "screening", func(cw *export.Writer) error { return export.ScreenResults(cw, res) })
		return nil
	}
	s.writeJSON(w, r, nethttp.StatusOK, res)
	return nil
}

// handleScreenBatch serves POST /api/v1/screen: a JSON array of queries
// (at most Config.MaxBatch), answered with an array of results in the same
// order (CSV when asked, as for GET). Options come from the query string as for GET. A query that cannot
// be screened gets a result with an "error"; the others are still screened.
func (s *Server) handleScreenBatch(w nethttp.ResponseWriter, r *nethttp.Request) error {
	opts, err := screenOptions(r.URL.Query())
	if err != nil {
		return err
	}
	var queries []embargo.Query
	if err := decodeJSON(w, r, s.Config.MaxBodyBytes, &queries); err != nil {
		return err
	}
	if len(queries) > s.Config.MaxBatch {
		return embargo.Errorf(embargo.ETOOLARGE, "%d queries in one request: the limit is %d (split the batch, or use `embargo screen --in FILE`)", len(queries), s.Config.MaxBatch)
	}
	if !s.Engine.Ready() {
		return errNotReady
	}
	results := make([]*embargo.ScreenResult, len(queries))
	s.screenAll(r, queries, opts, results)
	if wantCSV(r) {
		s.writeCSV(w, r, "screening", func(cw *export.Writer) error { return export.ScreenResults(cw, results...) })
		return nil
	}
	s.writeJSON(w, r, nethttp.StatusOK, results)
	return nil
}

// screenAll screens queries in parallel into results (same order). Errors
// become results carrying the error's public message.
func (s *Server) screenAll(r *nethttp.Request, queries []embargo.Query, opts embargo.ScreenOptions, results []*embargo.ScreenResult) {
	one := func(i int) {
		q := queries[i]
		res, err := s.screenQuery(r.Context(), &q, opts)
		if err != nil {
			_, msg := s.publicError(r, err)
			var id *string
			if q.ID != "" {
				id = &q.ID
			}
			res = &embargo.ScreenResult{ID: id, Query: q, Snapshots: map[string]string{}, Matches: []embargo.Match{}, Error: msg}
		}
		results[i] = res
	}
	workers := min(runtime.GOMAXPROCS(0), len(queries))
	if workers <= 1 {
		for i := range queries {
			one(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				one(i)
			}
		})
	}
	for i := range queries {
		next <- i
	}
	close(next)
	wg.Wait()
}

// screenQuery checks a decoded query and screens it.
func (s *Server) screenQuery(ctx context.Context, q *embargo.Query, opts embargo.ScreenOptions) (*embargo.ScreenResult, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if q.Schema != "" {
		q.Schema = embargo.ParseSchema(string(q.Schema))
	}
	return s.screen(ctx, *q, opts)
}

// screen screens one query once the engine is ready.
func (s *Server) screen(ctx context.Context, q embargo.Query, opts embargo.ScreenOptions) (*embargo.ScreenResult, error) {
	if !s.Engine.Ready() {
		return nil, errNotReady
	}
	return s.Engine.Screen(ctx, q, opts)
}

// queryFromValues reads a query from URL parameters: name (required), type,
// dob, country, id.
func queryFromValues(v url.Values) (embargo.Query, error) {
	q := embargo.Query{
		ID:        strings.TrimSpace(v.Get("id")),
		Name:      v.Get("name"),
		Schema:    embargo.Schema(strings.TrimSpace(v.Get("type"))),
		BirthDate: strings.TrimSpace(v.Get("dob")),
		Country:   strings.TrimSpace(v.Get("country")),
	}
	if strings.TrimSpace(q.Name) == "" {
		return q, embargo.Errorf(embargo.EINVALID, "the name parameter is required")
	}
	if err := q.Validate(); err != nil {
		return q, err
	}
	if q.Schema != "" {
		q.Schema = embargo.ParseSchema(string(q.Schema))
	}
	return q, nil
}

// readParams reads the parameters that screening and scanning share:
// source (comma-separated), as_of, and threshold (-1 when absent).
func readParams(v url.Values) (sources []string, asOf time.Time, threshold float64, err error) {
	for _, src := range strings.Split(v.Get("source"), ",") {
		if src = strings.TrimSpace(src); src != "" {
			sources = append(sources, src)
		}
	}
	if a := strings.TrimSpace(v.Get("as_of")); a != "" {
		if asOf, err = embargo.ParseAsOf(a, true); err != nil {
			return nil, time.Time{}, 0, err
		}
	}
	threshold = -1
	if t := strings.TrimSpace(v.Get("threshold")); t != "" {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || f < 0 || f > 1 || math.IsNaN(f) {
			return nil, time.Time{}, 0, embargo.Errorf(embargo.EINVALID, "threshold %q: want a score between 0 and 1", t)
		}
		threshold = f
	}
	return sources, asOf, threshold, nil
}

// screenOptions reads screening options from URL parameters: source
// (comma-separated), as_of, threshold, limit, include_delisted.
func screenOptions(v url.Values) (embargo.ScreenOptions, error) {
	opts := embargo.ScreenOptions{Threshold: -1, Limit: embargo.DefaultLimit}
	if d := strings.TrimSpace(v.Get("include_delisted")); d != "" {
		b, err := strconv.ParseBool(d)
		if err != nil {
			return opts, embargo.Errorf(embargo.EINVALID, "include_delisted %q: want true or false", d)
		}
		opts.IncludeDelisted = b
	}
	var err error
	if opts.Sources, opts.AsOf, opts.Threshold, err = readParams(v); err != nil {
		return opts, err
	}
	if l := strings.TrimSpace(v.Get("limit")); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxLimit {
			return opts, embargo.Errorf(embargo.EINVALID, "limit %q: want a number from 1 to %d", l, maxLimit)
		}
		opts.Limit = n
	}
	return opts, nil
}
