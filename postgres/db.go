package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/sqlstore"
)

// DB is an open PostgreSQL database.
type DB struct {
	*sqlstore.Store
	DSN    string
	logger *slog.Logger
}

// Logger returns the database's logger.
func (db *DB) Logger() *slog.Logger {
	if db.logger != nil {
		return db.logger
	}
	return slog.Default()
}

// SetLogger sets the logger for background work (the snapshot listener).
func (db *DB) SetLogger(l *slog.Logger) { db.logger = l }

// Open connects to the database at dsn (a postgres:// URL) and brings its
// schema up to date.
func Open(ctx context.Context, dsn string) (*DB, error) {
	sqlDB, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	sqlDB.SetMaxOpenConns(16)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, embargo.Errorf(embargo.EINTERNAL, "cannot connect to PostgreSQL: %v", err)
	}
	if err := sqlstore.Migrate(ctx, sqlDB, dialect); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return &DB{DSN: dsn, Store: &sqlstore.Store{DB: sqlDB, Dialect: dialect}}, nil
}

var dialect = sqlstore.Dialect{
	Name:             "postgres",
	Rebind:           rebind,
	InsertIgnoreData: `INSERT INTO entity_data (hash, data) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`,
	Lock: func(ctx context.Context, tx *sql.Tx, key string) error {
		// A transaction-scoped advisory lock on the key's hash.
		_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, key)
		return err
	},
	MigrationLock: `SELECT pg_advisory_xact_lock(7366153)`,
	TableExists:   `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`,
	NoLimit:       `LIMIT ALL`,
	ForUpdate:     ` FOR UPDATE`,
	FormatError:   formatError,
	AfterImport:   notifyImport,
}

// rebind turns ? placeholders into $1, $2, ...; embargo's queries have no
// ? inside string literals.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// ErrUnavailable is returned, as EUNAVAILABLE, while the server cannot be
// reached; database/sql dials again on the next use, so a retry succeeds
// once the server is back.
var ErrUnavailable = embargo.Errorf(embargo.EUNAVAILABLE, "The database is unavailable; try again in a few seconds.")

// formatError translates PostgreSQL errors into embargo errors.
func formatError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return embargo.Errorf(embargo.ECONFLICT, "conflict: %s", pe.Message)
	}
	if isConnError(err) {
		// The driver's text (host, port, user) is for the log only.
		return &unavailableError{err: err}
	}
	return err
}

// isConnError reports whether err means the server is unreachable or
// went away, rather than that the statement failed.
func isConnError(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08 is connection exceptions; 57P01-57P03 are a server
		// shutting down, crashed or still starting.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED)
}

// unavailableError is ErrUnavailable with the driver's error kept for
// the log.
type unavailableError struct{ err error }

func (e *unavailableError) Error() string { return ErrUnavailable.Message + " (" + e.err.Error() + ")" }

// Unwrap returns both ErrUnavailable, so that embargo.ErrorCode finds it,
// and the driver's error.
func (e *unavailableError) Unwrap() []error { return []error{ErrUnavailable, e.err} }
