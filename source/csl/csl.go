package csl

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// valueSep separates the values of a multi-valued cell. A bare ";" is not a
// separator: it occurs inside values.
const valueSep = "; "

// Sniff reports whether a file looks like the CSL's CSV, compressed or not,
// judging by head, its first bytes (4 KB is plenty).
func Sniff(name string, head []byte) bool {
	if bytes.HasPrefix(head, gzipMagic) {
		zr, err := gzip.NewReader(bytes.NewReader(head))
		if err != nil {
			return false
		}
		// head is cut short, so an unexpected EOF is expected here.
		b, _ := io.ReadAll(io.LimitReader(zr, 4096))
		head = b
	}
	head = listfmt.TrimBOM(head)
	line, _, _ := bytes.Cut(head, []byte("\n"))
	return bytes.Contains(line, []byte("entity_number")) && bytes.Contains(line, []byte("alt_names")) &&
		bytes.Contains(line, []byte("source"))
}

// Parse reads the Consolidated Screening List CSV from r, gunzipping it if
// it is compressed. The name is used in errors. The source is "us-csl"
// unless opts.Source names another. It returns an *embargo.ParseError, and
// no list, if r cannot be read in full.
func Parse(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	f := listfmt.NewFile(name)
	fail := f.Errorf
	source := listfmt.Source(opts, embargo.SourceUSCSL)

	br := bufio.NewReader(r)
	magic, _ := br.Peek(2)
	var in io.Reader = br
	if bytes.Equal(magic, gzipMagic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fail(0, "bad gzip data: %v", err)
		}
		in = zr
	} else if strings.HasSuffix(strings.ToLower(name), ".gz") && len(magic) > 0 {
		return nil, fail(0, "file name ends in .gz but the data is not gzip-compressed")
	}
	raw, err := io.ReadAll(in)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fail(0, "unexpected end of compressed data: the file is truncated")
		}
		return nil, fail(0, "read: %v", err)
	}
	if raw, err = f.Text(raw, "invalid UTF-8"); err != nil {
		return nil, err
	}

	cr := listfmt.NewCSV(name, bytes.NewReader(raw))
	cr.FieldCount = "row has the wrong number of fields (truncated file?)"
	header, err := cr.Header()
	if err != nil {
		return nil, err
	}
	cols := listfmt.Columns{}
	for i, h := range header {
		cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range []string{"name", "source"} {
		if _, ok := cols[c]; !ok {
			return nil, fail(1, "not a Consolidated Screening List CSV: no %q column", c)
		}
	}
	_, hasID := cols["_id"]
	_, hasNum := cols["entity_number"]
	if !hasID && !hasNum {
		return nil, fail(1, "not a Consolidated Screening List CSV: no \"_id\" or \"entity_number\" column")
	}

	list := &embargo.ParsedList{Source: source, Files: []string{name}}
	byID := map[string]*embargo.Entity{}
	var order []*embargo.Entity
	err = cr.Rows(func(rec []string, line int) error {
		get := cols.Getter(rec)
		id := get("_id")
		if id == "" {
			id = get("entity_number")
		}
		if id == "" {
			return errors.New("row without _id or entity_number")
		}
		if get("name") == "" {
			return fmt.Errorf("row %s has no name", id)
		}
		e := byID[id]
		if e == nil {
			if err := opts.EntityLimit(len(order)); err != nil {
				return err
			}
			e = &embargo.Entity{ID: embargo.EntityID(source, id), Source: source, SourceID: id}
			byID[id] = e
			order = append(order, e)
		}
		return addRow(e, get)
	})
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fail(0, "no rows after the header")
	}

	// Resolve "Linked To" names to entities of the list.
	byName := map[string]string{}
	for _, e := range order {
		if _, dup := byName[e.Name]; dup {
			byName[e.Name] = "" // ambiguous
		} else {
			byName[e.Name] = e.ID
		}
	}
	for _, e := range order {
		for i, l := range e.Links {
			e.Links[i].EntityID = byName[l.Name]
		}
		e.Normalize()
		list.Entities = append(list.Entities, *e)
	}
	return list, nil
}

