package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

var _ embargo.Database = (*DB)(nil)

// DefaultAuditJournal returns the database file's path with
// ".audit-journal" appended, or "" for an in-memory database.
func (db *DB) DefaultAuditJournal() string {
	if strings.Contains(db.Path, ":memory:") || strings.Contains(db.Path, "mode=memory") {
		return ""
	}
	path := strings.TrimPrefix(db.Path, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return path + ".audit-journal"
}

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
	last, n, err := db.lastSnapshot(ctx)
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
		id, count, err := db.lastSnapshot(ctx)
		if err != nil {
			continue
		}
		switch {
		case count < n:
			// A snapshot was retracted: not an import, but news.
			fn("")
		case id != last:
			fn(id)
		}
		last, n = id, count
	}
}

// lastSnapshot returns the id of the snapshot imported last ("" if none)
// and how many snapshots there are.
func (db *DB) lastSnapshot(ctx context.Context) (string, int, error) {
	var id string
	var n int
	err := db.Store.DB.QueryRowContext(ctx, `SELECT COALESCE((SELECT snapshot_id FROM snapshots ORDER BY id DESC LIMIT 1), ''), (SELECT COUNT(*) FROM snapshots)`).Scan(&id, &n)
	return id, n, err
}
