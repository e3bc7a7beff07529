-- Web UI sessions: a random token in the browser's cookie, its hash here,
-- bound to the API key signed in with; signing out revokes it.
CREATE TABLE sessions (
	hash TEXT PRIMARY KEY,
	key_id {{template "bigint"}} NOT NULL REFERENCES api_keys (id),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	revoked_at TEXT
);
