package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/storetest"
	"github.com/embargo-dev/embargo/postgres"
)

// testDSN returns the test server's DSN from EMBARGO_TEST_PG_DSN. Without
// it the tests skip, except under CI, where a missing server is a failure.
func testDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("EMBARGO_TEST_PG_DSN")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("EMBARGO_TEST_PG_DSN is not set; .ci/run starts PostgreSQL and sets it")
		}
		tb.Skip("EMBARGO_TEST_PG_DSN not set (scripts/pg-test-server start prints one)")
	}
	return dsn
}

// MustOpen creates a new database on the test server and opens it.
func MustOpen(tb testing.TB) *postgres.DB {
	tb.Helper()
	dsn := testDSN(tb)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("embargo_test_%d", rand.Int64())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatal(err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	db, err := postgres.Open(context.Background(), u.String())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		db.Close()
		if admin, err := sql.Open("pgx", dsn); err == nil {
			admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
			admin.Close()
		}
	})
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) embargo.Store { return MustOpen(t) })
}
