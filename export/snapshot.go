package export

import (
	"time"

	"github.com/embargo-dev/embargo"
)

// SnapshotRow is a snapshot as the listings of snapshots show it
// (`embargo snapshots`, GET /api/v1/snapshots).
type SnapshotRow struct {
	SnapshotID string `json:"snapshot_id"`
	Source     string `json:"source"`
	AsOf       string `json:"as_of"`
	ImportedAt string `json:"imported_at"`
	Entities   int    `json:"entities"`
}

// SnapshotRows returns the rows of snaps, [] for none.
func SnapshotRows(snaps []*embargo.Snapshot) []SnapshotRow {
	rows := make([]SnapshotRow, 0, len(snaps))
	for _, s := range snaps {
		rows = append(rows, SnapshotRow{s.ID, s.Source, embargo.FormatAsOf(s.AsOf), s.ImportedAt.UTC().Format(time.RFC3339), s.Entities})
	}
	return rows
}
