// Package postgres implements embargo.Store on PostgreSQL (through pgx), for
// several embargo servers sharing one state. The list-keeping logic is
// shared with SQLite in internal/sqlstore; this package opens connections,
// migrates the schema and translates PostgreSQL's errors.
package postgres
