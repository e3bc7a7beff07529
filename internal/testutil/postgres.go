package testutil

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// PostgresDSN creates an empty database on the test server named by
// EMBARGO_TEST_PG_DSN and returns its DSN; the database is dropped when
// the test ends. Without the variable the test skips, except under CI,
// where a missing server is a failure.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("EMBARGO_TEST_PG_DSN")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("EMBARGO_TEST_PG_DSN is not set; .ci/run starts PostgreSQL and sets it")
		}
		tb.Skip("EMBARGO_TEST_PG_DSN not set (scripts/pg-test-server start prints one)")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("embargo_test_%d", rand.Int64())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if admin, err := sql.Open("pgx", dsn); err == nil {
			admin.ExecContext(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)")
			admin.Close()
		}
	})
	u.Path = "/" + name
	return u.String()
}
