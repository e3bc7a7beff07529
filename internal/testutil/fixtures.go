package testutil

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/embargo-dev/embargo/internal/series"
)

// Root returns the repository's root folder, the first folder holding a
// go.mod at or above the working directory (a test runs in its package's
// folder), so that tests of any package name the shared fixtures the same
// way. It panics when there is none.
func Root() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			panic("testutil: no go.mod above the working directory")
		}
		dir = parent
	}
}

// MustExtractSeries unpacks the archive of OFAC's daily SDN scrapes
// (testdata/ofac-sdn/daily-2021-08-18--2024-05-03.tar.xz) into a temporary
// directory and returns it.
func MustExtractSeries(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := series.Extract(filepath.Join(Root(), "testdata", "ofac-sdn", "daily-2021-08-18--2024-05-03.tar.xz"), dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// MustJSON returns v encoded as JSON, failing the test on error: two values
// compare equal as their JSON does.
func MustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
