package ofac

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// File roles within a legacy delimited set.
const (
	rolePrim     = "prim"
	roleAlt      = "alt"
	roleAdd      = "add"
	roleComments = "comments"
)

// csvNames maps the lower-case base names of the legacy CSV files to their
// list and role.
var csvNames = map[string]struct{ source, role string }{
	"sdn.csv":           {embargo.SourceOFACSDN, rolePrim},
	"alt.csv":           {embargo.SourceOFACSDN, roleAlt},
	"add.csv":           {embargo.SourceOFACSDN, roleAdd},
	"sdn_comments.csv":  {embargo.SourceOFACSDN, roleComments},
	"cons_prim.csv":     {embargo.SourceOFACCons, rolePrim},
	"cons_alt.csv":      {embargo.SourceOFACCons, roleAlt},
	"cons_add.csv":      {embargo.SourceOFACCons, roleAdd},
	"cons_comments.csv": {embargo.SourceOFACCons, roleComments},
}

// fieldCounts is the number of columns of each file role.
var fieldCounts = map[string]int{rolePrim: 12, roleAlt: 5, roleAdd: 6, roleComments: 2}

// roleFile names each role's file in the SDN and consolidated sets.
func roleFile(source, role string) string {
	if source == embargo.SourceOFACCons {
		return "cons_" + role + ".csv"
	}
	switch role {
	case rolePrim:
		return "sdn.csv"
	case roleComments:
		return "sdn_comments.csv"
	}
	return role + ".csv"
}

// SniffCSV reports whether a file looks like one of OFAC's legacy CSV files:
// its base name is one of the set's names (sdn.csv, alt.csv, add.csv,
// sdn_comments.csv, cons_prim.csv, cons_alt.csv, cons_add.csv,
// cons_comments.csv; any case) and head, the file's first bytes, starts with
// a numeric ent_num followed by a comma.
func SniffCSV(name string, head []byte) bool {
	if !IsCSVSetName(name) {
		return false
	}
	head = listfmt.TrimBOM(head)
	i := 0
	for i < len(head) && head[i] >= '0' && head[i] <= '9' {
		i++
	}
	return i > 0 && i < len(head) && head[i] == ','
}

// IsCSVSetName reports whether name's base is the name of a file of a
// legacy CSV set (sdn.csv, alt.csv, ..., cons_comments.csv; any case).
func IsCSVSetName(name string) bool {
	_, ok := csvNames[strings.ToLower(filepath.Base(name))]
	return ok
}

// CSVFile is one file of a legacy delimited set, given as a reader. Name is
// the file's name or path; its base name says which file of the set it is.
type CSVFile struct {
	Name   string
	Reader io.Reader
}

// ParseCSVSet parses the files of one legacy CSV set (the SDN list's sdn.csv,
// alt.csv, add.csv and sdn_comments.csv, or the consolidated list's
// cons_prim.csv, cons_alt.csv, cons_add.csv and cons_comments.csv), which
// are recognised by base name in any case. A missing alias, address or
// comments file is a warning; a missing main file is an error.
func ParseCSVSet(paths []string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	files := make([]CSVFile, 0, len(paths))
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, &embargo.ParseError{File: p, Msg: err.Error()}
		}
		defer f.Close()
		files = append(files, CSVFile{Name: p, Reader: f})
	}
	return ParseCSVReaders(files, opts)
}

