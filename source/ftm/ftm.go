package ftm

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// maxLine bounds one JSON line; OpenSanctions' largest entities are a few
// hundred kilobytes.
const maxLine = 64 << 20

// Sniff reports whether a file looks like FtM JSON lines (plain or delta),
// judging by head, its first bytes (4 KB is plenty).
func Sniff(name string, head []byte) bool {
	head = bytes.TrimLeft(listfmt.TrimBOM(head), " \t\r\n")
	if !bytes.HasPrefix(head, []byte("{")) {
		return false
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	return (bytes.Contains(line, []byte(`"schema"`)) && bytes.Contains(line, []byte(`"id"`))) ||
		(bytes.Contains(line, []byte(`"op"`)) && bytes.Contains(line, []byte(`"entity"`)))
}

// rawEntity is one FtM entity as it appears in a line.
type rawEntity struct {
	ID         string                       `json:"id"`
	Caption    string                       `json:"caption"`
	Schema     string                       `json:"schema"`
	Properties map[string][]json.RawMessage `json:"properties"`
	Datasets   []string                     `json:"datasets"`
}

// line is a line of either format.
type line struct {
	rawEntity
	Op     string     `json:"op"`
	Entity *rawEntity `json:"entity"`
}

// entity is an FtM entity with its property values as strings.
type entity struct {
	id, caption, schema string
	props               map[string][]string
}

func (e *entity) first(prop string) string {
	if v := e.props[prop]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Parse reads FtM JSON lines from r. The name is used in errors. It returns
// an *embargo.ParseError, and no list, if a line cannot be read, or if
// opts.Source is empty and the lines do not all name one single dataset.
// opts.MaxEntities bounds the listed things (Person, Company, Vessel, ...)
// held while reading: the line that would hold one more is refused (a DEL
// frees a place); the other schemas are bounded by the bytes read.
func Parse(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	p := &parser{
		file:     filepath.Base(name),
		opts:     opts,
		entities: map[string]*entity{},
		ordered:  map[string]bool{},
	}
	if err := p.read(r); err != nil {
		return nil, err
	}
	source := opts.Source
	if source == "" {
		if len(p.datasets) != 1 || p.lineWithoutOne > 0 {
			return nil, &embargo.ParseError{File: p.file, Line: p.lineWithoutOne,
				Msg: "source name required: the lines do not all name one single dataset (set the source)"}
		}
		for ds := range p.datasets {
			source = ds
		}
	}
	list := &embargo.ParsedList{Source: source, Files: []string{name}}
	p.build(list)
	return list, nil
}

type parser struct {
	file string
	opts embargo.ParseOptions
	// things counts the entities held whose schema makes a list entity
	// (thingSchemas), for opts.MaxEntities: a DEL frees its place.
	things   int
	entities map[string]*entity
	order    []string        // ids in the order first seen
	ordered  map[string]bool // the ids in order
	// datasets named by the lines; lineWithoutOne is the first line that
	// names none or several.
	datasets       map[string]bool
	lineWithoutOne int
}

func (p *parser) fail(n int, format string, args ...any) error {
	return &embargo.ParseError{File: p.file, Line: n, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) read(r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<16)
	p.datasets = map[string]bool{}
	n, nonEmpty := 0, 0
	for {
		b, err := readLine(br)
		if err != nil && err != io.EOF {
			if errors.Is(err, errLineTooLong) {
				return p.fail(n+1, "line longer than %d bytes", maxLine)
			}
			return p.fail(n+1, "read: %v", err)
		}
		if len(b) == 0 && err == io.EOF {
			break
		}
		n++
		if n == 1 {
			b = listfmt.TrimBOM(b)
		}
		b = bytes.TrimSpace(b)
		if len(b) > 0 {
			nonEmpty++
			if err := p.line(n, b); err != nil {
				return err
			}
		}
		if err == io.EOF {
			break
		}
	}
	if nonEmpty == 0 {
		return p.fail(0, "empty file")
	}
	return nil
}

// isThing reports whether entities of an FtM schema become list entities.
func isThing(schema string) bool {
	_, ok := thingSchemas[schema]
	return ok
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line of any length up to maxLine, without its "\n".
func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		chunk, err := br.ReadSlice('\n')
		out = append(out, chunk...)
		if len(out) > maxLine {
			return nil, errLineTooLong
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(out, []byte("\n")), err
	}
}

func (p *parser) line(n int, b []byte) error {
	if !utf8.Valid(b) {
		return p.fail(n, "invalid UTF-8")
	}
	if b[0] != '{' {
		return p.fail(n, "not FollowTheMoney JSON lines: the line does not start with '{'")
	}
	var l line
	if err := json.Unmarshal(b, &l); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
			return p.fail(n, "malformed JSON (truncated line?): %v", err)
		}
		return p.fail(n, "unexpected JSON: %v", err)
	}
	switch strings.ToUpper(l.Op) {
	case "":
		if l.Entity != nil && l.ID == "" {
			return p.fail(n, "line has an \"entity\" but no \"op\"")
		}
		return p.put(n, &l.rawEntity, false, false)
	case "ADD", "MOD":
		if l.Entity == nil {
			return p.fail(n, "%s without \"entity\"", l.Op)
		}
		return p.put(n, l.Entity, true, false)
	case "DEL":
		if l.Entity == nil || l.Entity.ID == "" {
			return p.fail(n, "DEL without an entity id")
		}
		if old, ok := p.entities[l.Entity.ID]; ok {
			if isThing(old.schema) {
				p.things--
			}
			delete(p.entities, l.Entity.ID)
		}
		return nil
	default:
		return p.fail(n, "unknown op %q", l.Op)
	}
}

