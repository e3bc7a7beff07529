package uk

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// Sniff reports whether a file looks like an OFSI ConList.csv or an FCDO UK
// Sanctions List CSV, judging by head, its first bytes (4 KB is plenty).
func Sniff(name string, head []byte) bool {
	if !bytes.Contains(head, []byte("Name 6")) {
		return false
	}
	return bytes.Contains(head, []byte("Group ID")) || bytes.Contains(head, []byte("Unique ID"))
}

// Parse reads an OFSI consolidated list or an FCDO UK Sanctions List CSV
// from r. The name is used in errors. The source is "uk-ofsi" or "uk-fcdo"
// according to the layout, unless opts.Source names another. It returns an
// *embargo.ParseError, and no list, if r cannot be read in full.
func Parse(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	f := listfmt.NewFile(name)
	fail := f.Errorf
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fail(0, "read: %v", err)
	}
	text, err := decode(raw)
	if err != nil {
		return nil, fail(0, "%v", err)
	}
	if strings.TrimSpace(text) == "" {
		return nil, fail(0, "empty file")
	}

	cr := listfmt.NewCSV(name, strings.NewReader(text))
	cr.Reader().FieldsPerRecord = -1

	// The optional first line holds the list's date; then comes the header.
	var asOf time.Time
	var header []string
	for header == nil {
		rec, line, err := cr.Read()
		if err == io.EOF {
			return nil, fail(0, "no header row: not an OFSI or UK Sanctions List CSV")
		} else if err != nil {
			return nil, err
		}
		first := strings.TrimSpace(rec[0])
		switch {
		case strings.EqualFold(first, "Last Updated") && len(rec) >= 2 && line == 1 && !containsFold(rec, "Name 6"):
			if asOf, err = parseDate(strings.TrimSpace(rec[1])); err != nil {
				return nil, fail(line, "bad list date %q", rec[1])
			}
		case strings.HasPrefix(strings.ToLower(first), "report date:") && line == 1:
			s := strings.TrimSpace(first[len("report date:"):])
			if asOf, err = time.Parse("02-Jan-2006", s); err != nil {
				return nil, fail(line, "bad report date %q", s)
			}
		case containsFold(rec, "Name 6"):
			header = rec
		default:
			return nil, fail(line, "not an OFSI or UK Sanctions List CSV: no \"Name 6\" column in the header")
		}
	}
	cols := newColumns(header)
	source := embargo.SourceUKOFSI
	idCol := cols.index("Group ID")
	if i := cols.index("Unique ID"); i >= 0 {
		source, idCol = embargo.SourceUKFCDO, i
	}
	if idCol < 0 {
		return nil, fail(1, "no \"Group ID\" or \"Unique ID\" column in the header")
	}
	source = listfmt.Source(opts, source)

	list := &embargo.ParsedList{Source: source, AsOf: asOf, Files: []string{name}}
	groups := map[string]*group{}
	var order []*group
	err = cr.Rows(func(rec []string, line int) error {
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			return nil // a blank line
		}
		if len(rec) != len(header) {
			return fmt.Errorf("row has %d fields, the header %d (truncated file?)", len(rec), len(header))
		}
		id := listfmt.Clean(rec[idCol])
		if id == "" {
			return fmt.Errorf("row without %s", header[idCol])
		}
		g := groups[id]
		if g == nil {
			if err := opts.EntityLimit(len(order)); err != nil {
				return err
			}
			g = &group{e: embargo.Entity{ID: embargo.EntityID(source, id), Source: source, SourceID: id}}
			groups[id] = g
			order = append(order, g)
		}
		return g.add(row{cols: cols, rec: rec})
	})
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fail(0, "no rows after the header")
	}
	for _, g := range order {
		e := g.finish()
		if e.Name == "" {
			return nil, fail(0, "%s has no name", e.ID)
		}
		e.Normalize()
		list.Entities = append(list.Entities, e)
	}
	return list, nil
}

// decode returns the file's text: UTF-8 (a byte-order mark is dropped) when
// it is valid UTF-8, otherwise Windows-1252, OFSI's encoding.
func decode(raw []byte) (string, error) {
	raw = listfmt.TrimBOM(raw)
	if bytes.IndexByte(raw, 0) >= 0 {
		return "", errors.New("binary file: NUL byte found (UTF-16 or not a CSV file?)")
	}
	if utf8.Valid(raw) {
		return string(raw), nil
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return "", fmt.Errorf("invalid Windows-1252 text: %v", err)
	}
	if bytes.ContainsRune(b, utf8.RuneError) {
		return "", errors.New("invalid text: neither UTF-8 nor Windows-1252")
	}
	return string(b), nil
}

