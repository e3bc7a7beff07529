package ofac

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// SniffXML reports whether head, the first bytes of a file, is OFAC's legacy
// XML: an sdnList document (sdn.xml, consolidated.xml).
func SniffXML(head []byte) bool {
	return bytes.Contains(head, []byte("<sdnList")) && !bytes.Contains(head, []byte("<Sanctions"))
}

// sourceFromName picks the list a file belongs to from its base name: names
// with "cons" (consolidated.xml, cons_advanced.xml) are the non-SDN
// consolidated list, names with "sdn" the SDN list. ok is false when the name
// does not say.
func sourceFromName(name string) (source string, ok bool) {
	base := strings.ToLower(filepath.Base(name))
	switch {
	case strings.Contains(base, "cons"):
		return embargo.SourceOFACCons, true
	case strings.Contains(base, "sdn"):
		return embargo.SourceOFACSDN, true
	}
	return embargo.SourceOFACSDN, false
}

type xmlEntry struct {
	UID       string   `xml:"uid"`
	FirstName string   `xml:"firstName"`
	LastName  string   `xml:"lastName"`
	Title     string   `xml:"title"`
	SDNType   string   `xml:"sdnType"`
	Remarks   string   `xml:"remarks"`
	Programs  []string `xml:"programList>program"`
	IDs       []struct {
		Type       string `xml:"idType"`
		Number     string `xml:"idNumber"`
		Country    string `xml:"idCountry"`
		IssueDate  string `xml:"issueDate"`
		ExpiryDate string `xml:"expirationDate"`
	} `xml:"idList>id"`
	AKAs []struct {
		Type      string `xml:"type"`
		Category  string `xml:"category"`
		FirstName string `xml:"firstName"`
		LastName  string `xml:"lastName"`
	} `xml:"akaList>aka"`
	Addresses []struct {
		Address1   string `xml:"address1"`
		Address2   string `xml:"address2"`
		Address3   string `xml:"address3"`
		City       string `xml:"city"`
		State      string `xml:"stateOrProvince"`
		PostalCode string `xml:"postalCode"`
		Country    string `xml:"country"`
	} `xml:"addressList>address"`
	Nationalities []string `xml:"nationalityList>nationality>country"`
	Citizenships  []string `xml:"citizenshipList>citizenship>country"`
	DOBs          []string `xml:"dateOfBirthList>dateOfBirthItem>dateOfBirth"`
	POBs          []string `xml:"placeOfBirthList>placeOfBirthItem>placeOfBirth"`
	Vessel        struct {
		CallSign string `xml:"callSign"`
		Type     string `xml:"vesselType"`
		Flag     string `xml:"vesselFlag"`
		Owner    string `xml:"vesselOwner"`
		Tonnage  string `xml:"tonnage"`
		GRT      string `xml:"grossRegisteredTonnage"`
	} `xml:"vesselInfo"`
}

// ParseXML parses OFAC's legacy XML (an sdnList document: sdn.xml or
// consolidated.xml). name, the file's name or path, is used in errors and
// picks the source: a name with "cons" in it is the consolidated list
// (ofac-cons), anything else the SDN list (ofac-sdn), unless opts.Source is
// set. Publish_Date gives ParsedList.AsOf. The file is read as a stream,
// one sdnEntry at a time.
//
// Identifiers and facts in idList are mapped as the same facts in the CSV
// remarks are; the ones not understood ("Additional Sanctions Information -
// ...") are appended to Entity.Remarks so that nothing is lost.
func ParseXML(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	source, _ := sourceFromName(name)
	source = listfmt.Source(opts, source)
	list := &embargo.ParsedList{Source: source, Files: []string{name}}
	d := xml.NewDecoder(r)
	perr := func(msg string) error {
		line, _ := d.InputPos()
		return &embargo.ParseError{File: name, Line: line, Msg: msg}
	}
	index := map[string]bool{}
	recordCount := -1
	depth := 0
	rooted := false
	for tok, err := range listfmt.Tokens(d) {
		if err != nil {
			return nil, xmlError(name, d, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "sdnList" {
					return nil, perr(fmt.Sprintf("root element <%s>, want <sdnList>: not OFAC legacy XML", t.Name.Local))
				}
				rooted = true
				continue
			}
			if depth != 2 {
				continue
			}
			switch t.Name.Local {
			case "publshInformation", "publishInformation":
				var p struct {
					Date  string `xml:"Publish_Date"`
					Count string `xml:"Record_Count"`
				}
				if err := d.DecodeElement(&p, &t); err != nil {
					return nil, xmlError(name, d, err)
				}
				if p.Date = strings.TrimSpace(p.Date); p.Date != "" {
					tm, err := time.Parse("01/02/2006", p.Date)
					if err != nil {
						return nil, perr(fmt.Sprintf("Publish_Date %q is not MM/DD/YYYY", p.Date))
					}
					list.AsOf = tm
				}
				if n, err := strconv.Atoi(strings.TrimSpace(p.Count)); err == nil {
					recordCount = n
				}
			case "sdnEntry":
				line, _ := d.InputPos()
				var x xmlEntry
				if err := d.DecodeElement(&x, &t); err != nil {
					return nil, xmlError(name, d, err)
				}
				id, err := entNum(x.UID)
				if err != nil {
					return nil, &embargo.ParseError{File: name, Line: line, Msg: "sdnEntry uid: " + err.Error()}
				}
				if index[id] {
					return nil, &embargo.ParseError{File: name, Line: line, Msg: "duplicate sdnEntry uid " + id}
				}
				index[id] = true
				e := xmlEntity(&x, source, id)
				if e.Name == "" {
					return nil, &embargo.ParseError{File: name, Line: line, Msg: "sdnEntry " + id + " has no name"}
				}
				if err := opts.EntityLimit(len(list.Entities)); err != nil {
					return nil, &embargo.ParseError{File: name, Line: line, Msg: err.Error()}
				}
				list.Entities = append(list.Entities, e)
			default:
				if err := d.Skip(); err != nil {
					return nil, xmlError(name, d, err)
				}
			}
			depth--
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return nil, perr("text outside the root element: not XML")
			}
		}
	}
	if !rooted {
		return nil, &embargo.ParseError{File: name, Msg: "empty file: no <sdnList> element"}
	}
	if len(list.Entities) == 0 {
		return nil, &embargo.ParseError{File: name, Msg: "no sdnEntry elements: nothing to import"}
	}
	if recordCount >= 0 && recordCount != len(list.Entities) {
		list.Warnings = append(list.Warnings, fmt.Sprintf("%s: Record_Count says %d entries, the file has %d", filepath.Base(name), recordCount, len(list.Entities)))
	}
	for i := range list.Entities {
		list.Entities[i].Normalize()
	}
	return list, nil
}

