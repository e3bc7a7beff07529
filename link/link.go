// Package link finds the entities of different lists that are the same
// party: the OFAC, UN, EU and UK entries of one person, company or vessel.
// It is pure: entities in, links out, no I/O.
//
// Precision comes first: a wrong link tells a journalist that two lists
// sanction the same person when they do not. Entities are linked only on
// evidence that names one party:
//   - a shared identifier of a kind that is unique to its holder: passport,
//     national identity, tax or registration number, IMO number, SWIFT/BIC
//     code, crypto address (compared without spaces, dashes or case, and
//     only when long enough not to collide by chance);
//   - a UN reference number: a national list that carries the UN's
//     reference (the EU's UN id, the UK's UN reference number) names the UN
//     entry of that number, and entries of two national lists that carry
//     the same UN reference are the same party;
//   - for persons, the same full name (every name part, in any order, after
//     normalisation; primary names and strong aliases) with the same full
//     date of birth (year, month and day).
//
// Linked entities form groups (a union of the links); each pair states the
// reason that linked it.
package link

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/name"
)

// Reasons a pair is linked.
const (
	ReasonIdentifier = "identifier"
	ReasonUNRef      = "un_reference"
	ReasonNameDOB    = "name_and_birth_date"
)

// Pair is two entities of different sources found to be one party: A and
// B are their ids (A < B); Reason is ReasonIdentifier, ReasonUNRef or
// ReasonNameDOB, and Detail says which ("passport AB123456", "UN
// reference QDI012").
type Pair = embargo.CrossLink

// minIDLen is the shortest identifier value (letters and digits) that
// links: shorter numbers collide across countries and registries.
const minIDLen = 6

// idClass maps the identifier types that name one holder to the class they
// are compared in; other types (email, website, call sign, MMSI, tail
// numbers, which are reused) do not link.
var idClass = map[string]string{
	embargo.IDPassport:      "passport",
	embargo.IDNationalID:    "national identity number",
	embargo.IDTax:           "tax or registration number",
	embargo.IDRegistration:  "tax or registration number",
	embargo.IDIMO:           "IMO number",
	embargo.IDSWIFT:         "SWIFT/BIC",
	embargo.IDCryptoAddress: "crypto address",
}

// unRefProps are the properties in which national lists carry the UN
// reference number of an entry.
var unRefProps = []string{"un_reference_number", "un_id", "un_reference"}

// normID keeps an identifier's letters and digits, upper-cased.
func normID(v string) string {
	var b strings.Builder
	for _, r := range v {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// UNRef returns the UN reference number an entity carries: its own id for
// the UN list, else the one a national list gives, normalised ("QDI012").
func UNRef(e *embargo.Entity) string {
	if e.Source == embargo.SourceUN {
		return normID(e.SourceID)
	}
	for _, p := range unRefProps {
		for _, v := range e.Properties[p] {
			if n := normID(v); len(n) >= 5 {
				return n
			}
		}
	}
	return ""
}

// nameKeys returns an entity's full names as sorted, normalised tokens.
func nameKeys(e *embargo.Entity) []string {
	names := []string{e.Name}
	for _, a := range e.Aliases {
		if a.Quality != embargo.QualityWeak {
			names = append(names, a.Name)
		}
	}
	var out []string
	for _, n := range names {
		toks := name.Tokens(n)
		if len(toks) < 2 {
			continue // one word is not a full name
		}
		slices.Sort(toks)
		k := strings.Join(toks, " ")
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// fullDates returns an entity's complete birth dates (YYYY-MM-DD).
func fullDates(e *embargo.Entity) []string {
	var out []string
	for _, d := range e.BirthDates {
		if len(d) == 10 && d[4] == '-' && d[7] == '-' {
			out = append(out, d)
		}
	}
	return out
}

// Link finds the pairs of entities of different sources that are the same
// party. entities holds one version of each entity (a snapshot per source).
// Pairs are sorted by A, then B; a pair linked for several reasons is given
// once, with the strongest (identifier, then UN reference, then name and
// date of birth).
func Link(entities []embargo.Entity) []Pair {
	type ref struct {
		i      int
		detail string
	}
	keys := map[string][]ref{} // "reason\x00key" -> entities
	add := func(reason, key, detail string, i int) {
		k := reason + "\x00" + key
		for _, r := range keys[k] {
			if r.i == i {
				return
			}
		}
		keys[k] = append(keys[k], ref{i, detail})
	}
	for i := range entities {
		e := &entities[i]
		for _, id := range e.Identifiers {
			class, ok := idClass[id.Type]
			if !ok {
				continue
			}
			v := normID(id.Value)
			if id.Type == embargo.IDIMO {
				v = strings.TrimPrefix(v, "IMO") // "IMO 9123456" is 9123456
			}
			if len(v) < minIDLen {
				continue
			}
			add(ReasonIdentifier, class+"\x00"+v, class+" "+strings.TrimSpace(id.Value), i)
		}
		if u := UNRef(e); u != "" {
			add(ReasonUNRef, u, "UN reference "+u, i)
		}
		if e.Schema == embargo.SchemaPerson {
			for _, d := range fullDates(e) {
				for _, n := range nameKeys(e) {
					add(ReasonNameDOB, n+"\x00"+d, "name “"+n+"” and date of birth "+d, i)
				}
			}
		}
	}
	rank := map[string]int{ReasonIdentifier: 0, ReasonUNRef: 1, ReasonNameDOB: 2}
	best := map[[2]string]Pair{}
	for k, refs := range keys {
		if len(refs) < 2 || len(refs) > 8 {
			// More than a few holders of one key is a shared value (a
			// registry's placeholder, a family's common name and date),
			// not one party.
			continue
		}
		reason, _, _ := strings.Cut(k, "\x00")
		for x := 0; x < len(refs); x++ {
			for y := x + 1; y < len(refs); y++ {
				a, b := &entities[refs[x].i], &entities[refs[y].i]
				if a.Source == b.Source {
					continue
				}
				if a.Schema != b.Schema && a.Schema != embargo.SchemaUnknown && b.Schema != embargo.SchemaUnknown {
					continue // a person and a company sharing a number
				}
				p := Pair{A: a.ID, B: b.ID, Reason: reason, Detail: refs[x].detail}
				if p.A > p.B {
					p.A, p.B = p.B, p.A
				}
				key := [2]string{p.A, p.B}
				if old, ok := best[key]; !ok || rank[reason] < rank[old.Reason] || rank[reason] == rank[old.Reason] && p.Detail < old.Detail {
					best[key] = p
				}
			}
		}
	}
	out := make([]Pair, 0, len(best))
	for _, p := range best {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}

// Groups joins linked entities into groups (one per party), each sorted,
// keyed by each member's id.
func Groups(pairs []Pair) map[string][]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, p := range pairs {
		ra, rb := find(p.A), find(p.B)
		if ra != rb {
			parent[ra] = rb
		}
	}
	members := map[string][]string{}
	for x := range parent {
		r := find(x)
		members[r] = append(members[r], x)
	}
	out := map[string][]string{}
	for _, ms := range members {
		sort.Strings(ms)
		for _, m := range ms {
			out[m] = ms
		}
	}
	return out
}
