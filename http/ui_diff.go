package http

import (
	nethttp "net/http"
	"strconv"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// diffRowLimit is the rows of each section of one diff page; further pages
// (?page=) and the CSV export have the rest.
const diffRowLimit = 200

// diffPage is the data of the diff page.
type diffPage struct {
	Source, From, To string
	// Snapshots are the source's snapshots to choose from, latest first.
	Snapshots []*embargo.Snapshot
	Diff      *embargo.Diff
	Error     string
	// Filter is the program, country and change filter; Filtered is the
	// diff it leaves, whose sections are cut at diffRowLimit per page.
	Filter   export.RowFilter
	Filtered *embargo.Diff
	Added    []embargo.EntityRef
	Removed  []embargo.EntityRef
	Changed  []embargo.EntityChange
	// Info holds each entity's programs, countries and listing date.
	Info map[string]export.DiffRow
	// Page is this page (1-based), Pages how many there are.
	Page, Pages              int
	PrevURL, NextURL, CSVURL string
	APIURL                   string
}

// handleDiffPage serves GET /diff?source=&from=&to=: pick a source and two
// snapshots; see the entities added and removed, and the fields changed
// with their values before and after.
func (s *Server) handleDiffPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := r.URL.Query()
	data := &diffPage{Source: strings.TrimSpace(p.Get("source")), From: strings.TrimSpace(p.Get("from")), To: strings.TrimSpace(p.Get("to"))}
	if data.Source == "" {
		data.Source = sourceOfRef(data.From)
	}
	ctx := r.Context()
	srcs, err := s.Store.Sources(ctx)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	if data.Source == "" && len(srcs) > 0 {
		data.Source = srcs[0]
		for _, src := range srcs {
			if src == embargo.SourceOFACSDN {
				data.Source = src
			}
		}
	}
	status := nethttp.StatusOK
	if data.Source != "" {
		snaps, err := s.findSnapshots(ctx, data.Source)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		for i := len(snaps) - 1; i >= 0; i-- {
			data.Snapshots = append(data.Snapshots, snaps[i])
		}
		// Preselect the last change.
		if data.From == "" && data.To == "" && len(snaps) >= 2 {
			data.From, data.To = snaps[len(snaps)-2].ID, snaps[len(snaps)-1].ID
		}
	}
	if p.Get("from") != "" || p.Get("to") != "" {
		if err := s.diffPageData(r, data); err != nil {
			code, msg := s.publicError(r, err)
			status, data.Error = ErrorStatus(code), msg
		} else if wantCSV(r) {
			rows := rowsOf(data.Info, data.Filtered)
			s.writeCSV(w, r, "diff-"+data.Diff.From+"-"+data.Diff.To, func(cw *export.Writer) error {
				return export.Diff(cw, data.Diff.Source, data.Diff.From, data.Diff.To, rows)
			})
			return
		}
	}
	title := "Diff"
	if data.Diff != nil {
		title = data.Diff.From + " → " + data.Diff.To
	}
	s.render(w, r, status, "diff", title, "diff", data)
}

// diffPageData fills the diff, its filtered rows and the page's sections.
func (s *Server) diffPageData(r *nethttp.Request, data *diffPage) error {
	ctx := r.Context()
	f, err := diffFilter(r)
	if err != nil {
		return err
	}
	d, err := s.diff(ctx, data.Source, data.From, data.To)
	if err != nil {
		return err
	}
	rows, err := s.diffRows(ctx, d)
	if err != nil {
		return err
	}
	data.Diff, data.Filter = d, f
	data.From, data.To = d.From, d.To
	data.Info = make(map[string]export.DiffRow, len(rows))
	for _, row := range rows {
		data.Info[row.EntityID] = row
	}
	data.Filtered = export.FilterDiff(d, f.Filter(rows))
	n := max(len(data.Filtered.Added), len(data.Filtered.Removed), len(data.Filtered.Changed))
	data.Pages = max(1, (n+diffRowLimit-1)/diffRowLimit)
	data.Page = 1
	if pg := r.URL.Query().Get("page"); pg != "" {
		if data.Page, err = strconv.Atoi(pg); err != nil || data.Page < 1 || data.Page > data.Pages {
			return embargo.Errorf(embargo.EINVALID, "page %q: want 1 to %d", pg, data.Pages)
		}
	}
	data.Added = pageOf(data.Filtered.Added, data.Page)
	data.Removed = pageOf(data.Filtered.Removed, data.Page)
	data.Changed = pageOf(data.Filtered.Changed, data.Page)
	kv := []string{"source", d.Source, "from", d.From, "to", d.To, "program", f.Program, "country", f.Country, "change", f.Change}
	link := func(extra ...string) string { return "/diff" + queryString(append(kv, extra...)...) }
	data.CSVURL = link("format", "csv")
	if data.Page > 1 {
		data.PrevURL = link("page", strconv.Itoa(data.Page-1))
	}
	if data.Page < data.Pages {
		data.NextURL = link("page", strconv.Itoa(data.Page+1))
	}
	data.APIURL = "/api/v1/diff" + queryString(kv...)
	return nil
}

// rowsOf returns the rows of a diff's entities, in the diff's order.
func rowsOf(info map[string]export.DiffRow, d *embargo.Diff) []export.DiffRow {
	var out []export.DiffRow
	for _, ref := range d.Added {
		out = append(out, info[ref.EntityID])
	}
	for _, ref := range d.Removed {
		out = append(out, info[ref.EntityID])
	}
	for _, ch := range d.Changed {
		out = append(out, info[ch.EntityID])
	}
	return out
}

// pageOf returns page (1-based) of s, diffRowLimit rows a page.
func pageOf[T any](s []T, page int) []T {
	lo := min((page-1)*diffRowLimit, len(s))
	return s[lo:min(lo+diffRowLimit, len(s))]
}
