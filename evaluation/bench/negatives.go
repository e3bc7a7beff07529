package bench

import (
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/name"
)

// negatives adds the hard negatives: different listed entities with
// similar names, listed names with the one part changed that identifies,
// and real names that are not on the screened lists.
func (g *gen) negatives() {
	g.sameSurname()
	g.onePartPairs()
	givenPool := map[string][]string{}
	for _, p := range g.persons {
		if len(p.given) > 0 {
			givenPool[p.culture] = append(givenPool[p.culture], p.given[0])
		}
	}
	for c := range givenPool {
		sort.Strings(givenPool[c])
		givenPool[c] = uniq(givenPool[c])
	}
	// One part changed: the father's name in an Arabic chain, a middle
	// name, a Korean syllable.
	g.personKind("neg_one_part", false, func(p *person, r *rand.Rand) (string, bool) {
		all := append(append([]string(nil), p.given...), p.surname...)
		if len(all) < 3 || p.culture == "korean" {
			return "", false
		}
		// The part changed is a name, never a link or particle ("Ben",
		// "Bent", "Al"): changing those changes the structure, not the
		// person. In a nasab chain it is the last forebear's name.
		i := -1
		for j, t := range all[:len(all)-1] {
			if nasabLinks[strings.ToLower(t)] && j+1 < len(all) {
				i = j + 1
			}
		}
		if i < 0 {
			i = 1 + r.IntN(len(all)-2)
		}
		if nameParticles[strings.ToLower(all[i])] || strings.Contains(all[i], "-") {
			return "", false
		}
		pool := givenPool[p.culture]
		if isPatronymicToken(all[i]) {
			pool = nil
			for _, f := range patronymics {
				if p.female {
					pool = append(pool, f[2])
				} else {
					pool = append(pool, f[1])
				}
			}
		}
		for try := 0; try < 10; try++ {
			n := pool[r.IntN(len(pool))]
			if !strings.EqualFold(n, all[i]) && len(tokens(n)) == 1 && isNameWord(n) {
				all[i] = n
				return strings.Join(all, " "), true
			}
		}
		return "", false
	})
	g.personKind("neg_nasab_order", false, func(p *person, r *rand.Rand) (string, bool) {
		all := append(append([]string(nil), p.given...), p.surname...)
		for j := 1; j+1 < len(all); j++ {
			if lt := strings.ToLower(all[j]); lt == "bin" || lt == "ibn" {
				// Both sides of the link must be whole names of one word:
				// not a particle or another link ("Al", "Abd", "Bin-Al-
				// Tahar"), nor the second word of a compound ("'Abd
				// al-Latif"), or the swap is no longer of two names.
				if strings.EqualFold(all[j-1], all[j+1]) || !swappableName(all[j-1]) || !swappableName(all[j+1]) ||
					j >= 2 && nameParticles[strings.ToLower(strings.Trim(all[j-2], "'"))] {
					return "", false
				}
				all[j-1], all[j+1] = all[j+1], all[j-1]
				return strings.Join(all, " "), true
			}
		}
		return "", false
	})
	var syllables []string
	for s := range hangul {
		syllables = append(syllables, s)
	}
	sort.Strings(syllables)
	g.personKind("neg_cjk_syllable", false, func(p *person, r *rand.Rand) (string, bool) {
		if p.culture != "korean" || len(p.given) == 0 {
			return "", false
		}
		giv := strings.Fields(strings.ReplaceAll(strings.Join(p.given, " "), "-", " "))
		i := r.IntN(len(giv))
		for try := 0; try < 10; try++ {
			s := syllables[r.IntN(len(syllables))]
			if !strings.EqualFold(s, giv[i]) {
				giv[i] = titleWord(s)
				out := strings.Join(append(append([]string(nil), p.surname...), giv...), " ")
				if r.IntN(2) == 0 {
					if h, ok := toHangul(strings.Fields(out)); ok {
						return h, true
					}
				}
				return out, true
			}
		}
		return "", false
	})
	g.similarSurname()
	g.companyKind("neg_company_qualifier", false, addQualifier)
	g.unlisted()
}

// nasabLinks are the words that link a name to a forebear's in an Arabic
// (and Maghreb) name chain: "Yusuf bin Hamid", "Leila Bent Mohamed".
var nasabLinks = map[string]bool{"bin": true, "ibn": true, "bint": true, "ben": true, "bent": true, "ould": true, "binti": true}

