package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

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
	migrations, _ := fs.Sub(migrationFS, "migrations")
	if err := sqlstore.Migrate(ctx, sqlDB, migrations, dialect); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return &DB{DSN: dsn, Store: &sqlstore.Store{DB: sqlDB, Dialect: dialect}}, nil
}

var dialect = sqlstore.Dialect{
	Name:             "postgres",
	Rebind:           rebind,
	InsertIgnoreData: `INSERT INTO entity_data (hash, data) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`,
	BeginImport: func(ctx context.Context, db *sql.DB) (*sql.Tx, error) {
		return db.BeginTx(ctx, nil)
	},
	LockSource: func(ctx context.Context, tx *sql.Tx, source string) error {
		// Imports of one source are serialised across replicas by a
		// transaction-scoped advisory lock keyed by the source name.
		_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "import:"+source)
		return err
	},
	FormatError: formatError,
	AfterImport: notifyImport,
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

// formatError translates PostgreSQL errors into embargo errors.
func formatError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return embargo.Errorf(embargo.ECONFLICT, "conflict: %s", pe.Message)
	}
	return err
}
