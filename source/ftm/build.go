package ftm

import (
	"sort"
	"strings"

	"github.com/embargo-dev/embargo"
)

// thingSchemas maps the FtM schemas of listed things to embargo schemas.
var thingSchemas = map[string]embargo.Schema{
	"Person":       embargo.SchemaPerson,
	"Company":      embargo.SchemaOrganization,
	"Organization": embargo.SchemaOrganization,
	"LegalEntity":  embargo.SchemaOrganization,
	"PublicBody":   embargo.SchemaOrganization,
	"Vessel":       embargo.SchemaVessel,
	"Airplane":     embargo.SchemaAircraft,
}

// linkSchemas names, for each FtM relationship schema, its two ends and
// the relation as seen from each end when the link has no role of its own.
var linkSchemas = map[string]struct{ from, to, fromRel, toRel string }{
	"Ownership":      {"owner", "asset", "owner of", "owned by"},
	"Directorship":   {"director", "organization", "director of", "has director"},
	"Family":         {"person", "relative", "relative", "relative"},
	"Associate":      {"person", "associate", "associate", "associate"},
	"Employment":     {"employee", "employer", "employee of", "employer of"},
	"Membership":     {"member", "organization", "member of", "has member"},
	"Representation": {"agent", "client", "agent of", "represented by"},
	"UnknownLink":    {"subject", "object", "linked to", "linked to"},
}

// identifierProps maps FtM properties to identifier types and notes.
var identifierProps = []struct{ prop, typ, note string }{
	{"idNumber", embargo.IDNationalID, ""},
	{"passportNumber", embargo.IDPassport, ""},
	{"taxNumber", embargo.IDTax, ""},
	{"innCode", embargo.IDTax, "INN"},
	{"vatCode", embargo.IDTax, "VAT"},
	{"ogrnCode", embargo.IDRegistration, "OGRN"},
	{"registrationNumber", embargo.IDRegistration, ""},
	{"leiCode", embargo.IDRegistration, "LEI"},
	{"swiftBic", embargo.IDSWIFT, ""},
	{"imoNumber", embargo.IDIMO, ""},
	{"mmsi", embargo.IDMMSI, ""},
	{"callSign", embargo.IDCallSign, ""},
	{"email", embargo.IDEmail, ""},
	{"website", embargo.IDWebsite, ""},
	{"phone", "phone", ""},
}

// factProps are properties kept as they are, under lower-case names.
var factProps = map[string]string{
	"position": "position", "topics": "topics", "flag": "flag", "type": "type",
	"tonnage": "tonnage", "grossRegisteredTonnage": "gross_registered_tonnage",
	"buildDate": "build_date", "model": "model", "serialNumber": "serial_number",
	"incorporationDate": "incorporation_date", "dissolutionDate": "dissolution_date",
	"legalForm": "legal_form", "sector": "sector", "datasets": "datasets",
	"religion": "religion", "political": "political", "education": "education",
	"deathDate": "death_date", "ethnicity": "ethnicity", "status": "status",
}

// build turns the stored FtM entities into the list's entities.
func (p *parser) build(list *embargo.ParsedList) {
	out := map[string]*embargo.Entity{}
	var order []string
	for _, id := range p.order {
		fe, ok := p.entities[id]
		if !ok {
			continue // deleted
		}
		schema, ok := thingSchemas[fe.schema]
		if !ok {
			continue
		}
		e := p.thing(fe, schema)
		e.Source = list.Source
		if e.Name == "" {
			list.Warnings = append(list.Warnings, "skipped "+fe.schema+" "+id+": it has no name")
			continue
		}
		out[id] = e
		order = append(order, id)
	}

	// Fill things from the entities that refer to them.
	for _, id := range p.order {
		fe, ok := p.entities[id]
		if !ok {
			continue
		}
		switch fe.schema {
		case "Sanction":
			for _, target := range fe.props["entity"] {
				if e := out[target]; e != nil {
					sanction(e, fe)
				}
			}
		case "Identification", "Passport":
			for _, holder := range fe.props["holder"] {
				if e := out[holder]; e != nil {
					identification(e, fe)
				}
			}
		case "CryptoWallet":
			for _, holder := range fe.props["holder"] {
				if e := out[holder]; e != nil {
					for _, k := range fe.props["publicKey"] {
						e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: embargo.IDCryptoAddress, Value: k, Note: fe.first("currency")})
					}
				}
			}
		default:
			ls, ok := linkSchemas[fe.schema]
			if !ok {
				continue
			}
			role := fe.first("role")
			if role == "" {
				role = fe.first("relationship")
			}
			for _, a := range fe.props[ls.from] {
				for _, b := range fe.props[ls.to] {
					ea, eb := out[a], out[b]
					if ea == nil || eb == nil || a == b {
						continue
					}
					fromRel, toRel := ls.fromRel, ls.toRel
					if role != "" {
						fromRel, toRel = role, role
					}
					ea.Links = append(ea.Links, embargo.Link{EntityID: b, Name: eb.Name, Relation: fromRel})
					eb.Links = append(eb.Links, embargo.Link{EntityID: a, Name: ea.Name, Relation: toRel})
				}
			}
		}
	}
	for _, id := range order {
		e := out[id]
		// Without a Sanction's listing date, the entity's own createdAt.
		// The publisher's first_seen is not used: it is when the
		// publisher first crawled the entity (for a whole list, the day
		// its crawling began), not a designation date.
		if e.ListedOn == "" {
			for _, d := range p.entities[id].props["createdAt"] {
				if d = date(d); len(d) == 10 && (e.ListedOn == "" || d < e.ListedOn) {
					e.ListedOn = d
				}
			}
		}
		sort.Slice(e.Links, func(i, j int) bool {
			if e.Links[i].EntityID != e.Links[j].EntityID {
				return e.Links[i].EntityID < e.Links[j].EntityID
			}
			return e.Links[i].Relation < e.Links[j].Relation
		})
		e.Links = uniqLinks(e.Links)
		e.Normalize()
		list.Entities = append(list.Entities, *e)
	}
}

