package embargo

import "context"

// Coordinator lets several embargo processes share one database: one of
// them runs the scheduled updates at a time, and all of them learn when any
// of them imports a snapshot.
type Coordinator interface {
	// WithUpdateLock runs fn if no other process holds the update lock, and
	// reports whether it ran. The lock is released when fn returns or the
	// process dies.
	WithUpdateLock(ctx context.Context, fn func(context.Context) error) (bool, error)

	// WatchSnapshots calls fn with the snapshot id each time any process
	// imports a snapshot, until ctx is done. It reconnects after failures
	// and then calls fn with "", meaning snapshots may have been missed.
	WatchSnapshots(ctx context.Context, fn func(snapshotID string)) error
}
