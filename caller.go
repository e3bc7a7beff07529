package embargo

import (
	"context"
)

// Caller says who asks for a screening, for the audit log.
type Caller struct {
	// Name identifies the caller: "cli:alice", "api:key 3 (ops)", "monitor".
	Name string
	// Kind overrides the audit record kind (AuditMonitor, AuditRerun).
	Kind string
	// Customer is the watched customer screened, if any.
	Customer *CustomerRef
	// RerunOf is the audit record being re-run, if any.
	RerunOf int64
}

type callerKey struct{}

// NewContextWithCaller returns a context carrying the caller.
func NewContextWithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFromContext returns the caller the context carries, or a zero Caller.
func CallerFromContext(ctx context.Context) Caller {
	c, _ := ctx.Value(callerKey{}).(Caller)
	return c
}
