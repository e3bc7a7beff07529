package uk

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// SniffXML reports whether head, a file's first bytes, is the FCDO UK
// Sanctions List XML: a <Designations> document.
func SniffXML(head []byte) bool {
	return bytes.Contains(head, []byte("<Designations")) &&
		(bytes.Contains(head, []byte("<Designation>")) || bytes.Contains(head, []byte("<DateGenerated>")))
}

// fcdoDesignation is one <Designation> of the FCDO UK Sanctions List XML,
// element for element as the FCDO publishes it (UK-Sanctions-List.xml).
type fcdoDesignation struct {
	LastUpdated       string `xml:"LastUpdated"`
	DateDesignated    string `xml:"DateDesignated"`
	UniqueID          string `xml:"UniqueID"`
	OFSIGroupID       string `xml:"OFSIGroupID"`
	UNReferenceNumber string `xml:"UNReferenceNumber"`
	Names             []struct {
		Name1, Name2, Name3, Name4, Name5, Name6 string
		NameType                                 string
		AliasStrength                            string
	} `xml:"Names>Name"`
	NonLatinNames []struct {
		NameNonLatinScript     string
		NonLatinScriptType     string
		NonLatinScriptLanguage string
	} `xml:"NonLatinNames>NonLatinName"`
	Titles               []string `xml:"Titles>Title"`
	RegimeName           string   `xml:"RegimeName"`
	IndividualEntityShip string   `xml:"IndividualEntityShip"`
	DesignationSource    string   `xml:"DesignationSource"`
	SanctionsImposed     string   `xml:"SanctionsImposed"`
	OtherInformation     string   `xml:"OtherInformation"`
	UKStatementofReasons string   `xml:"UKStatementofReasons"`
	Addresses            []struct {
		AddressLine1, AddressLine2, AddressLine3, AddressLine4, AddressLine5, AddressLine6 string
		AddressPostalCode                                                                  string
		AddressCountry                                                                     string
	} `xml:"Addresses>Address"`
	PhoneNumbers      []string `xml:"PhoneNumbers>PhoneNumber"`
	EmailAddresses    []string `xml:"EmailAddresses>EmailAddress"`
	Websites          []string `xml:"Websites>Website"`
	IndividualDetails []struct {
		DOBs            []string `xml:"DOBs>DOB"`
		Nationalities   []string `xml:"Nationalities>Nationality"`
		Genders         []string `xml:"Genders>Gender"`
		Positions       []string `xml:"Positions>Position"`
		PassportDetails []struct {
			PassportNumber                string
			PassportAdditionalInformation string
		} `xml:"PassportDetails>Passport"`
		NationalIdentifierDetails []struct {
			NationalIdentifierNumber                string
			NationalIdentifierAdditionalInformation string
		} `xml:"NationalIdentifierDetails>NationalIdentifier"`
		BirthDetails []struct {
			TownOfBirth    string
			CountryOfBirth string
		} `xml:"BirthDetails>Location"`
	} `xml:"IndividualDetails>Individual"`
	EntityDetails []struct {
		TypeOfEntities              []string `xml:"TypeOfEntities>TypeOfEntity"`
		BusinessRegistrationNumbers []string `xml:"BusinessRegistrationNumbers>BusinessRegistrationNumber"`
		ParentCompanies             []string `xml:"ParentCompanies>ParentCompany"`
		Subsidiaries                []string `xml:"Subsidiaries>Subsidiary"`
	} `xml:"EntityDetails>Entity"`
	ShipDetails []struct {
		IMONumbers            []string `xml:"IMONumbers>IMONumber"`
		CurrentOwnerOperators []string `xml:"CurrentOwnerOperators>CurrentOwnerOperator"`
		CurrentFlags          []string `xml:"CurrentBelievedFlagOfShips>CurrentBelievedFlagOfShip"`
		PreviousFlags         []string `xml:"PreviousFlags>PreviousFlag"`
		TypesOfShip           []string `xml:"TypeOfShipDetails>TypeOfShip"`
		Tonnages              []string `xml:"TonnageOfShipDetails>TonnageOfShip"`
		Lengths               []string `xml:"LengthOfShipDetails>LengthOfShip"`
		YearsBuilt            []string `xml:"YearBuiltDetails>YearBuilt"`
		HullIDs               []string `xml:"HullIdentificationNumbers>HullIdentificationNumber"`
	} `xml:"ShipDetails>Ship"`
}

