package testutil

import (
	"encoding/json"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/embargo-dev/embargo/internal/series"
)

// Root returns the repository's root folder, found from this file's place,
// so that tests of any package name the shared fixtures the same way.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
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
