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

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	var pe *ParseError
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	} else if errors.As(err, &pe) {
		return EINVALID
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or
// "Internal error." for any other error.
func ErrorMessage(err error) string {
	var e *Error
	var pe *ParseError
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	} else if errors.As(err, &pe) {
		return pe.Error()
	}
	return "Internal error."
}
