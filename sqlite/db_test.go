package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/storetest"
	"github.com/embargo-dev/embargo/sqlite"
)

// MustOpen opens a new database in a temporary directory.
func MustOpen(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "embargo.db"), sqlite.Options{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) embargo.Store { return MustOpen(t) })
}

func TestOpen_Missing(t *testing.T) {
	_, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "nope.db"), sqlite.Options{})
	if embargo.ErrorCode(err) != embargo.ENOTFOUND {
		t.Fatalf("err=%v, want ENOTFOUND", err)
	}
}
