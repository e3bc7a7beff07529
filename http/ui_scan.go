package http

import (
	nethttp "net/http"
)

// handleScanPage serves GET /scan: a placeholder for finding listed names
// in free text, which another issue adds (see registerScanRoutes).
func (s *Server) handleScanPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	s.render(w, r, nethttp.StatusOK, "scan", "Scan text", "scan", nil)
}
