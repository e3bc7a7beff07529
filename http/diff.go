package http

import (
	"context"
	nethttp "net/http"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// handleDiff serves GET /api/v1/diff?source=&from=&to=&program=&country=&change=:
// what changed in a source between two snapshots, given as snapshot ids or
// dates (a date means the latest snapshot on or before it). The JSON is
// `embargo diff --json`'s; program, country and change keep only the
// entities that match. CSV (?format=csv or Accept: text/csv) has a row per
// entity with its programs, countries and listing date.
func (s *Server) handleDiff(w nethttp.ResponseWriter, r *nethttp.Request) error {
	p := r.URL.Query()
	f, err := diffFilter(r)
	if err != nil {
		return err
	}
	d, err := s.diff(r.Context(), p.Get("source"), p.Get("from"), p.Get("to"))
	if err != nil {
		return err
	}
	csv := wantCSV(r)
	if !csv && f == (export.RowFilter{}) {
		s.writeJSON(w, r, nethttp.StatusOK, d)
		return nil
	}
	rows, err := s.diffRows(r.Context(), d)
	if err != nil {
		return err
	}
	rows = f.Filter(rows)
	if !csv {
		s.writeJSON(w, r, nethttp.StatusOK, export.FilterDiff(d, rows))
		return nil
	}
	s.writeCSV(w, r, "diff-"+d.From+"-"+d.To, func(cw *export.Writer) error {
		return export.Diff(cw, d.Source, d.From, d.To, rows)
	})
	return nil
}

// diff resolves two snapshot references and compares them. The source may
// be left out when a reference is a snapshot id or the store holds one
// source. Diffs are cached: snapshots never change.
func (s *Server) diff(ctx context.Context, source, from, to string) (*embargo.Diff, error) {
	source, from, to = strings.TrimSpace(source), strings.TrimSpace(from), strings.TrimSpace(to)
	if from == "" || to == "" {
		return nil, embargo.Errorf(embargo.EINVALID, "from and to are required: snapshot ids (ofac-sdn@2019-01-04) or dates")
	}
	if source == "" {
		source = sourceOfRef(from)
	}
	if source == "" {
		source = sourceOfRef(to)
	}
	if source == "" {
		srcs, err := s.Store.Sources(ctx)
		if err != nil {
			return nil, err
		}
		if len(srcs) != 1 {
			return nil, embargo.Errorf(embargo.EINVALID, "source is required when the database holds several sources (%s)", strings.Join(srcs, ", "))
		}
		source = srcs[0]
	}
	a, err := s.Store.ResolveSnapshot(ctx, source, from)
	if err != nil {
		return nil, err
	}
	b, err := s.Store.ResolveSnapshot(ctx, source, to)
	if err != nil {
		return nil, err
	}
	ctx = context.WithoutCancel(ctx)
	return s.diffs.get(ctx, a.ID+"\x00"+b.ID, func() (*embargo.Diff, error) {
		return s.Store.Diff(ctx, a, b)
	})
}

// sourceOfRef returns the source of a snapshot id (SOURCE@DATE), or "".
func sourceOfRef(ref string) string {
	src, _, ok := strings.Cut(ref, "@")
	if !ok {
		return ""
	}
	return src
}