// columns finds values by header name, case-insensitively.
type columns map[string]int

func newColumns(header []string) columns {
	c := columns{}
	for i, h := range header {
		h = strings.ToLower(listfmt.Clean(h))
		if _, dup := c[h]; !dup {
			c[h] = i
		}
	}
	return c
}

func (c columns) index(name string) int {
	if i, ok := c[strings.ToLower(name)]; ok {
		return i
	}
	return -1
}

type row struct {
	cols columns
	rec  []string
}

// get returns the cleaned value of the first of names that is a column.
func (r row) get(names ...string) string {
	for _, n := range names {
		if i := r.cols.index(n); i >= 0 {
			return listfmt.Clean(r.rec[i])
		}
	}
	return ""
}

// group gathers the rows of one listed entity.
type group struct {
	e        embargo.Entity
	titles   []string
	remarks  []string
	hasName  bool
	schema   embargo.Schema
	listedOn string
}

func (g *group) add(r row) error {
	e := &g.e
	// The name, in Western order: given names, then the surname.
	name := listfmt.JoinClean(" ", r.get("Name 1"), r.get("Name 2"), r.get("Name 3"), r.get("Name 4"), r.get("Name 5"), r.get("Name 6"))
	aliasType := strings.ToLower(r.get("Alias Type", "Name type"))
	quality := embargo.QualityStrong
	if q := strings.ToLower(r.get("Alias Quality", "Alias strength")); strings.Contains(q, "low") || strings.Contains(q, "weak") {
		quality = embargo.QualityWeak
	}
	switch {
	case name == "":
	case (aliasType == "prime alias" || aliasType == "primary name") && !g.hasName:
		e.Name, g.hasName = name, true
	default:
		typ := "a.k.a."
		switch aliasType {
		case "fka":
			typ = "f.k.a."
		case "primary name variation":
			typ = "primary-name-variation"
		case "prime alias", "primary name":
			typ = "primary-name"
		}
		e.Aliases = append(e.Aliases, embargo.Alias{Name: name, Type: typ, Quality: quality})
	}
	if nl := r.get("Name Non-Latin Script"); nl != "" {
		e.Aliases = append(e.Aliases, embargo.Alias{Name: nl, Type: "original-script", Script: scriptCode(r.get("Non-Latin Script Type"))})
	}

	if t := r.get("Group Type", "Designation Type", "Individual/Entity/Ship"); t != "" {
		schema, ok := designationSchema(t)
		if !ok {
			return fmt.Errorf("unknown group type %q", strings.ToLower(t))
		}
		g.schema = schema
	}
	if t := r.get("Title"); t != "" {
		g.titles = append(g.titles, t)
	}
	if d := r.get("DOB", "D.O.B"); d != "" {
		for _, part := range splitEnumerated(d) {
			if iso := birthDate(part); iso != "" {
				e.BirthDates = append(e.BirthDates, iso)
			}
		}
	}
	towns := splitEnumerated(r.get("Town of Birth"))
	if len(towns) == 0 {
		towns = []string{""}
	}
	for _, town := range towns {
		if pl := listfmt.JoinClean(", ", town, r.get("Country of Birth")); pl != "" {
			e.BirthPlaces = append(e.BirthPlaces, pl)
		}
	}
	e.Nationalities = append(e.Nationalities, splitEnumerated(r.get("Nationality", "Nationality(/ies)"))...)
	if g2 := r.get("Gender"); g2 != "" {
		e.Gender = strings.ToLower(g2)
	}

	// Documents: the 2020 layout has only free text ("Passport Details",
	// "NI Number"); the 2022 and FCDO layouts add number columns.
	addDocs(e, embargo.IDPassport, r.get("Passport Number"), r.get("Passport Details", "Passport additional information"))
	addDocs(e, embargo.IDNationalID, r.get("National Identification Number", "National Identifier number", "NI Number"),
		r.get("National Identification Details", "National Identifier additional information"))
	for _, v := range splitList(r.get("Business registration number (s)")) {
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDRegistration, Value: v})
	}
	if v := strings.TrimPrefix(strings.ToUpper(r.get("IMO number")), "IMO"); v != "" {
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDIMO, Value: strings.TrimSpace(v)})
	}
	for _, v := range splitList(r.get("Email address")) {
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDEmail, Value: v})
	}
	for _, v := range splitList(r.get("Website")) {
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDWebsite, Value: v})
	}
	if p := r.get("Position"); p != "" {
		e.AddProperty("position", p)
	}

	addr := embargo.Address{
		Street: listfmt.JoinClean(", ", r.get("Address 1", "Address Line 1"), r.get("Address 2", "Address Line 2"),
			r.get("Address 3", "Address Line 3"), r.get("Address 4", "Address Line 4"),
			r.get("Address 5", "Address Line 5"), r.get("Address 6", "Address Line 6")),
		PostalCode: r.get("Post/Zip Code", "Address Postal Code"),
		Country:    r.get("Country", "Address Country"),
	}
	if addr != (embargo.Address{}) && !slices.Contains(e.Addresses, addr) {
		e.Addresses = append(e.Addresses, addr)
	}

	other := r.get("Other Information")
	if other != "" {
		g.remarks = append(g.remarks, other)
		addShipIDs(e, other)
	}
	if s := r.get("UK Statement of Reasons"); s != "" {
		g.remarks = append(g.remarks, s)
	}
	if p := r.get("Regime", "Regime Name"); p != "" {
		e.Programs = append(e.Programs, p)
	}
	for _, col := range []string{"Listed On", "Date Designated"} {
		if d, err := parseDate(r.get(col)); err == nil {
			if s := d.Format(time.DateOnly); g.listedOn == "" || s < g.listedOn {
				g.listedOn = s
			}
		}
	}
	if d, err := parseDate(r.get("UK Sanctions List Date Designated")); err == nil {
		e.AddProperty("uk_sanctions_list_date_designated", d.Format(time.DateOnly))
	}
	// Ship and FCDO-only facts.
	for prop, col := range map[string]string{
		"un_reference_number": "UN Reference Number",
		"ofsi_group_id":       "OFSI Group ID",
		"flag":                "Current believed flag of ship",
		"previous_flags":      "Previous flags",
		"vessel_type":         "Type of ship",
		"tonnage":             "Tonnage of ship",
		"length":              "Length of ship",
		"year_built":          "Year Built",
		"owner_operator":      "Current owner/operator (s)",
		"previous_owner":      "Previous owner/operator (s)",
		"hull_id":             "Hull identification number (HIN)",
		"entity_type":         "Type of entity",
		"subsidiaries":        "Subsidiaries",
		"parent_company":      "Parent company",
		"phone":               "Phone number",
		"sanctions_imposed":   "Sanctions Imposed",
		"designation_source":  "Designation source",
	} {
		if v := r.get(col); v != "" {
			e.AddProperty(prop, v)
		}
	}
	return nil
}

