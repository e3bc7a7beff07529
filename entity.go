package embargo

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"
)

// Schema is the kind of thing an entity is.
type Schema string

// Schemas known to embargo. SchemaUnknown is used where a list does not say.
const (
	SchemaUnknown      Schema = ""
	SchemaPerson       Schema = "person"
	SchemaOrganization Schema = "organization"
	SchemaVessel       Schema = "vessel"
	SchemaAircraft     Schema = "aircraft"
)

// ParseSchema maps the many spellings lists use ("individual", "Entity",
// "LegalEntity", "Ship", ...) to a Schema. It returns SchemaUnknown for
// anything it does not recognise.
func ParseSchema(s string) Schema {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "person", "individual", "individuals", "p", "natural person", "naturalperson":
		return SchemaPerson
	case "organization", "organisation", "entity", "entities", "company", "legalentity", "legal entity", "e", "enterprise":
		return SchemaOrganization
	case "vessel", "ship", "v":
		return SchemaVessel
	case "aircraft", "airplane", "plane", "a":
		return SchemaAircraft
	}
	return SchemaUnknown
}

// Alias quality: strong aliases are names the entity is really known by;
// weak ones (OFAC's "low quality a.k.a.", UN "low" quality) count less in screening.
const (
	QualityStrong = "strong"
	QualityWeak   = "weak"
)

// Alias is another name of an entity.
type Alias struct {
	Name    string `json:"name"`
	Type    string `json:"type,omitempty"`    // a.k.a., f.k.a., n.k.a., original-script, ...
	Quality string `json:"quality,omitempty"` // QualityStrong (default when empty) or QualityWeak
	Script  string `json:"script,omitempty"`  // ISO 15924 code where the list says, e.g. "Cyrl", "Arab"
}

