package bench

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
)

// A personVariant writes a listed person's name another way, or returns
// false when the change does not apply to this name.
type personVariant func(p *person, r *rand.Rand) (string, bool)

// A companyVariant does the same for an organisation's name.
type companyVariant func(c *company, r *rand.Rand) (string, bool)

// A subject is a listed person or organisation that variants are made of.
type subject interface {
	// subject returns its key, its name as listed, its entity id, and
	// whether queries may be made of it.
	subject() (key, listed, id string, queryable bool)
}

// Only persons on the screened list make queries; every organisation does.
func (p *person) subject() (string, string, string, bool)  { return p.key, p.listed, p.e.ID, p.sdn }
func (c *company) subject() (string, string, string, bool) { return c.key, c.listed, c.e.ID, true }

// personKind adds pairs (variant ~ listed name) and queries (variant,
// expecting the listed entity) of one kind. The variant stands on either
// side of a pair.
func (g *gen) personKind(kind string, label bool, v personVariant) {
	addVariants(g, kind, "person", label, true, g.persons, v)
}

// companyKind does the same for organisations, the variant always first.
func (g *gen) companyKind(kind string, label bool, v companyVariant) {
	addVariants(g, kind, "organization", label, false, g.companies, v)
}

// addVariants adds the pairs and queries of one kind, of schema typ, made
// by v from subjects: a label of false makes negative rows (the queries
// expect nothing); swap puts the variant on either side of a pair.
func addVariants[S subject](g *gen, kind, typ string, label, swap bool, subjects []S, v func(S, *rand.Rand) (string, bool)) {
	type cand struct {
		key, listed, id string
		v               string
	}
	var pc, qc []cand
	for _, sub := range subjects {
		key, listed, id, queryable := sub.subject()
		if s, ok := v(sub, rng("pair", kind, key)); ok && s != "" {
			if !label && !nearByDesign[kind] && sameFullName(aliasWords(s), aliasWords(listed)) {
				g.drop(ruleLetters, "pairs", kind, key) // the part changed is the same name respelled
			} else {
				pc = append(pc, cand{key, listed, id, s})
			}
		}
		if queryable {
			if s, ok := v(sub, rng("query", kind, key)); ok && s != "" {
				if !label && g.negativeListed(kind, s, key, listed) {
					g.drop(ruleListed, "queries", kind, key)
				} else {
					qc = append(qc, cand{key, listed, id, s})
				}
			}
		}
	}
	key := func(c cand) string { return c.key }
	for _, c := range pick("pair"+kind, pc, key, capPairs) {
		a, b := c.v, c.listed
		if swap && hash64("swap", kind, c.key)%2 == 1 {
			a, b = b, a // the variant on either side
		}
		g.addPair(kind, label, typ, a, b, c.key)
	}
	n := capQueries
	if !label {
		n = capNegQ
	}
	for _, c := range pick("query"+kind, qc, key, n) {
		want := c.id
		if !label {
			want = ""
		}
		g.addQuery(kind, typ, c.v, want, c.key)
	}
}

// both combines a person and a company variant under one kind, each
// filling half.
func (g *gen) mixedKind(kind string, pv personVariant, cv companyVariant) {
	before := len(g.pairs)
	bq := len(g.queries)
	g.personKind(kind, true, pv)
	// Keep half of the person rows, then add the company rows.
	g.pairs = trimKind(g.pairs, before, capPairs/2)
	g.queries = trimRows(g.queries, bq, capQueries/2)
	g.companyKind(kind, true, cv)
	g.pairs = trimKind(g.pairs, before, capPairs)
	g.queries = trimRows(g.queries, bq, capQueries)
}

func trimKind[T any](s []T, from, n int) []T {
	if len(s)-from > n {
		return s[:from+n]
	}
	return s
}

func trimRows[T any](s []T, from, n int) []T { return trimKind(s, from, n) }