// finish returns the entity once all its rows have been added.
func (g *group) finish() embargo.Entity {
	e := g.e
	if !g.hasName && len(e.Aliases) > 0 {
		// A group without a primary-name row: its first name stands in.
		e.Name = e.Aliases[0].Name
		e.Aliases = e.Aliases[1:]
	}
	e.Schema = g.schema
	e.Title = strings.Join(listfmt.Uniq(g.titles), "; ")
	e.Remarks = strings.Join(listfmt.Uniq(g.remarks), "\n")
	e.ListedOn = g.listedOn
	// Aliases equal to the name add nothing.
	aliases := e.Aliases[:0]
	for _, a := range e.Aliases {
		if a.Name != e.Name {
			aliases = append(aliases, a)
		}
	}
	e.Aliases = aliases
	return e
}

// designationSchema maps the lists' "Individual", "Entity" and "Ship" (any
// case) to a schema; ok is false for anything else.
func designationSchema(t string) (schema embargo.Schema, ok bool) {
	switch strings.ToLower(listfmt.Clean(t)) {
	case "individual":
		return embargo.SchemaPerson, true
	case "entity":
		return embargo.SchemaOrganization, true
	case "ship":
		return embargo.SchemaVessel, true
	}
	return embargo.SchemaUnknown, false
}

// addShipIDs adds the IMO and MMSI numbers that free text ("Other
// Information") gives as identifiers.
func addShipIDs(e *embargo.Entity, text string) {
	for _, m := range imoRe.FindAllStringSubmatch(text, -1) {
		typ := embargo.IDIMO
		if strings.EqualFold(m[1], "MMSI") {
			typ = embargo.IDMMSI
		}
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: typ, Value: m[2]})
	}
}

