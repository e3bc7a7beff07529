// Package sqlstore implements embargo.Store on a database/sql connection, for
// the SQL dialects embargo supports (SQLite and PostgreSQL). The sqlite and
// postgres packages open connections and describe their Dialect; the
// list-keeping logic, which must behave the same on both, and the schema
// (migrations/, see its README.md) live here once.
//
// Storage model: every distinct content of an entity is stored once, keyed by
// its content hash (entity_data). A version row says in which run of a
// source's snapshots (by sequence number, from_seq inclusive to to_seq
// exclusive) that content stood in the list. A snapshot is then the set of
// versions valid at its seq, so 300 daily snapshots of a list that changes
// by a few dozen entries a day cost a few hundred rows each, not 15,000.
//
// Files by service: the lists in import.go, snapshot.go, entity.go,
// diff.go, history.go and retract.go; monitoring in watchlist.go, alert.go
// (with decisions and monitoring runs), audit.go and webhook.go; API keys
// and sessions in keys.go; download states in fetch.go. query.go holds the
// helpers they share, migrate.go the schema's upkeep.
package sqlstore
