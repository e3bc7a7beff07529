package eu

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// Sniff reports whether a file looks like an EU Financial Sanctions File,
// judging by head, its first bytes (4 KB is plenty).
func Sniff(name string, head []byte) bool {
	return bytes.Contains(head, []byte("http://eu.europa.ec/fpi/fsd/export")) ||
		bytes.Contains(head, []byte("<sanctionEntity")) ||
		(bytes.Contains(head, []byte("<WHOLE")) && bytes.Contains(head, []byte("<ENTITY")))
}

// Parse reads an EU Financial Sanctions File from r. The name is used in
// errors. The source is "eu-fsf" unless opts.Source names another. It
// returns an *embargo.ParseError, and no list, if r is not a complete,
// well-formed file.
func Parse(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	source := listfmt.Source(opts, embargo.SourceEU)
	p := &parser{
		XML:  listfmt.NewXML(name, r),
		list: &embargo.ParsedList{Source: source, Files: []string{name}},
		seen: map[string]int{},
		opts: opts,
	}
	if err := p.run(); err != nil {
		return nil, err
	}
	for i := range p.list.Entities {
		p.list.Entities[i].Normalize()
	}
	return p.list, nil
}

type parser struct {
	*listfmt.XML
	list  *embargo.ParsedList
	seen  map[string]int // logicalId -> index in list.Entities
	lines []int          // the line of each entity
	opts  embargo.ParseOptions
}

func (p *parser) run() error {
	root, err := p.Root("empty file: no EU sanctions list found", "not an EU Financial Sanctions File")
	if err != nil {
		return err
	}
	var record string
	switch root.Name.Local {
	case "export":
		record = "sanctionEntity"
		if d := attr(root, "generationDate"); d != "" {
			t, err := listfmt.ParseTimestamp(d)
			if err != nil {
				return p.Failf("bad generationDate %q", d)
			}
			p.list.AsOf = t
		}
	case "WHOLE":
		record = "ENTITY"
	default:
		return p.Failf("not an EU Financial Sanctions File: root element is <%s>, want <export>", root.Name.Local)
	}
	return p.Walk("unexpected element after the root element", func(t xml.StartElement, depth, line int) (bool, error) {
		if depth != 1 || t.Name.Local != record {
			return false, nil
		}
		return true, p.add(&t, record, line)
	})
}

// add decodes the record element t, which starts on line, and adds its
// entity to the list.
func (p *parser) add(t *xml.StartElement, record string, line int) error {
	var e embargo.Entity
	var err error
	if record == "sanctionEntity" {
		var se sanctionEntity
		if err := p.Dec.DecodeElement(&se, t); err != nil {
			return p.Wrap(err)
		}
		e, err = se.entity(p.list.Source)
	} else {
		var le legacyEntity
		if err := p.Dec.DecodeElement(&le, t); err != nil {
			return p.Wrap(err)
		}
		e, err = le.entity(p.list.Source)
	}
	if err != nil {
		return p.Errorf(line, "%v", err)
	}
	if prev, dup := p.seen[e.SourceID]; dup {
		// Seen in test excerpts, never in a published file: keep
		// both records' facts under the one id, and say so.
		merge(&p.list.Entities[prev], e)
		p.list.Warnings = append(p.list.Warnings, fmt.Sprintf("line %d: logicalId %s repeats the entity at line %d: merged into it", line, e.SourceID, p.lines[prev]))
		return nil
	}
	if err := p.opts.EntityLimit(len(p.list.Entities)); err != nil {
		return p.Errorf(line, "%v", err)
	}
	p.seen[e.SourceID] = len(p.list.Entities)
	p.lines = append(p.lines, line)
	p.list.Entities = append(p.list.Entities, e)
	return nil
}

