package http

import (
	_ "embed"
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"strconv"
	"strings"
)

// openAPI is the OpenAPI 3 document of the API, written by hand beside the
// handlers; TestOpenAPI_Coverage checks that it describes every route.
//
//go:embed openapi.json
var openAPI []byte

// handleOpenAPI serves GET /api/v1/openapi.json: the OpenAPI 3 document.
func (s *Server) handleOpenAPI(w nethttp.ResponseWriter, r *nethttp.Request) {
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h.Set("Content-Length", strconv.Itoa(len(s.openAPI)))
	h.Set("Access-Control-Allow-Origin", "*")
	w.Write(s.openAPI)
}

// openAPIDocument returns the OpenAPI document with each operation's
// security taken from the route that serves it, so that what the document
// declares is what the guard enforces: no security for the public and
// operational routes, a key optional for open reads, and a key required
// (with its least role in x-embargo-role) everywhere else.
func openAPIDocument(routes []route, authReads bool) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	bearer := map[string]any{"bearer": []any{}}
	apiKey := map[string]any{"apiKey": []any{}}
	for _, rt := range routes {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !ok {
			continue
		}
		ops, _ := paths[path].(map[string]any)
		op, _ := ops[strings.ToLower(method)].(map[string]any)
		if op == nil {
			continue // TestOpenAPI_Coverage reports it
		}
		switch {
		case rt.ops || rt.public:
			op["security"] = []any{}
		case rt.read && !authReads:
			op["security"] = []any{map[string]any{}, bearer, apiKey}
		default:
			op["security"] = []any{bearer, apiKey}
			op["x-embargo-role"] = string(rt.role)
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}