// nameParticles are words that are not a name on their own: nasab links,
// the article and the first words of compound names ("Abd al-Rahman",
// "Abu Bakr").
var nameParticles = map[string]bool{"bin": true, "ibn": true, "bint": true, "ben": true, "bent": true, "ould": true, "binti": true,
	"al": true, "el": true, "abd": true, "abdul": true, "abdel": true, "abu": true, "abou": true, "umm": true, "ul": true, "ad": true,
	"ar": true, "as": true, "ash": true, "at": true, "az": true, "ud": true, "din": true, "'abd": true,
	"eddin": true, "eddine": true, "uddin": true, "aldin": true, "uldin": true}

// Honorifics written as a first name ("Sayyed Mohammad Ali"), beyond
// titlesLatin.
var nameHonorifics = map[string]bool{"sayed": true, "sayyed": true, "seyed": true, "seyyed": true, "syed": true,
	"hajj": true, "hadji": true, "sheikh": true, "shaikh": true, "mawlawi": true, "maulawi": true, "mullah": true, "qari": true}

// isNameWord reports whether w is a name of one word: letters (an
// apostrophe inside), neither a particle nor a title ("Dr.", "Shaykh").
func isNameWord(w string) bool {
	lw := strings.ToLower(w)
	if nameParticles[lw] || nameHonorifics[lw] || !isAlphaWord(strings.ReplaceAll(w, "'", "")) {
		return false
	}
	for _, t := range titlesLatin {
		if strings.EqualFold(strings.TrimSuffix(t, "."), lw) {
			return false
		}
	}
	return true
}

// swappableName reports whether a nasab chain element is a whole name of
// one word: no particle, no link or article written into it.
func swappableName(w string) bool {
	lw := strings.ToLower(strings.Trim(w, "'"))
	if nameParticles[lw] {
		return false
	}
	for _, p := range strings.Split(lw, "-") {
		if nameParticles[p] {
			return false
		}
	}
	return true
}

// sameSurname pairs different listed persons with the same surname and
// another first given name.
func (g *gen) sameSurname() {
	by := map[string][]*person{}
	for _, p := range g.persons {
		k := strings.ToLower(strings.Join(p.surname, " "))
		by[k] = append(by[k], p)
	}
	type pr struct{ a, b *person }
	var cands []pr
	for _, ps := range by {
		for i := 0; i+1 < len(ps); i++ {
			a, b := ps[i], ps[i+1]
			if a.e == b.e || len(a.given) == 0 || len(b.given) == 0 || strings.EqualFold(a.given[0], b.given[0]) || sameEntity(a, b) {
				continue
			}
			if r := g.notNegativePair(a.key, b.key, a.listed, b.listed, true); r != "" {
				g.drop(r, "pairs", "neg_same_surname", a.key, b.key)
				continue
			}
			cands = append(cands, pr{a, b})
		}
	}
	for _, c := range pick("neg_same_surname", cands, func(x pr) string { return x.a.key + " " + x.b.key }, capPairs) {
		g.addPair("neg_same_surname", false, "person", c.a.listed, c.b.listed, c.a.key, c.b.key)
	}
	// Queries: a listed surname with the given names of another listed
	// person of the same culture, not itself a listed name.
	var qc []pr
	for _, ps := range by {
		for _, a := range ps {
			if a.sdn {
				qc = append(qc, pr{a, nil})
			}
		}
	}
	pool := map[string][]*person{}
	for _, p := range g.persons {
		pool[p.culture] = append(pool[p.culture], p)
	}
	n := 0
	for _, c := range pick("qneg_same_surname", qc, func(x pr) string { return x.a.key }, 4*capNegQ) {
		r := rng("qneg_same_surname", c.a.key)
		o := pool[c.a.culture][r.IntN(len(pool[c.a.culture]))]
		if len(o.given) == 0 || strings.EqualFold(o.given[0], c.a.given[0]) {
			continue
		}
		q := strings.Join(append(append([]string(nil), o.given...), c.a.surname...), " ")
		// Not a negative when it is a listed name by letters: the other
		// person's given names may be this person's, respelled.
		if g.l.party(o.key) == g.l.party(c.a.key) {
			g.drop(ruleParty, "queries", "neg_same_surname", c.a.key, o.key)
			continue
		}
		if g.listedName(q, false, "") {
			g.drop(ruleListed, "queries", "neg_same_surname", c.a.key, o.key)
			continue
		}
		if g.addQuery("neg_same_surname", "person", q, "", c.a.key, o.key) {
			n++
		}
		if n == capNegQ {
			break
		}
	}
}