// ParseXML reads the FCDO UK Sanctions List XML (UK-Sanctions-List.xml)
// from r into entities of source "uk-fcdo" (unless opts.Source names
// another): one per <Designation>, keyed by its UniqueID. DateDesignated
// is the entity's ListedOn; the OFSI group id, UN reference number,
// designation source and sanctions imposed are properties; non-Latin names
// are original-script aliases; ship details give IMO identifiers, flags,
// type, tonnage and owners. The list's DateGenerated is its as-of date.
// It returns an *embargo.ParseError, naming the line, and no list, if r
// cannot be read in full.
func ParseXML(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	file := filepath.Base(name)
	source := listfmt.Source(opts, embargo.SourceUKFCDO)
	list := &embargo.ParsedList{Source: source, Files: []string{name}}
	dec := xml.NewDecoder(r)
	fail := func(err error) error {
		line, _ := dec.InputPos()
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			line = se.Line
		}
		return &embargo.ParseError{File: file, Line: line, Msg: err.Error()}
	}
	seen := map[string]int{}
	root := false
	for tok, err := range listfmt.Tokens(dec) {
		if err != nil {
			return nil, fail(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "Designations":
			root = true
		case "DateGenerated":
			var s string
			if err := dec.DecodeElement(&s, &se); err != nil {
				return nil, fail(err)
			}
			if t, err := parseDate(s); err == nil {
				list.AsOf = t
			}
		case "Designation":
			line, _ := dec.InputPos()
			var d fcdoDesignation
			if err := dec.DecodeElement(&d, &se); err != nil {
				return nil, fail(err)
			}
			e, err := d.entity(source)
			if err != nil {
				return nil, &embargo.ParseError{File: file, Line: line, Msg: err.Error()}
			}
			if prev, dup := seen[e.SourceID]; dup {
				return nil, &embargo.ParseError{File: file, Line: line, Msg: fmt.Sprintf("UniqueID %s appears twice (first at line %d)", e.SourceID, prev)}
			}
			if err := opts.EntityLimit(len(list.Entities)); err != nil {
				return nil, &embargo.ParseError{File: file, Line: line, Msg: err.Error()}
			}
			seen[e.SourceID] = line
			list.Entities = append(list.Entities, e)
		}
	}
	if !root {
		return nil, &embargo.ParseError{File: file, Msg: "not a UK Sanctions List XML file: no <Designations> element"}
	}
	return list, nil
}

