package custom

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// Columns are the columns a custom list may have, in their documented order.
var Columns = []string{"id", "name", "type", "aliases", "dob", "country", "program", "identifiers", "remarks"}

// valueSep separates the values of a multi-valued cell.
const valueSep = ";"

// ErrSourceRequired is returned (inside a ParseError) when no source name is given.
var ErrSourceRequired = errors.New("a source name is required for a custom list")

// Sniff reports whether a file looks like a custom list: a header row of
// known column names that includes id and name.
func Sniff(name string, head []byte) bool {
	head = listfmt.TrimBOM(head)
	line, _, _ := bytes.Cut(head, []byte("\n"))
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return false
	}
	_, err = columnIndex(rec)
	return err == nil
}

// columnIndex maps each known column to its index in the header.
func columnIndex(header []string) (listfmt.Columns, error) {
	cols := listfmt.Columns{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range Columns {
			known = known || c == h
		}
		if !known {
			return nil, fmt.Errorf("unknown column %q (the columns are %s)", h, strings.Join(Columns, ","))
		}
		if _, dup := cols[h]; dup {
			return nil, fmt.Errorf("column %q appears twice", h)
		}
		cols[h] = i
	}
	for _, c := range []string{"id", "name"} {
		if _, ok := cols[c]; !ok {
			return nil, fmt.Errorf("no %q column in the header", c)
		}
	}
	return cols, nil
}

// Parse reads a custom list CSV from r. The name is used in errors;
// opts.Source names the list and is required. It returns an
// *embargo.ParseError, and no list, if any row cannot be read.
func Parse(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	f := listfmt.NewFile(name)
	if strings.TrimSpace(opts.Source) == "" {
		return nil, f.Errorf(0, "%v", ErrSourceRequired)
	}
	source := strings.TrimSpace(opts.Source)
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, f.Errorf(0, "read: %v", err)
	}
	if raw, err = f.Text(raw, "invalid UTF-8 (save the file as UTF-8)"); err != nil {
		return nil, err
	}

	cr := listfmt.NewCSV(name, bytes.NewReader(raw))
	cr.FieldCount = "row has a different number of fields than the header"
	header, err := cr.Header()
	if err != nil {
		return nil, err
	}
	cols, err := columnIndex(header)
	if err != nil {
		return nil, f.Errorf(1, "not a custom list: %v", err)
	}

	list := &embargo.ParsedList{Source: source, Files: []string{name}}
	seen := map[string]int{}
	err = cr.Rows(func(rec []string, line int) error {
		e, err := entity(source, cols.Getter(rec))
		if err != nil {
			return err
		}
		if prev, dup := seen[e.SourceID]; dup {
			return fmt.Errorf("id %q repeated (first on line %d)", e.SourceID, prev)
		}
		if err := opts.EntityLimit(len(list.Entities)); err != nil {
			return err
		}
		seen[e.SourceID] = line
		e.Normalize()
		list.Entities = append(list.Entities, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(list.Entities) == 0 {
		return nil, f.Errorf(0, "no rows after the header")
	}
	return list, nil
}

// entity converts one row.
func entity(source string, get func(string) string) (embargo.Entity, error) {
	id, name := get("id"), get("name")
	if id == "" {
		return embargo.Entity{}, errors.New("row without id")
	}
	if name == "" {
		return embargo.Entity{}, fmt.Errorf("row %s has no name", id)
	}
	e := embargo.Entity{
		ID:       embargo.EntityID(source, id),
		Source:   source,
		SourceID: id,
		Name:     name,
		Programs: listfmt.Split(get("program"), valueSep),
		Remarks:  get("remarks"),
	}
	if t := get("type"); t != "" {
		if e.Schema = embargo.ParseSchema(t); e.Schema == embargo.SchemaUnknown {
			return e, fmt.Errorf("unknown type %q (want person, organization, vessel or aircraft)", t)
		}
	}
	for _, a := range listfmt.Split(get("aliases"), valueSep) {
		e.Aliases = append(e.Aliases, embargo.Alias{Name: a, Type: "a.k.a.", Quality: embargo.QualityStrong})
	}
	for _, d := range listfmt.Split(get("dob"), valueSep) {
		if !validDate(d) {
			return e, fmt.Errorf("bad date of birth %q (want YYYY, YYYY-MM, YYYY-MM-DD or YYYY..YYYY)", d)
		}
		e.BirthDates = append(e.BirthDates, d)
	}
	for _, c := range listfmt.Split(get("country"), valueSep) {
		if e.Schema == embargo.SchemaPerson {
			e.Nationalities = append(e.Nationalities, c)
		} else {
			e.Addresses = append(e.Addresses, embargo.Address{Country: c})
		}
	}
	for _, item := range listfmt.Split(get("identifiers"), valueSep) {
		typ, value, ok := strings.Cut(item, ":")
		typ, value = strings.ToLower(strings.TrimSpace(typ)), strings.TrimSpace(value)
		if !ok || typ == "" || value == "" {
			return e, fmt.Errorf("bad identifier %q (want type:value)", item)
		}
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: typ, Value: value})
	}
	return e, nil
}

// validDate accepts YYYY, YYYY-MM, YYYY-MM-DD and YYYY..YYYY.
func validDate(s string) bool {
	if from, to, ok := strings.Cut(s, ".."); ok {
		return validDate(from) && validDate(to) && len(from) == 4 && len(to) == 4 && from <= to
	}
	for _, layout := range []string{"2006", "2006-01", time.DateOnly} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
	}
	return false
}
