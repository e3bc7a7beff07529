package main_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// pgDatabase creates a database on the test PostgreSQL server and returns
// its URL. Without EMBARGO_TEST_PG_DSN it skips, except under CI.
func pgDatabase(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("EMBARGO_TEST_PG_DSN")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("EMBARGO_TEST_PG_DSN is not set; .ci/run starts PostgreSQL and sets it")
		}
		t.Skip("EMBARGO_TEST_PG_DSN not set")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("embargo_cli_%d", rand.Int64())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if admin, err := sql.Open("pgx", dsn); err == nil {
			admin.ExecContext(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)")
			admin.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestCopyToPostgres copies a SQLite database into PostgreSQL and checks
// that the copy answers diffs and histories the same.
func TestCopyToPostgres(t *testing.T) {
	pg := pgDatabase(t)
	p := NewProgram(t)
	p.MustRun(t, "import", "--as-of", "2019-01-04", sdn2019)
	p.MustRun(t, "import", "--as-of", "2021-04-25", sdn2021)
	if out := p.MustRun(t, "copy", "--to", pg); !strings.Contains(out, "copied 2 snapshots") {
		t.Fatalf("copy output: %s", out)
	}
	q := &Program{DB: pg}
	for _, args := range [][]string{
		{"diff", "--json", "--source", "ofac-sdn", "2019-01-04", "2021-04-25"},
		{"history", "--json", "ofac-sdn:24228"},
	} {
		if a, b := p.MustRun(t, args...), q.MustRun(t, args...); a != b {
			t.Fatalf("%v differs between SQLite and the PostgreSQL copy", args)
		}
	}
	// A second copy into the same database is refused.
	if code, _, errOut := p.Run("copy", "--to", pg); code != 1 || !strings.Contains(errOut, "empty database") {
		t.Fatalf("second copy: exit %d, %s", code, errOut)
	}
}
