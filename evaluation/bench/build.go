package bench

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/link"
	"github.com/embargo-dev/embargo/source"
)

// The real lists the benchmark is made from, relative to the data folder.
// The queries are screened against ScreenedLists (copies of which are in
// the repository's testdata).
const (
	dataSDN   = "ofac-sdn/2021-04-25"
	dataUN18  = "un-sc/2018-10-29/consolidated.xml"
	dataUN26  = "un-sc/2026-02-27/consolidated.xml"
	dataUK    = "uk-ofsi/2020-04-27/ConList.csv"
	dataCSL   = "us-csl/2022-04-21/consolidated.csv.gz"
	dataNicks = "names/us-nicknames.csv"
)

// ScreenedLists are the lists the benchmark's queries are screened
// against, as paths relative to the repository root: the OFAC SDN list of
// 2021-04-25 and the UN list of 2018-10-29.
var ScreenedLists = []string{
	"source/ofac/testdata/sdn-2021-04-25",
	"source/un/testdata/un-sc-2018-10-29.xml.gz",
}

// Caps per kind: enough rows for a per-kind rate to mean something, few
// enough to keep the files small.
const (
	capPairs   = 260
	capQueries = 180
	capNegQ    = 250
)

// Bench is the generated benchmark.
type Bench struct {
	Pairs   []evaluation.Pair
	Queries []evaluation.Row
	// Dropped counts the candidates the label rules dropped, keyed by
	// rule, kind and split joined by NUL (labels.go); Write puts them in
	// COUNTS.md.
	Dropped map[string]int
}

// lists holds the parsed inputs.
type lists struct {
	sdn, un18, un26, uk, csl []*embargo.Entity
	nicks                    map[string][]string // given name -> nicknames
	listedKeys               map[string]bool     // token-set keys of every name screened against
	words                    map[string]bool     // every word of a name on any list
	parties                  map[string]string   // entity key -> its party's smallest key, when linked (labels.go)
	screenedParty            map[string]bool     // parties with an entity on a screened list
	letters                  *letterIndex        // every name of every list read, for sameFullName
}

func readList(path string) ([]*embargo.Entity, error) {
	ls, err := source.Read(path, source.Options{})
	if err != nil {
		return nil, err
	}
	var out []*embargo.Entity
	for _, l := range ls {
		for i := range l.Entities {
			out = append(out, &l.Entities[i])
		}
	}
	return out, nil
}

func load(dir string) (*lists, error) {
	l := &lists{listedKeys: map[string]bool{}, words: map[string]bool{}}
	var err error
	for _, x := range []struct {
		dst  *[]*embargo.Entity
		path string
	}{{&l.sdn, dataSDN}, {&l.un18, dataUN18}, {&l.un26, dataUN26}, {&l.uk, dataUK}, {&l.csl, dataCSL}} {
		if *x.dst, err = readList(filepath.Join(dir, x.path)); err != nil {
			return nil, err
		}
	}
	if l.nicks, err = readNicknames(filepath.Join(dir, dataNicks)); err != nil {
		return nil, err
	}
	for _, es := range [][]*embargo.Entity{l.sdn, l.un18} {
		for _, e := range es {
			for _, n := range e.AllNames() {
				l.listedKeys[tokenKey(n)] = true
			}
		}
	}
	for _, es := range [][]*embargo.Entity{l.sdn, l.un18, l.un26, l.uk, l.csl} {
		for _, e := range es {
			for _, n := range e.AllNames() {
				for _, w := range tokens(n) {
					l.words[w] = true
				}
			}
		}
	}
	if err := l.buildLabels(dir); err != nil {
		return nil, err
	}
	return l, nil
}

func readNicknames(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	out := map[string][]string{}
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", path, line, err)
		}
		if line == 1 || len(rec) != 3 || rec[1] != "has_nickname" {
			continue
		}
		out[rec[0]] = append(out[rec[0]], rec[2])
	}
	return out, nil
}

