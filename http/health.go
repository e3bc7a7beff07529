package http

import (
	"fmt"
	nethttp "net/http"
	"sort"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

// readiness is the body of /readyz.
type readiness struct {
	Status    string            `json:"status"` // "ready", "amber" (a source is stale) or "loading"
	Detail    string            `json:"detail,omitempty"`
	IndexSize int               `json:"index_size"`
	Snapshots map[string]string `json:"snapshots"` // source → latest snapshot id
}

// handleHealthz serves GET /healthz: 200 while the process is alive.
func (s *Server) handleHealthz(w nethttp.ResponseWriter, r *nethttp.Request) {
	s.writeJSON(w, r, nethttp.StatusOK, map[string]string{"status": "ok"})
}

// handleReadyz serves GET /readyz: 200 once the screening index is loaded,
// 503 before (while lists are being imported or the index built).
func (s *Server) handleReadyz(w nethttp.ResponseWriter, r *nethttp.Request) {
	res := readiness{Status: "ready", Snapshots: map[string]string{}}
	status := nethttp.StatusOK
	if !s.ready() {
		res.Status, status = "loading", nethttp.StatusServiceUnavailable
		res.Detail = s.statusText()
		if res.Detail == "" {
			res.Detail = "building the screening index"
		}
		w.Header().Set("Retry-After", "5")
	}
	if status == nethttp.StatusOK {
		// A snapshot dated in the future blocks every real import of its
		// source: amber, naming the way out.
		var future []string
		limit := s.now().Add(embargo.MaxAsOfSkew)
		for src, snap := range s.Engine.Snapshots() {
			if snap.AsOf.After(limit) {
				future = append(future, fmt.Sprintf("%s is dated %s (embargo snapshots retract %s --reason ...)", src, embargo.FormatAsOf(snap.AsOf), snap.ID))
			}
		}
		if len(future) > 0 {
			sort.Strings(future)
			res.Status = "amber"
			res.Detail = "snapshots dated in the future: " + strings.Join(future, ", ")
		}
	}
	if status == nethttp.StatusOK && s.Config.MaxSourceAge > 0 {
		// Stale lists still screen, so the server stays in rotation
		// (200), but says so.
		var stale []string
		for src, age := range s.SourceAges() {
			if age > s.Config.MaxSourceAge {
				stale = append(stale, fmt.Sprintf("%s is %s old", src, age.Round(time.Minute)))
			}
		}
		if len(stale) > 0 {
			sort.Strings(stale)
			if res.Detail != "" {
				res.Detail += "; "
			}
			res.Status = "amber"
			res.Detail += "stale lists: " + strings.Join(stale, ", ")
		}
	}
	res.IndexSize = s.Engine.IndexSize()
	for src, snap := range s.Engine.Snapshots() {
		res.Snapshots[src] = snap.ID
	}
	s.writeJSON(w, r, status, res)
}
