package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"text/template"
)

// migrationFS holds the schema of both dialects, written once. Each
// migrations/*.sql file is a text/template; the words SQLite and
// PostgreSQL spell differently (a serial key, BLOB or BYTEA, the
// append-only triggers) are templates defined in migrations/<dialect>.tmpl.
// A migration is applied once, recorded by its file name (the names
// predate this layout: databases made by earlier versions keep their
// records). To add one, see migrations/README.md.
//
//go:embed migrations/*.sql migrations/*.tmpl
var migrationFS embed.FS

// Migrate applies the migrations the database has not seen yet, in name
// order, each in its own transaction. Statements are separated by ";" at
// the end of a line.
//
// A database that is up to date is only read: opening it takes no write
// lock, so commands and servers start while another process imports (a
// SQLite import holds the database's one write lock until it commits).
func Migrate(ctx context.Context, db *sql.DB, d Dialect) error {
	fsys, _ := fs.Sub(migrationFS, "migrations")
	return migrate(ctx, db, fsys, d)
}

func migrate(ctx context.Context, db *sql.DB, fsys fs.FS, d Dialect) error {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var n int
	if err := db.QueryRowContext(ctx, d.Rebind(d.TableExists), "migrations").Scan(&n); err != nil {
		return err
	}
	applied := map[string]bool{}
	if n > 0 {
		if applied, err = appliedMigrations(ctx, db); err != nil {
			return err
		}
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
	words, err := template.ParseFS(fsys, d.Name+".tmpl")
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)`); err != nil {
		return err
	}
	// Each file checks again in its transaction: another process may
	// have migrated meanwhile.
	for _, name := range pending {
		stmts, err := render(fsys, words, name)
		if err == nil {
			err = migrateFile(ctx, db, d, name, stmts)
		}
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// render returns the statements of migration name in the dialect whose
// words are defined in words.
func render(fsys fs.FS, words *template.Template, name string) ([]string, error) {
	buf, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	t, err := words.Clone()
	if err == nil {
		t, err = t.New(name).Parse(string(buf))
	}
	var b strings.Builder
	if err == nil {
		err = t.Execute(&b, nil)
	}
	if err != nil {
		return nil, err
	}
	var stmts []string
	for _, stmt := range strings.Split(b.String(), ";\n") {
		if strings.TrimSpace(stmt) != "" {
			stmts = append(stmts, stmt)
		}
	}
	return stmts, nil
}

func migrateFile(ctx context.Context, db *sql.DB, d Dialect, name string, stmts []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if d.MigrationLock != "" {
		if _, err := tx.ExecContext(ctx, d.MigrationLock); err != nil {
			return err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, d.Rebind(`SELECT COUNT(*) FROM migrations WHERE name = ?`), name).Scan(&n); err != nil {
		return err
	} else if n != 0 {
		return nil
	}
	for _, stmt := range stmts {
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
// seen, with reads only.
func appliedMigrations(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		applied[name] = true
	}
	return applied, rows.Err()
}