// tokens splits a name into lower-case letter/digit words.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) })
}

// tokenKey is a name's sorted token set: two names with the same key are
// the same name written in another order or punctuation.
func tokenKey(s string) string {
	t := tokens(s)
	sort.Strings(t)
	return strings.Join(t, " ")
}

// Build reads the lists in dataDir and generates the benchmark.
func Build(dataDir string) (*Bench, error) {
	l, err := load(dataDir)
	if err != nil {
		return nil, err
	}
	g := &gen{l: l, seen: map[string]bool{}, dropped: map[string]int{}}
	g.collectPersons()
	g.collectCompanies()
	g.realPairs()
	g.realQueries()
	g.synthetic()
	g.negatives()
	g.sameParty()
	b := &Bench{Pairs: g.pairs, Queries: g.queries, Dropped: g.dropped}
	sort.SliceStable(b.Pairs, func(i, j int) bool { return b.Pairs[i].Kind < b.Pairs[j].Kind })
	sort.SliceStable(b.Queries, func(i, j int) bool { return b.Queries[i].Kind < b.Queries[j].Kind })
	for i := range b.Pairs {
		b.Pairs[i].ID = fmt.Sprintf("p%05d", i+1)
	}
	for i := range b.Queries {
		b.Queries[i].ID = fmt.Sprintf("q%05d", i+1)
	}
	return b, nil
}

// person is a listed person with the name split into given names and
// surname.
type person struct {
	key     string // entity key for the split
	e       *embargo.Entity
	given   []string // display case ("Ivan")
	surname []string // display case ("Petrov")
	listed  string   // the name as listed
	culture string   // slavic, arabic, korean, other
	female  bool
	sdn     bool // on the screened list (queries may expect it)
}

func (p *person) natural() string {
	return strings.Join(append(append([]string(nil), p.given...), p.surname...), " ")
}

type company struct {
	key    string
	e      *embargo.Entity
	listed string
	sdn    bool
}

type gen struct {
	l         *lists
	persons   []*person // SDN persons first, then UK
	companies []*company
	pairs     []evaluation.Pair
	queries   []evaluation.Row
	seen      map[string]bool // kind + names already emitted
	dropped   map[string]int  // candidates the label rules dropped (labels.go)
}

func entityKey(e *embargo.Entity) string { return e.Source + ":" + e.SourceID }

// titleWord writes a listed token in display case: "AL-ZAWAHIRI" ->
// "Al-Zawahiri".
func titleWord(w string) string {
	parts := strings.Split(w, "-")
	for i, p := range parts {
		r := []rune(strings.ToLower(p))
		if len(r) > 0 {
			r[0] = unicode.ToUpper(r[0])
		}
		parts[i] = string(r)
	}
	return strings.Join(parts, "-")
}

func titleWords(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = titleWord(w)
	}
	return out
}

var slavicCountries = []string{"russia", "ukraine", "belarus", "moldova", "kazakhstan", "latvia", "lithuania", "estonia", "kyrgyzstan", "uzbekistan", "tajikistan"}
var arabCountries = []string{"iraq", "syria", "lebanon", "yemen", "saudi", "kuwait", "qatar", "bahrain", "emirates", "oman", "jordan", "egypt", "libya", "tunisia", "algeria", "morocco", "sudan", "somalia", "mauritania", "palestin", "west bank", "gaza"}
var arabicParts = map[string]bool{"al": true, "el": true, "bin": true, "ibn": true, "abu": true, "abd": true, "abdul": true, "abdel": true, "muhammad": true, "mohammed": true, "mohammad": true, "mohamed": true, "ahmed": true, "ahmad": true, "ali": true, "hassan": true, "hussein": true, "husayn": true, "hasan": true, "khalid": true, "abdallah": true, "abdullah": true, "umar": true, "omar": true, "yusuf": true, "ibrahim": true}