// addRow adds one row to an entity. A row repeating an entity (the same _id
// on another sub-list) adds what it says that the entity does not have yet.
func addRow(e *embargo.Entity, get func(string) string) error {
	name := get("name")
	switch {
	case e.Name == "":
		e.Name = name
	case e.Name != name:
		e.Aliases = append(e.Aliases, embargo.Alias{Name: name, Type: "a.k.a.", Quality: embargo.QualityStrong})
	}
	if t := get("type"); t != "" {
		s := embargo.ParseSchema(t)
		if s == embargo.SchemaUnknown {
			return fmt.Errorf("unknown type %q", t)
		}
		e.Schema = s
	}
	e.AddProperty("list", get("source"))
	e.Programs = append(e.Programs, listfmt.Split(get("programs"), valueSep)...)
	if t := get("title"); t != "" && !strings.Contains(e.Title, t) {
		e.Title = listfmt.JoinTrimmed("; ", e.Title, t)
	}
	for _, a := range listfmt.Split(get("addresses"), valueSep) {
		addr := embargo.Address{Full: a}
		// Addresses end in an ISO country code: "..., TX, 75159, US".
		parts := strings.Split(a, ", ")
		if last := parts[len(parts)-1]; isCountryCode(last) {
			addr.Country = last
		}
		if !slices.Contains(e.Addresses, addr) {
			e.Addresses = append(e.Addresses, addr)
		}
	}
	if d := get("start_date"); isDate(d) && (e.ListedOn == "" || d < e.ListedOn) {
		e.ListedOn = d
	}
	for prop, col := range map[string]string{
		"federal_register_notice":  "federal_register_notice",
		"end_date":                 "end_date",
		"standard_order":           "standard_order",
		"license_requirement":      "license_requirement",
		"license_policy":           "license_policy",
		"vessel_type":              "vessel_type",
		"gross_tonnage":            "gross_tonnage",
		"gross_registered_tonnage": "gross_registered_tonnage",
		"flag":                     "vessel_flag",
		"vessel_owner":             "vessel_owner",
		"source_list_url":          "source_list_url",
		"source_information_url":   "source_information_url",
	} {
		e.AddProperty(prop, get(col))
	}
	if cs := get("call_sign"); cs != "" {
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDCallSign, Value: cs})
	}
	if rm := get("remarks"); rm != "" && !strings.Contains(e.Remarks, rm) {
		e.Remarks = listfmt.JoinTrimmed("\n", e.Remarks, rm)
		for _, m := range linkedRe.FindAllStringSubmatch(rm, -1) {
			l := embargo.Link{Name: strings.TrimSpace(m[1]), Relation: "linked to"}
			if !slices.Contains(e.Links, l) {
				e.Links = append(e.Links, l)
			}
		}
	}
	for _, n := range listfmt.Split(get("alt_names"), valueSep) {
		e.Aliases = append(e.Aliases, embargo.Alias{Name: n, Type: "a.k.a.", Quality: embargo.QualityStrong})
	}
	e.Citizenships = append(e.Citizenships, listfmt.Split(get("citizenships"), valueSep)...)
	e.Nationalities = append(e.Nationalities, listfmt.Split(get("nationalities"), valueSep)...)
	e.BirthPlaces = append(e.BirthPlaces, listfmt.Split(get("places_of_birth"), valueSep)...)
	for _, d := range listfmt.Split(get("dates_of_birth"), valueSep) {
		if iso := birthDate(d); iso != "" {
			e.BirthDates = append(e.BirthDates, iso)
		} else {
			e.AddProperty("birth_date_text", d)
		}
	}
	for _, item := range listfmt.Split(get("ids"), valueSep) {
		addID(e, item)
	}
	return nil
}

// linkedRe finds OFAC's "(Linked To: NAME)" in the remarks.
var linkedRe = regexp.MustCompile(`Linked To: ([^)]+(?:\([^)]*\)[^)]*)*)\)`)

// idTypes maps the CSL's identifier labels to embargo's identifier types.
var idTypes = map[string]string{
	"passport":                            embargo.IDPassport,
	"diplomatic passport":                 embargo.IDPassport,
	"british national overseas passport":  embargo.IDPassport,
	"stateless person passport":           embargo.IDPassport,
	"national id no.":                     embargo.IDNationalID,
	"personal id card":                    embargo.IDNationalID,
	"cedula no.":                          embargo.IDNationalID,
	"d.n.i.":                              embargo.IDNationalID,
	"c.u.r.p.":                            embargo.IDNationalID,
	"turkish identification number":       embargo.IDNationalID,
	"tazkira national id card":            embargo.IDNationalID,
	"tax id no.":                          embargo.IDTax,
	"nit #":                               embargo.IDTax,
	"r.f.c.":                              embargo.IDTax,
	"rfc":                                 embargo.IDTax,
	"ruc #":                               embargo.IDTax,
	"v.a.t. number":                       embargo.IDTax,
	"italian fiscal code":                 embargo.IDTax,
	"fiscal code":                         embargo.IDTax,
	"us fein":                             embargo.IDTax,
	"registration number":                 embargo.IDRegistration,
	"registration id":                     embargo.IDRegistration,
	"company number":                      embargo.IDRegistration,
	"commercial registry number":          embargo.IDRegistration,
	"business registration number":        embargo.IDRegistration,
	"certificate of incorporation number": embargo.IDRegistration,
	"uk company number":                   embargo.IDRegistration,
	"vessel registration identification":  embargo.IDIMO,
	"mmsi":                                embargo.IDMMSI,
	"other vessel call sign":              embargo.IDCallSign,
	"swift/bic":                           embargo.IDSWIFT,
	"website":                             embargo.IDWebsite,
	"email address":                       embargo.IDEmail,
	"aircraft tail number":                embargo.IDAircraftTail,
	"previous aircraft tail number":       embargo.IDAircraftTail,
}

