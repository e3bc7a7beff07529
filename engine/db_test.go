package engine_test

import (
	"testing"

	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/sqlite"
)

// mustDB opens a new SQLite database, closed when the test ends.
func mustDB(tb testing.TB) *sqlite.DB { return testutil.MustSQLite(tb) }