func hasCountry(e *embargo.Entity, set []string) bool {
	for _, c := range e.Countries() {
		c = strings.ToLower(c)
		for _, s := range set {
			if strings.Contains(c, s) {
				return true
			}
		}
	}
	return false
}

func classify(p *person) {
	all := tokens(strings.Join(append(append([]string(nil), p.given...), p.surname...), " "))
	sur := strings.ToLower(strings.Join(p.surname, " "))
	for _, t := range all {
		if strings.HasSuffix(t, "vich") || strings.HasSuffix(t, "vych") || strings.HasSuffix(t, "ovna") || strings.HasSuffix(t, "evna") {
			p.culture = "slavic"
		}
	}
	slavicEnd := false
	for _, s := range []string{"ov", "ev", "in", "sky", "skiy", "skii", "enko", "uk", "ova", "eva", "ina", "skaya", "yn", "ich"} {
		if strings.HasSuffix(sur, s) {
			slavicEnd = true
		}
	}
	if p.culture == "" && slavicEnd && hasCountry(p.e, slavicCountries) {
		p.culture = "slavic"
	}
	if p.culture == "" {
		n := 0
		for _, t := range all {
			if arabicParts[t] {
				n++
			}
		}
		if n > 0 && (hasCountry(p.e, arabCountries) || n >= 2) {
			p.culture = "arabic"
		}
	}
	if p.culture == "" && hasCountry(p.e, []string{"korea"}) {
		if _, ok := toHangul(append(append([]string(nil), p.surname...), p.given...)); ok {
			p.culture = "korean"
		}
	}
	if p.culture == "" {
		p.culture = "other"
	}
	g := strings.ToLower(strings.Join(p.given, " "))
	p.female = p.e.Gender == "female" || (p.culture == "slavic" && (strings.HasSuffix(g, "a") || strings.HasSuffix(sur, "a") || strings.HasSuffix(sur, "aya")))
}

// people collects the listed persons whose names split into given names
// and surname: OFAC's "SURNAME, Given" and the UK's "Given SURNAME".
func (g *gen) collectPersons() {
	for _, e := range g.l.sdn {
		if e.Schema != embargo.SchemaPerson {
			continue
		}
		sur, giv, ok := strings.Cut(e.Name, ", ")
		if !ok || strings.Contains(giv, ",") || len(tokens(giv)) == 0 || len(tokens(sur)) == 0 {
			continue
		}
		p := &person{key: entityKey(e), e: e, given: titleWords(strings.Fields(giv)), surname: titleWords(strings.Fields(sur)), listed: e.Name, sdn: true}
		classify(p)
		g.persons = append(g.persons, p)
	}
	for _, e := range g.l.uk {
		if e.Schema != embargo.SchemaPerson {
			continue
		}
		f := strings.Fields(e.Name)
		i := len(f)
		for i > 0 && f[i-1] == strings.ToUpper(f[i-1]) && strings.ToUpper(f[i-1]) != strings.ToLower(f[i-1]) {
			i--
		}
		if i == 0 || i == len(f) {
			continue
		}
		p := &person{key: ukKey(e), e: e, given: f[:i], surname: titleWords(f[i:]), listed: e.Name}
		classify(p)
		g.persons = append(g.persons, p)
	}
}

// ukKey is a UK entity's key: its UN reference where the UK row gives one
// (the same entity as on the UN list), else its group id.
func ukKey(e *embargo.Entity) string {
	if ref := unRef(e.Remarks); ref != "" {
		return "un-sc:" + ref
	}
	return entityKey(e)
}

// unRef finds "UN Ref QDi.123" in a UK row's remarks.
func unRef(remarks string) string {
	up := strings.ToUpper(remarks)
	i := strings.Index(up, "UN REF")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(remarks[i+6:], " :.")
	f := strings.Fields(rest)
	if len(f) == 0 {
		return ""
	}
	ref := strings.TrimRight(f[0], ".,;)")
	ref = strings.ReplaceAll(ref, "..", ".")
	if len(ref) < 5 || !strings.Contains(ref, ".") {
		return ""
	}
	return ref
}