// imoRe finds "IMO: 8937675" and "MMSI: 445539000" in OFSI's free text.
var imoRe = regexp.MustCompile(`\b(IMO|MMSI)(?: number| No\.?)?[:.]?\s*(\d{7,9})\b`)

// enumRe matches the enumerators OFSI puts in front of list items:
// "1)", "(2)", "a)", "(b)".
var enumRe = regexp.MustCompile(`(?:^|[\s,;])\(?(?:\d{1,2}|[a-z])\)\s*`)

// splitEnumerated splits "1) Saudi Arabia 2) Qatar" and "a) X, b) Y" into
// their items. Text without enumerators is returned as one item.
func splitEnumerated(s string) []string {
	s = listfmt.Clean(s)
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range enumRe.Split(s, -1) {
		if p = strings.Trim(p, " ,;."); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitList splits the FCDO's multi-valued cells ("a|b", "a; b").
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ';' }) {
		if p = listfmt.Clean(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// addDocs adds identifiers from a number column and a free-text column. The
// free text of the 2020 layout holds the numbers too: each enumerated item
// gives one identifier whose value is the item's first number-like token
// and whose note is the whole item.
func addDocs(e *embargo.Entity, typ, numbers, details string) {
	if numbers != "" {
		for _, n := range splitEnumerated(numbers) {
			e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: typ, Value: n, Note: details})
		}
		return
	}
	for _, part := range splitEnumerated(details) {
		if v := documentNumber(part); v != "" {
			e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: typ, Value: v, Note: part})
		} else {
			e.AddProperty(typ+"_details", part)
		}
	}
}

var numberPrefixRe = regexp.MustCompile(`(?i)^(no|nr|number|num)[.:]*`)

// documentNumber picks the document number out of text such as "Passport
// No: 592667 (Qatari passport issued on 3 May 2007)" or "Qatari passport
// no.00868774. expired:27.4.2014".
func documentNumber(s string) string {
	prev := ""
	for _, raw := range strings.Fields(s) {
		tok := numberPrefixRe.ReplaceAllString(raw, "")
		tok = strings.Trim(tok, `.,;:()[]"'`)
		if len(tok) >= 3 && strings.ContainsAny(tok, "0123456789") {
			// Keep a series letter written apart: "D 000974", "OB 0243318".
			if len(prev) <= 2 && prev != "" && strings.ToUpper(prev) == prev && !strings.ContainsAny(prev, "0123456789.,:;()") {
				return prev + " " + tok
			}
			return tok
		}
		prev = raw
	}
	return ""
}

// birthDate converts OFSI's dd/mm/yyyy, where 00 marks an unknown day or
// month, to YYYY-MM-DD, YYYY-MM or YYYY. It returns "" for other text.
func birthDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 4 && isDigits(s) {
		return s
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[2]) != 4 || !isDigits(parts[0]+parts[1]+parts[2]) || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return ""
	}
	day, month, year := pad2(parts[0]), pad2(parts[1]), parts[2]
	switch {
	case year == "0000":
		return ""
	case month == "00":
		return year
	case day == "00":
		if month > "12" {
			return year
		}
		return year + "-" + month
	}
	iso := year + "-" + month + "-" + day
	if _, err := time.Parse(time.DateOnly, iso); err != nil {
		return ""
	}
	return iso
}

func pad2(s string) string {
	if len(s) < 2 {
		return "0" + s
	}
	return s
}

// parseDate parses dd/mm/yyyy.
func parseDate(s string) (time.Time, error) {
	return time.Parse("02/01/2006", strings.TrimSpace(s))
}

// scriptCode maps the FCDO's "Non-latin script type" to ISO 15924.
func scriptCode(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "arabic", "persian", "farsi", "urdu", "pashto", "dari":
		return "Arab"
	case "cyrillic", "russian", "ukrainian", "belarusian", "bulgarian", "serbian":
		return "Cyrl"
	case "chinese", "han", "simplified chinese", "traditional chinese":
		return "Hani"
	case "korean", "hangul":
		return "Hang"
	case "japanese":
		return "Jpan"
	case "greek":
		return "Grek"
	case "hebrew":
		return "Hebr"
	case "georgian":
		return "Geor"
	case "armenian":
		return "Armn"
	}
	return ""
}

func containsFold(rec []string, s string) bool {
	for _, f := range rec {
		if strings.EqualFold(strings.TrimSpace(f), s) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
