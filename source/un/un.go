package un

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// rootElement is the document element of the UN consolidated list.
const rootElement = "CONSOLIDATED_LIST"

// Sniff reports whether a file looks like the UN consolidated list XML,
// judging by head, the first bytes of the file (4 KB is plenty). The name is
// not needed: the root element is distinctive.
func Sniff(name string, head []byte) bool {
	return bytes.Contains(head, []byte("<"+rootElement)) &&
		(bytes.Contains(head, []byte("<INDIVIDUALS")) || bytes.Contains(head, []byte("<ENTITIES")) ||
			bytes.Contains(head, []byte("sc-sanctions.xsd")))
}

// Parse reads a UN Security Council consolidated list from r. The name is
// used in errors. The list's source is "un-sc" unless opts.Source names
// another. It returns an *embargo.ParseError, and no list, if r is not a
// complete, well-formed UN list.
func Parse(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	source := listfmt.Source(opts, embargo.SourceUN)
	p := &parser{
		XML:  listfmt.NewXML(name, r),
		list: &embargo.ParsedList{Source: source, Files: []string{name}},
		seen: map[string]int{},
		opts: opts,
	}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.list, nil
}

type parser struct {
	*listfmt.XML
	list *embargo.ParsedList
	seen map[string]int // source id -> line of its record
	opts embargo.ParseOptions
}

func (p *parser) run() error {
	root, err := p.Root("empty file: no UN consolidated list found", "not a UN consolidated list")
	if err != nil {
		return err
	}
	if root.Name.Local != rootElement {
		return p.Failf("not a UN consolidated list: root element is <%s>, want <%s>", root.Name.Local, rootElement)
	}
	for _, a := range root.Attr {
		if a.Name.Local == "dateGenerated" {
			t, err := listfmt.ParseTimestamp(a.Value)
			if err != nil {
				return p.Failf("bad dateGenerated %q", a.Value)
			}
			p.list.AsOf = t
		}
	}

	// Stream the records: INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY.
	return p.Walk("unexpected element after </"+rootElement+">", func(t xml.StartElement, depth, line int) (bool, error) {
		var schema embargo.Schema
		switch {
		case depth == 2 && t.Name.Local == "INDIVIDUAL":
			schema = embargo.SchemaPerson
		case depth == 2 && t.Name.Local == "ENTITY":
			schema = embargo.SchemaOrganization
		default:
			return false, nil
		}
		var rec record
		if err := p.Dec.DecodeElement(&rec, &t); err != nil {
			return true, p.Wrap(err)
		}
		return true, p.add(&rec, schema, line)
	})
}

// record is one INDIVIDUAL or ENTITY element. The two share most fields;
// the aliases and addresses differ only in their element names.
type record struct {
	DataID        string    `xml:"DATAID"`
	FirstName     string    `xml:"FIRST_NAME"`
	SecondName    string    `xml:"SECOND_NAME"`
	ThirdName     string    `xml:"THIRD_NAME"`
	FourthName    string    `xml:"FOURTH_NAME"`
	ListType      string    `xml:"UN_LIST_TYPE"`
	Reference     string    `xml:"REFERENCE_NUMBER"`
	ListedOn      string    `xml:"LISTED_ON"`
	OriginalName  string    `xml:"NAME_ORIGINAL_SCRIPT"`
	Gender        string    `xml:"GENDER"`
	Comments      string    `xml:"COMMENTS1"`
	Titles        []string  `xml:"TITLE>VALUE"`
	Designations  []string  `xml:"DESIGNATION>VALUE"`
	Nationalities []string  `xml:"NATIONALITY>VALUE"`
	Aliases       []alias   `xml:"INDIVIDUAL_ALIAS"`
	EntityAliases []alias   `xml:"ENTITY_ALIAS"`
	Addresses     []address `xml:"INDIVIDUAL_ADDRESS"`
	EntityAddr    []address `xml:"ENTITY_ADDRESS"`
	BirthDates    []dob     `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	BirthPlaces   []address `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents     []doc     `xml:"INDIVIDUAL_DOCUMENT"`
}