func (g *gen) synthetic() {
	g.personKind("patronymic", true, addPatronymic)
	g.personKind("title", true, addTitle)
	g.mixedKind("glued", gluePerson, glueCompany)
	g.companyKind("numbers_words", true, numbersInWords)
	g.companyKind("acronym_dotted", true, dottedAcronym)
	g.personKind("nickname", true, g.nickname)
	for _, lang := range romanLangs {
		lang := lang
		g.personKind("romanise_"+lang, true, func(p *person, r *rand.Rand) (string, bool) { return romaniseOther(p, lang) })
	}
	g.personKind("script_cyrillic", true, func(p *person, r *rand.Rand) (string, bool) {
		if p.culture != "slavic" {
			return "", false
		}
		return toCyrillic(p.natural())
	})
	g.personKind("script_greek", true, func(p *person, r *rand.Rand) (string, bool) {
		if p.culture == "korean" {
			return "", false
		}
		return toGreek(p.natural())
	})
	g.personKind("script_hangul", true, func(p *person, r *rand.Rand) (string, bool) {
		if p.culture != "korean" {
			return "", false
		}
		return toHangul(append(append([]string(nil), p.surname...), p.given...))
	})
	g.personKind("inflected", true, inflect)
	g.mixedKind("typo", func(p *person, r *rand.Rand) (string, bool) { return g.typo(p.natural(), r) },
		func(c *company, r *rand.Rand) (string, bool) { return g.typo(c.listed, r) })
	g.personKind("reorder", true, reorder)
}

// Fathers' names and their Russian patronymics (male, female).
var patronymics = [][3]string{
	{"Ivan", "Ivanovich", "Ivanovna"}, {"Pyotr", "Petrovich", "Petrovna"}, {"Sergey", "Sergeyevich", "Sergeyevna"},
	{"Aleksandr", "Aleksandrovich", "Aleksandrovna"}, {"Vladimir", "Vladimirovich", "Vladimirovna"},
	{"Nikolay", "Nikolayevich", "Nikolayevna"}, {"Mikhail", "Mikhaylovich", "Mikhaylovna"},
	{"Yuriy", "Yuryevich", "Yuryevna"}, {"Viktor", "Viktorovich", "Viktorovna"}, {"Anatoliy", "Anatolyevich", "Anatolyevna"},
	{"Oleg", "Olegovich", "Olegovna"}, {"Igor", "Igorevich", "Igorevna"}, {"Boris", "Borisovich", "Borisovna"},
	{"Gennadiy", "Gennadyevich", "Gennadyevna"}, {"Valeriy", "Valeryevich", "Valeryevna"}, {"Leonid", "Leonidovich", "Leonidovna"},
	{"Dmitriy", "Dmitriyevich", "Dmitriyevna"}, {"Andrey", "Andreyevich", "Andreyevna"}, {"Grigoriy", "Grigoryevich", "Grigoryevna"},
}

var arabicFathers = []string{"Hamid", "Karim", "Muhammad", "Ahmad", "Ali", "Hasan", "Husayn", "Abdallah", "Khalid", "Salih", "Yusuf", "Ibrahim", "Umar", "Sa'id", "Mahmud", "Jamil", "Nasir", "Rashid"}

func isPatronymicToken(t string) bool {
	t = strings.ToLower(t)
	for _, s := range []string{"vich", "vych", "ovna", "evna", "ichna", "ogly", "oglu", "kyzy"} {
		if strings.HasSuffix(t, s) {
			return true
		}
	}
	return false
}