// plainLabels are labels that say no more than the identifier type.
var plainLabels = map[string]bool{
	"passport": true, "website": true, "email address": true, "mmsi": true, "swift/bic": true,
	"vessel registration identification": true, "aircraft tail number": true, "registration number": true,
}

// idLabelRe tells an identifier's label ("Matricula Mercantil No", "RIF #",
// "Kenyan ID No.") from a fact's ("Aircraft Model", "Target Type").
var idLabelRe = regexp.MustCompile(`(?i)(\bno\.?$|number|\bid\b|#|identification|registration|license|card|code|\b[a-z]\.[a-z]\.)`)

// factLabelRe marks labels that look like identifiers but hold dates or
// prose ("Listing Date (CMIC)", "Secondary sanctions risk:").
var factLabelRe = regexp.MustCompile(`(?i)(date|information|risk|determination|type|sanctions|transactions|operator|model|issuer|ticker|flag|country|nationality)`)

// addID adds one "ids" item: "[COUNTRY, ][DATE, ...]VALUE, LABEL".
func addID(e *embargo.Entity, item string) {
	i := strings.LastIndex(item, ", ")
	if i < 0 {
		e.AddProperty("ids", item)
		return
	}
	value, label := strings.TrimSpace(item[:i]), strings.TrimSpace(item[i+2:])
	low := strings.ToLower(label)
	typ, known := idTypes[low]
	switch {
	case low == "gender":
		e.Gender = strings.ToLower(value)
		return
	case strings.HasPrefix(low, "digital currency address"):
		typ, known = embargo.IDCryptoAddress, true
	case !known && idLabelRe.MatchString(label) && !factLabelRe.MatchString(label):
		typ, known = low, true
	}
	if !known {
		e.AddProperty(propertyKey(label), value)
		return
	}
	id := embargo.Identifier{Type: typ}
	parts := strings.Split(value, ", ")
	if len(parts) >= 2 && isCountryCode(parts[0]) {
		id.Country, parts = parts[0], parts[1:]
	}
	var dates, rest []string
	for _, p := range parts {
		if isDate(p) {
			dates = append(dates, p)
		} else {
			rest = append(rest, p)
		}
	}
	id.Value = strings.Join(rest, ", ")
	var notes []string
	if typ != low && !plainLabels[low] {
		notes = append(notes, label) // "Diplomatic Passport", "Cedula No."
	}
	if len(dates) > 0 {
		notes = append(notes, "dates: "+strings.Join(dates, ", "))
	}
	id.Note = strings.Join(notes, "; ")
	if typ == embargo.IDIMO {
		id.Value = strings.TrimSpace(strings.TrimPrefix(id.Value, "IMO"))
	}
	if id.Value == "" {
		return
	}
	e.Identifiers = append(e.Identifiers, id)
}

// propertyKey turns a label such as "Aircraft Model" or "Secondary sanctions
// risk:" into a property name: "aircraft_model", "secondary_sanctions_risk".
func propertyKey(label string) string {
	label = strings.Trim(strings.TrimSpace(label), ":- ")
	var b strings.Builder
	underscore := false
	for _, r := range strings.ToLower(label) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if underscore && b.Len() > 0 {
				b.WriteByte('_')
			}
			underscore = false
			b.WriteRune(r)
		} else {
			underscore = true
		}
	}
	if b.Len() == 0 {
		return "ids"
	}
	return b.String()
}

// birthDate converts the CSL's dates of birth ("1973-03-25", "1952",
// "circa 1967", "1960 to 1962") to embargo's forms.
func birthDate(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "circa"))
	if from, to, ok := strings.Cut(s, " to "); ok && listfmt.IsYear(from) && listfmt.IsYear(to) {
		return from + ".." + to
	}
	if listfmt.IsYear(s) || isDate(s) {
		return s
	}
	if len(s) == 7 {
		if _, err := time.Parse("2006-01", s); err == nil {
			return s
		}
	}
	return ""
}

func isDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
