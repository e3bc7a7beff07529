package testutil

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/embargo-dev/embargo/sqlite"
)

// MustSQLite opens a new SQLite database in the test's temporary
// directory, closed when the test ends.
func MustSQLite(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "embargo.db"), sqlite.Options{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
