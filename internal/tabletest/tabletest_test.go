package tabletest

import (
	"strings"
	"testing"
)

// TestRun runs tables whose cases hold, compared with == and with Slices,
// and checks Slices itself.
func TestRun(t *testing.T) {
	Run(t, "ToUpper", strings.ToUpper, []Case[string, string]{{"lower", "abc", "ABC"}, {"empty", "", ""}})
	RunEqual(t, "Fields", strings.Fields, Slices[string], []Case[string, []string]{{"two words", " a  b ", []string{"a", "b"}}, {"none", " ", []string{}}})
	if !Slices[string](nil, nil) || Slices([]string{}, nil) || Slices([]string{"a"}, []string{"b"}) {
		t.Error("Slices: nil and empty, or different elements, compare equal")
	}
}
