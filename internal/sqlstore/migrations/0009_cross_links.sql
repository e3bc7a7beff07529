-- Cross-list links (package link), computed at import and kept per set of
-- snapshots linked together: one snapshot of each source, keyed by their
-- ids and content hashes (embargo.CrossLinkKey).
CREATE TABLE cross_link_sets (
	id {{template "serial"}},
	snapshot_key TEXT NOT NULL UNIQUE,
	snapshots TEXT NOT NULL,
	as_of TEXT NOT NULL,
	computed_at TEXT NOT NULL
);
CREATE TABLE cross_links (
	set_id {{template "bigint"}} NOT NULL REFERENCES cross_link_sets (id) ON DELETE CASCADE,
	entity_a TEXT NOT NULL,
	entity_b TEXT NOT NULL,
	reason TEXT NOT NULL,
	detail TEXT NOT NULL,
	PRIMARY KEY (set_id, entity_a, entity_b)
);
