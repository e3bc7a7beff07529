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
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/golden"
)

// MustReadRaw returns the contents of the file name under testdata as
// they are stored (not gunzipped), failing the test on error.
func MustReadRaw(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// MustReadFile returns the contents of the file name under testdata,
// gunzipped when the name ends in .gz, failing the test on error.
func MustReadFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b := MustReadRaw(tb, name)
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

// ErrorCase is bad input for a parser: Want is part of the message of the
// *embargo.ParseError it must return, at Line unless Line is 0. It is an
// alias of a struct literal type so that the tables can list their cases
// without field names, as a table local to the test would.
type ErrorCase = struct {
	Name, Input, Want string
	Line              int
}

// CheckErrors runs each case as a subtest: it parses the input with parse
// as the file name with opts, and checks the result with CheckParseError,
// which wants the error to name the file's base name.
func CheckErrors(t *testing.T, parse ParseFunc, name string, opts embargo.ParseOptions, cases []ErrorCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			list, err := parse(strings.NewReader(tt.Input), name, opts)
			CheckParseError(t, list, err, filepath.Base(name), tt.Want, tt.Line)
		})
	}
}

// Golden compares v, as indented JSON, with the golden file name under
// testdata/golden (see internal/golden: -update rewrites it).
func Golden(tb testing.TB, name string, v any) {
	tb.Helper()
	golden.CheckJSON(tb, filepath.Join("testdata", "golden", name), v)
}

// CheckAsOf checks that list is dated want, an RFC 3339 time, or not
// dated when want is "".
func CheckAsOf(tb testing.TB, list *embargo.ParsedList, want string) {
	tb.Helper()
	var w time.Time
	if want != "" {
		var err error
		if w, err = time.Parse(time.RFC3339Nano, want); err != nil {
			tb.Fatal(err)
		}
	}
	if !list.AsOf.Equal(w) {
		tb.Errorf("AsOf=%v, want %v", list.AsOf, w)
	}
}

// CheckEntities checks that every entity of list has a name and an ID
// starting with prefix (the source and a colon).
func CheckEntities(tb testing.TB, list *embargo.ParsedList, prefix string) {
	tb.Helper()
	for _, e := range list.Entities {
		if e.Name == "" || !strings.HasPrefix(e.ID, prefix) {
			tb.Errorf("entity %q (name %q): empty name or an ID not starting with %q", e.ID, e.Name, prefix)
		}
	}
}

// Sniffed is what a Sniff function is given: a file's name and its first
// bytes.
type Sniffed struct {
	Name string
	Head []byte
}

// SniffFiles returns the testdata files named, each under its own name
// with its first n bytes (all of it when shorter), gunzipped as
// MustReadFile does.
func SniffFiles(tb testing.TB, n int, names ...string) []Sniffed {
	tb.Helper()
	var out []Sniffed
	for _, name := range names {
		b := MustReadFile(tb, name)
		out = append(out, Sniffed{name, b[:min(len(b), n)]})
	}
	return out
}

// CheckSniff checks that sniff recognises each of yes, and none of the
// heads in no, each given under the file name other.
func CheckSniff(tb testing.TB, sniff func(name string, head []byte) bool, yes []Sniffed, other string, no ...string) {
	tb.Helper()
	for _, s := range yes {
		if !sniff(s.Name, s.Head) {
			tb.Errorf("Sniff(%s, %d bytes)=false, want true", s.Name, len(s.Head))
		}
	}
	for _, s := range no {
		if sniff(other, []byte(s)) {
			tb.Errorf("Sniff(%s, %q)=true, want false", other, s)
		}
	}
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

// Parser returns a MustParse bound to parse, name and opts: it parses a
// testdata file and fails the test on error.
func Parser(parse ParseFunc, name string, opts embargo.ParseOptions) func(tb testing.TB, file string) *embargo.ParsedList {
	return func(tb testing.TB, file string) *embargo.ParsedList {
		tb.Helper()
		return MustParse(tb, parse, file, name, opts)
	}
}

// CountSchemas counts the entities of list by schema.
func CountSchemas(list *embargo.ParsedList) map[embargo.Schema]int {
	n := map[embargo.Schema]int{}
	for _, e := range list.Entities {
		n[e.Schema]++
	}
	return n
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