// sameEntity reports whether two persons from different lists are the
// same (the UK row of a UN-listed person and the OFAC entry share a date
// of birth and a name).
func sameEntity(a, b *person) bool {
	if a.key == b.key {
		return true
	}
	for _, d := range a.e.BirthDates {
		for _, e := range b.e.BirthDates {
			if d == e {
				return true
			}
		}
	}
	return false
}

// onePartPairs pairs different listed entities whose names have the same
// parts but one, in the same places: "X bin Hamid Y" and "X bin Karim Y",
// "Fund" and "Fund III".
func (g *gen) onePartPairs() {
	type named struct {
		key, name, typ string
		e              *embargo.Entity
	}
	by := map[string][]named{}
	for _, es := range [][]*embargo.Entity{g.l.sdn, g.l.un26} {
		for _, e := range es {
			t := tokens(e.Name)
			if len(t) < 2 {
				continue
			}
			for i := range t {
				k := string(e.Schema) + "|" + strings.Join(t[:i], " ") + "|_|" + strings.Join(t[i+1:], " ")
				by[k] = append(by[k], named{entityKey(e), e.Name, typeOf(e), e})
			}
		}
	}
	type pr struct{ a, b named }
	var persons, orgs []pr
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ns := by[k]
		for i := 0; i+1 < len(ns); i++ {
			a, b := ns[i], ns[i+1]
			if a.key == b.key || tokenKey(a.name) == tokenKey(b.name) || sharesBirthDate(a.e, b.e) || spellingVariant(a.name, b.name) {
				continue
			}
			person := a.typ == string(embargo.SchemaPerson)
			kind := "neg_one_part"
			if !person {
				kind = "neg_company_qualifier"
			}
			// Company names that differ only in a qualifier or a legal
			// form are the kind itself: the letters rule ignores legal
			// forms and a word one name adds, so it is not asked there.
			if r := g.notNegativePair(a.key, b.key, a.name, b.name, person); r != "" {
				g.drop(r, "pairs", kind, a.key, b.key)
				continue
			}
			if person {
				persons = append(persons, pr{a, b})
			} else {
				orgs = append(orgs, pr{a, b})
			}
		}
	}
	kf := func(x pr) string { return x.a.key + " " + x.b.key }
	for _, c := range pick("neg_one_part", persons, kf, capPairs/2) {
		g.addPair("neg_one_part", false, c.a.typ, c.a.name, c.b.name, c.a.key, c.b.key)
	}
	for _, c := range pick("neg_company_qualifier", orgs, kf, capPairs/2) {
		g.addPair("neg_company_qualifier", false, c.a.typ, c.a.name, c.b.name, c.a.key, c.b.key)
	}
}

// spellingVariant reports whether two names of the same parts but one
// differ in that part only by its spelling: a word of four letters or
// more and another that shares its first four letters or is one edit
// from it ("KOREA"/"KOREAN", "INDUSTRIES"/"INDUSTRIAL"). The SDN and UN
// lists give one entity such spellings; two such rows are one party, not
// a hard negative.
func spellingVariant(a, b string) bool {
	ta, tb := tokens(a), tokens(b)
	if len(ta) != len(tb) {
		return false
	}
	for i := range ta {
		x, y := ta[i], tb[i]
		if x == y {
			continue
		}
		if !isAlphaWord(x) || !isAlphaWord(y) || min(len(x), len(y)) < 4 {
			return false
		}
		return x[:4] == y[:4] || oneEdit(x, y)
	}
	return false
}

// oneEdit reports whether a and b are one substitution, insertion or
// deletion apart.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

func sharesBirthDate(a, b *embargo.Entity) bool {
	for _, d := range a.BirthDates {
		for _, e := range b.BirthDates {
			if d == e {
				return true
			}
		}
	}
	return false
}