// ParseCSVReaders is ParseCSVSet for files already open. The files are read
// in full, one after the other.
//
// The files must be UTF-8 (OFAC publishes them in plain ASCII, and every
// published file seen so far is 7-bit). A byte sequence that is not valid
// UTF-8, or a control character such as NUL, is an error naming the file
// and line rather than a guess at a legacy encoding: a file that is not
// ASCII was re-encoded or damaged on the way, and decoding it as
// Windows-1252 could silently change listed names.
func ParseCSVReaders(files []CSVFile, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	if len(files) == 0 {
		return nil, &embargo.ParseError{File: "sdn.csv", Msg: "no files given: nothing to import"}
	}
	byRole := map[string]CSVFile{}
	source := ""
	for _, f := range files {
		base := strings.ToLower(filepath.Base(f.Name))
		info, ok := csvNames[base]
		if !ok {
			return nil, &embargo.ParseError{File: f.Name, Msg: "not a file of an OFAC CSV set (want sdn.csv, alt.csv, add.csv, sdn_comments.csv or cons_*.csv)"}
		}
		if source != "" && info.source != source {
			return nil, &embargo.ParseError{File: f.Name, Msg: "mixes files of the SDN set (sdn.csv, ...) and the consolidated set (cons_*.csv)"}
		}
		source = info.source
		if prev, dup := byRole[info.role]; dup {
			return nil, &embargo.ParseError{File: f.Name, Msg: "given twice (also " + prev.Name + ")"}
		}
		byRole[info.role] = f
	}
	prim, ok := byRole[rolePrim]
	if !ok {
		var have []string
		for _, f := range files {
			have = append(have, filepath.Base(f.Name))
		}
		want := roleFile(source, rolePrim)
		return nil, &embargo.ParseError{File: want, Msg: fmt.Sprintf("%s missing from the set (got %s): nothing to import", want, strings.Join(have, ", "))}
	}

	list := &embargo.ParsedList{Source: listfmt.Source(opts, source)}
	for _, f := range files {
		list.Files = append(list.Files, f.Name)
	}

	// Main file: one entity per row.
	rows, err := lineCount(prim, opts.MaxEntities)
	if err != nil {
		return nil, err
	}
	list.Entities = make([]embargo.Entity, 0, rows)
	index := make(map[string]int, rows) // ent_num -> index in list.Entities
	remarks := make([]string, 0, rows)
	err = readCSV(prim, fieldCounts[rolePrim], true, func(rec []string, line int) error {
		id, err := entNum(rec[0])
		if err != nil {
			return err
		}
		if first, dup := index[id]; dup {
			return fmt.Errorf("duplicate ent_num %s (first on the row of %q)", id, list.Entities[first].Name)
		}
		e := embargo.Entity{
			ID:       embargo.EntityID(list.Source, id),
			Source:   list.Source,
			SourceID: id,
			Name:     null(rec[1]),
			Programs: splitPrograms(null(rec[3])),
			Title:    null(rec[4]),
		}
		if e.Name == "" {
			return fmt.Errorf("ent_num %s has no name", id)
		}
		e.Schema = csvSchema(rec[2])
		if v := null(rec[5]); v != "" {
			e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDCallSign, Value: v})
		}
		e.AddProperty("vessel_type", null(rec[6]))
		e.AddProperty("tonnage", null(rec[7]))
		e.AddProperty("grt", null(rec[8]))
		e.AddProperty("flag", null(rec[9]))
		e.AddProperty("owner", null(rec[10]))
		if err := opts.EntityLimit(len(list.Entities)); err != nil {
			return err
		}
		index[id] = len(list.Entities)
		list.Entities = append(list.Entities, e)
		remarks = append(remarks, null(rec[11]))
		return nil
	})
	if err != nil {
		return nil, err
	}

	// readRows reads the file of role when the set has it, and calls add
	// with each row and the index of the entity its first field (ent_num)
	// names; numName names the row's own number in the second field, ""
	// when it has none. A row naming an entity that the main file lacks
	// counts as an orphan. It reports whether the set has the file.
	orphans := map[string]*orphanCount{}
	readRows := func(role, numName string, add func(i int, rec []string)) (bool, error) {
		f, ok := byRole[role]
		if !ok {
			return false, nil
		}
		return true, readCSV(f, fieldCounts[role], false, func(rec []string, line int) error {
			id, err := entNum(rec[0])
			if err != nil {
				return err
			}
			if numName != "" {
				if _, err := entNum(rec[1]); err != nil {
					return errors.New(numName + ": " + err.Error())
				}
			}
			i, ok := index[id]
			if !ok {
				countOrphan(orphans, f.Name, line)
				return nil
			}
			add(i, rec)
			return nil
		})
	}

	// The comments file continues remarks cut at 1000 characters: its text
	// follows the main file's directly, often mid-word.
	found, err := readRows(roleComments, "", func(i int, rec []string) { remarks[i] += null(rec[1]) })
	if err != nil {
		return nil, err
	} else if !found {
		list.Warnings = append(list.Warnings, roleFile(source, roleComments)+" missing: remarks longer than 1000 characters may be cut short")
	}
	for i := range list.Entities {
		applyRemarks(&list.Entities[i], remarks[i])
	}

	found, err = readRows(roleAlt, "alt_num", func(i int, rec []string) {
		// Weak aliases are not in the alias file (they are in the
		// remarks), so every alias here is strong.
		if name := null(rec[3]); name != "" {
			list.Entities[i].Aliases = append(list.Entities[i].Aliases, embargo.Alias{
				Name: name, Type: aliasType(null(rec[2])), Quality: embargo.QualityStrong,
			})
		}
	})
	if err != nil {
		return nil, err
	} else if !found {
		list.Warnings = append(list.Warnings, roleFile(source, roleAlt)+" missing: aliases kept from the previous snapshot")
		list.Unknown = append(list.Unknown, embargo.FieldAliases)
	}

	found, err = readRows(roleAdd, "add_num", func(i int, rec []string) {
		// OFAC's second address column holds city, state or province
		// and postal code together, in no fixed order: keep it whole.
		list.Entities[i].AddAddress(embargo.Address{Street: null(rec[2]), City: null(rec[3]), Country: null(rec[4])})
	})
	if err != nil {
		return nil, err
	} else if !found {
		list.Warnings = append(list.Warnings, roleFile(source, roleAdd)+" missing: addresses kept from the previous snapshot")
		list.Unknown = append(list.Unknown, embargo.FieldAddresses)
	}

	for _, f := range files {
		if o := orphans[f.Name]; o != nil {
			list.Warnings = append(list.Warnings, fmt.Sprintf("%s: %d rows name an ent_num that is not in %s (first on line %d); skipped",
				filepath.Base(f.Name), o.n, roleFile(source, rolePrim), o.first))
		}
	}
	for i := range list.Entities {
		list.Entities[i].Normalize()
	}
	return list, nil
}