// Address is a postal address. Full is set when the list gives only free text.
type Address struct {
	Street     string `json:"street,omitempty"`
	City       string `json:"city,omitempty"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
	Full       string `json:"full,omitempty"`
}

// Identifier types with special meaning to screening. Lists use many more;
// parsers keep the list's own label when none of these fits.
const (
	IDPassport      = "passport"
	IDNationalID    = "national_id"
	IDTax           = "tax_id"
	IDRegistration  = "registration"
	IDIMO           = "imo"
	IDMMSI          = "mmsi"
	IDCallSign      = "call_sign"
	IDSWIFT         = "swift_bic"
	IDEmail         = "email"
	IDWebsite       = "website"
	IDCryptoAddress = "digital_currency_address"
	IDAircraftTail  = "aircraft_tail_number"
	IDOther         = "other"
)

// Identifier is a document or registry number, or another unique handle.
type Identifier struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Country string `json:"country,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Link is a relation to another entity ("Linked To:" in OFAC's remarks).
// EntityID is set when the target could be resolved within the list; Name is
// always the target's name as the source gives it.
type Link struct {
	EntityID string `json:"entity_id,omitempty"`
	Name     string `json:"name"`
	Relation string `json:"relation,omitempty"`
}

// Entity is one listed person, organisation, vessel or aircraft as a source
// states it in one version of a list. Parsers produce entities; the store keeps
// every distinct version of each.
type Entity struct {
	ID            string       `json:"id"` // SOURCE:SOURCE_ID
	Source        string       `json:"source"`
	SourceID      string       `json:"source_id"`
	Schema        Schema       `json:"schema"`
	Name          string       `json:"name"`
	Aliases       []Alias      `json:"aliases,omitempty"`
	Title         string       `json:"title,omitempty"`
	Gender        string       `json:"gender,omitempty"`
	BirthDates    []string     `json:"birth_dates,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD; ranges as "YYYY..YYYY"
	BirthPlaces   []string     `json:"birth_places,omitempty"`
	Nationalities []string     `json:"nationalities,omitempty"`
	Citizenships  []string     `json:"citizenships,omitempty"`
	Addresses     []Address    `json:"addresses,omitempty"`
	Identifiers   []Identifier `json:"identifiers,omitempty"`
	Programs      []string     `json:"programs,omitempty"`
	ListedOn      string       `json:"listed_on,omitempty"` // YYYY-MM-DD where the source gives it
	Remarks       string       `json:"remarks,omitempty"`
	Links         []Link       `json:"links,omitempty"`
	// Properties holds facts with no field of their own (vessel flag and
	// tonnage, aircraft model, position, ...), keyed by a lower-case name.
	Properties map[string][]string `json:"properties,omitempty"`
}

// EntityID joins a source name and a source's own id into an entity id.
func EntityID(source, sourceID string) string { return source + ":" + sourceID }

// SplitEntityID splits "SOURCE:SOURCE_ID" at its first colon.
func SplitEntityID(id string) (source, sourceID string, ok bool) {
	return strings.Cut(id, ":")
}

// AddAddress appends an address, unless it is empty.
func (e *Entity) AddAddress(a Address) {
	if a != (Address{}) {
		e.Addresses = append(e.Addresses, a)
	}
}

// AddProperty appends a value to a property, skipping empty and repeated values.
func (e *Entity) AddProperty(key, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	if e.Properties == nil {
		e.Properties = map[string][]string{}
	}
	for _, v := range e.Properties[key] {
		if v == value {
			return
		}
	}
	e.Properties[key] = append(e.Properties[key], value)
}

// AllNames returns the primary name followed by every alias name, without repeats.
func (e *Entity) AllNames() []string {
	out := []string{e.Name}
	seen := map[string]bool{e.Name: true}
	for _, a := range e.Aliases {
		if !seen[a.Name] {
			seen[a.Name] = true
			out = append(out, a.Name)
		}
	}
	return out
}

// Countries returns every country the entity is tied to (nationality,
// citizenship, address, place of birth), as written by the source.
func (e *Entity) Countries() []string {
	var out []string
	out = append(out, e.Nationalities...)
	out = append(out, e.Citizenships...)
	for _, a := range e.Addresses {
		if a.Country != "" {
			out = append(out, a.Country)
		}
	}
	return out
}

// Normalize puts an entity in canonical form: trims strings, drops empty and
// duplicate values and sorts sets whose order carries no meaning, so that the
// same content always hashes the same.
func (e *Entity) Normalize() {
	e.Name = strings.TrimSpace(e.Name)
	e.BirthDates = uniqStrings(e.BirthDates)
	e.BirthPlaces = uniqStrings(e.BirthPlaces)
	e.Nationalities = uniqStrings(e.Nationalities)
	e.Citizenships = uniqStrings(e.Citizenships)
	e.Programs = sortedUniq(e.Programs)
	e.Remarks = strings.TrimSpace(e.Remarks)
	e.Aliases = uniqTrimmed(e.Aliases, func(a *Alias) *string { return &a.Name })
	e.Identifiers = uniqTrimmed(e.Identifiers, func(id *Identifier) *string { return &id.Value })
	for k, v := range e.Properties {
		if v = uniqStrings(v); len(v) == 0 {
			delete(e.Properties, k)
		} else {
			e.Properties[k] = v
		}
	}
	if len(e.Properties) == 0 {
		e.Properties = nil
	}
}

// Hash returns the content hash of the entity (see Encode): equal for
// equal content. Call Normalize first.
func (e *Entity) Hash() string {
	_, hash, err := e.Encode()
	if err != nil {
		panic("embargo: marshal entity: " + err.Error()) // all fields are plain data
	}
	return hash
}

// Encode returns the entity's canonical encoding, its JSON as stores keep
// it, and its content hash: the hex of the first 16 bytes of the SHA-256
// of that encoding, so that every field is in it. Call Normalize first.
func (e *Entity) Encode() (data []byte, hash string, err error) {
	data, err = json.Marshal(e)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:16]), nil
}

func uniqStrings(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

func sortedUniq(in []string) []string {
	out := uniqStrings(in)
	sort.Strings(out)
	return out
}

// uniqTrimmed trims the string field of each item of in that field points
// to, and returns the items without those whose field is empty and without
// repeats, keeping the first of each in its place. It reuses in's array; an
// empty result is nil.
func uniqTrimmed[T comparable](in []T, field func(*T) *string) []T {
	out := in[:0]
	seen := map[T]bool{}
	for _, x := range in {
		f := field(&x)
		*f = strings.TrimSpace(*f)
		if *f == "" || seen[x] {
			continue
		}
		seen[x] = true
		out = append(out, x)
	}
	return nilIfEmpty(out)
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// ResolveLinks fills in the EntityID of links that name their target only
// (OFAC's "Linked To: NAME"): a name that is the primary name of exactly one
// entity of the same source, or else an alias of exactly one. OFAC ends its
// remarks with a full stop that may also end the last linked name, so a
// name is also tried with a full stop added.
//
// Resolution is done when entities are read, not when they are stored: a
// link's target may be listed later than the entity that names it, and that
// must not count as a change of the entity.
func ResolveLinks(entities []Entity) {
	type key struct{ source, name string }
	primary := map[key][]int{}
	alias := map[key][]int{}
	for i := range entities {
		e := &entities[i]
		k := key{e.Source, e.Name}
		primary[k] = append(primary[k], i)
		for _, a := range e.Aliases {
			k := key{e.Source, a.Name}
			if l := alias[k]; len(l) == 0 || l[len(l)-1] != i {
				alias[k] = append(l, i)
			}
		}
	}
	find := func(k key) (int, bool) {
		if l := primary[k]; len(l) == 1 {
			return l[0], true
		} else if len(l) > 1 {
			return 0, false
		}
		if l := alias[k]; len(l) == 1 {
			return l[0], true
		}
		return 0, false
	}
	for i := range entities {
		e := &entities[i]
		for j := range e.Links {
			l := &e.Links[j]
			if l.EntityID != "" {
				continue
			}
			if k, ok := find(key{e.Source, l.Name}); ok && k != i {
				l.EntityID = entities[k].ID
			} else if k, ok := find(key{e.Source, l.Name + "."}); ok && k != i {
				l.EntityID = entities[k].ID
				l.Name += "."
			}
		}
	}
}
