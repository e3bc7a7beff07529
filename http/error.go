package http

import (
	nethttp "net/http"

	"github.com/embargo-dev/embargo"
)

// Error codes of the HTTP layer itself, beside embargo's.
const (
	// codeMethodNotAllowed: the path exists with other methods.
	codeMethodNotAllowed = "method_not_allowed"
)

// errorStatuses maps the error codes to HTTP status codes; any other code
// is a 500.
var errorStatuses = map[string]int{
	embargo.EINVALID:      nethttp.StatusBadRequest,
	embargo.EUNAUTHORIZED: nethttp.StatusUnauthorized,
	embargo.EFORBIDDEN:    nethttp.StatusForbidden,
	embargo.ENOTFOUND:     nethttp.StatusNotFound,
	codeMethodNotAllowed:  nethttp.StatusMethodNotAllowed,
	embargo.ECONFLICT:     nethttp.StatusConflict,
	embargo.ETOOLARGE:     nethttp.StatusRequestEntityTooLarge,
	embargo.ERATELIMIT:    nethttp.StatusTooManyRequests,
	embargo.EUNAVAILABLE:  nethttp.StatusServiceUnavailable,
}

// ErrorStatus maps an error code to its HTTP status code. It is the one
// place where codes become statuses.
func ErrorStatus(code string) int {
	if status, ok := errorStatuses[code]; ok {
		return status
	}
	return nethttp.StatusInternalServerError
}

// errNotReady answers requests that need the index before it is loaded.
var errNotReady = &embargo.Error{Code: embargo.EUNAVAILABLE, Message: "The lists are still loading; try again in a few seconds."}

// errorResponse is the JSON body of every API error.
type errorResponse struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// publicError returns the code and the message a client may see of err, and
// logs internal errors, whose details never leave the server.
func (s *Server) publicError(r *nethttp.Request, err error) (code, msg string) {
	code = embargo.ErrorCode(err)
	if code == embargo.EINTERNAL {
		s.logger().Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		return code, "Internal error."
	}
	return code, embargo.ErrorMessage(err)
}

// apiHandler is the handler of an API route: it answers the request, or
// returns the error to answer it with (see api).
type apiHandler func(w nethttp.ResponseWriter, r *nethttp.Request) error

// api turns h into a handler that answers the error h returns with Error,
// so that the API's handlers return their errors and answer them in one
// place.
func (s *Server) api(h apiHandler) nethttp.HandlerFunc {
	return func(w nethttp.ResponseWriter, r *nethttp.Request) {
		if err := h(w, r); err != nil {
			s.Error(w, r, err)
		}
	}
}

// reply answers an API request with v as JSON, or returns err when it is
// not nil.
func (s *Server) reply(w nethttp.ResponseWriter, r *nethttp.Request, v any, err error) error {
	if err != nil {
		return err
	}
	s.writeJSON(w, r, nethttp.StatusOK, v)
	return nil
}

// Error writes err to an API client as JSON with the status its code maps to.
func (s *Server) Error(w nethttp.ResponseWriter, r *nethttp.Request, err error) {
	code, msg := s.publicError(r, err)
	s.writeError(w, r, ErrorStatus(code), code, msg)
}

func (s *Server) writeError(w nethttp.ResponseWriter, r *nethttp.Request, status int, code, msg string) {
	switch status {
	case nethttp.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "5")
	case nethttp.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="embargo"`)
	}
	s.writeJSON(w, r, status, errorResponse{Error: msg, Code: code})
}