// sanctionEntity is one entry of the FSF export (schema 1.1).
type sanctionEntity struct {
	LogicalID       string   `xml:"logicalId,attr"`
	DesignationDate string   `xml:"designationDate,attr"`
	EUReference     string   `xml:"euReferenceNumber,attr"`
	UNID            string   `xml:"unitedNationId,attr"`
	Remarks         []string `xml:"remark"`
	Regulations     []struct {
		Programme       string `xml:"programme,attr"`
		PublicationDate string `xml:"publicationDate,attr"`
		NumberTitle     string `xml:"numberTitle,attr"`
	} `xml:"regulation"`
	SubjectType struct {
		Code           string `xml:"code,attr"`
		Classification string `xml:"classificationCode,attr"`
	} `xml:"subjectType"`
	NameAliases []struct {
		WholeName string `xml:"wholeName,attr"`
		FirstName string `xml:"firstName,attr"`
		Middle    string `xml:"middleName,attr"`
		LastName  string `xml:"lastName,attr"`
		Function  string `xml:"function,attr"`
		Gender    string `xml:"gender,attr"`
		Title     string `xml:"title,attr"`
		Strong    string `xml:"strong,attr"`
	} `xml:"nameAlias"`
	Citizenships []struct {
		ISO2        string `xml:"countryIso2Code,attr"`
		Description string `xml:"countryDescription,attr"`
	} `xml:"citizenship"`
	BirthDates []struct {
		Date        string `xml:"birthdate,attr"`
		Day         string `xml:"dayOfMonth,attr"`
		Month       string `xml:"monthOfYear,attr"`
		Year        string `xml:"year,attr"`
		YearFrom    string `xml:"yearRangeFrom,attr"`
		YearTo      string `xml:"yearRangeTo,attr"`
		City        string `xml:"city,attr"`
		Place       string `xml:"place,attr"`
		Region      string `xml:"region,attr"`
		Description string `xml:"countryDescription,attr"`
	} `xml:"birthdate"`
	Identifications []struct {
		TypeCode    string   `xml:"identificationTypeCode,attr"`
		TypeDesc    string   `xml:"identificationTypeDescription,attr"`
		Number      string   `xml:"number,attr"`
		LatinNumber string   `xml:"latinNumber,attr"`
		ISO2        string   `xml:"countryIso2Code,attr"`
		Description string   `xml:"countryDescription,attr"`
		IssuedBy    string   `xml:"issuedBy,attr"`
		KnownFalse  string   `xml:"knownFalse,attr"`
		Expired     string   `xml:"knownExpired,attr"`
		Diplomatic  string   `xml:"diplomatic,attr"`
		Remarks     []string `xml:"remark"`
	} `xml:"identification"`
	Addresses []struct {
		Street      string `xml:"street,attr"`
		PoBox       string `xml:"poBox,attr"`
		City        string `xml:"city,attr"`
		ZipCode     string `xml:"zipCode,attr"`
		Region      string `xml:"region,attr"`
		Place       string `xml:"place,attr"`
		ISO2        string `xml:"countryIso2Code,attr"`
		Description string `xml:"countryDescription,attr"`
	} `xml:"address"`
}

