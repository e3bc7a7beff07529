package ofac

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

// SniffAdvancedXML reports whether head, the first bytes of a file, is
// OFAC's Advanced XML (a Sanctions document: sdn_advanced.xml,
// cons_advanced.xml), in either the old un.org/tempuri namespace or the
// sanctionslistservice one.
func SniffAdvancedXML(head []byte) bool {
	i := bytes.Index(head, []byte("<Sanctions"))
	if i < 0 {
		return false
	}
	rest := head[i+len("<Sanctions"):]
	return len(rest) > 0 && (rest[0] == ' ' || rest[0] == '>' || rest[0] == '\n' || rest[0] == '\r' || rest[0] == '\t')
}

// refValue is one entry of a reference value set (<AliasType ID="1400">A.K.A.</AliasType>).
type refValue struct {
	XMLName xml.Name
	ID      string     `xml:"ID,attr"`
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
}

func (v refValue) attr(name string) string {
	for _, a := range v.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

type advDate struct {
	Year  int `xml:"Year"`
	Month int `xml:"Month"`
	Day   int `xml:"Day"`
}

type advDatePeriod struct {
	Start struct {
		From advDate `xml:"From"`
		To   advDate `xml:"To"`
	} `xml:"Start"`
	End struct {
		From advDate `xml:"From"`
		To   advDate `xml:"To"`
	} `xml:"End"`
}

type advNamePart struct {
	GroupID  string `xml:"NamePartGroupID,attr"`
	ScriptID string `xml:"ScriptID,attr"`
	Text     string `xml:",chardata"`
}

type advDocName struct {
	DocNameStatusID string        `xml:"DocNameStatusID,attr"`
	Parts           []advNamePart `xml:"DocumentedNamePart>NamePartValue"`
}

type advAlias struct {
	AliasTypeID string       `xml:"AliasTypeID,attr"`
	Primary     bool         `xml:"Primary,attr"`
	LowQuality  bool         `xml:"LowQuality,attr"`
	Names       []advDocName `xml:"DocumentedName"`
}

type advGroup struct {
	ID         string `xml:"ID,attr"`
	NamePartID string `xml:"NamePartTypeID,attr"`
}

type advDetail struct {
	DetailTypeID      string `xml:"DetailTypeID,attr"`
	DetailReferenceID string `xml:"DetailReferenceID,attr"`
	Text              string `xml:",chardata"`
}

type advVersion struct {
	Periods   []advDatePeriod `xml:"DatePeriod"`
	Details   []advDetail     `xml:"VersionDetail"`
	Locations []struct {
		LocationID string `xml:"LocationID,attr"`
	} `xml:"VersionLocation"`
}

type advParty struct {
	FixedRef string `xml:"FixedRef,attr"`
	Comment  string `xml:"Comment"`
	Profiles []struct {
		ID             string `xml:"ID,attr"`
		PartySubTypeID string `xml:"PartySubTypeID,attr"`
		Identities     []struct {
			ID      string     `xml:"ID,attr"`
			Aliases []advAlias `xml:"Alias"`
			Groups  []advGroup `xml:"NamePartGroups>MasterNamePartGroup>NamePartGroup"`
		} `xml:"Identity"`
		Features []struct {
			FeatureTypeID string       `xml:"FeatureTypeID,attr"`
			Versions      []advVersion `xml:"FeatureVersion"`
		} `xml:"Feature"`
	} `xml:"Profile"`
}

type advLocation struct {
	ID        string `xml:"ID,attr"`
	AreaCodes []struct {
		AreaCodeID string `xml:"AreaCodeID,attr"`
	} `xml:"LocationAreaCode"`
	Countries []struct {
		CountryID string `xml:"CountryID,attr"`
	} `xml:"LocationCountry"`
	Parts []struct {
		TypeID string `xml:"LocPartTypeID,attr"`
		Values []struct {
			Primary bool   `xml:"Primary,attr"`
			Value   string `xml:"Value"`
		} `xml:"LocationPartValue"`
	} `xml:"LocationPart"`
}

type advIDDoc struct {
	TypeID     string `xml:"IDRegDocTypeID,attr"`
	IdentityID string `xml:"IdentityID,attr"`
	CountryID  string `xml:"IssuedBy-CountryID,attr"`
	Number     string `xml:"IDRegistrationNo"`
	Comment    string `xml:"Comment"`
	Dates      []struct {
		TypeID string          `xml:"IDRegDocDateTypeID,attr"`
		Period []advDatePeriod `xml:"DatePeriod"`
	} `xml:"DocumentDate"`
}

type advEntry struct {
	ProfileID string `xml:"ProfileID,attr"`
	ListID    string `xml:"ListID,attr"`
	Events    []struct {
		Date advDate `xml:"Date"`
	} `xml:"EntryEvent"`
	Measures []struct {
		TypeID  string `xml:"SanctionsTypeID,attr"`
		Comment string `xml:"Comment"`
	} `xml:"SanctionsMeasure"`
}

type advRelation struct {
	From       string `xml:"From-ProfileID,attr"`
	To         string `xml:"To-ProfileID,attr"`
	TypeID     string `xml:"RelationTypeID,attr"`
	Former     bool   `xml:"Former,attr"`
	QualityID  string `xml:"RelationQualityID,attr"`
	EntryID    string `xml:"SanctionsEntryID,attr"`
	CommentTxt string `xml:"Comment"`
}

// advParser holds what ParseAdvancedXML has read so far. The parts of the
// document refer to each other by ID in any order, so entities are only
// assembled at the end.
type advParser struct {
	name    string
	opts    embargo.ParseOptions
	d       *xml.Decoder
	ref     map[string]map[string]refValue // set element name -> ID -> value
	locs    map[string]advLocation
	parties []advParty
	lines   []int
	docs    []advIDDoc
	entries []advEntry
	rels    []advRelation
	asOf    time.Time
}

// ParseAdvancedXML parses OFAC's Advanced XML (sdn_advanced.xml,
// cons_advanced.xml). name, the file's name or path, is used in errors and
// picks the source as in ParseXML; where the name does not say, a file whose
// every profile is on OFAC's "SDN List" is ofac-sdn, any other ofac-cons.
// DateOfIssue gives ParsedList.AsOf, the earliest EntryEvent date of a
// profile gives Entity.ListedOn. The document is streamed: each top-level
// record (DistinctParty, Location, IDRegDocument, SanctionsEntry, ...) is
// decoded on its own, and a DistinctParty (one entity each) beyond
// opts.MaxEntities is refused at its line before it is decoded.
func ParseAdvancedXML(r io.Reader, name string, opts embargo.ParseOptions) (*embargo.ParsedList, error) {
	p := &advParser{name: name, opts: opts, d: xml.NewDecoder(r), ref: map[string]map[string]refValue{}, locs: map[string]advLocation{}}
	if err := p.read(); err != nil {
		return nil, err
	}
	source, ok := sourceFromName(name)
	if !ok {
		source = p.guessSource()
	}
	return p.build(listfmt.Source(opts, source))
}

func (p *advParser) errAt(line int, msg string) error {
	return &embargo.ParseError{File: p.name, Line: line, Msg: msg}
}

func (p *advParser) read() error {
	d := p.d
	depth := 0
	rooted := false
	for tok, err := range listfmt.Tokens(d) {
		if err != nil {
			return xmlError(p.name, d, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			line, _ := d.InputPos()
			switch {
			case depth == 1:
				if t.Name.Local != "Sanctions" {
					return p.errAt(line, fmt.Sprintf("root element <%s>, want <Sanctions>: not OFAC Advanced XML", t.Name.Local))
				}
				rooted = true
				continue
			case depth == 2 && t.Name.Local == "DateOfIssue":
				var dt advDate
				if err := d.DecodeElement(&dt, &t); err != nil {
					return xmlError(p.name, d, err)
				}
				if tm, ok := dateOf(dt); ok {
					p.asOf = tm
				}
			case depth == 2 && t.Name.Local == "ReferenceValueSets":
				var sets struct {
					Sets []struct {
						XMLName xml.Name
						Values  []refValue `xml:",any"`
					} `xml:",any"`
				}
				if err := d.DecodeElement(&sets, &t); err != nil {
					return xmlError(p.name, d, err)
				}
				for _, s := range sets.Sets {
					for _, v := range s.Values {
						m := p.ref[v.XMLName.Local]
						if m == nil {
							m = map[string]refValue{}
							p.ref[v.XMLName.Local] = m
						}
						v.Text = strings.TrimSpace(v.Text)
						m[v.ID] = v
					}
				}
			case depth == 3:
				if err := p.record(t, line); err != nil {
					return err
				}
			default:
				continue // depth 2 lists: descend into them
			}
			depth--
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				line, _ := d.InputPos()
				return p.errAt(line, "text outside the root element: not XML")
			}
		}
	}
	if !rooted {
		return &embargo.ParseError{File: p.name, Msg: "empty file: no <Sanctions> element"}
	}
	if len(p.parties) == 0 {
		return &embargo.ParseError{File: p.name, Msg: "no DistinctParty elements: nothing to import"}
	}
	return nil
}

// record decodes one element of a top-level list.
func (p *advParser) record(t xml.StartElement, line int) error {
	var err error
	switch t.Name.Local {
	case "DistinctParty":
		if err := p.opts.EntityLimit(len(p.parties)); err != nil {
			return p.errAt(line, err.Error())
		}
		var x advParty
		if err = p.d.DecodeElement(&x, &t); err == nil {
			p.parties = append(p.parties, x)
			p.lines = append(p.lines, line)
		}
	case "Location":
		var x advLocation
		if err = p.d.DecodeElement(&x, &t); err == nil {
			p.locs[x.ID] = x
		}
	case "IDRegDocument":
		var x advIDDoc
		if err = p.d.DecodeElement(&x, &t); err == nil {
			p.docs = append(p.docs, x)
		}
	case "SanctionsEntry":
		var x advEntry
		if err = p.d.DecodeElement(&x, &t); err == nil {
			p.entries = append(p.entries, x)
		}
	case "ProfileRelationship":
		var x advRelation
		if err = p.d.DecodeElement(&x, &t); err == nil {
			p.rels = append(p.rels, x)
		}
	default:
		err = p.d.Skip()
	}
	if err != nil {
		return xmlError(p.name, p.d, err)
	}
	return nil
}

// guessSource says ofac-sdn when every profile has an entry on the list
// named "SDN List", ofac-cons otherwise.
func (p *advParser) guessSource() string {
	onSDN := map[string]bool{}
	for _, e := range p.entries {
		if strings.EqualFold(p.val("List", e.ListID), "SDN List") {
			onSDN[e.ProfileID] = true
		}
	}
	for _, x := range p.parties {
		for _, pr := range x.Profiles {
			if !onSDN[pr.ID] {
				return embargo.SourceOFACCons
			}
		}
	}
	return embargo.SourceOFACSDN
}

// val is the text of a reference value.
func (p *advParser) val(set, id string) string {
	return p.ref[set][id].Text
}

// country is a country's name, "" for OFAC's "undetermined".
func (p *advParser) country(id string) string {
	c := p.val("Country", id)
	if c == "" {
		c = p.ref["AreaCode"][id].attr("Description")
	}
	if strings.EqualFold(c, "undetermined") {
		return ""
	}
	return c
}

func (p *advParser) location(id string) (embargo.Address, bool) {
	l, ok := p.locs[id]
	if !ok {
		return embargo.Address{}, false
	}
	var a embargo.Address
	var street []string
	for _, part := range l.Parts {
		v := ""
		for _, pv := range part.Values {
			if pv.Primary || v == "" {
				v = strings.TrimSpace(pv.Value)
			}
		}
		if v == "" {
			continue
		}
		switch strings.ToUpper(p.val("LocPartType", part.TypeID)) {
		case "ADDRESS1", "ADDRESS2", "ADDRESS3", "UNKNOWN":
			street = append(street, v)
		case "CITY":
			a.City = v
		case "STATE/PROVINCE":
			a.State = listfmt.JoinTrimmed(", ", a.State, v)
		case "POSTAL CODE":
			a.PostalCode = v
		case "REGION":
			a.State = listfmt.JoinTrimmed(", ", v, a.State)
		default:
			street = append(street, v)
		}
	}
	a.Street = strings.Join(street, ", ")
	for _, c := range l.Countries {
		if a.Country = p.country(c.CountryID); a.Country != "" {
			break
		}
	}
	if a.Country == "" {
		for _, c := range l.AreaCodes {
			if a.Country = p.country(c.AreaCodeID); a.Country != "" {
				break
			}
		}
	}
	return a, a != embargo.Address{}
}

// scriptCodes maps OFAC's script names to ISO 15924 codes.
var scriptCodes = map[string]string{
	"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab", "chinese simplified": "Hans",
	"chinese traditional": "Hant", "chinese": "Hani", "korean": "Kore", "hangul": "Hang", "greek": "Grek",
	"hebrew": "Hebr", "georgian": "Geor", "armenian": "Armn", "thai": "Thai", "japanese": "Jpan",
	"burmese": "Mymr", "myanmar": "Mymr", "khmer": "Khmr", "devanagari": "Deva", "persian": "Arab",
}

func (p *advParser) script(id string) string {
	v := p.ref["Script"][id]
	name := v.Text
	if name == "" {
		name = v.attr("ScriptCode")
	}
	if c, ok := scriptCodes[strings.ToLower(name)]; ok {
		return c
	}
	return name
}

// namePartOrder puts given names after the last name in OFAC's order.
var namePartOrder = map[string]int{"first name": 1, "middle name": 2, "patronymic": 3, "matronymic": 4}

// featureProps are feature types whose value becomes a property.
var featureProps = map[string]string{
	"vessel flag": "flag", "former vessel flag": "former_flag", "other vessel flag": "flag",
	"vessel type": "vessel_type", "other vessel type": "vessel_type", "vessel tonnage": "tonnage",
	"vessel gross registered tonnage": "grt", "vessel owner": "owner", "vessel year of build": "year_built",
	"aircraft model": "aircraft_model", "aircraft operator": "aircraft_operator",
	"aircraft manufacture date": "aircraft_manufacture_date", "nationality of registration": "registration_country",
	"organization established date": "established", "organization type:": "organization_type",
	"target type": "target_type", "title": "title", "position": "position",
}

func (p *advParser) build(source string) (*embargo.ParsedList, error) {
	list := &embargo.ParsedList{Source: source, AsOf: p.asOf, Files: []string{p.name}}
	index := map[string]int{}    // profile ID -> entity
	identity := map[string]int{} // identity ID -> entity
	for k, x := range p.parties {
		id, err := entNum(x.FixedRef)
		if err != nil {
			return nil, p.errAt(p.lines[k], "DistinctParty FixedRef: "+err.Error())
		}
		if _, dup := index[id]; dup {
			return nil, p.errAt(p.lines[k], "duplicate DistinctParty FixedRef "+id)
		}
		if len(x.Profiles) == 0 {
			return nil, p.errAt(p.lines[k], "DistinctParty "+id+" has no Profile")
		}
		e := embargo.Entity{ID: embargo.EntityID(source, id), Source: source, SourceID: id, Remarks: strings.TrimSpace(x.Comment)}
		i := len(list.Entities)
		index[id] = i
		for _, pr := range x.Profiles {
			index[pr.ID] = i
			p.profile(&e, pr.PartySubTypeID)
			for _, idn := range pr.Identities {
				identity[idn.ID] = i
				p.names(&e, idn.Groups, idn.Aliases)
			}
			for _, f := range pr.Features {
				p.feature(&e, p.val("FeatureType", f.FeatureTypeID), f.Versions)
			}
		}
		if e.Name == "" {
			return nil, p.errAt(p.lines[k], "DistinctParty "+id+" has no primary name")
		}
		list.Entities = append(list.Entities, e)
	}
	for _, doc := range p.docs {
		i, ok := identity[doc.IdentityID]
		if !ok {
			continue
		}
		label := p.val("IDRegDocType", doc.TypeID)
		num := strings.TrimSpace(doc.Number)
		if num == "" {
			continue
		}
		fact := label + " " + num
		e := &list.Entities[i]
		if !applyFact(e, fact, p.country(doc.CountryID)) {
			addID(e, snake(label), "", num, p.country(doc.CountryID))
		}
	}
	firstEvent := map[int]time.Time{}
	for _, se := range p.entries {
		i, ok := index[se.ProfileID]
		if !ok {
			continue
		}
		e := &list.Entities[i]
		for _, m := range se.Measures {
			if strings.EqualFold(p.val("SanctionsType", m.TypeID), "Program") {
				if c := strings.TrimSpace(m.Comment); c != "" {
					e.Programs = append(e.Programs, c)
				}
			}
		}
		for _, ev := range se.Events {
			if tm, ok := dateOf(ev.Date); ok {
				if f, seen := firstEvent[i]; !seen || tm.Before(f) {
					firstEvent[i] = tm
				}
			}
		}
	}
	for i, tm := range firstEvent {
		list.Entities[i].ListedOn = tm.Format("2006-01-02")
	}
	for _, r := range p.rels {
		i, ok := index[r.From]
		j, ok2 := index[r.To]
		if !ok || !ok2 {
			continue
		}
		rel := snake(p.val("RelationType", r.TypeID))
		if r.Former {
			rel = "former_" + rel
		}
		list.Entities[i].Links = append(list.Entities[i].Links, embargo.Link{
			EntityID: list.Entities[j].ID, Name: list.Entities[j].Name, Relation: rel,
		})
	}
	for i := range list.Entities {
		e := &list.Entities[i]
		sort.SliceStable(e.Links, func(a, b int) bool { return e.Links[a].EntityID < e.Links[b].EntityID })
		e.Normalize()
	}
	return list, nil
}

// profile sets the schema from the party subtype and its party type.
func (p *advParser) profile(e *embargo.Entity, subTypeID string) {
	sub := p.ref["PartySubType"][subTypeID]
	s := embargo.ParseSchema(sub.Text)
	if s == embargo.SchemaUnknown {
		s = embargo.ParseSchema(p.val("PartyType", sub.attr("PartyTypeID")))
	}
	if s == embargo.SchemaUnknown {
		s = embargo.SchemaOrganization
	}
	e.Schema = s
}

func (p *advParser) names(e *embargo.Entity, groups []advGroup, aliases []advAlias) {
	partType := map[string]string{}
	for _, g := range groups {
		partType[g.ID] = strings.ToLower(p.val("NamePartType", g.NamePartID))
	}
	for _, a := range aliases {
		typ := aliasType(p.val("AliasType", a.AliasTypeID))
		for k, dn := range a.Names {
			var last, rest []string
			type given struct {
				order int
				text  string
			}
			var givens []given
			script := ""
			for _, part := range dn.Parts {
				t := strings.TrimSpace(part.Text)
				if t == "" {
					continue
				}
				if sc := p.script(part.ScriptID); sc != "" && sc != "Latn" {
					script = sc
				}
				pt := partType[part.GroupID]
				switch {
				case pt == "last name" || pt == "maiden name":
					last = append(last, t)
				case namePartOrder[pt] > 0:
					givens = append(givens, given{namePartOrder[pt], t})
				default:
					rest = append(rest, t)
				}
			}
			sort.SliceStable(givens, func(i, j int) bool { return givens[i].order < givens[j].order })
			var first []string
			for _, g := range givens {
				first = append(first, g.text)
			}
			first = append(first, rest...)
			name := personName(strings.Join(first, " "), strings.Join(last, " "))
			if name == "" {
				continue
			}
			status := strings.ToLower(p.val("DocNameStatus", dn.DocNameStatusID))
			isPrimary := a.Primary && e.Name == "" && script == "" && (k == 0 || strings.HasPrefix(status, "primary"))
			if isPrimary {
				e.Name = name
				continue
			}
			al := embargo.Alias{Name: name, Type: typ, Quality: embargo.QualityStrong, Script: script}
			if a.Primary || typ == "name" {
				al.Type = ""
			}
			if script != "" && al.Type == "" {
				al.Type = "original-script"
			}
			if a.LowQuality {
				al.Quality = embargo.QualityWeak
			}
			e.Aliases = append(e.Aliases, al)
		}
	}
}

// feature applies one Feature of a profile.
func (p *advParser) feature(e *embargo.Entity, typ string, versions []advVersion) {
	lt := strings.ToLower(strings.TrimSpace(typ))
	for _, v := range versions {
		// The value: a date period, a location, a looked-up or free text.
		var dates []string
		for _, dp := range v.Periods {
			if d := periodString(dp); d != "" {
				dates = append(dates, d)
			}
		}
		var texts []string
		for _, d := range v.Details {
			if t := strings.TrimSpace(d.Text); t != "" {
				texts = append(texts, t)
			} else if d.DetailReferenceID != "" {
				if t := p.val("DetailReference", d.DetailReferenceID); t != "" {
					texts = append(texts, t)
				}
			}
		}
		var addrs []embargo.Address
		for _, l := range v.Locations {
			if a, ok := p.location(l.LocationID); ok {
				addrs = append(addrs, a)
			}
		}
		switch {
		case lt == "birthdate":
			e.BirthDates = append(e.BirthDates, dates...)
		case lt == "place of birth":
			e.BirthPlaces = append(e.BirthPlaces, texts...)
			for _, a := range addrs {
				e.BirthPlaces = append(e.BirthPlaces, listfmt.JoinTrimmed(", ", a.Street, a.City, a.State, a.Country))
			}
		case lt == "location" || lt == "address":
			e.Addresses = append(e.Addresses, addrs...)
		case strings.HasPrefix(lt, "nationality country") || lt == "nationality":
			e.Nationalities = append(e.Nationalities, countriesOf(texts, addrs)...)
		case strings.HasPrefix(lt, "citizenship country") || lt == "citizenship":
			e.Citizenships = append(e.Citizenships, countriesOf(texts, addrs)...)
		case lt == "gender":
			for _, t := range texts {
				e.Gender = strings.ToLower(t)
			}
		case featureProps[lt] != "":
			vals := append(append([]string{}, texts...), dates...)
			vals = append(vals, countriesOf(nil, addrs)...)
			for _, val := range vals {
				if featureProps[lt] == "title" {
					if e.Title == "" {
						e.Title = val
					}
					continue
				}
				e.AddProperty(featureProps[lt], val)
			}
		default:
			vals := append(append([]string{}, texts...), dates...)
			vals = append(vals, countriesOf(nil, addrs)...)
			for _, val := range vals {
				fact := strings.TrimSpace(typ + " " + val)
				if !applyFact(e, fact, "") {
					e.Remarks = listfmt.JoinTrimmed("; ", e.Remarks, fact)
				}
			}
		}
	}
}

func countriesOf(texts []string, addrs []embargo.Address) []string {
	out := append([]string{}, texts...)
	for _, a := range addrs {
		if a.Country != "" {
			out = append(out, a.Country)
		}
	}
	return out
}

// dateOf turns a Year/Month/Day element into a time; ok is false when it is
// not a real date.
func dateOf(d advDate) (time.Time, bool) {
	if d.Year < 1 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > daysIn(d.Month, d.Year) {
		return time.Time{}, false
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC), true
}

// periodString writes a DatePeriod the way parseDOB writes remarks dates:
// from the earliest start to the latest end, shortened to a year or month
// where it covers exactly that.
func periodString(p advDatePeriod) string {
	a, b := p.Start.From, p.End.To
	if a.Year == 0 {
		a = p.Start.To
	}
	if b.Year == 0 {
		b = p.End.From
	}
	if b.Year == 0 {
		b = a
	}
	if _, ok := dateOf(a); !ok {
		return ""
	}
	if _, ok := dateOf(b); !ok {
		return ""
	}
	da, db := date{a.Year, a.Month, a.Day}, date{b.Year, b.Month, b.Day}
	if db.y < da.y || db.y == da.y && (db.m < da.m || db.m == da.m && db.d < da.d) {
		da, db = db, da
	}
	return dateRange(da, db)
}
