// Package sqlite implements embargo.Store on an embedded SQLite database
// (modernc.org/sqlite: pure Go, no cgo) in WAL mode. It is embargo's default
// store; the list-keeping logic itself is shared with PostgreSQL in
// internal/sqlstore.
package sqlite