// similarSurname replaces a listed person's surname by another listed
// surname one edit away (Morris / Norris).
func (g *gen) similarSurname() {
	sur := map[string]string{}       // lower -> display
	firstOf := map[string][]string{} // lower surname -> first given names
	for _, p := range g.persons {
		if len(p.surname) == 1 && len(p.surname[0]) >= 5 && isAlphaWord(p.surname[0]) {
			sur[strings.ToLower(p.surname[0])] = p.surname[0]
			if len(p.given) > 0 {
				firstOf[strings.ToLower(p.surname[0])] = append(firstOf[strings.ToLower(p.surname[0])], p.given[0])
			}
		}
	}
	// The name made must not be a listed person's: "Mohammed Qasir" when
	// "QASIR, Muhammad" is listed is that person's name written another
	// way, not a negative.
	listedPerson := func(given, surname string) bool {
		for _, f := range firstOf[strings.ToLower(surname)] {
			if strings.EqualFold(f, given) || name.Fold(name.Normalize(f)) == name.Fold(name.Normalize(given)) ||
				name.Equivalent(name.Normalize(f)) != "" && name.Equivalent(name.Normalize(f)) == name.Equivalent(name.Normalize(given)) {
				return true
			}
		}
		return false
	}
	del := map[string][]string{}
	var all []string
	for s := range sur {
		all = append(all, s)
	}
	sort.Strings(all)
	for _, s := range all {
		for i := 0; i < len(s); i++ {
			k := s[:i] + "_" + s[i+1:]
			del[k] = append(del[k], s)
		}
	}
	// Another surname, not another spelling of the same: one consonant
	// replaced by a consonant that no romanisation confuses with it.
	near := func(s string) []string {
		var out []string
		for i := 0; i < len(s); i++ {
			for _, o := range del[s[:i]+"_"+s[i+1:]] {
				if o != s && distinctConsonants(s[i], o[i]) {
					out = append(out, o)
				}
			}
		}
		return out
	}
	g.personKind("neg_similar_surname", false, func(p *person, r *rand.Rand) (string, bool) {
		if len(p.surname) != 1 || len(p.given) == 0 || p.culture == "arabic" || p.culture == "korean" || !isAlphaWord(p.surname[0]) {
			return "", false
		}
		ns := near(strings.ToLower(p.surname[0]))
		if len(ns) == 0 {
			return "", false
		}
		o := sur[ns[r.IntN(len(ns))]]
		if listedPerson(p.given[0], o) {
			return "", false
		}
		return strings.Join(append(append([]string(nil), p.given...), o), " "), true
	})
}

// distinctConsonants reports whether two letters are consonants that
// spell different sounds in every romanisation (not c/k, s/z, v/w, ...).
func distinctConsonants(a, b byte) bool {
	if a < 'a' || a > 'z' || b < 'a' || b > 'z' || strings.IndexByte("aeiouyhj", a) >= 0 || strings.IndexByte("aeiouyhj", b) >= 0 {
		return false
	}
	// The pairs beyond one class are the letters romanisations swap: c
	// for s, z or x (French "ch" is "sh": Cherri/Sherri; Wade-Giles
	// "ch" is pinyin "zh": Chang/Zhang), z for d and t (Arabic dad and
	// dhal), l for w and v (Polish ł).
	for _, cls := range []string{"ckqg", "sz", "vwbf", "dt", "xs", "csz", "cx", "zdt", "lwv"} {
		if strings.IndexByte(cls, a) >= 0 && strings.IndexByte(cls, b) >= 0 {
			return false
		}
	}
	return true
}

var qualifierCountries = []string{"Peru", "Panama", "Cyprus", "Malta", "Turkey", "India", "Brazil", "Kenya", "Germany", "Canada", "Chile", "Poland"}
var qualifierCities = []string{"Dubai", "Istanbul", "Hamburg", "Lagos", "Geneva", "Singapore", "Shanghai", "Mumbai", "Riga", "Almaty"}
var qualifierNumbers = []string{"II", "III", "IV", "2", "3", "No. 2", "7"}

// addQualifier puts a country, city or number into a listed company name
// (before its legal form when it has one): "NORDSTAL S.A." -> "NORDSTAL
// PERU S.A.", another company.
func addQualifier(c *company, r *rand.Rand) (string, bool) {
	f := strings.Fields(c.listed)
	if len(f) < 2 || len(f) > 7 {
		return "", false
	}
	for _, w := range f {
		lw := strings.ToLower(strings.Trim(w, "().,"))
		for _, q := range append(append(append([]string(nil), qualifierCountries...), qualifierCities...), qualifierNumbers...) {
			if lw == strings.ToLower(q) {
				return "", false
			}
		}
	}
	var q string
	switch r.IntN(3) {
	case 0:
		q = qualifierCountries[r.IntN(len(qualifierCountries))]
	case 1:
		q = qualifierCities[r.IntN(len(qualifierCities))]
	default:
		q = qualifierNumbers[r.IntN(len(qualifierNumbers))]
	}
	q = strings.ToUpper(q)
	at := len(f)
	if isLegalForm(f[len(f)-1]) {
		at = len(f) - 1
	}
	out := append(append(append([]string(nil), f[:at]...), q), f[at:]...)
	return strings.Join(out, " "), true
}