func (g *gen) collectCompanies() {
	for _, e := range g.l.sdn {
		if e.Schema == embargo.SchemaOrganization && len(tokens(e.Name)) >= 2 {
			g.companies = append(g.companies, &company{key: entityKey(e), e: e, listed: e.Name, sdn: true})
		}
	}
}

// pick keeps at most n of the candidates, chosen by a stable hash of the
// kind and the first key (independent of the order of the lists).
func pick[T any](kind string, items []T, key func(T) string, n int) []T {
	type hk struct {
		h uint64
		t T
	}
	var hs []hk
	for _, it := range items {
		hs = append(hs, hk{hash64(kind, key(it)), it})
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].h < hs[j].h })
	var out []T
	for i := 0; i < len(hs) && i < n; i++ {
		out = append(out, hs[i].t)
	}
	return out
}

// addPair adds a labelled pair unless the same pair of names is already
// there for this kind or the two names are the same.
func (g *gen) addPair(kind string, label bool, typ, a, b string, keys ...string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" || a == b {
		return false
	}
	id := "p\x00" + kind + "\x00" + a + "\x00" + b
	if g.seen[id] {
		return false
	}
	g.seen[id] = true
	ks := strings.Join(uniq(keys), " ")
	g.pairs = append(g.pairs, evaluation.Pair{A: a, B: b, Match: label, Kind: kind, Type: typ, Keys: ks, Split: SplitOf(ks)})
	return true
}

// addQuery adds a screening query: expected is the SOURCE:ID of the entity
// to find, empty for a negative.
func (g *gen) addQuery(kind, typ, q, expected string, keys ...string) bool {
	q = strings.TrimSpace(q)
	if q == "" {
		return false
	}
	id := "q\x00" + kind + "\x00" + q
	if g.seen[id] {
		return false
	}
	if expected == "" && g.l.listedKeys[tokenKey(q)] {
		return false // a negative must not be a listed name
	}
	g.seen[id] = true
	ks := strings.Join(uniq(keys), " ")
	g.queries = append(g.queries, evaluation.Row{Name: q, Type: typ, ExpectedSourceID: expected, Kind: kind, Keys: ks, Split: SplitOf(ks)})
	return true
}