func (s *sanctionEntity) entity(source string) (embargo.Entity, error) {
	id := listfmt.Clean(s.LogicalID)
	if id == "" {
		return embargo.Entity{}, errors.New("sanctionEntity without logicalId")
	}
	e := embargo.Entity{
		ID:       embargo.EntityID(source, id),
		Source:   source,
		SourceID: id,
		Schema:   embargo.ParseSchema(s.SubjectType.Code),
	}
	if e.Schema == embargo.SchemaUnknown {
		e.Schema = embargo.ParseSchema(s.SubjectType.Classification)
	}
	// The primary name: the first strong alias, else the first alias.
	primary := -1
	for i, a := range s.NameAliases {
		if wholeName(a.WholeName, a.FirstName, a.Middle, a.LastName) != "" && (primary < 0 || s.NameAliases[primary].Strong == "false" && a.Strong != "false") {
			primary = i
		}
	}
	if primary < 0 {
		return e, fmt.Errorf("sanctionEntity %s has no name", id)
	}
	var titles []string
	for i, a := range s.NameAliases {
		n := wholeName(a.WholeName, a.FirstName, a.Middle, a.LastName)
		if i == primary {
			e.Name = n
		} else if n != "" {
			q := embargo.QualityStrong
			if a.Strong == "false" {
				q = embargo.QualityWeak
			}
			e.Aliases = append(e.Aliases, embargo.Alias{Name: n, Type: "a.k.a.", Quality: q})
		}
		if t := listfmt.Clean(a.Title); t != "" {
			titles = append(titles, t)
		}
		e.AddProperty("position", listfmt.Clean(a.Function))
		if g := gender(a.Gender); g != "" {
			e.Gender = g
		}
	}
	e.Title = strings.Join(listfmt.Uniq(titles), "; ")
	e.Remarks = strings.Join(listfmt.CleanAll(s.Remarks), "\n")
	for _, reg := range s.Regulations {
		if pr := listfmt.Clean(reg.Programme); pr != "" {
			e.Programs = append(e.Programs, pr)
		}
		if d := listfmt.ISODate(reg.PublicationDate); d != "" && (e.ListedOn == "" || d < e.ListedOn) {
			e.ListedOn = d
		}
		e.AddProperty("regulation", listfmt.Clean(reg.NumberTitle))
	}
	if d := listfmt.ISODate(s.DesignationDate); d != "" {
		e.ListedOn = d
	}
	e.AddProperty("eu_reference_number", listfmt.Clean(s.EUReference))
	e.AddProperty("un_id", listfmt.Clean(s.UNID))
	for _, c := range s.Citizenships {
		if v := country(c.ISO2, c.Description); v != "" {
			e.Citizenships = append(e.Citizenships, v)
		}
	}
	for _, b := range s.BirthDates {
		if d := birthDate(b.Date, b.Year, b.Month, b.Day, b.YearFrom, b.YearTo); d != "" {
			e.BirthDates = append(e.BirthDates, d)
		}
		desc := b.Description
		if strings.EqualFold(listfmt.Clean(desc), "unknown") {
			desc = ""
		}
		if pl := listfmt.JoinClean(", ", b.City, b.Place, b.Region, desc); pl != "" {
			e.BirthPlaces = append(e.BirthPlaces, pl)
		}
	}
	for _, d := range s.Identifications {
		num := listfmt.Clean(d.Number)
		if num == "" {
			num = listfmt.Clean(d.LatinNumber)
		}
		if num == "" {
			continue
		}
		var notes []string
		notes = append(notes, listfmt.Clean(d.TypeDesc))
		for flag, v := range map[string]string{"known false": d.KnownFalse, "known expired": d.Expired, "diplomatic": d.Diplomatic} {
			if v == "true" {
				notes = append(notes, flag)
			}
		}
		if ib := listfmt.Clean(d.IssuedBy); ib != "" {
			notes = append(notes, "issued by "+ib)
		}
		notes = append(notes, listfmt.CleanAll(d.Remarks)...)
		e.Identifiers = append(e.Identifiers, embargo.Identifier{
			Type:    idType(d.TypeCode, d.TypeDesc),
			Value:   num,
			Country: country(d.ISO2, d.Description),
			Note:    listfmt.JoinClean("; ", sortFlags(notes)...),
		})
	}
	for _, a := range s.Addresses {
		e.AddAddress(embargo.Address{
			Street:     listfmt.JoinClean(", ", a.Street, a.PoBox),
			City:       listfmt.Clean(a.City),
			State:      listfmt.Clean(a.Region),
			PostalCode: listfmt.Clean(a.ZipCode),
			Country:    country(a.ISO2, a.Description),
			Full:       listfmt.Clean(a.Place),
		})
	}
	return e, nil
}

