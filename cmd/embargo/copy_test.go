package main_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo/internal/testutil"
)

// TestCopyToPostgres copies a SQLite database into PostgreSQL and checks
// that the copy answers diffs and histories the same.
func TestCopyToPostgres(t *testing.T) {
	pg := testutil.PostgresDSN(t)
	p := NewProgram(t)
	p.MustRun(t, "import", "--as-of", "2019-01-04", testutil.SDN2019)
	p.MustRun(t, "import", "--as-of", "2021-04-25", testutil.SDN2021)
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
