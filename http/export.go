package http

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	nethttp "net/http"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// csvContentType is the Content-Type of every CSV answer.
var csvContentType = []string{"text/csv; charset=utf-8"}

// wantCSV reports whether a request asks for CSV: ?format=csv, or an
// Accept header naming text/csv.
func wantCSV(r *nethttp.Request) bool {
	if f := r.URL.Query().Get("format"); f != "" {
		return strings.EqualFold(f, "csv")
	}
	if r.Method == nethttp.MethodPost && r.Form != nil && strings.EqualFold(r.Form.Get("format"), "csv") {
		return true
	}
	return strings.Contains(r.Header.Get("Accept"), "text/csv")
}

// writeCSV answers CSV: fn writes the table (header included) to a buffer,
// so that an error can still become an error answer, then the buffer is
// sent as a download named filename.
func (s *Server) writeCSV(w nethttp.ResponseWriter, r *nethttp.Request, filename string, fn func(*export.Writer) error) {
	var buf bytes.Buffer
	if err := fn(export.NewWriter(&buf)); err != nil {
		s.Error(w, r, err)
		return
	}
	h := w.Header()
	h["Content-Type"] = csvContentType
	h["X-Content-Type-Options"] = noSniff
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", csvFilename(filename)))
	w.WriteHeader(nethttp.StatusOK)
	w.Write(buf.Bytes())
}

// streamCSV answers CSV written as it goes: for exports too large to
// hold (the audit log). An error after the first bytes cuts the stream.
func (s *Server) streamCSV(w nethttp.ResponseWriter, r *nethttp.Request, filename string, fn func(*export.Writer) error) {
	h := w.Header()
	h["Content-Type"] = csvContentType
	h["X-Content-Type-Options"] = noSniff
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", csvFilename(filename)))
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := export.NewWriter(bw)
	if err := fn(cw); err != nil {
		s.logger().Error("internal error", "path", r.URL.Path, "err", err)
	}
	cw.Flush()
	bw.Flush()
}

// csvFilename keeps the characters of a download name that need no
// quoting anywhere.
func csvFilename(name string) string {
	b := []byte(name)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b) + ".csv"
}

// diffFilter reads the diff filters: program, country and change.
func diffFilter(r *nethttp.Request) (export.RowFilter, error) {
	p := r.URL.Query()
	f := export.RowFilter{Program: strings.TrimSpace(p.Get("program")), Country: strings.TrimSpace(p.Get("country")), Change: strings.TrimSpace(p.Get("change"))}
	switch f.Change {
	case "", "added", "removed", "changed":
	default:
		return f, embargo.Errorf(embargo.EINVALID, "change %q: want added, removed or changed", f.Change)
	}
	return f, nil
}

// diffRows returns a diff's rows with programs and countries, cached:
// snapshots never change.
func (s *Server) diffRows(ctx context.Context, d *embargo.Diff) ([]export.DiffRow, error) {
	ctx = context.WithoutCancel(ctx)
	return s.diffRowCache.get(ctx, d.From+"\x00"+d.To, func() ([]export.DiffRow, error) {
		from, err := s.Store.ResolveSnapshot(ctx, d.Source, d.From)
		if err != nil {
			return nil, err
		}
		to, err := s.Store.ResolveSnapshot(ctx, d.Source, d.To)
		if err != nil {
			return nil, err
		}
		return export.DiffRows(ctx, s.Store, d, from, to)
	})
}
