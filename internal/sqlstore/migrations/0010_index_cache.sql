-- Screening indexes a process built, for the next processes to load
-- instead of building them again (engine.Engine.Load). The key names what
-- an index was built from: the snapshots and the program's build. One is
-- kept. A migration that changes stored entities must empty this table.
CREATE TABLE index_cache (
	key TEXT PRIMARY KEY,
	data {{template "blob"}} NOT NULL,
	created_at TEXT NOT NULL
);
