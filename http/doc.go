// Package http serves embargo over HTTP on one port: the JSON API for
// systems under /api/v1/ (the same JSON as the command line), a
// compatibility endpoint for clients of OpenSanctions' yente matching API
// (POST /match/{dataset}), the web UI for analysts (server-rendered
// html/template, embedded CSS, SVG charts drawn in Go, no JavaScript), and
// the operational endpoints /healthz, /readyz and /metrics.
//
// Routes are registered on a standard library ServeMux with method and
// path patterns, one resource per file, each handler named handleX with a
// doc comment naming its route. Errors are embargo.Error values mapped to
// HTTP status codes in one place (ErrorStatus); internal errors are logged
// and answered with "Internal error." only.
//
// Access: API keys (embargo.KeyService) carry a role (viewer < analyst <
// admin). Reads may be open or keyed (Config.AuthReads); bulk screening needs
// an analyst key and imports an admin key. Every client has a token-bucket
// rate limit: per key, or per IP address for anonymous clients.
package http