// addPatronymic adds a patronymic or father's name to a listed name that
// has none (to an Arabic name of three parts or more, whose second part is
// already the father's, only the link "bin" or "bint" before it). When another name of the entity gives one, that one is added
// (a made-up one would contradict it: "Ivan Ivanovich Petrov" is not the
// Petrov the list also calls "Ivan Sergeyevich Petrov"); entities whose
// names give two are left alone.
func addPatronymic(p *person, r *rand.Rand) (string, bool) {
	switch p.culture {
	case "slavic":
		for _, t := range p.given {
			if isPatronymicToken(t) {
				return "", false
			}
		}
		if len(p.given) != 1 {
			return "", false
		}
		known, ok := entityForebears(p, func(ts []string, i int) string {
			if isPatronymicToken(ts[i]) {
				return ts[i]
			}
			return ""
		})
		if !ok {
			return "", false
		}
		f := patronymics[r.IntN(len(patronymics))]
		pat := f[1]
		if p.female {
			pat = f[2]
		}
		if known != "" {
			pat = titleWord(known)
		}
		return strings.Join(append([]string{p.given[0], pat}, p.surname...), " "), true
	case "arabic":
		for _, t := range tokens(p.natural()) {
			if nasabLinks[t] {
				return "", false
			}
		}
		if len(p.given) == 0 || len(p.given[0]) < 3 || arabicParts[strings.ToLower(p.given[0])] && len(p.given[0]) <= 3 || !isNameWord(p.given[0]) {
			return "", false // "Abd al-Khaliq" is one name
		}
		known, ok := entityForebears(p, func(ts []string, i int) string {
			if i > 0 && nasabLinks[ts[i-1]] && !nameParticles[ts[i]] {
				return ts[i]
			}
			return ""
		})
		if !ok {
			return "", false
		}
		link := "bin"
		if p.female {
			link = "bint"
		}
		f := arabicFathers[r.IntN(len(arabicFathers))]
		if known != "" {
			f = titleWord(known)
		}
		if len(p.given) >= 2 {
			// "Kamal Mustafa Sultan": the name after the person's own is
			// already the father's; the link is written before it, since a
			// father's name put in front of it would contradict it.
			if known != "" && !strings.EqualFold(known, p.given[1]) || !isNameWord(p.given[1]) {
				return "", false
			}
			out := append([]string{p.given[0], link}, p.given[1:]...)
			return strings.Join(append(out, p.surname...), " "), true
		}
		out := []string{p.given[0], link, f}
		return strings.Join(append(out, p.surname...), " "), true
	}
	return "", false
}

// entityForebears finds the patronymic or forebear's name the entity's
// names give (at most one distinct: "" when none), with the first token
// of each name that pick returns. ok is false when its names give two
// different ones.
func entityForebears(p *person, pick func(ts []string, i int) string) (string, bool) {
	found := ""
	for _, n := range p.e.AllNames() {
		ts := tokens(n)
		for i := range ts {
			if f := pick(ts, i); f != "" {
				if found != "" && found != f {
					return "", false
				}
				found = f
				break
			}
		}
	}
	return found, true
}

// Titles and honorifics, in several languages, written before the name.
var titlesLatin = []string{"Mr.", "Mr", "Mrs.", "Dr.", "Dr", "Prof.", "Prof. Dr.", "General", "Gen.", "Colonel", "Col.",
	"Major General", "Brigadier", "Lt. Col.", "Captain", "Admiral", "Sheikh", "Shaykh", "Sheik", "Hajji", "Haji", "Mullah",
	"Maulana", "Imam", "Sayyid", "Ayatollah", "Herr", "Frau", "Dr. med.", "Monsieur", "M.", "Madame", "Mme", "Señor",
	"Sr.", "Don", "Doña", "Signor", "Pan", "Pani", "Ing.", "Eng.", "H.E.", "His Excellency", "Minister", "Senator", "Ambassador"}

var titlesCyrillic = []string{"г-н", "господин", "генерал", "полковник", "доктор", "пан", "профессор"}

func addTitle(p *person, r *rand.Rand) (string, bool) {
	name := p.natural()
	if p.culture == "slavic" && r.IntN(3) == 0 {
		if cyr, ok := toCyrillic(name); ok {
			return titlesCyrillic[r.IntN(len(titlesCyrillic))] + " " + cyr, true
		}
	}
	if p.culture == "korean" && r.IntN(2) == 0 {
		if h, ok := toHangul(append(append([]string(nil), p.surname...), p.given...)); ok {
			return h + []string{" 씨", " 동지", " 선생"}[r.IntN(3)], true
		}
	}
	t := titlesLatin[r.IntN(len(titlesLatin))]
	if r.IntN(4) == 0 {
		t = strings.ToUpper(t)
		name = strings.ToUpper(name)
	}
	return t + " " + name, true
}