type orphanCount struct{ n, first int }

func countOrphan(m map[string]*orphanCount, name string, line int) {
	o := m[name]
	if o == nil {
		o = &orphanCount{first: line}
		m[name] = o
	}
	o.n++
}

// lineCount returns how many lines f holds, up to limit when it is above
// 0, when it can be read twice (a file), and rewinds it; 0 when it cannot.
// The main file's entities are
// then allocated once for its rows rather than grown as they are read:
// growing copied and faulted in about twice their memory, which took a
// tenth of a daily import of the SDN (one process per snapshot).
func lineCount(f CSVFile, limit int) (int, error) {
	rs, ok := f.Reader.(io.ReadSeeker)
	if !ok {
		return 0, nil
	}
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, nil // not a file after all: read once
	}
	buf := make([]byte, 64<<10)
	n := 0
	for {
		k, err := rs.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err == io.EOF || limit > 0 && n >= limit {
			break
		} else if err != nil {
			return 0, &embargo.ParseError{File: f.Name, Msg: err.Error()}
		}
	}
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return 0, &embargo.ParseError{File: f.Name, Msg: err.Error()}
	}
	if limit > 0 {
		return min(n+1, limit), nil
	}
	return n + 1, nil
}

// ReadCSVRecords reads one legacy CSV file the way ParseCSVReaders does and
// calls fn with each record and its line. name is the file's name or path;
// its base name gives the number of columns expected. It exists for tools
// and fuzzing; a ParseError from it or from fn names the file and line.
func ReadCSVRecords(r io.Reader, name string, fn func(rec []string, line int) error) error {
	info, ok := csvNames[strings.ToLower(filepath.Base(name))]
	if !ok {
		return &embargo.ParseError{File: name, Msg: "not a file of an OFAC CSV set"}
	}
	return readCSV(CSVFile{Name: name, Reader: r}, fieldCounts[info.role], info.role == rolePrim, fn)
}

