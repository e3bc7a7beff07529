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
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, d Dialect) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)`); err != nil {
		return err
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
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