// thing converts a Person, organisation, Vessel or Airplane.
func (p *parser) thing(fe *entity, schema embargo.Schema) *embargo.Entity {
	e := &embargo.Entity{ID: fe.id, SourceID: fe.id, Schema: schema}
	// The primary name: the caption where it is one of the names (FtM
	// chooses it as the display name), else the first name.
	names := fe.props["name"]
	for _, n := range names {
		if n == fe.caption {
			e.Name = n
		}
	}
	if e.Name == "" && len(names) > 0 {
		e.Name = names[0]
	}
	for _, n := range names {
		if n != e.Name {
			e.Aliases = append(e.Aliases, embargo.Alias{Name: n, Type: "name", Quality: embargo.QualityStrong})
		}
	}
	for _, a := range []struct{ prop, typ, quality string }{
		{"alias", "a.k.a.", embargo.QualityStrong},
		{"weakAlias", "a.k.a.", embargo.QualityWeak},
		{"previousName", "f.k.a.", embargo.QualityStrong},
	} {
		for _, n := range fe.props[a.prop] {
			if n != e.Name {
				e.Aliases = append(e.Aliases, embargo.Alias{Name: n, Type: a.typ, Quality: a.quality})
			}
		}
	}
	for _, d := range fe.props["birthDate"] {
		if d = date(d); d != "" {
			e.BirthDates = append(e.BirthDates, d)
		}
	}
	e.BirthPlaces = fe.props["birthPlace"]
	e.Nationalities = fe.props["nationality"]
	e.Citizenships = fe.props["citizenship"]
	e.Gender = strings.ToLower(fe.first("gender"))
	e.Title = strings.Join(fe.props["title"], "; ")
	e.Remarks = strings.Join(fe.props["notes"], "\n")
	e.Programs = append(e.Programs, fe.props["program"]...)
	for _, a := range fe.props["address"] {
		e.Addresses = append(e.Addresses, embargo.Address{Full: a})
	}
	for _, ref := range fe.props["addressEntity"] {
		if ae, ok := p.entities[ref]; ok && ae.schema == "Address" {
			e.Addresses = append(e.Addresses, address(ae))
		}
	}
	// Countries without an address still matter to screening.
	for _, c := range append(fe.props["country"], fe.props["jurisdiction"]...) {
		if !hasCountry(e.Addresses, c) {
			e.Addresses = append(e.Addresses, embargo.Address{Country: c})
		}
	}
	for _, ip := range identifierProps {
		typ := ip.typ
		if ip.prop == "registrationNumber" && schema == embargo.SchemaAircraft {
			typ = embargo.IDAircraftTail
		}
		for _, v := range fe.props[ip.prop] {
			e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: typ, Value: v, Note: ip.note})
		}
	}
	for prop, key := range factProps {
		for _, v := range fe.props[prop] {
			e.AddProperty(key, v)
		}
	}
	return e
}

// sanction adds a Sanction's program and listing date to its target.
func sanction(e *embargo.Entity, s *entity) {
	e.Programs = append(e.Programs, s.props["program"]...)
	e.Programs = append(e.Programs, s.props["programId"]...)
	for _, d := range append(s.props["listingDate"], s.props["startDate"]...) {
		if d = date(d); len(d) == 10 && (e.ListedOn == "" || d < e.ListedOn) {
			e.ListedOn = d
		}
	}
	for _, a := range s.props["authority"] {
		e.AddProperty("authority", a)
	}
}

// identification adds an Identification or Passport to its holder.
func identification(e *embargo.Entity, id *entity) {
	typ := embargo.IDNationalID
	label := strings.ToLower(id.first("type"))
	if id.schema == "Passport" || strings.Contains(label, "passport") {
		typ = embargo.IDPassport
	}
	for _, n := range id.props["number"] {
		e.Identifiers = append(e.Identifiers, embargo.Identifier{Type: typ, Value: n, Country: id.first("country")})
	}
}

// address converts an FtM Address entity.
func address(a *entity) embargo.Address {
	return embargo.Address{
		Street:     a.first("street"),
		City:       a.first("city"),
		State:      a.first("region"),
		PostalCode: a.first("postalCode"),
		Country:    a.first("country"),
		Full:       a.first("full"),
	}
}

// date returns the YYYY, YYYY-MM or YYYY-MM-DD prefix of an FtM date.
func date(s string) string {
	for _, n := range []int{10, 7, 4} {
		if len(s) >= n && isDatePrefix(s[:n]) {
			return s[:n]
		}
	}
	return ""
}

func isDatePrefix(s string) bool {
	for i, c := range s {
		switch {
		case i == 4 || i == 7:
			if c != '-' {
				return false
			}
		case c < '0' || c > '9':
			return false
		}
	}
	return true
}

func hasCountry(list []embargo.Address, c string) bool {
	for _, a := range list {
		if strings.EqualFold(a.Country, c) {
			return true
		}
	}
	return false
}

func uniqLinks(in []embargo.Link) []embargo.Link {
	var out []embargo.Link
	for i, l := range in {
		if i == 0 || l != in[i-1] {
			out = append(out, l)
		}
	}
	return out
}
