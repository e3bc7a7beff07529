package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Migrate applies the migrations (*.sql files in dir of fsys) that the
// database has not seen yet, in name order, each in its own transaction.
// Statements are separated by ";" at the end of a line.
//
// A database that is up to date is only read: opening it takes no write
// lock, so commands and servers start while another process imports (a
// SQLite import holds the database's one write lock until it commits).
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, d Dialect) error {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	applied, err := appliedMigrations(ctx, db, d)
	if err != nil {
		return err
	}
	var pending []string
	for _, name := range names {
		if !applied[name] {
			pending = append(pending, name)
		}
	}
	if len(pending) == 0 {
		return nil
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)`); err != nil {
		return err
	}
	// Each file checks again in its transaction: another process may
	// have migrated meanwhile.
	for _, name := range pending {
		if err := migrateFile(ctx, db, fsys, d, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func migrateFile(ctx context.Context, db *sql.DB, fsys fs.FS, d Dialect, name string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if d.Name == "postgres" {
		// Replicas starting together must not migrate twice.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7366153)`); err != nil {
			return err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, d.Rebind(`SELECT COUNT(*) FROM migrations WHERE name = ?`), name).Scan(&n); err != nil {
		return err
	} else if n != 0 {
		return nil
	}
	buf, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	for _, stmt := range strings.Split(string(buf), ";\n") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO migrations (name) VALUES (?)`), name); err != nil {
		return err
	}
	return tx.Commit()
}

// appliedMigrations returns the names of the migrations the database has
// seen (none when it has no migrations table yet), with reads only.
func appliedMigrations(ctx context.Context, db *sql.DB, d Dialect) (map[string]bool, error) {
	exists := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`
	if d.Name == "postgres" {
		exists = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'migrations'`
	}
	var n int
	if err := db.QueryRowContext(ctx, exists).Scan(&n); err != nil {
		return nil, err
	}
	applied := map[string]bool{}
	if n == 0 {
		return applied, nil
	}
	rows, err := db.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		applied[name] = true
	}
	return applied, rows.Err()
}
