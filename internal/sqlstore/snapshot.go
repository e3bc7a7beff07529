package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

const snapshotCols = `snapshot_id, source, seq, as_of, imported_at, entities, content_hash`

func scanSnapshot(sc scanner) (*embargo.Snapshot, error) {
	var snap embargo.Snapshot
	var asOf, importedAt string
	if err := sc.Scan(&snap.ID, &snap.Source, &snap.Seq, &asOf, &importedAt, &snap.Entities, &snap.ContentHash); err != nil {
		return nil, err
	}
	var err error
	if snap.AsOf, err = time.Parse(timeLayout, asOf); err != nil {
		return nil, fmt.Errorf("snapshot %s: as_of: %w", snap.ID, err)
	}
	if snap.ImportedAt, err = time.Parse(timeLayout, importedAt); err != nil {
		return nil, fmt.Errorf("snapshot %s: imported_at: %w", snap.ID, err)
	}
	return &snap, nil
}

func (s *Store) querySnapshot(ctx context.Context, q querier, query string, args ...any) (*embargo.Snapshot, error) {
	snap, err := scanSnapshot(q.QueryRowContext(ctx, s.q(query), args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	return snap, nil
}

func (s *Store) latestSnapshot(ctx context.Context, q querier, source string) (*embargo.Snapshot, error) {
	return s.querySnapshot(ctx, q, `SELECT `+snapshotCols+` FROM snapshots WHERE source = ? ORDER BY seq DESC LIMIT 1`, source)
}

// FindSnapshots returns the snapshots that match filter. See embargo.Store.
func (s *Store) FindSnapshots(ctx context.Context, filter embargo.SnapshotFilter) ([]*embargo.Snapshot, error) {
	query := `SELECT ` + snapshotCols + ` FROM snapshots`
	var args []any
	if filter.Source != nil {
		query += ` WHERE source = ?`
		args = append(args, *filter.Source)
	}
	query += ` ORDER BY source, seq`
	rows, err := s.DB.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	var out []*embargo.Snapshot
	for rows.Next() {
		snap, err := scanSnapshot(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, snap)
	}
	return out, rows.Err()
}

// Sources returns the names of the sources that have snapshots.
func (s *Store) Sources(ctx context.Context) ([]string, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT DISTINCT source FROM snapshots ORDER BY source`)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

// SnapshotAsOf returns the latest snapshot of source on or before t.
func (s *Store) SnapshotAsOf(ctx context.Context, source string, t time.Time) (*embargo.Snapshot, error) {
	// as_of is stored as RFC 3339 in UTC with a fixed-width date part, but
	// fractional seconds make string order unreliable; compare in Go.
	snaps, err := s.FindSnapshots(ctx, embargo.SnapshotFilter{Source: &source})
	if err != nil {
		return nil, err
	}
	var best *embargo.Snapshot
	for _, snap := range snaps {
		if !snap.AsOf.After(t) {
			best = snap
		}
	}
	if best == nil {
		if len(snaps) == 0 {
			return nil, embargo.Errorf(embargo.ENOTFOUND, "source %s has no snapshots", source)
		}
		return nil, embargo.Errorf(embargo.ENOTFOUND, "source %s has no snapshot on or before %s (the first is %s)", source, embargo.FormatAsOf(t), embargo.FormatAsOf(snaps[0].AsOf))
	}
	return best, nil
}

// ResolveSnapshot finds a snapshot by id, date or time. See embargo.Store.
func (s *Store) ResolveSnapshot(ctx context.Context, source, ref string) (*embargo.Snapshot, error) {
	if strings.Contains(ref, "@") {
		snap, err := s.querySnapshot(ctx, s.DB, `SELECT `+snapshotCols+` FROM snapshots WHERE snapshot_id = ?`, ref)
		if err != nil {
			return nil, err
		} else if snap == nil {
			return nil, embargo.Errorf(embargo.ENOTFOUND, "snapshot %s not found", ref)
		} else if source != "" && snap.Source != source {
			return nil, embargo.Errorf(embargo.EINVALID, "snapshot %s is not of source %s", ref, source)
		}
		return snap, nil
	}
	if source == "" {
		return nil, embargo.Errorf(embargo.EINVALID, "snapshot %q: a date needs a source (--source)", ref)
	}
	t, err := embargo.ParseAsOf(ref, true)
	if err != nil {
		return nil, err
	}
	return s.SnapshotAsOf(ctx, source, t)
}