// legacyEntity is one ENTITY of the older flat export (schema 1.0).
type legacyEntity struct {
	ID        string `xml:"Id,attr"`
	Type      string `xml:"Type,attr"`
	Programme string `xml:"programme,attr"`
	RegDate   string `xml:"reg_date,attr"`
	Remark    string `xml:"remark,attr"`
	Names     []struct {
		WholeName string `xml:"WHOLENAME"`
		FirstName string `xml:"FIRSTNAME"`
		Middle    string `xml:"MIDDLENAME"`
		LastName  string `xml:"LASTNAME"`
		Gender    string `xml:"GENDER"`
		Title     string `xml:"TITLE"`
		Function  string `xml:"FUNCTION"`
	} `xml:"NAME"`
	Births []struct {
		Date    string `xml:"DATE"`
		Place   string `xml:"PLACE"`
		Country string `xml:"COUNTRY"`
	} `xml:"BIRTH"`
	Passports []struct {
		Number  string `xml:"NUMBER"`
		Country string `xml:"COUNTRY"`
	} `xml:"PASSPORT"`
	Citizens []struct {
		Country string `xml:"COUNTRY"`
	} `xml:"CITIZEN"`
	Addresses []struct {
		Number  string `xml:"NUMBER"`
		Street  string `xml:"STREET"`
		Zip     string `xml:"ZIPCODE"`
		City    string `xml:"CITY"`
		Country string `xml:"COUNTRY"`
		Other   string `xml:"OTHER"`
	} `xml:"ADDRESS"`
}

func (l *legacyEntity) entity(source string) (embargo.Entity, error) {
	id := listfmt.Clean(l.ID)
	if id == "" {
		return embargo.Entity{}, errors.New("ENTITY without Id")
	}
	e := embargo.Entity{
		ID:       embargo.EntityID(source, id),
		Source:   source,
		SourceID: id,
		Schema:   embargo.ParseSchema(l.Type),
		Remarks:  listfmt.Clean(l.Remark),
		ListedOn: listfmt.ISODate(l.RegDate),
	}
	if pr := listfmt.Clean(l.Programme); pr != "" {
		e.Programs = []string{pr}
	}
	var titles []string
	for _, n := range l.Names {
		name := wholeName(n.WholeName, n.FirstName, n.Middle, n.LastName)
		switch {
		case name == "":
		case e.Name == "":
			e.Name = name
		default:
			e.Aliases = append(e.Aliases, embargo.Alias{Name: name, Type: "a.k.a.", Quality: embargo.QualityStrong})
		}
		if g := gender(n.Gender); g != "" {
			e.Gender = g
		}
		if t := listfmt.Clean(n.Title); t != "" {
			titles = append(titles, t)
		}
		e.AddProperty("position", listfmt.Clean(n.Function))
	}
	if e.Name == "" {
		return e, fmt.Errorf("ENTITY %s has no name", id)
	}
	e.Title = strings.Join(listfmt.Uniq(titles), "; ")
	for _, b := range l.Births {
		if d := birthDate(b.Date, "", "", "", "", ""); d != "" {
			e.BirthDates = append(e.BirthDates, d)
		}
		if pl := listfmt.JoinClean(", ", b.Place, b.Country); pl != "" {
			e.BirthPlaces = append(e.BirthPlaces, pl)
		}
	}
	for _, pp := range l.Passports {
		if n := listfmt.Clean(pp.Number); n != "" {
			e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDPassport, Value: n, Country: listfmt.Clean(pp.Country)})
		}
	}
	for _, c := range l.Citizens {
		e.Citizenships = append(e.Citizenships, listfmt.Clean(c.Country))
	}
	for _, a := range l.Addresses {
		e.AddAddress(embargo.Address{
			Street:     listfmt.JoinClean(" ", a.Number, a.Street),
			City:       listfmt.Clean(a.City),
			PostalCode: listfmt.Clean(a.Zip),
			Country:    listfmt.Clean(a.Country),
			Full:       listfmt.Clean(a.Other),
		})
	}
	return e, nil
}