// readCSV reads an OFAC CSV file: no header, LF or CRLF line ends, blank
// lines and a trailing DOS end-of-file mark (0x1A) allowed. Every record must
// have n fields of valid UTF-8 without control characters. An error from fn
// is returned as a ParseError for the record's line.
func readCSV(f CSVFile, n int, required bool, fn func(rec []string, line int) error) error {
	// Read in large pieces: a system call per 4 KiB (csv's own buffer)
	// was 500 of them for a daily SDN file.
	cr := csv.NewReader(bufio.NewReaderSize(f.Reader, 64<<10))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	records := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line := pe.StartLine
				if line == 0 {
					line = pe.Line
				}
				msg := pe.Err.Error()
				if records == 0 {
					msg += " (not an OFAC " + filepath.Base(f.Name) + " file?)"
				} else if errors.Is(pe.Err, csv.ErrQuote) {
					msg += " (file cut short inside a quoted field?)"
				}
				return &embargo.ParseError{File: f.Name, Line: line, Msg: msg}
			}
			return &embargo.ParseError{File: f.Name, Msg: err.Error()}
		}
		line, _ := cr.FieldPos(0)
		// A lone end-of-file mark (0x1A), as DOS tools write, ends the data.
		if len(rec) == 1 && strings.Trim(rec[0], "\x1a \t") == "" {
			continue
		}
		if records == 0 {
			rec[0] = strings.TrimPrefix(rec[0], listfmt.BOM)
		}
		for i, v := range rec {
			if msg := checkText(v); msg != "" {
				l, _ := cr.FieldPos(i)
				return &embargo.ParseError{File: f.Name, Line: l, Msg: fmt.Sprintf("field %d: %s", i+1, msg)}
			}
		}
		if len(rec) != n {
			msg := fmt.Sprintf("%d fields, want %d", len(rec), n)
			if records == 0 {
				msg += " (not an OFAC " + filepath.Base(f.Name) + " file?)"
			} else {
				msg += " (file cut short or row damaged?)"
			}
			return &embargo.ParseError{File: f.Name, Line: line, Msg: msg}
		}
		records++
		if err := fn(rec, line); err != nil {
			var pe *embargo.ParseError
			if errors.As(err, &pe) {
				return err
			}
			return &embargo.ParseError{File: f.Name, Line: line, Msg: err.Error()}
		}
	}
	if records == 0 && required {
		return &embargo.ParseError{File: f.Name, Msg: "empty file: no entries"}
	}
	return nil
}

// checkText returns what is wrong with a field's text, or "".
func checkText(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8 (OFAC files are ASCII; convert the file to UTF-8)"
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return fmt.Sprintf("control character 0x%02X (binary data?)", c)
		}
	}
	return ""
}

// null returns s trimmed, or "" for OFAC's null value "-0-".
func null(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" {
		return ""
	}
	return s
}

// entNum checks a record number and returns it in canonical form.
func entNum(s string) (string, error) {
	s = strings.TrimSpace(s)
	n, err := strconv.ParseUint(s, 10, 63)
	if err != nil || n == 0 {
		return "", fmt.Errorf("ent_num %q is not a positive number", s)
	}
	return strconv.FormatUint(n, 10), nil
}

// splitPrograms splits OFAC's program field ("UKRAINE-EO13661] [UKRAINE-EO13662").
func splitPrograms(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "] [") {
		if p = strings.TrimSpace(strings.Trim(p, "[] ")); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// csvSchema maps SDN_Type: empty ("-0-") is an organisation.
func csvSchema(s string) embargo.Schema {
	s = null(s)
	if s == "" {
		return embargo.SchemaOrganization
	}
	return embargo.ParseSchema(s)
}

// aliasType spells alt_type ("aka", "fka", "nka") as "a.k.a." and so on.
func aliasType(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "aka", "a.k.a.", "a.k.a":
		return "a.k.a."
	case "fka", "f.k.a.", "f.k.a":
		return "f.k.a."
	case "nka", "n.k.a.", "n.k.a":
		return "n.k.a."
	}
	return s
}