// put stores an entity. In the delta format a later version replaces an
// earlier one; in a plain export, lines with the same id are merged.
func (p *parser) put(n int, re *rawEntity, replace, nested bool) error {
	if re.ID == "" {
		return p.fail(n, "entity without \"id\"")
	}
	if re.Schema == "" {
		return p.fail(n, "entity %s without \"schema\"", re.ID)
	}
	switch {
	case nested:
	case len(re.Datasets) == 1:
		p.datasets[re.Datasets[0]] = true
	case p.lineWithoutOne == 0:
		p.lineWithoutOne = n
	}
	e := &entity{id: re.ID, caption: re.Caption, schema: re.Schema, props: map[string][]string{}}
	for k, vals := range re.Properties {
		for _, v := range vals {
			s, err := p.value(n, v)
			if err != nil {
				return err
			}
			if s != "" {
				e.props[k] = append(e.props[k], s)
			}
		}
	}
	if len(re.Datasets) > 0 {
		e.props["datasets"] = append(e.props["datasets"], re.Datasets...)
	}
	old, seen := p.entities[re.ID]
	if isThing(re.Schema) && (!seen || replace && !isThing(old.schema)) {
		if err := p.opts.EntityLimit(p.things); err != nil {
			return p.fail(n, "%s", err.Error())
		}
		p.things++
	} else if seen && replace && isThing(old.schema) && !isThing(re.Schema) {
		p.things--
	}
	switch {
	case !seen:
		if !p.ordered[re.ID] {
			p.ordered[re.ID] = true
			p.order = append(p.order, re.ID)
		}
		p.entities[re.ID] = e
	case replace:
		p.entities[re.ID] = e
	default:
		for k, v := range e.props {
			old.props[k] = append(old.props[k], v...)
		}
	}
	return nil
}

// value converts a property value: a string, or a nested entity, which is
// stored in its own right and replaced by its id.
func (p *parser) value(n int, v json.RawMessage) (string, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "", nil
	}
	switch v[0] {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", p.fail(n, "bad property value: %v", err)
		}
		return strings.TrimSpace(s), nil
	case '{':
		var re rawEntity
		if err := json.Unmarshal(v, &re); err != nil {
			return "", p.fail(n, "bad nested entity: %v", err)
		}
		if err := p.put(n, &re, false, true); err != nil {
			return "", err
		}
		return re.ID, nil
	case 'n': // null
		return "", nil
	default:
		// Numbers and booleans are rare but legal JSON; keep their text.
		return string(v), nil
	}
}
