// Package export writes the tables users take away: screening results,
// batch results, scan mentions, alerts, diffs and audit records as CSV
// whose cells cannot start a spreadsheet formula, with the rows shared by
// the command line and the HTTP API.
package export

import (
	"encoding/csv"
	"io"
	"strings"
)

// Writer writes CSV whose cells a spreadsheet never runs as formulas. It is
// the one CSV encoder of every export (API, UI and CLI).
type Writer struct {
	w   *csv.Writer
	row []string
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: csv.NewWriter(w)}
}

// Write writes one row, each cell made safe by Cell.
func (w *Writer) Write(cells ...string) error {
	w.row = w.row[:0]
	for _, c := range cells {
		w.row = append(w.row, Cell(c))
	}
	return w.w.Write(w.row)
}

// Flush writes what is buffered and returns the first error of any Write
// or of the flush.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Cell neutralises a cell that a spreadsheet would take for a formula: one
// whose first character, after any spaces, is = + - @, a tab or a carriage
// return (the OWASP "CSV injection" list). It gets a leading apostrophe,
// which spreadsheets show as text and do not evaluate. Names on sanctions
// lists and in customer files are data from outside, so every cell goes
// through here, numbers included (ours never start with those characters).
func Cell(s string) string {
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return s
	}
	switch t[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Join joins a list of values into one cell.
func Join(vals []string) string { return strings.Join(vals, "; ") }
