package listfmt

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/embargo-dev/embargo"
)

// File names the file a parser reads in the errors it returns. Its methods
// return *embargo.ParseError values.
type File struct {
	// Name is the file's base name, as errors show it.
	Name string
}

// NewFile returns the File for a name or path.
func NewFile(name string) File {
	return File{Name: filepath.Base(name)}
}

// Errorf returns a ParseError for line (0 when no line applies) with a
// message formatted as fmt.Sprintf does.
func (f File) Errorf(line int, format string, args ...any) error {
	return &embargo.ParseError{File: f.Name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Text checks the text of a whole file as a CSV parser reads it: it drops a
// leading byte-order mark, rejects a file of white space only ("empty
// file"), and rejects invalid UTF-8 at its line with the message invalid.
func (f File) Text(raw []byte, invalid string) ([]byte, error) {
	raw = TrimBOM(raw)
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, f.Errorf(0, "empty file")
	}
	if line := InvalidUTF8Line(raw); line > 0 {
		return nil, f.Errorf(line, "%s", invalid)
	}
	return raw, nil
}

// CSV reads the records of a CSV file, naming the file and the record's
// line in its errors.
type CSV struct {
	File
	r *csv.Reader
	// FieldCount is the message for a record with another number of fields
	// than the first; when it is "", such a record is malformed CSV like any
	// other. (It does not apply when the reader accepts any number.)
	FieldCount string
}

// NewCSV returns a CSV reading the file name from r with a csv.Reader's
// defaults, which Reader may change before the first read.
func NewCSV(name string, r io.Reader) *CSV {
	return &CSV{File: NewFile(name), r: csv.NewReader(r)}
}

// Reader returns the underlying csv.Reader.
func (c *CSV) Reader() *csv.Reader { return c.r }

// Read returns the next record and its line, io.EOF after the last, or a
// ParseError for a record that cannot be read.
func (c *CSV) Read() (rec []string, line int, err error) {
	rec, err = c.r.Read()
	if err == io.EOF {
		return nil, 0, err
	} else if err != nil {
		return nil, 0, c.readError(err)
	}
	line, _ = c.r.FieldPos(0)
	return rec, line, nil
}

// Header returns the first record, the header row, or a ParseError.
func (c *CSV) Header() ([]string, error) {
	rec, err := c.r.Read()
	if err != nil {
		return nil, c.readError(err)
	}
	return rec, nil
}

// Rows calls fn with each remaining record and its line until the end of
// the file. An error from fn that is not already a ParseError is returned as
// one for the record's line.
func (c *CSV) Rows(fn func(rec []string, line int) error) error {
	for {
		rec, line, err := c.Read()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := fn(rec, line); err != nil {
			var pe *embargo.ParseError
			if errors.As(err, &pe) {
				return err
			}
			return c.Errorf(line, "%v", err)
		}
	}
}

// readError turns an error of csv.Reader.Read into a ParseError.
func (c *CSV) readError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if c.FieldCount != "" && errors.Is(pe.Err, csv.ErrFieldCount) {
			return c.Errorf(pe.StartLine, "%s", c.FieldCount)
		}
		return c.Errorf(pe.StartLine, "malformed CSV: %v", pe.Err)
	}
	return c.Errorf(0, "%v", err)
}

// Columns maps the lower-case names of a CSV header's columns to their
// indexes.
type Columns map[string]int

// Getter returns a function giving the trimmed value of a named column of
// rec, or "" if the header has no such column.
func (c Columns) Getter(rec []string) func(col string) string {
	return func(col string) string {
		if i, ok := c[col]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
}

// Source returns the source a parser gives its list: opts.Source when it is
// set, else def, the one the format or the file names.
func Source(opts embargo.ParseOptions, def string) string {
	if opts.Source != "" {
		return opts.Source
	}
	return def
}