// merge adds b's facts to a, which has the same id.
func merge(a *embargo.Entity, b embargo.Entity) {
	if b.Name != a.Name {
		a.Aliases = append(a.Aliases, embargo.Alias{Name: b.Name, Type: "a.k.a.", Quality: embargo.QualityStrong})
	}
	a.Aliases = append(a.Aliases, b.Aliases...)
	a.BirthDates = append(a.BirthDates, b.BirthDates...)
	a.BirthPlaces = append(a.BirthPlaces, b.BirthPlaces...)
	a.Nationalities = append(a.Nationalities, b.Nationalities...)
	a.Citizenships = append(a.Citizenships, b.Citizenships...)
	a.Addresses = append(a.Addresses, b.Addresses...)
	a.Identifiers = append(a.Identifiers, b.Identifiers...)
	a.Programs = append(a.Programs, b.Programs...)
	if b.ListedOn != "" && (a.ListedOn == "" || b.ListedOn < a.ListedOn) {
		a.ListedOn = b.ListedOn
	}
	if b.Remarks != "" && !strings.Contains(a.Remarks, b.Remarks) {
		a.Remarks = listfmt.JoinClean("\n", a.Remarks, b.Remarks)
	}
	if a.Title == "" {
		a.Title = b.Title
	}
	if a.Gender == "" {
		a.Gender = b.Gender
	}
	for k, vs := range b.Properties {
		for _, v := range vs {
			a.AddProperty(k, v)
		}
	}
}

// idType maps the FSF identification type codes to embargo's.
func idType(code, desc string) string {
	switch strings.ToLower(listfmt.Clean(code)) {
	case "passport":
		return embargo.IDPassport
	case "id":
		return embargo.IDNationalID
	case "fiscalcode", "tin", "tax":
		return embargo.IDTax
	case "regnumber":
		return embargo.IDRegistration
	case "imo":
		return embargo.IDIMO
	case "swiftbic":
		return embargo.IDSWIFT
	case "":
		if d := strings.ToLower(listfmt.Clean(desc)); d != "" {
			return d
		}
		return embargo.IDOther
	}
	return strings.ToLower(listfmt.Clean(code))
}

// country returns the ISO code where given, else the country's name; "00"
// and "UNKNOWN" mean no country.
func country(iso2, desc string) string {
	iso2, desc = strings.ToUpper(listfmt.Clean(iso2)), listfmt.Clean(desc)
	if iso2 != "" && iso2 != "00" {
		return iso2
	}
	if strings.EqualFold(desc, "unknown") {
		return ""
	}
	return desc
}

func gender(g string) string {
	switch strings.ToUpper(listfmt.Clean(g)) {
	case "M":
		return "male"
	case "F":
		return "female"
	}
	return ""
}

// birthDate builds YYYY-MM-DD, YYYY-MM, YYYY or YYYY..YYYY from the FSF's
// birthdate attributes.
func birthDate(full, year, month, day, from, to string) string {
	if d := listfmt.ISODate(full); d != "" {
		return d
	}
	year, month, day = listfmt.Clean(year), listfmt.Clean(month), listfmt.Clean(day)
	if listfmt.IsYear(year) {
		if m := pad2(month); m != "" && m != "00" && m <= "12" {
			if d := pad2(day); d != "" && d != "00" {
				if s := listfmt.ISODate(year + "-" + m + "-" + d); s != "" {
					return s
				}
			}
			return year + "-" + m
		}
		return year
	}
	if from, to = listfmt.Clean(from), listfmt.Clean(to); listfmt.IsYear(from) && listfmt.IsYear(to) {
		return from + ".." + to
	}
	if full = listfmt.Clean(full); listfmt.IsYear(full) {
		return full
	}
	return ""
}

func pad2(s string) string {
	if len(s) == 1 && s[0] >= '0' && s[0] <= '9' {
		return "0" + s
	}
	if len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' {
		return s
	}
	return ""
}

func wholeName(whole, first, middle, last string) string {
	if w := listfmt.Clean(whole); w != "" {
		return w
	}
	return listfmt.JoinClean(" ", first, middle, last)
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// sortFlags keeps the first note (the document's description) in front and
// sorts the flags after it, as they come from a map.
func sortFlags(notes []string) []string {
	if len(notes) < 2 {
		return notes
	}
	rest := append([]string{}, notes[1:]...)
	for i := 1; i < len(rest); i++ {
		for j := i; j > 0 && rest[j] < rest[j-1]; j-- {
			rest[j], rest[j-1] = rest[j-1], rest[j]
		}
	}
	return append(notes[:1], rest...)
}
