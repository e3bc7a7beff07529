package embargo

import (
	"context"
	"sort"
	"strings"
	"time"
)

// CrossLink says that two entities of different lists are the same party,
// and why (see package link).
type CrossLink struct {
	A string `json:"a"` // entity ids, A < B
	B string `json:"b"`
	// Reason is "identifier", "un_reference" or "name_and_birth_date";
	// Detail says which ("passport AB123456", "UN reference QDI012").
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

// CrossLinkSet is the links between the lists as they stood together: one
// snapshot of each source, the snapshots current at one time.
type CrossLinkSet struct {
	ID int64 `json:"id"`
	// Snapshots are the snapshots linked, by source.
	Snapshots []SnapshotRef `json:"snapshots"`
	// Key identifies the snapshots (see CrossLinkKey).
	Key string `json:"-"`
	// AsOf is the latest of the snapshots' dates.
	AsOf       time.Time   `json:"as_of"`
	ComputedAt time.Time   `json:"computed_at"`
	Links      []CrossLink `json:"links"`
}

// CrossLinkKey identifies a set of snapshots by their ids and contents:
// a snapshot retracted and imported again with other content is another
// snapshot to link.
func CrossLinkKey(snaps []*Snapshot) string {
	parts := make([]string, 0, len(snaps))
	for _, s := range snaps {
		parts = append(parts, s.ID+"#"+s.ContentHash)
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// CrossLinkStore keeps the links computed between snapshots.
type CrossLinkStore interface {
	// SaveCrossLinks stores set (its Key, Snapshots, AsOf and Links) and
	// sets its ID and ComputedAt. A set of the same key is replaced.
	SaveCrossLinks(ctx context.Context, set *CrossLinkSet) error

	// FindCrossLinks returns the set stored under key (see CrossLinkKey).
	// Returns ENOTFOUND if those snapshots were never linked.
	FindCrossLinks(ctx context.Context, key string) (*CrossLinkSet, error)
}

// CrossLinker gives the links between snapshots of several sources: those
// computed at import, or, for snapshots never linked together (a database
// from before links were kept, a series imported at once, a list imported
// out of date order), computed when first asked and kept.
type CrossLinker interface {
	CrossLinks(ctx context.Context, snaps []*Snapshot) (*CrossLinkSet, error)
}
