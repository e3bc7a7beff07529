package name_test

import (
	"testing"

	"github.com/embargo-dev/embargo/internal/tabletest"
)

// stringCase is one row of a table test of a function from string to
// string: f(In) must be Want. Name names the subtest.
type stringCase = tabletest.Case[string, string]

// checkStrings runs each case as a subtest and reports, under the
// function's name fn, every result that differs from the case's want.
func checkStrings(t *testing.T, fn string, f func(string) string, cases []stringCase) {
	t.Helper()
	tabletest.Run(t, fn, f, cases)
}

// checkEach is checkStrings for a table of {in, want} rows without
// names: each input names its subtest.
func checkEach(t *testing.T, fn string, f func(string) string, cases [][2]string) {
	t.Helper()
	named := make([]stringCase, len(cases))
	for i, c := range cases {
		named[i] = stringCase{Name: c[0], In: c[0], Want: c[1]}
	}
	checkStrings(t, fn, f, named)
}

// keyPair is two spellings for a key function (Fold, Phonetic,
// Equivalent, Skeleton): they must get the same key, or different keys.
type keyPair struct{ name, a, b string }

// checkSameKey checks that key gives both spellings of each pair the same,
// non-empty key.
func checkSameKey(t *testing.T, fn string, key func(string) string, pairs []keyPair) {
	t.Helper()
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			if a, b := key(p.a), key(p.b); a == "" || a != b {
				t.Errorf("%s(%q)=%q, %s(%q)=%q, want equal and set", fn, p.a, a, fn, p.b, b)
			}
		})
	}
}

// checkDifferentKey checks that key keeps the spellings of each pair apart.
func checkDifferentKey(t *testing.T, fn string, key func(string) string, pairs []keyPair) {
	t.Helper()
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			if a, b := key(p.a), key(p.b); a == b {
				t.Errorf("%s(%q)=%s(%q)=%q, want different", fn, p.a, fn, p.b, a)
			}
		})
	}
}