// entity converts one designation.
func (d *fcdoDesignation) entity(source string) (embargo.Entity, error) {
	id := listfmt.Clean(d.UniqueID)
	if id == "" {
		return embargo.Entity{}, errors.New("designation without a UniqueID")
	}
	e := embargo.Entity{ID: embargo.EntityID(source, id), Source: source, SourceID: id}
	if t := listfmt.Clean(d.IndividualEntityShip); t != "" {
		schema, ok := designationSchema(t)
		if !ok {
			return e, fmt.Errorf("designation %s: unknown IndividualEntityShip %q", id, d.IndividualEntityShip)
		}
		e.Schema = schema
	}
	for _, n := range d.Names {
		name := listfmt.JoinClean(" ", n.Name1, n.Name2, n.Name3, n.Name4, n.Name5, n.Name6)
		if name == "" {
			continue
		}
		typ := strings.ToLower(listfmt.Clean(n.NameType))
		if typ == "primary name" && e.Name == "" {
			e.Name = name
			continue
		}
		quality := embargo.QualityStrong
		if q := strings.ToLower(n.AliasStrength); strings.Contains(q, "low") || strings.Contains(q, "weak") {
			quality = embargo.QualityWeak
		}
		aliasType := "a.k.a."
		switch typ {
		case "primary name variation":
			aliasType = "primary-name-variation"
		case "primary name":
			aliasType = "primary-name"
		}
		e.Aliases = append(e.Aliases, embargo.Alias{Name: name, Type: aliasType, Quality: quality})
	}
	if e.Name == "" && len(e.Aliases) > 0 {
		e.Name, e.Aliases = e.Aliases[0].Name, e.Aliases[1:]
	}
	if e.Name == "" {
		return e, fmt.Errorf("designation %s has no name", id)
	}
	for _, n := range d.NonLatinNames {
		if s := listfmt.Clean(n.NameNonLatinScript); s != "" {
			script := scriptCode(n.NonLatinScriptType)
			if script == "" {
				script = scriptOf(s)
			}
			e.Aliases = append(e.Aliases, embargo.Alias{Name: s, Type: "original-script", Script: script})
		}
	}
	e.Title = strings.Join(listfmt.Uniq(listfmt.CleanAll(d.Titles)), "; ")
	if t, err := parseDate(d.DateDesignated); err == nil {
		e.ListedOn = t.Format(time.DateOnly)
	}
	if p := listfmt.Clean(d.RegimeName); p != "" {
		e.Programs = []string{p}
	}
	e.AddProperty("ofsi_group_id", d.OFSIGroupID)
	e.AddProperty("un_reference_number", d.UNReferenceNumber)
	e.AddProperty("designation_source", d.DesignationSource)
	for _, s := range strings.Split(d.SanctionsImposed, "|") {
		e.AddProperty("sanctions_imposed", s)
	}
	if t, err := parseDate(d.LastUpdated); err == nil {
		e.AddProperty("last_updated", t.Format(time.DateOnly))
	}
	e.Remarks = strings.Join(listfmt.Uniq(listfmt.CleanAll([]string{d.OtherInformation, d.UKStatementofReasons})), "\n")
	addShipIDs(&e, d.OtherInformation)
	for _, a := range d.Addresses {
		e.AddAddress(embargo.Address{
			Street:     listfmt.JoinClean(", ", a.AddressLine1, a.AddressLine2, a.AddressLine3, a.AddressLine4, a.AddressLine5, a.AddressLine6),
			PostalCode: listfmt.Clean(a.AddressPostalCode),
			Country:    listfmt.Clean(a.AddressCountry),
		})
	}
	for _, p := range d.PhoneNumbers {
		e.AddProperty("phone", p)
	}
	for _, v := range d.EmailAddresses {
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDEmail, Value: listfmt.Clean(v)})
	}
	for _, v := range d.Websites {
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDWebsite, Value: listfmt.Clean(v)})
	}
	for _, ind := range d.IndividualDetails {
		for _, dob := range ind.DOBs {
			// "dd/mm/1945": day and month unknown.
			dob = strings.NewReplacer("dd", "00", "mm", "00").Replace(strings.ToLower(dob))
			if iso := birthDate(dob); iso != "" {
				e.BirthDates = append(e.BirthDates, iso)
			}
		}
		e.Nationalities = append(e.Nationalities, listfmt.CleanAll(ind.Nationalities)...)
		for _, g := range ind.Genders {
			if g = listfmt.Clean(g); g != "" {
				e.Gender = strings.ToLower(g)
			}
		}
		for _, p := range ind.Positions {
			e.AddProperty("position", p)
		}
		for _, p := range ind.PassportDetails {
			addDocs(&e, embargo.IDPassport, listfmt.Clean(p.PassportNumber), listfmt.Clean(p.PassportAdditionalInformation))
		}
		for _, n := range ind.NationalIdentifierDetails {
			addDocs(&e, embargo.IDNationalID, listfmt.Clean(n.NationalIdentifierNumber), listfmt.Clean(n.NationalIdentifierAdditionalInformation))
		}
		for _, b := range ind.BirthDetails {
			if pl := listfmt.JoinClean(", ", b.TownOfBirth, b.CountryOfBirth); pl != "" {
				e.BirthPlaces = append(e.BirthPlaces, pl)
			}
		}
	}
	for _, ent := range d.EntityDetails {
		for _, v := range ent.TypeOfEntities {
			e.AddProperty("type_of_entity", v)
		}
		for _, v := range ent.BusinessRegistrationNumbers {
			if v = listfmt.Clean(v); v != "" {
				e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDRegistration, Value: v})
			}
		}
		for _, v := range ent.ParentCompanies {
			e.AddProperty("parent_company", v)
		}
		for _, v := range ent.Subsidiaries {
			e.AddProperty("subsidiary", v)
		}
	}
	for _, s := range d.ShipDetails {
		for _, v := range s.IMONumbers {
			if v = strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(listfmt.Clean(v)), "IMO")); v != "" {
				e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDIMO, Value: v})
			}
		}
		props := []struct {
			key  string
			vals []string
		}{
			{"owner_operator", s.CurrentOwnerOperators}, {"flag", s.CurrentFlags}, {"previous_flag", s.PreviousFlags},
			{"vessel_type", s.TypesOfShip}, {"tonnage", s.Tonnages}, {"length", s.Lengths},
			{"year_built", s.YearsBuilt}, {"hull_id", s.HullIDs},
		}
		for _, p := range props {
			for _, v := range p.vals {
				e.AddProperty(p.key, v)
			}
		}
	}
	return e, nil
}

// scriptOf guesses the ISO 15924 script of a name the list does not label,
// from its first letter in one of the scripts the list uses.
func scriptOf(s string) string {
	scripts := []struct {
		code  string
		table *unicode.RangeTable
	}{
		{"Arab", unicode.Arabic}, {"Cyrl", unicode.Cyrillic}, {"Hani", unicode.Han}, {"Hang", unicode.Hangul},
		{"Grek", unicode.Greek}, {"Hebr", unicode.Hebrew}, {"Geor", unicode.Georgian}, {"Armn", unicode.Armenian},
	}
	for _, r := range s {
		for _, sc := range scripts {
			if unicode.Is(sc.table, r) {
				return sc.code
			}
		}
	}
	return ""
}
