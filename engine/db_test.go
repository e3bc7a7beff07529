package engine_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/embargo-dev/embargo/sqlite"
)

// mustDB opens a new SQLite database, closed when the test ends.
func mustDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "embargo.db"), sqlite.Options{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
