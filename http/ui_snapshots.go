package http

import (
	nethttp "net/http"
	"strings"

	"github.com/embargo-dev/embargo"
)

// snapshotsPage is the data of the snapshots page.
type snapshotsPage struct {
	Source  string
	Sources []sourceSummary
	// Rows are the snapshots of Source (of every source when it is ""),
	// latest first.
	Rows []snapshotLine
}

// sourceSummary sums up one source's snapshots.
type sourceSummary struct {
	Source        string
	Count         int
	First, Latest *embargo.Snapshot
}

// snapshotLine is one snapshot with its change in size since the previous.
type snapshotLine struct {
	*embargo.Snapshot
	Prev  *embargo.Snapshot
	Delta int
}

// handleSnapshotsPage serves GET /snapshots[?source=NAME]: each source's
// snapshots, with links to the diff from the previous one.
func (s *Server) handleSnapshotsPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	data := &snapshotsPage{Source: strings.TrimSpace(r.URL.Query().Get("source"))}
	all, err := s.findSnapshots(r.Context(), "")
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	bySource := map[string][]*embargo.Snapshot{}
	var order []string
	for _, snap := range all {
		if _, ok := bySource[snap.Source]; !ok {
			order = append(order, snap.Source)
		}
		bySource[snap.Source] = append(bySource[snap.Source], snap)
	}
	if data.Source != "" && bySource[data.Source] == nil {
		s.uiError(w, r, embargo.Errorf(embargo.ENOTFOUND, "source %q has no snapshots", data.Source))
		return
	}
	for _, src := range order {
		snaps := bySource[src]
		data.Sources = append(data.Sources, sourceSummary{src, len(snaps), snaps[0], snaps[len(snaps)-1]})
		if data.Source != "" && src != data.Source {
			continue
		}
		for i := len(snaps) - 1; i >= 0; i-- {
			line := snapshotLine{Snapshot: snaps[i]}
			if i > 0 {
				line.Prev = snaps[i-1]
				line.Delta = snaps[i].Entities - snaps[i-1].Entities
			}
			data.Rows = append(data.Rows, line)
		}
	}
	s.render(w, r, nethttp.StatusOK, "snapshots", "Snapshots", "snapshots", data)
}
