package tabletest

import (
	"os"
	"os/exec"
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

// TestRunFails checks that a case whose result differs from its want
// fails the test, naming the function, the input and both results: it
// runs this test binary again on a wrong table and reads its output.
func TestRunFails(t *testing.T) {
	if os.Getenv("TABLETEST_WRONG_TABLE") == "1" {
		Run(t, "ToUpper", strings.ToUpper, []Case[string, string]{{"wrong", "abc", "abd"}})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunFails$", "-test.v")
	cmd.Env = append(os.Environ(), "TABLETEST_WRONG_TABLE=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("a wrong table passed:\n%s", out)
	}
	if want := `ToUpper("abc")="ABC", want "abd"`; !strings.Contains(string(out), want) || !strings.Contains(string(out), "--- FAIL: TestRunFails/wrong") {
		t.Fatalf("output of a wrong table lacks %q or the failing subtest:\n%s", want, out)
	}
}
