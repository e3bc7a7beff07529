package sqlite_test

import (
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/sqlite"
)

// TestOpen_EarlierDatabase opens a database made by an earlier version
// (testdata/embargo-0008.db.gz: `embargo migrate`, `keys create` and
// `watch add` by the commit before the migrations were written once for
// both dialects, when each had its own copy of migrations 0001-0008). It
// must open without running those again, keep its rows, and end with the
// schema and migration records of a database made now.
func TestOpen_EarlierDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	gunzip(t, "testdata/embargo-0008.db.gz", path)
	old, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	fresh := testutil.MustSQLite(t)

	for _, q := range []string{
		`SELECT name FROM migrations ORDER BY name`,
		`SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name`,
	} {
		got, want := column(t, old, q), column(t, fresh, q)
		if len(want) < 8 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s\nearlier database: %q\nnew database:     %q", q, got, want)
		}
	}
	if c, err := old.FindCustomer(ctx, "compat", "c1"); err != nil || c.Name != "Ivan Petrov" {
		t.Errorf("customer: %+v, %v", c, err)
	}
	if keys, err := old.ListKeys(ctx); err != nil || len(keys) != 1 || keys[0].Name != "compat" {
		t.Errorf("keys: %+v, %v", keys, err)
	}
}

func gunzip(t *testing.T, from, to string) {
	t.Helper()
	f, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err == nil {
		var data []byte
		if data, err = io.ReadAll(zr); err == nil {
			err = os.WriteFile(to, data, 0o600)
		}
	}
	if err != nil {
		t.Fatalf("%s: %v", from, err)
	}
}

func column(t *testing.T, db *sqlite.DB, q string) []string {
	t.Helper()
	rows, err := db.DB.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMigrationsInOnePlace fails where a migration was added beside a
// backend, as before the two sets were written once: such a file would
// never run.
func TestMigrationsInOnePlace(t *testing.T) {
	for _, dir := range []string{"migrations", "../postgres/migrations"} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%s exists: migrations now live, for both databases, in internal/sqlstore/migrations (see its README.md)", dir)
		}
	}
}
