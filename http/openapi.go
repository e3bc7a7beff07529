package http

import (
	_ "embed"
	nethttp "net/http"
	"strconv"

	"github.com/embargo-dev/embargo"
)

// openAPI is the OpenAPI 3 document of the API, written by hand beside the
// handlers; TestOpenAPI_Coverage checks that it describes every route.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) registerOpenAPIRoutes() {
	s.handle("GET /api/v1/openapi.json", route{role: embargo.RoleViewer, read: true, api: true, public: true}, s.handleOpenAPI)
}

// handleOpenAPI serves GET /api/v1/openapi.json: the OpenAPI 3 document.
func (s *Server) handleOpenAPI(w nethttp.ResponseWriter, r *nethttp.Request) {
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h.Set("Content-Length", strconv.Itoa(len(openAPI)))
	h.Set("Access-Control-Allow-Origin", "*")
	w.Write(openAPI)
}
