package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/clock"
)

// snapshotChannel is the LISTEN/NOTIFY channel announcing new snapshots.
const snapshotChannel = "embargo_snapshots"

// updateLockKey is the advisory lock held while a replica runs updates.
const updateLockKey = 7366154

var _ embargo.Database = (*DB)(nil)

// DefaultAuditJournal returns "": a journal on one replica's disk is
// configured, not assumed.
func (db *DB) DefaultAuditJournal() string { return "" }

// notifyImport announces a snapshot to every listening replica. NOTIFY in a
// transaction is delivered at commit, so listeners never hear of a snapshot
// they cannot read yet, nor of one that was rolled back.
func notifyImport(ctx context.Context, tx *sql.Tx, snap *embargo.Snapshot) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, snapshotChannel, snap.ID)
	return err
}

// WithUpdateLock runs fn while holding a session advisory lock on a
// connection of its own; if the process dies, PostgreSQL ends the session
// and frees the lock, and the import transaction fn was in rolls back.
func (db *DB) WithUpdateLock(ctx context.Context, fn func(context.Context) error) (bool, error) {
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, updateLockKey).Scan(&got); err != nil {
		return false, err
	}
	if !got {
		return false, nil
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, updateLockKey)
	return true, fn(ctx)
}

// WatchSnapshots listens for new snapshots. See embargo.Coordinator.
func (db *DB) WatchSnapshots(ctx context.Context, fn func(snapshotID string)) error {
	const minBackoff, maxBackoff = 100 * time.Millisecond, 5 * time.Second
	backoff := minBackoff
	reconnect := false
	for ctx.Err() == nil {
		listened, err := db.listen(ctx, fn, reconnect)
		if ctx.Err() != nil {
			break
		}
		if listened {
			backoff = minBackoff // it was a working connection that broke
		}
		reconnect = true
		db.Logger().Warn("snapshot listener reconnecting", "err", err, "wait", backoff)
		clock.Sleep(ctx, backoff) // the loop ends if ctx did
		backoff = min(2*backoff, maxBackoff)
	}
	return ctx.Err()
}

// listen listens on one connection until it fails, and reports whether
// it got as far as listening. After a reconnect, it calls fn("") once
// listening: only then may the caller reload without missing a snapshot
// committed meanwhile.
func (db *DB) listen(ctx context.Context, fn func(string), reconnect bool) (bool, error) {
	conn, err := pgx.Connect(ctx, db.DSN)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+snapshotChannel); err != nil {
		return false, fmt.Errorf("listen: %w", err)
	}
	if reconnect {
		db.Logger().Info("snapshot listener reconnected")
		fn("")
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		fn(n.Payload)
	}
}
