package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/embargo-dev/embargo"
)

var _ embargo.Database = (*DB)(nil)

// WithUpdateLock runs fn unless this process is already updating. SQLite
// serialises the imports themselves across processes (BEGIN IMMEDIATE).
func (db *DB) WithUpdateLock(ctx context.Context, fn func(context.Context) error) (bool, error) {
	if !db.updating.TryLock() {
		return false, nil
	}
	defer db.updating.Unlock()
	return true, fn(ctx)
}

// PollInterval is how often WatchSnapshots looks for new snapshots.
var PollInterval = time.Second

// WatchSnapshots polls for snapshots imported by any process using the
// same database file. See embargo.Coordinator.
func (db *DB) WatchSnapshots(ctx context.Context, fn func(snapshotID string)) error {
	last, err := db.lastSnapshot(ctx)
	if err != nil {
		return err
	}
	t := time.NewTicker(PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		id, err := db.lastSnapshot(ctx)
		if err != nil {
			continue
		}
		if id != last {
			last = id
			fn(id)
		}
	}
}

// lastSnapshot returns the id of the snapshot imported last, "" if none.
func (db *DB) lastSnapshot(ctx context.Context) (string, error) {
	var id string
	err := db.Store.DB.QueryRowContext(ctx, `SELECT snapshot_id FROM snapshots ORDER BY id DESC LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}
