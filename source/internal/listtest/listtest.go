// Package listtest holds test helpers shared by the list-format parsers'
// tests under source/: reading testdata fixtures, picking entities by
// source id, and the checks every parser's error table and fuzz test make.
package listtest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
)

// MustReadFile returns the contents of the file name under testdata,
// gunzipped when the name ends in .gz, failing the test on error.
func MustReadFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			tb.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			tb.Fatal(err)
		}
	}
	return b
}

// BySourceID maps the entities of list by their SourceID.
func BySourceID(list *embargo.ParsedList) map[string]embargo.Entity {
	m := map[string]embargo.Entity{}
	for _, e := range list.Entities {
		m[e.SourceID] = e
	}
	return m
}

// Pick returns the entities of list with the given source ids, in the
// order of ids, failing the test if one is missing.
func Pick(tb testing.TB, list *embargo.ParsedList, ids ...string) []embargo.Entity {
	tb.Helper()
	m := BySourceID(list)
	var out []embargo.Entity
	for _, id := range ids {
		e, ok := m[id]
		if !ok {
			tb.Fatalf("entity %s not found", id)
		}
		out = append(out, e)
	}
	return out
}

// CheckParseError checks the result of parsing bad input: err must be an
// *embargo.ParseError naming file whose message contains want, at the
// given line unless line is 0, and list must be nil. It returns the
// ParseError for further checks.
func CheckParseError(tb testing.TB, list *embargo.ParsedList, err error, file, want string, line int) *embargo.ParseError {
	tb.Helper()
	var pe *embargo.ParseError
	if !errors.As(err, &pe) {
		tb.Fatalf("err=%v, want *embargo.ParseError", err)
	}
	if list != nil {
		tb.Error("list is not nil")
	}
	if pe.File != file || !strings.Contains(pe.Msg, want) {
		tb.Errorf("err=%q, want it to contain %q", pe.Error(), want)
	}
	if line != 0 && pe.Line != line {
		tb.Errorf("Line=%d, want %d", pe.Line, line)
	}
	return pe
}

// CheckFuzzResult checks what a parser returned for arbitrary input:
// either an *embargo.ParseError and no list, or a list whose entities
// each have a name and a source id.
func CheckFuzzResult(tb testing.TB, list *embargo.ParsedList, err error) {
	tb.Helper()
	if err != nil {
		var pe *embargo.ParseError
		if !errors.As(err, &pe) {
			tb.Fatalf("err=%T %v, want *embargo.ParseError", err, err)
		}
		if list != nil {
			tb.Fatal("list and error both non-nil")
		}
		return
	}
	for _, e := range list.Entities {
		if e.Name == "" || e.SourceID == "" {
			tb.Fatalf("entity without name or id: %+v", e)
		}
	}
}

// ParseFunc is the signature of the parsers' Parse functions.
type ParseFunc func(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error)

// MustParse parses the testdata file with parse, passing it name (the
// file's own name if name is "") and opts, and fails the test on error.
func MustParse(tb testing.TB, parse ParseFunc, file, name string, opts embargo.ParseOptions) *embargo.ParsedList {
	tb.Helper()
	if name == "" {
		name = file
	}
	list, err := parse(bytes.NewReader(MustReadFile(tb, file)), name, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return list
}

// Fuzz runs the fuzz test of parse over the corpus f holds: each input is
// parsed as the file name with opts, and the result checked with
// CheckFuzzResult.
func Fuzz(f *testing.F, parse ParseFunc, name string, opts embargo.ParseOptions) {
	f.Fuzz(func(t *testing.T, in []byte) {
		list, err := parse(bytes.NewReader(in), name, opts)
		CheckFuzzResult(t, list, err)
	})
}

// Benchmark measures parse on in, parsed as the file name with opts, and
// reports the bytes parsed per second.
func Benchmark(b *testing.B, parse ParseFunc, in []byte, name string, opts embargo.ParseOptions) {
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := parse(bytes.NewReader(in), name, opts); err != nil {
			b.Fatal(err)
		}
	}
}
