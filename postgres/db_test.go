package postgres_test

import (
	"context"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/storetest"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/postgres"
)

// MustOpen creates a new database on the test server and opens it.
func MustOpen(tb testing.TB) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), testutil.PostgresDSN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) embargo.Store { return MustOpen(t) })
}
