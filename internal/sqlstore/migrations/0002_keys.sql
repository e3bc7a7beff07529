CREATE TABLE api_keys (
	id {{template "serial"}},
	name TEXT NOT NULL,
	role TEXT NOT NULL,
	prefix TEXT NOT NULL,
	hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	revoked_at TEXT
);
