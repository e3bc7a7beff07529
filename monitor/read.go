package monitor

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/embargo-dev/embargo"
)

// ReadCustomers reads customers for list from r: CSV with a header naming
// the columns (id,name,type,dob,country[,identifiers]; id and name
// required) or JSON lines with the same keys, where identifiers is an array
// of {"type","value","country"}. In CSV, identifiers is a ";"-separated list
// of TYPE:VALUE or TYPE:VALUE:COUNTRY ("passport:FB513714;tax_id:123").
// name names the input in errors, which are *embargo.ParseError with the
// line.
func ReadCustomers(r io.Reader, name, list string) ([]*embargo.Customer, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := firstByte(br)
	if err == io.EOF {
		return nil, &embargo.ParseError{File: name, Msg: "no customers"}
	} else if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var out []*embargo.Customer
	if first == '{' {
		out, err = readJSONLines(br, name, list)
	} else {
		out, err = readCSV(br, name, list)
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &embargo.ParseError{File: name, Msg: "no customers"}
	}
	return out, nil
}

func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		case 0xef: // a UTF-8 byte order mark
			if bom, _ := br.Peek(2); bytes.Equal(bom, []byte{0xbb, 0xbf}) {
				_, _ = br.Discard(2)
				continue
			}
		}
		return b, br.UnreadByte()
	}
}

// customerLine is a JSON line of a customer file.
type customerLine struct {
	ID          json.RawMessage      `json:"id"`
	Name        string               `json:"name"`
	Type        string               `json:"type"`
	DOB         string               `json:"dob"`
	Country     string               `json:"country"`
	Identifiers []embargo.Identifier `json:"identifiers"`
}

func readJSONLines(br *bufio.Reader, name, list string) ([]*embargo.Customer, error) {
	var out []*embargo.Customer
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(b) == 0 && err == io.EOF {
			return out, nil
		} else if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		if !utf8.Valid(b) {
			return nil, &embargo.ParseError{File: name, Line: line, Msg: "invalid UTF-8"}
		}
		var cl customerLine
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cl); err != nil {
			return nil, &embargo.ParseError{File: name, Line: line, Msg: "invalid JSON: " + err.Error()}
		}
		// Ids are often numbers in JSON exports.
		var id string
		if len(cl.ID) > 0 && json.Unmarshal(cl.ID, &id) != nil {
			var n json.Number
			if err := json.Unmarshal(cl.ID, &n); err != nil {
				return nil, &embargo.ParseError{File: name, Line: line, Msg: "id: want a string or a number"}
			}
			id = n.String()
		}
		c, err := newCustomer(list, id, cl.Name, cl.Type, cl.DOB, cl.Country, cl.Identifiers)
		if err != nil {
			return nil, &embargo.ParseError{File: name, Line: line, Msg: err.Error()}
		}
		out = append(out, c)
	}
}

func readCSV(br *bufio.Reader, name, list string) ([]*embargo.Customer, error) {
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, &embargo.ParseError{File: name, Line: 1, Msg: "header: " + err.Error()}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range []string{"id", "name"} {
		if _, ok := col[c]; !ok {
			return nil, &embargo.ParseError{File: name, Line: 1, Msg: fmt.Sprintf("no %q column in the header (want id,name,type,dob,country[,identifiers])", c)}
		}
	}
	var out []*embargo.Customer
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		line, _ := cr.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &embargo.ParseError{File: name, Line: pe.Line, Msg: pe.Err.Error()}
		} else if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		get := func(key string) string {
			if i, ok := col[key]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		ids, err := parseIdentifiers(get("identifiers"))
		if err != nil {
			return nil, &embargo.ParseError{File: name, Line: line, Msg: err.Error()}
		}
		c, err := newCustomer(list, get("id"), get("name"), get("type"), get("dob"), get("country"), ids)
		if err != nil {
			return nil, &embargo.ParseError{File: name, Line: line, Msg: err.Error()}
		}
		out = append(out, c)
	}
}

// parseIdentifiers reads TYPE:VALUE[:COUNTRY] items separated by ";".
func parseIdentifiers(s string) ([]embargo.Identifier, error) {
	var out []embargo.Identifier
	for _, item := range strings.Split(s, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		parts := strings.Split(item, ":")
		switch len(parts) {
		case 1:
			out = append(out, embargo.Identifier{Type: embargo.IDOther, Value: parts[0]})
		case 2:
			out = append(out, embargo.Identifier{Type: strings.TrimSpace(parts[0]), Value: strings.TrimSpace(parts[1])})
		case 3:
			out = append(out, embargo.Identifier{Type: strings.TrimSpace(parts[0]), Value: strings.TrimSpace(parts[1]), Country: strings.TrimSpace(parts[2])})
		default:
			return nil, fmt.Errorf("identifier %q: want TYPE:VALUE or TYPE:VALUE:COUNTRY", item)
		}
	}
	return out, nil
}

// newCustomer builds and checks a customer.
func newCustomer(list, id, name, typ, dob, country string, ids []embargo.Identifier) (*embargo.Customer, error) {
	c := &embargo.Customer{List: list, ID: id, Name: name, BirthDate: dob, Country: country, Identifiers: ids}
	if t := strings.TrimSpace(typ); t != "" {
		if c.Schema = embargo.ParseSchema(t); c.Schema == embargo.SchemaUnknown {
			return nil, fmt.Errorf("type %q: want person, organization, vessel or aircraft", t)
		}
	}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return nil, errors.New(embargo.ErrorMessage(err))
	}
	return c, nil
}