func uniq(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func typeOf(e *embargo.Entity) string { return string(e.Schema) }

// realPairs: names of one entity as the lists give them.
func (g *gen) realPairs() {
	type alias struct {
		e    *embargo.Entity
		key  string
		a, b string
	}
	aliasPairs := func(kind string, es []*embargo.Entity, keyOf func(*embargo.Entity) string, ok func(embargo.Alias) bool) {
		cands := map[string][]alias{}
		for _, e := range es {
			var al []string
			for _, a := range e.Aliases {
				if !ok(a) {
					continue
				}
				// The UN writes several spellings in one alias: "Fazel
				// Rahim; Fazil Rahim".
				for n := range strings.SplitSeq(a.Name, ";") {
					if n = strings.TrimSpace(n); n != "" && tokenKey(n) != tokenKey(e.Name) {
						al = append(al, n)
					}
				}
			}
			if len(al) == 0 {
				continue
			}
			a := al[rng(kind, keyOf(e)).IntN(len(al))]
			k := kind
			if kind != "un_script" && !sameNameByLetters(a, e.Name) {
				k += OtherSuffix
			}
			cands[k] = append(cands[k], alias{e, keyOf(e), a, e.Name})
		}
		for _, k := range []string{kind, kind + OtherSuffix} {
			for _, c := range pick(k, cands[k], func(a alias) string { return a.key }, capPairs) {
				g.addPair(k, true, typeOf(c.e), c.a, c.b, c.key)
			}
		}
	}
	strong := func(a embargo.Alias) bool {
		return a.Quality != embargo.QualityWeak && a.Type != "original-script" && a.Type != "f.k.a."
	}
	aliasPairs("ofac_alias", g.l.sdn, entityKey, strong)
	aliasPairs("un_alias", g.l.un26, entityKey, strong)
	aliasPairs("un_script", append(append([]*embargo.Entity(nil), g.l.un26...), g.l.un18...), entityKey,
		func(a embargo.Alias) bool { return a.Type == "original-script" })
	aliasPairs("uk_group", g.l.uk, ukKey, strong)
	var csl []*embargo.Entity
	for _, e := range g.l.csl {
		if !strings.Contains(strings.Join(e.Properties["list"], " "), "(SDN)") {
			csl = append(csl, e)
		}
	}
	aliasPairs("csl_alias", csl, entityKey, strong)
}

// otherSpellings returns the names of e that are no spelling of any name
// of listed (by tokenKey), in e's order.
func otherSpellings(e, listed *embargo.Entity) []string {
	known := map[string]bool{}
	for _, n := range listed.AllNames() {
		known[tokenKey(n)] = true
	}
	var names []string
	for _, n := range e.AllNames() {
		if !known[tokenKey(n)] {
			names = append(names, n)
		}
	}
	return names
}

// q is a candidate query: the entity key, the name, the type, the
// expected entity and the kind.
type q struct{ key, name, typ, want, kind string }

// variantKind is kind, or kind+OtherSuffix when the name is not a
// spelling of any of e's names (sameNameByLetters).
func variantKind(kind, n string, e *embargo.Entity) string {
	for _, en := range e.AllNames() {
		if sameNameByLetters(n, en) {
			return kind
		}
	}
	return kind + OtherSuffix
}

// pickQueries adds up to capQueries candidates of kind and of its _other
// kind.
func (g *gen) pickQueries(kind string, cands []q) {
	for _, k := range []string{kind, kind + OtherSuffix} {
		var ks []q
		for _, c := range cands {
			if c.kind == k {
				ks = append(ks, c)
			}
		}
		for _, c := range pick(k, ks, func(x q) string { return x.key }, capQueries) {
			g.addQuery(k, c.typ, c.name, c.want, c.key)
		}
	}
}

// realQueries: names other lists give the screened entities.
func (g *gen) realQueries() {
	un18 := map[string]*embargo.Entity{}
	for _, e := range g.l.un18 {
		un18[e.SourceID] = e
	}
	// UN original-script names, screened against the UN list they are on.
	var cands []q
	for _, e := range g.l.un18 {
		for _, a := range e.Aliases {
			if a.Type == "original-script" {
				cands = append(cands, q{entityKey(e), a.Name, typeOf(e), e.ID, "un_script"})
				break
			}
		}
	}
	for _, c := range pick("un_script", cands, func(x q) string { return x.key }, capQueries) {
		g.addQuery("un_script", c.typ, c.name, c.want, c.key)
	}
	// UK spellings of UN-listed entities that the UN list does not give. The
	// UK list's UN reference must name the entity in the screened version of
	// the UN list: a reference the UK list gives to several of its entities
	// (Group IDs) names none of them for sure, and one whose UN entity has
	// full dates of birth of which the UK row shares none names another
	// person there (fullDatesAgree); such rows make no query.
	refs := map[string]int{}
	for _, e := range g.l.uk {
		refs[unRef(e.Remarks)]++
	}
	cands = nil
	for _, e := range g.l.uk {
		ref := unRef(e.Remarks)
		ue := un18[ref]
		if ue == nil {
			continue
		}
		if names := otherSpellings(e, ue); len(names) > 0 {
			n := names[rng("uk_variant", ref).IntN(len(names))]
			kind := variantKind("uk_variant", n, ue)
			if refs[ref] > 1 || !fullDatesAgree(e, ue) {
				g.drop(ruleReference, "queries", kind, "un-sc:"+ref)
				continue
			}
			cands = append(cands, q{"un-sc:" + ref, n, typeOf(ue), ue.ID, kind})
		}
	}
	g.pickQueries("uk_variant", cands)
	// CSL spellings of SDN entries (the CSL of 2022 republishes the SDN
	// list under the same ids, sometimes spelled differently).
	sdn := map[string]*embargo.Entity{}
	for _, e := range g.l.sdn {
		sdn[e.SourceID] = e
	}
	cands = nil
	for _, e := range g.l.csl {
		se := sdn[e.SourceID]
		if se == nil || !strings.Contains(strings.Join(e.Properties["list"], " "), "(SDN)") {
			continue
		}
		if names := otherSpellings(e, se); len(names) > 0 {
			n := names[rng("csl_variant", se.ID).IntN(len(names))]
			cands = append(cands, q{entityKey(se), n, typeOf(se), se.ID, variantKind("csl_variant", n, se)})
		}
	}
	g.pickQueries("csl_variant", cands)
}

// sameParty adds to each positive query's expected entity the entities on
// the other screened list that are the same party, so that a query finding
// the UN entry of an SDN-listed person has found that person: an entity of
// the same schema linked to it by package link (a shared identifier, the
// UN reference, the same full name with the same full date of birth), or
// one of the same schema with a name of two words or more written the same
// (for organisations, the same words once the generic words such as legal
// forms are dropped, aliasWords), and for persons a date of birth that
// agrees (birthDatesAgree).
func (g *gen) sameParty() {
	by := map[string][]*embargo.Entity{}
	var screened []embargo.Entity
	for _, es := range [][]*embargo.Entity{g.l.sdn, g.l.un18} {
		for _, e := range es {
			screened = append(screened, *e)
			for _, n := range e.AllNames() {
				k := tokenKey(n)
				if e.Schema == embargo.SchemaOrganization {
					k = strings.Join(sortedCopy(aliasWords(n)), " ")
				}
				if strings.Contains(k, " ") {
					by[string(e.Schema)+"|"+k] = append(by[string(e.Schema)+"|"+k], e)
				}
			}
		}
	}
	same := map[string][]string{}
	for _, es := range by {
		for _, a := range es {
			for _, b := range es {
				if a.Source == b.Source || a.Schema == embargo.SchemaPerson && !birthDatesAgree(a, b) {
					continue
				}
				same[a.ID] = append(same[a.ID], b.ID)
			}
		}
	}
	for _, p := range link.Link(screened) {
		same[p.A] = append(same[p.A], p.B)
		same[p.B] = append(same[p.B], p.A)
	}
	for i := range g.queries {
		q := &g.queries[i]
		if q.ExpectedSourceID == "" {
			continue
		}
		ids := slices.DeleteFunc(slices.Clone(same[q.ExpectedSourceID]), func(id string) bool { return id == q.ExpectedSourceID })
		sort.Strings(ids)
		if ids = uniq(ids); len(ids) > 0 {
			q.ExpectedSourceID = strings.Join(append([]string{q.ExpectedSourceID}, ids...), "|")
		}
	}
}

// fullDatesAgree tells whether two entities share a full date of birth
// (YYYY-MM-DD), or either gives none.
func fullDatesAgree(a, b *embargo.Entity) bool {
	full := func(e *embargo.Entity) []string {
		return slices.DeleteFunc(slices.Clone(e.BirthDates), func(d string) bool { return len(d) != 10 })
	}
	da, db := full(a), full(b)
	if len(da) == 0 || len(db) == 0 {
		return true
	}
	for _, d := range da {
		if slices.Contains(db, d) {
			return true
		}
	}
	return false
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// birthDatesAgree tells whether two persons share a date of birth: the same
// date, or a year (1963) that the other's full date is in (1963-04-11), as
// lists that know only the year write it.
func birthDatesAgree(a, b *embargo.Entity) bool {
	for _, d := range a.BirthDates {
		for _, e := range b.BirthDates {
			if d == e || len(d) == 4 && strings.HasPrefix(e, d+"-") || len(e) == 4 && strings.HasPrefix(d, e+"-") {
				return true
			}
		}
	}
	return false
}
