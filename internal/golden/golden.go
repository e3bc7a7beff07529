// Package golden compares test output with golden files kept under
// testdata, and rewrites them when the tests run with -update:
//
//	go test ./source/un -update
//
// Review the rewritten files with git diff before committing them.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Update reports whether the -update flag was given, asking Check to
// rewrite the golden files instead of failing when they differ.
var Update = flag.Bool("update", false, "rewrite the golden files under testdata")

// Check compares got with the golden file at path. With -update it first
// writes got to path, creating its directory. A missing or different file
// fails the test with the first differing line and a hint to run with
// -update.
func Check(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s differs (run go test with -update to accept, then review git diff):\n%s", path, firstDiff(got, want))
	}
}

// CheckJSON marshals v as indented JSON (two spaces, with a trailing
// newline) and compares it with the golden file at path, as Check does.
func CheckJSON(tb testing.TB, path string, v any) {
	tb.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	Check(tb, path, append(got, '\n'))
}

// firstDiff describes the first line where got and want differ, with the
// line before it for context.
func firstDiff(got, want []byte) string {
	g := strings.Split(string(got), "\n")
	w := strings.Split(string(want), "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	line := func(lines []string, i int) string {
		if i >= len(lines) {
			return "(end of file)"
		}
		return fmt.Sprintf("%q", lines[i])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d (got %d lines, want %d):\n", i+1, len(g), len(w))
	if i > 0 {
		fmt.Fprintf(&b, "  both: %q\n", g[i-1])
	}
	fmt.Fprintf(&b, "  got:  %s\n  want: %s", line(g, i), line(w, i))
	return b.String()
}
