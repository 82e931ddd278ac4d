// Package core holds OreWatch's domain types and the small interfaces the
// rest of the program is written against. It imports only the standard
// library and does no I/O, so every other package can depend on it.
package core

import (
	"errors"
	"fmt"
)

// Error codes. They are translated at exactly two edges: driver errors into
// these codes inside the store, and these codes into HTTP statuses or exit
// codes in the transports.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	// ETOOLARGE is input over a configured limit: a 413 on the web, exit
	// status 2 on the command line.
	ETOOLARGE = "too_large"
	// EUNAVAILABLE is a server at a limit of its own (open streams): a
	// 503, to be retried.
	EUNAVAILABLE = "unavailable"
)

// Error is an application error: something a user can act on. Field names
// the input that was wrong (a flag, a query parameter, a CSV column) so the
// message can point at it.
type Error struct {
	Code    string
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an application error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID error that names the offending field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the application error in err's chain, or
// EINTERNAL for anything else: unknown errors are never shown to users.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// generic message so that no internals leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return "internal error"
}
