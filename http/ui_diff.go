package http

import (
	nethttp "net/http"
	"strings"

	"github.com/embargo-dev/embargo"
)

// diffRowLimit bounds the rows of each section of the diff page; the API
// has them all.
const diffRowLimit = 500

// diffPage is the data of the diff page.
type diffPage struct {
	Source, From, To string
	// Snapshots are the source's snapshots to choose from, latest first.
	Snapshots []*embargo.Snapshot
	Diff      *embargo.Diff
	Error     string
	// The sections, cut at diffRowLimit, and how many rows were left out.
	Added, Removed                 []embargo.EntityRef
	Changed                        []embargo.EntityChange
	MoreAdded, MoreRemoved, MoreCh int
	APIURL                         string
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
		d, err := s.diff(ctx, data.Source, data.From, data.To)
		if err != nil {
			code, msg := s.publicError(r, err)
			status, data.Error = ErrorStatus(code), msg
		} else {
			data.Diff = d
			data.From, data.To = d.From, d.To
			data.Added, data.MoreAdded = cut(d.Added, diffRowLimit)
			data.Removed, data.MoreRemoved = cut(d.Removed, diffRowLimit)
			data.Changed, data.MoreCh = cut(d.Changed, diffRowLimit)
			data.APIURL = "/api/v1/diff" + queryString("source", d.Source, "from", d.From, "to", d.To)
		}
	}
	title := "Diff"
	if data.Diff != nil {
		title = data.Diff.From + " → " + data.Diff.To
	}
	s.render(w, r, status, "diff", title, "diff", data)
}

func cut[T any](s []T, n int) ([]T, int) {
	if len(s) <= n {
		return s, 0
	}
	return s[:n], len(s) - n
}