func gluePerson(p *person, r *rand.Rand) (string, bool) {
	if len(p.given) == 0 || len(p.surname) != 1 || strings.ContainsAny(p.natural(), "-'") {
		return "", false
	}
	g := p.given[len(p.given)-1]
	s := p.surname[0]
	glued := g + s
	switch r.IntN(3) {
	case 1:
		glued = strings.ToUpper(glued)
	case 2:
		glued = strings.ToLower(glued)
	}
	return strings.TrimSpace(strings.Join(p.given[:len(p.given)-1], " ") + " " + glued), true
}

func glueCompany(c *company, r *rand.Rand) (string, bool) {
	f := strings.Fields(c.listed)
	if len(f) < 2 || len(f) > 5 {
		return "", false
	}
	i := r.IntN(len(f) - 1)
	a, b := f[i], f[i+1]
	if !isAlphaWord(a) || !isAlphaWord(b) || len(a) < 3 {
		return "", false
	}
	out := append(append(append([]string(nil), f[:i]...), titleWord(a)+titleWord(b)), f[i+2:]...)
	return strings.Join(out, " "), true
}

func isAlphaWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

var enOnes = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
	"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
var enTens = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
var enOrd = map[string]string{"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}

// enWords writes 0 <= n < 10000 in English words.
func enWords(n int) string {
	switch {
	case n < 20:
		return enOnes[n]
	case n < 100:
		if n%10 == 0 {
			return enTens[n/10]
		}
		return enTens[n/10] + "-" + enOnes[n%10]
	case n < 1000:
		if n%100 == 0 {
			return enOnes[n/100] + " hundred"
		}
		return enOnes[n/100] + " hundred " + enWords(n%100)
	}
	if n%1000 == 0 {
		return enWords(n/1000) + " thousand"
	}
	return enWords(n/1000) + " thousand " + enWords(n%1000)
}

func enOrdinal(n int) string {
	w := enWords(n)
	i := strings.LastIndexAny(w, " -")
	last := w[i+1:]
	if o, ok := enOrd[last]; ok {
		return w[:i+1] + o
	}
	if strings.HasSuffix(last, "y") {
		return w[:i+1] + strings.TrimSuffix(last, "y") + "ieth"
	}
	return w + "th"
}

// numbersInWords writes a number in a name in words ("Division 27" ->
// "Division Twenty-Seven"), an ordinal as a number ("Second" -> "2nd") or a
// numeric ordinal in words ("2ND" -> "Second").
func numbersInWords(c *company, r *rand.Rand) (string, bool) {
	f := strings.Fields(c.listed)
	changed := false
	for i, w := range f {
		lw := strings.ToLower(strings.Trim(w, ".,()"))
		if n, err := strconv.Atoi(lw); err == nil && n > 0 && n < 10000 && len(lw) < 5 {
			f[i] = titleWords(strings.Fields(enWords(n)))[0]
			if words := strings.Fields(enWords(n)); len(words) > 1 {
				f[i] = strings.Join(titleWords(words), " ")
			}
			changed = true
			continue
		}
		for _, suf := range []string{"st", "nd", "rd", "th"} {
			if n, err := strconv.Atoi(strings.TrimSuffix(lw, suf)); err == nil && strings.HasSuffix(lw, suf) && n > 0 && n < 100 {
				f[i] = titleWord(enOrdinal(n))
				changed = true
			}
		}
		for n := 1; n < 20; n++ {
			if lw == enOrdinal(n) {
				f[i] = strconv.Itoa(n) + ordSuffix(n)
				changed = true
			}
		}
	}
	if !changed {
		return "", false
	}
	return strings.Join(f, " "), true
}

func ordSuffix(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return "th"
	case n%10 == 1:
		return "st"
	case n%10 == 2:
		return "nd"
	case n%10 == 3:
		return "rd"
	}
	return "th"
}

