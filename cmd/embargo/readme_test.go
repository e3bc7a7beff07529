package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADME_UsingIt runs the command lines of the README's "Using it"
// block, in order, on a fresh database, so that the first commands a
// newcomer types keep working (paths included).
func TestREADME_UsingIt(t *testing.T) {
	const root = "../.."
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Using it\n")
	if !ok {
		t.Fatal(`README.md has no "## Using it" section`)
	}
	_, block, ok := strings.Cut(section, "```sh\n")
	if !ok {
		t.Fatal(`no sh block under "## Using it"`)
	}
	block, _, _ = strings.Cut(block, "```")
	p := NewProgram(t)
	ran := 0
	for line := range strings.Lines(block) {
		line, _, _ = strings.Cut(strings.TrimSpace(line), " # ")
		args := shellWords(line)
		if len(args) < 2 || args[0] != "./embargo" {
			continue // the build
		}
		args = args[1:]
		if args[0] == "screen" && args[1] == "--in" {
			continue // the user's own customers.csv
		}
		for i, a := range args {
			if strings.Contains(a, "/") && !strings.HasPrefix(a, "-") {
				path := filepath.Join(root, a)
				if _, err := os.Stat(path); err != nil {
					t.Fatalf("README: %s: %v", line, err)
				}
				args[i] = path
			}
		}
		if out := p.MustRun(t, args...); strings.TrimSpace(out) == "" {
			t.Errorf("README: %s printed nothing", line)
		}
		ran++
	}
	if ran < 5 {
		t.Fatalf("ran %d command lines of the README, want the block's", ran)
	}
}

// shellWords splits a command line at spaces, keeping double-quoted words
// whole.
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	quoted, in := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, in = !quoted, true
		case r == ' ' && !quoted:
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words
}
