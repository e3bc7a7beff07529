package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

// RetractSnapshot removes a source's latest snapshot and records the
// retraction. See embargo.Store.
func (s *Store) RetractSnapshot(ctx context.Context, id, reason, by string) (*embargo.SnapshotRetraction, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, embargo.Errorf(embargo.EINVALID, "retract %s: a reason is required", id)
	}
	source, _, ok := strings.Cut(id, "@")
	if !ok {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "snapshot %s not found (want SOURCE@DATE)", id)
	}
	tx, err := s.beginSerial(ctx, importKey(source))
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	snap, err := s.querySnapshot(ctx, tx, `SELECT `+snapshotCols+` FROM snapshots WHERE snapshot_id = ?`, id)
	if err != nil {
		return nil, err
	} else if snap == nil {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "snapshot %s not found", id)
	}
	latest, err := s.latestSnapshot(ctx, tx, snap.Source)
	if err != nil {
		return nil, err
	}
	if latest.ID != snap.ID {
		return nil, embargo.Errorf(embargo.EINVALID, "retract %s: only a source's latest snapshot can be retracted, and %s is later (retract it first)", id, latest.ID)
	}
	// Undo the import: the versions it opened go, the ones it closed are
	// open again, so history and diffs read as if it never happened.
	for _, q := range []string{
		`DELETE FROM versions WHERE source = ? AND from_seq = ?`,
		`UPDATE versions SET to_seq = NULL WHERE source = ? AND to_seq = ?`,
		`DELETE FROM snapshots WHERE source = ? AND seq = ?`,
	} {
		if _, err := tx.ExecContext(ctx, s.q(q), snap.Source, snap.Seq); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
	}
	r := &embargo.SnapshotRetraction{Snapshot: *snap, Reason: reason, By: by, At: s.now().UTC()}
	if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO snapshot_retractions (snapshot_id, source, seq, as_of, imported_at, entities, content_hash, reason, retracted_by, retracted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		snap.ID, snap.Source, snap.Seq, snap.AsOf.Format(timeLayout), snap.ImportedAt.Format(timeLayout), snap.Entities, snap.ContentHash,
		r.Reason, r.By, r.At.Format(timeLayout)).Scan(&r.ID); err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	// Watchers (other servers) reload: an empty snapshot is news that is
	// not an import.
	if s.Dialect.AfterImport != nil {
		if err := s.Dialect.AfterImport(ctx, tx, &embargo.Snapshot{Source: snap.Source}); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	return r, nil
}

// FindRetractions returns the retractions, oldest first. See
// embargo.Store.
func (s *Store) FindRetractions(ctx context.Context) ([]*embargo.SnapshotRetraction, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, `+snapshotCols+`, reason, retracted_by, retracted_at FROM snapshot_retractions ORDER BY id`)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := []*embargo.SnapshotRetraction{}
	for rows.Next() {
		r := &embargo.SnapshotRetraction{}
		var asOf, importedAt, at string
		if err := rows.Scan(&r.ID, &r.Snapshot.ID, &r.Snapshot.Source, &r.Snapshot.Seq, &asOf, &importedAt, &r.Snapshot.Entities, &r.Snapshot.ContentHash,
			&r.Reason, &r.By, &at); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
		r.Snapshot.AsOf, _ = time.Parse(timeLayout, asOf)
		r.Snapshot.ImportedAt, _ = time.Parse(timeLayout, importedAt)
		r.At, _ = time.Parse(timeLayout, at)
		out = append(out, r)
	}
	return out, rows.Err()
}