// dottedAcronym writes an acronym in a name with dots or spaces: "KLM
// HOLDINGS" -> "K.L.M. Holdings". An acronym is a token of 2 to 5 letters
// without vowels, or one that an alias of the entity spells out.
func dottedAcronym(c *company, r *rand.Rand) (string, bool) {
	spelled := map[string]bool{}
	for _, n := range c.e.AllNames() {
		var ini strings.Builder
		for _, t := range tokens(n) {
			if t != "of" && t != "and" && t != "the" && t != "for" {
				ini.WriteByte(t[0])
			}
		}
		spelled[ini.String()] = true
	}
	f := strings.Fields(c.listed)
	for i, w := range f {
		lw := strings.ToLower(w)
		if len(lw) < 2 || len(lw) > 5 || !isAlphaWord(lw) || !isASCII(lw) {
			continue
		}
		if strings.ContainsAny(lw, "aeiouy") && !spelled[lw] || isLegalForm(lw) {
			continue
		}
		sep := []string{".", ". ", " "}[r.IntN(3)]
		var b strings.Builder
		for j := 0; j < len(lw); j++ {
			if j > 0 {
				b.WriteString(sep)
			}
			b.WriteByte(w[j])
		}
		if sep != " " {
			b.WriteString(".")
		}
		f[i] = strings.TrimSpace(b.String())
		return strings.Join(f, " "), true
	}
	return "", false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Pet forms of Russian and Spanish given names (facts of usage); English
// ones come from the nickname list in the data folder.
var petForms = map[string][]string{
	"aleksandr": {"Sasha", "Shura"}, "alexander": {"Sasha"}, "mikhail": {"Misha"}, "dmitriy": {"Dima", "Mitya"}, "dmitry": {"Dima"},
	"vladimir": {"Volodya", "Vova"}, "yevgeniy": {"Zhenya"}, "evgeny": {"Zhenya"}, "sergey": {"Seryozha"}, "sergei": {"Seryozha"},
	"nikolay": {"Kolya"}, "nikolai": {"Kolya"}, "aleksey": {"Alyosha", "Lyosha"}, "alexei": {"Alyosha"}, "ivan": {"Vanya"},
	"pavel": {"Pasha"}, "anatoliy": {"Tolya"}, "viktor": {"Vitya"}, "yuriy": {"Yura"}, "yuri": {"Yura"}, "konstantin": {"Kostya"},
	"vyacheslav": {"Slava"}, "grigoriy": {"Grisha"}, "boris": {"Borya"}, "yekaterina": {"Katya"}, "tatyana": {"Tanya"},
	"natalya": {"Natasha"}, "mariya": {"Masha"}, "svetlana": {"Sveta"}, "yelena": {"Lena"}, "elena": {"Lena"}, "olga": {"Olya"},
	"andrey": {"Andryusha"}, "gennadiy": {"Gena"}, "valeriy": {"Valera"}, "leonid": {"Lyonya"}, "arkadiy": {"Arkasha"},
	"jose": {"Pepe", "Chepe"}, "francisco": {"Paco", "Pancho", "Kiko"}, "jesus": {"Chucho", "Chuy"}, "ignacio": {"Nacho"},
	"guillermo": {"Memo"}, "enrique": {"Quique"}, "alberto": {"Beto"}, "roberto": {"Beto"}, "eduardo": {"Lalo"},
	"manuel": {"Manolo"}, "antonio": {"Toño", "Tony"}, "gonzalo": {"Chalo"}, "dolores": {"Lola"}, "mercedes": {"Meche"},
	"luis": {"Lucho"}, "rafael": {"Rafa"}, "fernando": {"Nando"}, "ricardo": {"Richi"}, "alejandro": {"Alex", "Jandro"},
	"joaquin": {"Quino"}, "santiago": {"Santi"}, "rosario": {"Chayo"}, "guadalupe": {"Lupe"}, "consuelo": {"Chelo"},
}

func (g *gen) nickname(p *person, r *rand.Rand) (string, bool) {
	if len(p.given) == 0 {
		return "", false
	}
	first := strings.ToLower(p.given[0])
	first = strings.NewReplacer("é", "e", "á", "a", "í", "i", "ó", "o", "ú", "u", "ñ", "n").Replace(first)
	cands := petForms[first]
	if len(cands) == 0 {
		for _, n := range g.l.nicks[first] {
			if len(n) > 2 {
				cands = append(cands, titleWord(n))
			}
		}
	}
	if len(cands) == 0 {
		return "", false
	}
	out := append([]string{cands[r.IntN(len(cands))]}, p.given[1:]...)
	return strings.Join(append(out, p.surname...), " "), true
}

func romaniseOther(p *person, lang string) (string, bool) {
	var out string
	switch p.culture {
	case "slavic":
		cyr, ok := toCyrillic(p.natural())
		if !ok {
			return "", false
		}
		out = romanise(cyr, lang)
	case "arabic":
		out = romaniseArabic(p.natural(), lang)
	default:
		return "", false
	}
	if strings.EqualFold(out, p.natural()) {
		return "", false
	}
	return out, true
}

// Russian case endings of male and female surnames and given names: the
// genitive, dative and instrumental a payment message may use.
func inflect(p *person, r *rand.Rand) (string, bool) {
	if p.culture != "slavic" || len(p.surname) != 1 || len(p.given) == 0 {
		return "", false
	}
	c := r.IntN(3) // 0 genitive, 1 dative, 2 instrumental
	s := p.surname[0]
	ls := strings.ToLower(s)
	var sur string
	switch {
	case strings.HasSuffix(ls, "skaya"):
		sur = strings.TrimSuffix(s, s[len(s)-3:]) + []string{"oy", "oy", "oy"}[c]
	case strings.HasSuffix(ls, "ova"), strings.HasSuffix(ls, "eva"), strings.HasSuffix(ls, "ina"):
		sur = s[:len(s)-1] + []string{"oy", "oy", "oy"}[c]
	case strings.HasSuffix(ls, "skiy"), strings.HasSuffix(ls, "skii"):
		sur = s[:len(s)-2] + []string{"ogo", "omu", "im"}[c]
	case strings.HasSuffix(ls, "sky"):
		sur = s[:len(s)-1] + []string{"ogo", "omu", "im"}[c]
	case strings.HasSuffix(ls, "ov"), strings.HasSuffix(ls, "ev"), strings.HasSuffix(ls, "in"):
		if p.female {
			return "", false
		}
		sur = s + []string{"a", "u", "ym"}[c]
	case strings.HasSuffix(ls, "as"):
		// Lithuanian male surnames: genitive -o, dative -ui.
		sur = s[:len(s)-2] + []string{"o", "ui", "u"}[c]
	default:
		return "", false
	}
	giv := append([]string(nil), p.given...)
	for i, t := range giv {
		lt := strings.ToLower(t)
		switch {
		case strings.HasSuffix(lt, "vich"):
			giv[i] = t + []string{"a", "u", "em"}[c]
		case strings.HasSuffix(lt, "vna"):
			giv[i] = t[:len(t)-1] + []string{"y", "e", "oy"}[c]
		}
	}
	g0 := giv[0]
	lg := strings.ToLower(g0)
	switch {
	case p.female && strings.HasSuffix(lg, "a"):
		giv[0] = g0[:len(g0)-1] + []string{"y", "e", "oy"}[c]
	case !p.female && !strings.HasSuffix(lg, "a") && !strings.HasSuffix(lg, "y") && !strings.HasSuffix(lg, "i"):
		giv[0] = g0 + []string{"a", "u", "om"}[c]
	}
	return strings.Join(append(giv, sur), " "), true
}

// typo makes a typo (see typo) that is not itself a word of any listed
// name: a slip that writes another real name is the hard negative
// neg_similar_surname, not a typo.
func (g *gen) typo(s string, r *rand.Rand) (string, bool) {
	for try := 0; try < 5; try++ {
		t, ok := typo(s, r)
		if !ok {
			continue
		}
		known := false
		for _, w := range tokens(t) {
			if g.l.words[w] {
				known = known || !strings.Contains(strings.ToLower(s), w)
			}
		}
		if !known {
			return t, true
		}
	}
	return "", false
}

// typo makes one keyboard slip in the longest word of at least five
// letters: a neighbouring key, a dropped, doubled or swapped letter.
func typo(s string, r *rand.Rand) (string, bool) {
	f := strings.Fields(s)
	best := -1
	for i, w := range f {
		if isAlphaWord(w) && isASCII(w) && len(w) >= 5 && (best < 0 || len(w) > len(f[best])) {
			best = i
		}
	}
	if best < 0 {
		return "", false
	}
	w := []byte(f[best])
	i := 1 + r.IntN(len(w)-2) // keep the first and last letter
	switch r.IntN(4) {
	case 0:
		nb := keyNeighbours[unicode.ToLower(rune(w[i]))]
		if nb == "" {
			return "", false
		}
		c := nb[r.IntN(len(nb))]
		if unicode.IsUpper(rune(w[i])) {
			c = byte(unicode.ToUpper(rune(c)))
		}
		w[i] = c
	case 1:
		w = append(w[:i:i], w[i+1:]...)
	case 2:
		w = append(w[:i+1:i+1], w[i:]...)
	case 3:
		if w[i] == w[i+1] {
			return "", false
		}
		w[i], w[i+1] = w[i+1], w[i]
	}
	f[best] = string(w)
	return strings.Join(f, " "), true
}

var keyNeighbours = map[rune]string{
	'q': "wa", 'w': "qes", 'e': "wrd", 'r': "etf", 't': "ryg", 'y': "tuh", 'u': "yij", 'i': "uok", 'o': "ipl", 'p': "ol",
	'a': "qsz", 's': "adwx", 'd': "sfe", 'f': "dgr", 'g': "fht", 'h': "gjy", 'j': "hku", 'k': "jli", 'l': "ko",
	'z': "xa", 'x': "zcs", 'c': "xvd", 'v': "cbf", 'b': "vng", 'n': "bmh", 'm': "nj",
}

// reorder puts a name of three or more parts in another order than
// given-first or surname-first ("Ahmad Al-Zahrani Yusuf").
//
// The order of an Arabic nasab chain is part of the name: "Yusuf bin
// Hamid" (Yusuf, son of Hamid) is another person than "Hamid bin Yusuf"
// (neg_nasab_order), and so is "Hamid Yusuf bin Ali" for "Yusuf Hamid
// bin Ali". So the chain (the given names up to the name after the last
// link) moves as one unit, its order kept; only the parts after it (the
// family name) move around it. A Western or East Asian name's parts move freely.
func reorder(p *person, r *rand.Rand) (string, bool) {
	all := append(append([]string(nil), p.given...), p.surname...)
	if len(all) < 3 || len(all) > 6 {
		return "", false
	}
	nat := strings.Join(all, " ")
	sf := strings.Join(append(append([]string(nil), p.surname...), p.given...), " ")
	// Units: the nasab chain whole (the given names up to the name after
	// the last link: "Mohamad Ammar Saati bin Mohamad"), and each other
	// word.
	last := -1
	for i := 1; i+1 < len(all); i++ {
		if nasabLinks[strings.ToLower(all[i])] {
			last = i + 1
		}
	}
	units := []string{strings.Join(all[:last+1], " ")}
	if last < 0 {
		units = nil
	}
	units = append(units, all[last+1:]...)
	if len(units) < 3 {
		return "", false
	}
	all = units
	for try := 0; try < 5; try++ {
		perm := append([]string(nil), all...)
		r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		s := strings.Join(perm, " ")
		if s != nat && s != sf {
			return s, true
		}
	}
	return "", false
}
