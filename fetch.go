package embargo

import (
	"context"
	"time"
)

// FetchState is what embargo remembers of the last complete download of
// one file of a source, for conditional requests.
type FetchState struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	SHA256       string    `json:"sha256"`
	FetchedAt    time.Time `json:"fetched_at"`
}

// FetchStateStore keeps download states. States are saved only after the
// download they describe was imported.
type FetchStateStore interface {
	// FetchStates returns source's states by URL (empty when none).
	FetchStates(ctx context.Context, source string) (map[string]FetchState, error)
	// SaveFetchStates replaces source's states.
	SaveFetchStates(ctx context.Context, source string, states []FetchState) error
}
