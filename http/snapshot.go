package http

import (
	"context"
	nethttp "net/http"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// handleRetractSnapshot serves POST /api/v1/snapshots/{id}/retract with
// {"reason": TEXT} (admin): takes back a source's latest snapshot, records
// who and why, and reloads the index.
func (s *Server) handleRetractSnapshot(w nethttp.ResponseWriter, r *nethttp.Request) error {
	var body struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, s.Config.MaxBodyBytes, &body); err != nil {
		return err
	}
	// Retractions take turns with imports.
	var ret *embargo.SnapshotRetraction
	err := s.Importer.Exclusive(func() error {
		var err error
		if ret, err = s.Store.RetractSnapshot(r.Context(), r.PathValue("id"), body.Reason, callerName(r.Context())); err != nil {
			return err
		}
		s.logger().Warn("snapshot retracted", "snapshot", ret.Snapshot.ID, "by", ret.By, "reason", ret.Reason)
		s.dropCaches()
		return s.Engine.Load(r.Context())
	})
	if err != nil {
		return err
	}
	s.writeJSON(w, r, nethttp.StatusOK, ret)
	return nil
}

// handleRetractions serves GET /api/v1/retractions: every snapshot
// retracted, oldest first.
func (s *Server) handleRetractions(w nethttp.ResponseWriter, r *nethttp.Request) error {
	rs, err := s.Store.FindRetractions(r.Context())
	return s.reply(w, r, rs, err)
}

// handleSnapshots serves GET /api/v1/snapshots[?source=NAME]: every stored
// snapshot, by source then date.
func (s *Server) handleSnapshots(w nethttp.ResponseWriter, r *nethttp.Request) error {
	snaps, err := s.findSnapshots(r.Context(), r.URL.Query().Get("source"))
	if err != nil {
		return err
	}
	s.writeJSON(w, r, nethttp.StatusOK, export.SnapshotRows(snaps))
	return nil
}

// findSnapshots returns the snapshots of one source ("" for all).
func (s *Server) findSnapshots(ctx context.Context, source string) ([]*embargo.Snapshot, error) {
	var filter embargo.SnapshotFilter
	if source = strings.TrimSpace(source); source != "" {
		filter.Source = &source
	}
	return s.Store.FindSnapshots(ctx, filter)
}

// dropCaches forgets what was computed from snapshots that may be gone.
func (s *Server) dropCaches() {
	s.links.clear()
	s.timelines.clear()
	s.diffs.clear()
}
