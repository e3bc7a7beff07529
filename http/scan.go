package http

// registerScanRoutes is the place of POST /api/v1/scan (finding listed
// names in free text), which another issue adds: register
//
//	s.handle("POST /api/v1/scan", route{role: embargo.RoleAnalyst, api: true}, s.handleScan)
//
// here, describe it in openapi.json (TestOpenAPI_Coverage checks that every
// route is described), and replace the placeholder page of ui_scan.go.
func (s *Server) registerScanRoutes() {
	// TODO(scan): POST /api/v1/scan.
}
