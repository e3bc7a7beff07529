// Package tabletest runs the table tests of pure functions: one subtest
// per case, named for it, that compares what the function returns for the
// case's input with the case's want.
//
//	tabletest.Run(t, "ISODate", listfmt.ISODate, []tabletest.Case[string, string]{
//		{"date", "1964-07-17", "1964-07-17"},
//		{"day first", "17/07/1964", ""},
//	})
package tabletest

import (
	"slices"
	"testing"
)

// Case is one row of a table: the subtest's name, the input and the result
// wanted. It is an alias of a struct literal type, so that tables list
// their rows without field names as a table local to the test would.
type Case[In, Out any] = struct {
	Name string
	In   In
	Want Out
}

// Run checks, for each case in a subtest of its name, that f(In) == Want;
// name names f in the failure message.
func Run[In any, Out comparable](t *testing.T, name string, f func(In) Out, cases []Case[In, Out]) {
	t.Helper()
	RunEqual(t, name, f, func(got, want Out) bool { return got == want }, cases)
}

// RunEqual is Run for results compared with equal, such as Slices.
func RunEqual[In, Out any](t *testing.T, name string, f func(In) Out, equal func(got, want Out) bool, cases []Case[In, Out]) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if got := f(c.In); !equal(got, c.Want) {
				t.Errorf("%s(%#v)=%#v, want %#v", name, c.In, got, c.Want)
			}
		})
	}
}

// Slices reports whether got and want hold the same elements in the same
// order, and are both nil or both not.
func Slices[E comparable](got, want []E) bool {
	return slices.Equal(got, want) && (got == nil) == (want == nil)
}