// xmlError turns an encoding/xml error into a ParseError with a line.
func xmlError(name string, d *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if strings.Contains(se.Msg, "unexpected EOF") {
			return &embargo.ParseError{File: name, Line: se.Line, Msg: "file cut short: unexpected end of file"}
		}
		return &embargo.ParseError{File: name, Line: se.Line, Msg: "XML: " + se.Msg}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		line, _ := d.InputPos()
		return &embargo.ParseError{File: name, Line: line, Msg: "file cut short: unexpected end of file"}
	}
	line, _ := d.InputPos()
	return &embargo.ParseError{File: name, Line: line, Msg: "XML: " + err.Error()}
}

// personName writes a name as OFAC's CSV and text lists do: "LAST, First".
func personName(first, last string) string {
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	return last + ", " + first
}

func xmlEntity(x *xmlEntry, source, id string) embargo.Entity {
	e := embargo.Entity{
		ID:       embargo.EntityID(source, id),
		Source:   source,
		SourceID: id,
		Name:     personName(x.FirstName, x.LastName),
		Title:    strings.TrimSpace(x.Title),
		Programs: x.Programs,
		Schema:   embargo.ParseSchema(x.SDNType),
	}
	if e.Schema == embargo.SchemaUnknown && strings.TrimSpace(x.SDNType) == "" {
		e.Schema = embargo.SchemaOrganization
	}
	for _, a := range x.AKAs {
		q := embargo.QualityStrong
		if strings.EqualFold(strings.TrimSpace(a.Category), "weak") {
			q = embargo.QualityWeak
		}
		e.Aliases = append(e.Aliases, embargo.Alias{Name: personName(a.FirstName, a.LastName), Type: aliasType(a.Type), Quality: q})
	}
	for _, a := range x.Addresses {
		e.AddAddress(embargo.Address{
			Street:     listfmt.JoinTrimmed(", ", a.Address1, a.Address2, a.Address3),
			City:       strings.TrimSpace(a.City),
			State:      strings.TrimSpace(a.State),
			PostalCode: strings.TrimSpace(a.PostalCode),
			Country:    strings.TrimSpace(a.Country),
		})
	}
	e.Nationalities = x.Nationalities
	e.Citizenships = x.Citizenships
	for _, s := range x.DOBs {
		if d := parseDOB(s); d != "" {
			e.BirthDates = append(e.BirthDates, d)
		} else if s = strings.TrimSpace(s); s != "" {
			e.AddProperty("date_of_birth", s)
		}
	}
	e.BirthPlaces = x.POBs
	if v := strings.TrimSpace(x.Vessel.CallSign); v != "" {
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDCallSign, Value: v})
	}
	e.AddProperty("vessel_type", x.Vessel.Type)
	e.AddProperty("tonnage", x.Vessel.Tonnage)
	e.AddProperty("grt", x.Vessel.GRT)
	e.AddProperty("flag", x.Vessel.Flag)
	e.AddProperty("owner", x.Vessel.Owner)
	e.Remarks = strings.TrimSpace(x.Remarks)
	// The remarks of the XML hold only what has no element of its own, but
	// that still includes weak aliases and the like.
	for _, f := range splitFacts(e.Remarks) {
		applyFact(&e, f, "")
	}
	var unknown []string
	for _, id := range x.IDs {
		typ, num := strings.TrimSpace(id.Type), strings.TrimSpace(id.Number)
		if typ == "" && num == "" {
			continue
		}
		fact := strings.TrimSpace(typ + " " + num)
		extra := listfmt.JoinTrimmed(" ", prefixed("issued ", id.IssueDate), prefixed("expires ", id.ExpiryDate))
		if extra != "" {
			fact += " " + extra
		}
		if !applyFact(&e, fact, strings.TrimSpace(id.Country)) {
			if c := strings.TrimSpace(id.Country); c != "" {
				fact += " (" + c + ")"
			}
			unknown = append(unknown, fact)
		}
	}
	if len(unknown) > 0 {
		e.Remarks = listfmt.JoinTrimmed("; ", e.Remarks, strings.Join(unknown, "; "))
	}
	return e
}

func prefixed(prefix, s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return ""
	}
	return prefix + s
}
