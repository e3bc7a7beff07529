package golden_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo/internal/golden"
)

// recorder is a testing.TB that keeps failures instead of reporting them.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg = fmt.Sprintf(format, args...)
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.Fatalf("%s", fmt.Sprint(args...))
}

// check runs golden.Check on its own goroutine, so that a Fatalf ends it
// as it would end a test.
func check(r *recorder, path string, got []byte) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		golden.Check(r, path, got)
	}()
	<-done
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ok.json")
	if err := os.WriteFile(path, []byte("[\n  1\n]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path, got string
		fail            bool
		msg             []string
	}{
		{"same", path, "[\n  1\n]\n", false, nil},
		{"changed value", path, "[\n  2\n]\n", true, []string{"line 2", `got:  "  2"`, `want: "  1"`, "-update"}},
		{"missing trailing newline", path, "[\n  1\n]", true, []string{"line 4", "(end of file)", "-update"}},
		{"missing file", filepath.Join(dir, "none.json"), "x", true, []string{"none.json", "-update to create it"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			check(r, tt.path, []byte(tt.got))
			if r.failed != tt.fail {
				t.Fatalf("failed=%v, want %v (%s)", r.failed, tt.fail, r.msg)
			}
			for _, s := range tt.msg {
				if !strings.Contains(r.msg, s) {
					t.Errorf("message %q, want it to contain %q", r.msg, s)
				}
			}
		})
	}
}

func TestCheck_Update(t *testing.T) {
	defer func(v bool) { *golden.Update = v }(*golden.Update)
	*golden.Update = true
	path := filepath.Join(t.TempDir(), "golden", "new.json")
	golden.CheckJSON(t, path, map[string]any{"name": "Ivan Petrov", "ids": []string{"C-001"}})
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Two-space indent, sorted keys, a trailing newline.
	if want := "{\n  \"ids\": [\n    \"C-001\"\n  ],\n  \"name\": \"Ivan Petrov\"\n}\n"; string(got) != want {
		t.Errorf("file=%q, want %q", got, want)
	}
}
