package http_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPI_Coverage checks that the OpenAPI document describes every
// registered API and operational route, and nothing that is not registered.
func TestOpenAPI_Coverage(t *testing.T) {
	ts := MustOpenServer(t)
	r := ts.Get(t, "/api/v1/openapi.json")
	MustStatus(t, r, 200)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	r.JSON(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q, want 3.x", doc.OpenAPI)
	}
	described := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			var o struct {
				Summary   string                     `json:"summary"`
				Responses map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(op, &o); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			if o.Summary == "" || len(o.Responses) == 0 {
				t.Errorf("%s %s: no summary or responses", method, path)
			}
			described[strings.ToUpper(method)+" "+path] = true
		}
	}
	registered := map[string]bool{}
	for _, pattern := range ts.Routes() {
		method, path, _ := strings.Cut(pattern, " ")
		if !isAPI(path) {
			continue
		}
		registered[pattern] = true
		if !described[method+" "+path] {
			t.Errorf("route %s is not described in openapi.json", pattern)
		}
	}
	var extra []string
	for op := range described {
		if !registered[op] {
			extra = append(extra, op)
		}
	}
	sort.Strings(extra)
	for _, op := range extra {
		t.Errorf("openapi.json describes %s, which is not registered", op)
	}
	if len(registered) < 12 {
		t.Fatalf("only %d API routes registered: %v", len(registered), ts.Routes())
	}
}

func isAPI(path string) bool {
	for _, p := range []string{"/api/", "/match/", "/healthz", "/readyz", "/metrics"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
