CREATE TABLE fetch_state (
	source TEXT NOT NULL,
	url TEXT NOT NULL,
	etag TEXT NOT NULL,
	last_modified TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	fetched_at TEXT NOT NULL,
	PRIMARY KEY (source, url)
);