type alias struct {
	Quality        string `xml:"QUALITY"`
	Name           string `xml:"ALIAS_NAME"`
	DateOfBirth    string `xml:"DATE_OF_BIRTH"`
	CityOfBirth    string `xml:"CITY_OF_BIRTH"`
	CountryOfBirth string `xml:"COUNTRY_OF_BIRTH"`
}

type address struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
}

type dob struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
}

type doc struct {
	Type           string `xml:"TYPE_OF_DOCUMENT"`
	Type2          string `xml:"TYPE_OF_DOCUMENT2"`
	Number         string `xml:"NUMBER"`
	IssuingCountry string `xml:"ISSUING_COUNTRY"`
	CountryOfIssue string `xml:"COUNTRY_OF_ISSUE"`
	DateOfIssue    string `xml:"DATE_OF_ISSUE"`
	CityOfIssue    string `xml:"CITY_OF_ISSUE"`
	Note           string `xml:"NOTE"`
}

// add converts one record and appends it to the list.
func (p *parser) add(rec *record, schema embargo.Schema, line int) error {
	ref := listfmt.Clean(rec.Reference)
	if ref == "" {
		return p.Errorf(line, "record without REFERENCE_NUMBER")
	}
	if prev, ok := p.seen[ref]; ok {
		return p.Errorf(line, "reference number %s repeated (first at line %d)", ref, prev)
	}
	p.seen[ref] = line
	if err := p.opts.EntityLimit(len(p.list.Entities)); err != nil {
		return p.Errorf(line, "%v", err)
	}

	e := embargo.Entity{
		ID:       embargo.EntityID(p.list.Source, ref),
		Source:   p.list.Source,
		SourceID: ref,
		Schema:   schema,
		Name:     listfmt.JoinClean(" ", rec.FirstName, rec.SecondName, rec.ThirdName, rec.FourthName),
		Gender:   strings.ToLower(listfmt.Clean(rec.Gender)),
		Remarks:  strings.TrimSpace(rec.Comments),
		ListedOn: listfmt.ISODate(rec.ListedOn),
	}
	if e.Name == "" {
		return p.Errorf(line, "record %s has no name", ref)
	}
	if e.Gender == "unknown" {
		e.Gender = ""
	}
	if pr := listfmt.Clean(rec.ListType); pr != "" {
		e.Programs = []string{pr}
	}
	var titles []string
	for _, t := range rec.Titles {
		if t = listfmt.Clean(t); t != "" {
			titles = append(titles, t)
		}
	}
	e.Title = strings.Join(titles, "; ")
	for _, d := range rec.Designations {
		e.AddProperty("position", listfmt.Clean(d))
	}
	for _, n := range rec.Nationalities {
		e.Nationalities = append(e.Nationalities, listfmt.Clean(n))
	}

	// Names in original script: the UN gives one string per record.
	if orig := listfmt.Clean(rec.OriginalName); orig != "" && orig != e.Name {
		e.Aliases = append(e.Aliases, embargo.Alias{Name: orig, Type: "original-script", Script: detectScript(orig)})
	}
	for _, a := range append(rec.Aliases, rec.EntityAliases...) {
		if n := listfmt.Clean(a.Name); n != "" {
			e.Aliases = append(e.Aliases, aliasOf(n, listfmt.Clean(a.Quality)))
		}
		// Dates and places of birth given with an alias are the entity's too.
		if d := listfmt.ISODate(a.DateOfBirth); d != "" {
			e.BirthDates = append(e.BirthDates, d)
		}
		if pl := listfmt.JoinClean(", ", a.CityOfBirth, a.CountryOfBirth); pl != "" {
			e.BirthPlaces = append(e.BirthPlaces, pl)
		}
	}
	for _, d := range rec.BirthDates {
		if s := d.String(); s != "" {
			e.BirthDates = append(e.BirthDates, s)
		}
	}
	for _, pl := range rec.BirthPlaces {
		if s := listfmt.JoinClean(", ", pl.Street, pl.City, pl.State, pl.Country); s != "" {
			e.BirthPlaces = append(e.BirthPlaces, s)
		}
	}
	for _, a := range append(rec.Addresses, rec.EntityAddr...) {
		e.AddAddress(embargo.Address{
			Street:     listfmt.Clean(a.Street),
			City:       listfmt.Clean(a.City),
			State:      listfmt.Clean(a.State),
			PostalCode: listfmt.Clean(a.Zip),
			Country:    listfmt.Clean(a.Country),
		})
	}
	for _, d := range rec.Documents {
		if id, ok := d.identifier(); ok {
			e.Identifiers = append(e.Identifiers, id)
		}
	}
	if rec.DataID = listfmt.Clean(rec.DataID); rec.DataID != "" {
		e.AddProperty("un_dataid", rec.DataID)
	}
	e.Normalize()
	p.list.Entities = append(p.list.Entities, e)
	return nil
}

