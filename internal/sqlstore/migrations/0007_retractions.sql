-- Snapshots taken back by an admin (embargo snapshots retract): the
-- snapshot as it was, who retracted it, when and why.
CREATE TABLE snapshot_retractions (
	id {{template "serial"}},
	snapshot_id TEXT NOT NULL,
	source TEXT NOT NULL,
	seq INTEGER NOT NULL,
	as_of TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	entities INTEGER NOT NULL,
	content_hash TEXT NOT NULL,
	reason TEXT NOT NULL,
	retracted_by TEXT NOT NULL,
	retracted_at TEXT NOT NULL
);
