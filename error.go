package embargo

import (
	"errors"
	"fmt"
)

// Error codes. The http package maps them to status codes in one place.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOLARGE     = "too_large"
	ERATELIMIT    = "rate_limited"
	// EUNAVAILABLE: a dependency (the database) or the server itself is
	// not ready; the same request may succeed if retried later.
	EUNAVAILABLE = "unavailable"
)

// Error is an error a user can act on: its Message is safe to show.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINVALID
// for a *ParseError, EINTERNAL for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	code, _ := codeAndMessage(err)
	return code
}

// ErrorMessage returns the message of the first *Error in err's chain (or
// of a *ParseError), or "Internal error." for any other error.
func ErrorMessage(err error) string {
	_, msg := codeAndMessage(err)
	return msg
}

// codeAndMessage returns what a user may see of err: its code and message.
func codeAndMessage(err error) (code, msg string) {
	var e *Error
	var pe *ParseError
	if err == nil {
		return "", ""
	} else if errors.As(err, &e) {
		return e.Code, e.Message
	} else if errors.As(err, &pe) {
		return EINVALID, pe.Error()
	}
	return EINTERNAL, "Internal error."
}
