CREATE TABLE snapshots (
	id {{template "serial"}},
	snapshot_id TEXT NOT NULL UNIQUE,
	source TEXT NOT NULL,
	seq INTEGER NOT NULL,
	as_of TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	entities INTEGER NOT NULL,
	content_hash TEXT NOT NULL,
	UNIQUE (source, seq)
);

CREATE TABLE entity_data (
	hash TEXT PRIMARY KEY,
	data {{template "blob"}} NOT NULL
){{template "without_rowid"}};

CREATE TABLE versions (
	id {{template "serial"}},
	source TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	hash TEXT NOT NULL REFERENCES entity_data (hash),
	from_seq INTEGER NOT NULL,
	to_seq INTEGER
);

CREATE INDEX versions_entity ON versions (entity_id, from_seq);
CREATE INDEX versions_source ON versions (source, from_seq);
CREATE INDEX versions_open ON versions (source) WHERE to_seq IS NULL;