var legalForms = map[string]bool{"llc": true, "ltd": true, "limited": true, "inc": true, "corp": true, "sa": true, "s.a.": true,
	"gmbh": true, "ag": true, "fze": true, "fzco": true, "fzc": true, "jsc": true, "ojsc": true, "cjsc": true, "pjsc": true,
	"plc": true, "co": true, "company": true, "corporation": true, "bv": true, "b.v.": true, "srl": true, "s.r.l.": true,
	"sarl": true, "l.l.c.": true, "co.": true, "ltd.": true, "inc.": true, "s.a": true, "ltda": true, "ltda.": true,
	"s.a.s.": true, "sas": true, "s.a.c.": true, "cia": true, "llp": true, "lp": true, "pte": true, "sdn": true, "bhd": true}

func isLegalForm(w string) bool { return legalForms[strings.ToLower(strings.Trim(w, ",()"))] }

// unlisted adds real names that are not on the screened lists: UK rows
// without a UN reference and CSL rows from lists other than the SDN,
// checked absent from the screened lists (no listed name with the same
// words, no listed person sharing a date of birth and a word).
func (g *gen) unlisted() {
	words := map[string]int{}
	wordNames := map[string][]string{}
	dobWords := map[string]map[string]bool{}
	for _, es := range [][]*embargo.Entity{g.l.sdn, g.l.un18} {
		for _, e := range es {
			for _, n := range e.AllNames() {
				for _, t := range uniq(tokens(n)) {
					words[t]++
					if len(wordNames[t]) < 50 {
						wordNames[t] = append(wordNames[t], n)
					}
				}
			}
			for _, d := range e.BirthDates {
				if dobWords[d] == nil {
					dobWords[d] = map[string]bool{}
				}
				for _, n := range e.AllNames() {
					for _, t := range tokens(n) {
						dobWords[d][t] = true
					}
				}
			}
		}
	}
	absent := func(e *embargo.Entity) bool {
		for _, n := range e.AllNames() {
			if g.l.listedKeys[tokenKey(n)] {
				return false
			}
			for _, d := range e.BirthDates {
				for _, t := range tokens(n) {
					if dobWords[d][t] {
						return false
					}
				}
			}
		}
		return true
	}
	type cand struct {
		e   *embargo.Entity
		key string
	}
	// Not unlisted: a party linked to an entity of the screened lists (an
	// identifier, a cross-list link), or a name that is, by letters, a
	// name of another party on any list read (it may be listed there, or
	// be another list's spelling of a screened name).
	unlistedRule := func(e *embargo.Entity) string {
		k := listKey(e)
		if g.l.screenedParty[g.l.party(k)] {
			return ruleParty
		}
		for _, n := range e.AllNames() {
			if g.listedName(n, true, k) {
				return ruleListed
			}
		}
		return ""
	}
	var cands []cand
	add := func(e *embargo.Entity) {
		k := entityKey(e)
		if r := unlistedRule(e); r != "" {
			g.drop(r, "names", "neg_unlisted", k)
			return
		}
		cands = append(cands, cand{e, k})
	}
	for _, e := range g.l.uk {
		if unRef(e.Remarks) == "" && absent(e) {
			add(e)
		}
	}
	for _, e := range g.l.csl {
		if !strings.Contains(strings.Join(e.Properties["list"], " "), "(SDN)") && len(tokens(e.Name)) >= 2 && absent(e) {
			add(e)
		}
	}
	kf := func(c cand) string { return c.key }
	for _, c := range pick("qneg_unlisted", cands, kf, 2*capNegQ) {
		g.addQuery("neg_unlisted", typeOf(c.e), c.e.Name, "", c.key)
	}
	// Pairs: the unlisted name and the listed name that shares its rarest
	// word.
	added := 0
	for _, c := range pick("neg_unlisted", cands, kf, 3*capPairs) {
		best, bestN := "", 0
		for _, t := range tokens(c.e.Name) {
			if n := words[t]; n > 0 && len(t) > 2 && (bestN == 0 || n < bestN) {
				best, bestN = t, n
			}
		}
		if best == "" {
			continue
		}
		ns := wordNames[best]
		other := ns[rng("neg_unlisted", c.key).IntN(len(ns))]
		if g.addPair("neg_unlisted", false, typeOf(c.e), c.e.Name, other, c.key) {
			added++
		}
		if added == capPairs {
			break
		}
	}
}