// aliasOf maps the UN's alias QUALITY to an alias type and quality. "Good"
// and "a.k.a." are names the person is really known by; "Low" are the UN's
// low-quality aliases, which screening should weigh less.
func aliasOf(name, quality string) embargo.Alias {
	a := embargo.Alias{Name: name, Type: "a.k.a.", Quality: embargo.QualityStrong}
	switch strings.ToLower(quality) {
	case "low":
		a.Quality = embargo.QualityWeak
	case "f.k.a.", "fka":
		a.Type = "f.k.a."
	}
	return a
}

// String renders a date of birth as YYYY-MM-DD, YYYY or "YYYY..YYYY".
func (d dob) String() string {
	if s := listfmt.ISODate(d.Date); s != "" {
		return s
	}
	if y := listfmt.Clean(d.Year); listfmt.IsYear(y) {
		return y
	}
	from, to := listfmt.Clean(d.FromYear), listfmt.Clean(d.ToYear)
	switch {
	case listfmt.IsYear(from) && listfmt.IsYear(to):
		return from + ".." + to
	case listfmt.IsYear(from):
		return from
	case listfmt.IsYear(to):
		return to
	}
	return ""
}

// identifier converts a document. It reports false for documents without a number.
func (d doc) identifier() (embargo.Identifier, bool) {
	num := listfmt.Clean(d.Number)
	if num == "" {
		return embargo.Identifier{}, false
	}
	label := listfmt.Clean(d.Type)
	id := embargo.Identifier{
		Type:    documentType(label, listfmt.Clean(d.Type2)),
		Value:   num,
		Country: listfmt.Clean(d.IssuingCountry),
	}
	if id.Country == "" {
		id.Country = listfmt.Clean(d.CountryOfIssue)
	}
	var notes []string
	if t2 := listfmt.Clean(d.Type2); t2 != "" && !strings.EqualFold(t2, label) {
		notes = append(notes, t2)
	}
	if s := listfmt.ISODate(d.DateOfIssue); s != "" {
		notes = append(notes, "issued "+s)
	}
	if c := listfmt.Clean(d.CityOfIssue); c != "" {
		notes = append(notes, "issued in "+c)
	}
	if n := listfmt.Clean(d.Note); n != "" {
		notes = append(notes, n)
	}
	id.Note = strings.Join(notes, "; ")
	return id, true
}

// documentType maps the UN's free-text document types (in English, French
// and Spanish) to embargo's identifier types, keeping the UN's own label,
// lower-cased, where none fits.
func documentType(label, label2 string) string {
	for _, l := range []string{label, label2} {
		low := strings.ToLower(l)
		switch {
		case strings.Contains(low, "passport"), strings.Contains(low, "passeport"), strings.Contains(low, "pasaporte"):
			return embargo.IDPassport
		case strings.Contains(low, "national identi"), strings.Contains(low, "identity card"),
			strings.Contains(low, "national id"), strings.Contains(low, "identification card"):
			return embargo.IDNationalID
		}
	}
	if label == "" {
		label = label2
	}
	if label == "" {
		return embargo.IDOther
	}
	return strings.ToLower(label)
}
