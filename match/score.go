package match

import (
	"math"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/name"
)

// Token-pair rules, as reported in TokenMatch.Rule.
const (
	RuleExact      = "exact"      // same normalised token
	RuleVariant    = "variant"    // same romanisation-variant key (name.Fold)
	RuleEquivalent = "equivalent" // known equivalent names (name.Equivalent): another form of the name
	RuleNickname   = "nickname"   // a short or pet form of the name ("Sasha" for Aleksandr)
	RuleInflection = "inflection" // another gender or case form of a surname (Petrova, Petrovym for Petrov)
	RulePhonetic   = "phonetic"   // same sound key (name.Phonetic)
	RuleSkeleton   = "skeleton"   // same consonant skeleton, for names from abjads and syllabaries (name.Skeleton)
	RuleFuzzy      = "fuzzy"      // within a few edits (Damerau-Levenshtein on the folded keys)
	RuleInitial    = "initial"    // an initial and a name that starts with it
	RuleLegalForm  = "legal_form" // the same (or a related) legal form
	RuleCompound   = "compound"   // one token against two written together ("abdulaziz" / "abdul aziz")
	RuleUnmatched  = "unmatched"  // a query token the listed name lacks
	RuleMissing    = "missing"    // a listed token the query lacks (Query is empty)
	// Roles (see name.Roles) that changed what a token costs.
	RuleTitle      = "title"       // a title or honorific one side lacks: costs nothing
	RuleMiddle     = "middle"      // a middle name one side lacks: costs little
	RulePatronymic = "patronymic"  // a patronymic or forebear's name (nasab) one side lacks: costs little
	RuleConflict   = "conflict"    // a part both sides have that disagrees (two fathers' names): costs its full weight
	RuleNasabOrder = "nasab_order" // the same name as a person's own on one side and a forebear's on the other
	RuleAcronym    = "acronym"     // letters written apart ("K.L.M.", "J V") against the word they spell ("KLM", "JV")
	// The syllables of a Korean or Chinese given name in the other order
	// ("Song Un" for "Eun Song"): another given name.
	RuleSyllableOrder = "syllable_order"
)

// Token-pair scores. Each rule that relaxes the comparison scores lower
// than the stricter ones, so a name spelled as listed outranks a variant,
// and a variant outranks a sound-alike.
const (
	simExact      = 1.0
	simVariant    = 0.95 // the same name in another romanisation: near-certain
	simEquivalent = 0.90 // a known equivalent: the same name, but a decision was made
	simNickname   = 0.85 // a nickname: usually the same name, but people choose them
	simInflection = 0.90 // a gender or case form of the same surname (name.Token.Inflected)
	simPhonetic   = 0.85 // sounds alike: likely but not certain
	// Same consonant skeleton, one side written in a script that leaves
	// vowels out or adds them (name.OriginInexact): katakana オレグ
	// "oregu" for Oleg. Three consonants or more agree in order; with two
	// ("Oleg") the evidence is thinner.
	// The same name in another language's romanisation, by a key coarser
	// than the fold (see conventionKey): German "Asis" for Aziz.
	simConvention    = 0.90
	simSkeleton      = 0.85
	simSkeletonShort = 0.80
	minSkeletonLen   = 2
	simInitial       = 0.90 // per token; the listed token it covers still costs alphaInitial
	simLegal         = 1.0  // a legal form written another way is the same legal form
	maxFuzzy         = 0.90 // a typo never scores above a variant
	minTokenSim      = 0.60 // below this a pairing is noise
	minCompound      = 0.88
	// A compound with at least this score is taken before single pairs,
	// by tokens whose best single pair scores less.
	strongCompound = 0.90
)

// Cost of listed tokens the query does not have, as a share of their
// weight. A missing patronymic or second surname is normal (queries are
// often shorter than listed names), so it costs a third of what an
// unexplained query token costs. A listed name covered by an initial is
// known only by its first letter, so it costs a little too.
const (
	alphaMissing = 0.30
	alphaMiddle  = 0.12 // a middle name or patronymic: routinely left out
	alphaInitial = 0.05
	// A listed token the query lacks where the query has an unexplained
	// token of its own: the two sides disagree on that part (another
	// father's name, another given name), which is stronger evidence
	// against than a part left out: the listed part costs its full weight,
	// as the query's does, so that one other forebear in a long chain
	// still makes another person.
	alphaConflict = 1.0
	// A name paired as a person's own on one side and as a forebear's
	// (after bin/ibn) on the other: "Yusuf bin Hamid" is not "Hamid bin
	// Yusuf".
	nasabSwap = 0.25
	// Two names of a chain in the opposite order on the other side (see
	// chainInversions): each keeps this share of its score, an inverted
	// chain being two parts that disagree.
	chainInversion = 0.25
	// Two syllables of a Korean or Chinese given name in the opposite
	// order on the other side (see syllableInversions) each keep this
	// share of their score: less than any two romanisations of the
	// syllables in order score, so the name in order ranks first, while a
	// name written in a third order is still found.
	syllableInversion = 0.8
	// A query that ends in a company's legal form (Ltd., GmbH) against a
	// listed person keeps this share of its score.
	legalPersonFactor = 0.8
)

// Fixed weights of tokens that carry little identity whatever their
// frequency.
const (
	weightStopMax = 0.5 // "al", "bin", "de", "von": at most this
	weightLegal   = 0.3 // "LLC", "SA": a company's legal form says little about which company
	weightInitial = 1.0
	// A number tells a vessel "1" from "2" but is no name: a year of
	// birth typed into the name field must not outweigh the name.
	weightNumberMax = 2.0
	// Pairwise weights (no index to count frequencies in): an ordinary name
	// part, and a given name that is common among listed persons.
	weightWord   = 6.0
	weightCommon = 3.0
	// A generic word of company names ("united", "group", "trading",
	// "bank"; see name.IsGenericWord) weighs at most this: the distinctive
	// words of the name carry it, so "Rusal" alone finds UNITED COMPANY
	// RUSAL PLC and "United Company" alone finds nothing.
	weightGenericMax = 1.5
)

const (
	minPhoneticLen = 3  // shorter sound keys ("AL", "MT") are too ambiguous
	maxTokens      = 24 // tokens of a name compared; the rest are ignored
)

// maxEdits is the number of edits fuzzy matching allows between two folded
// tokens whose longer one has n letters: none for two letters (short
// names differ in one letter all the time: Li, Le, Lu), one up to five
// (a three-letter pair one edit apart scores only 0.67: "Ail" for "Ali"
// helps, but cannot make a match on its own), two beyond.
func maxEdits(n int) int {
	switch {
	case n <= 2:
		return 0
	case n <= 5:
		return 1
	}
	return 2
}

// qtok is an analysed query token with its weight and, when searching an
// index, the fold keys it may match with an upper bound of the score.
type qtok struct {
	t     name.Token
	w     float64
	exp   map[int32]float64 // fold id -> bound; nil when scoring without an index
	owned bool              // exp is this query's own (not the cache's)

	// role is the token's part in the query name (see name.Roles); own
	// says it is the person's own given name in a name with a nasab chain.
	role     name.Role
	own      bool
	syllabic bool // the query is a Chinese or Korean name of romanised syllables
	// chainPos is the token's place in natural order when it is in the
	// name's chain of given and forebears' names (see chainOrder), else
	// -1; link says the query writes a nasab link.
	chainPos int8
	link     bool
	typed    bool // the query is written in ASCII (typedLatin)
	known    bool // some listed name has the token's fold key: it is a name in its own right
	spelled  bool // some listed name has the token spelled as it is
	code     bool // the query is a registration mark (registrationMark): its parts must agree exactly
	// sylPos is the token's place among the given-name syllables of a
	// syllabic name (see syllableGiven), else -1.
	sylPos int8

	// exp as a list in fold id order, the postings it reaches and its
	// best bound: what collect walks and sorts by, set by prepareQuery.
	list []foldBound
	cost int
	top  float64
}

// foldBound is a fold key and the best score a query token can reach
// against it.
type foldBound struct {
	f int32
	s float64
}

// listed is one listed name prepared for scoring.
type listed struct {
	toks     [maxTokens]*name.Token
	w        [maxTokens]float64
	id       [maxTokens]int32 // token ids in the index, -1 without one
	fold     [maxTokens]int32 // fold ids in the index, -1 when not indexed
	n        int
	initials bool // a single letter may stand for a name (persons' names)
	person   bool // a person's name: a middle name the query adds costs little
	// entMiddle says which of the entity's names have a middle name,
	// patronymic or forebear's name (see middleKinds): then one the query
	// adds that this name lacks is not left out but another (the entity's
	// other name would have had it).
	entMiddle uint8
	roleMasks
}

// roleMasks mark the tokens of a name by role (see name.Roles): bit j for
// token j.
type roleMasks struct {
	middle uint32 // a middle name, patronymic or forebear's name: routinely left out
	title  uint32 // a title or honorific: costs nothing when the other side lacks it
	own    uint32 // the person's own given name, in a name with a nasab chain
	nasab  uint32 // a forebear's name in a nasab chain (after bin, ibn)
	// syllabic says every word is a romanised Chinese or Korean
	// syllable: no fuzzy credit between two of them.
	syllabic bool
	// middleKinds says which kinds of middle part the name's words
	// include; words counts the name's words.
	middleKinds uint8
	words       uint8
	typed       bool // written in ASCII (typedLatin)
	code        bool // a registration mark (registrationMark): its parts must agree exactly
	// sylGiven marks the given-name syllables of a syllabic name (see
	// syllableGiven).
	sylGiven uint32
	chainOrder
}

// chainOrder marks the words of a person's name that make its chain of
// given and forebears' names ("Yusuf bin Hamid", "Yusuf Hamid" before the
// family name), whose order is part of the name, and where the name
// starts when read in natural order ("SURNAME, Given" starts after the
// comma).
type chainOrder struct {
	chain uint32 // bit j: token j is in the chain
	start uint8  // index of the first token in natural order
	n     uint8  // tokens
	link  bool   // the name writes a link (bin, ibn, bint, ould): its chain is explicit
}

// pos is token j's place in the name read in natural order.
func (c *chainOrder) pos(j int) int {
	if j >= int(c.start) {
		return j - int(c.start)
	}
	return j + int(c.n) - int(c.start)
}

// nasabLinks are the words that link a name to a forebear's.
func isNasabLink(t string) bool {
	switch t {
	case "bin", "ibn", "ben", "bint", "binti", "ould", "uld", "wuld", "ibnu", "bn":
		return true
	}
	return false
}

// chainOf finds the chain of a name with roles: read in natural order
// (given names first: start is commaStart of the name), the name words up to the
// name after the last link ("Nabil Toumeh bin Mohammed": all three), or,
// when the name writes no link, the name words before the family name.
func chainOf(start int, toks []name.Token, roles []name.Role) chainOrder {
	n := min(len(toks), maxTokens)
	c := chainOrder{n: uint8(n)}
	if n < 2 {
		return c
	}
	if start > 0 && start < n {
		c.start = uint8(start)
	}
	word := func(j int) bool {
		return toks[j].Kind == name.KindWord && roles[j] != name.RoleTitle && roles[j] != name.RoleParticle && !isNasabLink(toks[j].Text)
	}
	at := func(k int) int { return (k + int(c.start)) % n } // token at natural place k
	last := -1
	for k := 1; k+1 < n; k++ {
		if j := at(k); isNasabLink(toks[j].Text) && word(at(k-1)) {
			for k2 := k + 1; k2 < n; k2++ {
				if word(at(k2)) {
					last = k2
					break
				}
				if toks[at(k2)].Kind != name.KindStop {
					break
				}
			}
		}
	}
	if last >= 0 {
		c.link = true
		for k := 0; k <= last; k++ {
			if j := at(k); word(j) {
				c.chain |= 1 << j
			}
		}
		return c
	}
	// No link: the family name is the part before the comma, or the last
	// word.
	lastWord := -1
	for k := 0; k < n; k++ {
		if word(at(k)) {
			lastWord = k
		}
	}
	for k := 0; k < n; k++ {
		j := at(k)
		if word(j) && (c.start > 0 && j >= int(c.start) || c.start == 0 && k != lastWord) {
			c.chain |= 1 << j
		}
	}
	return c
}

// Kinds of middle part, as bits of roleMasks.middleKinds.
const (
	hasPatronymic = 1 << iota // a patronymic by its ending: Ivanovich
	hasNasab                  // a forebear's name after bin, ibn
	hasMiddle                 // another middle name
)

// missingCost is what listed token j costs when the query lacks it.
func (l *listed) missingCost(j int) float64 {
	switch {
	case l.title&(1<<j) != 0:
		return 0
	case l.middle&(1<<j) != 0:
		return alphaMiddle * l.w[j]
	}
	return alphaMissing * l.w[j]
}

// missingRule names the role that set a missing listed token's cost.
func (l *listed) missingRule(j int) string {
	switch {
	case l.title&(1<<j) != 0:
		return RuleTitle
	case l.nasab&(1<<j) != 0 || l.middle&(1<<j) != 0 && name.IsPatronymic(l.toks[j].Text):
		return RulePatronymic
	case l.middle&(1<<j) != 0:
		return RuleMiddle
	}
	return RuleMissing
}

// nameKind says what Roles may look for in a name of schema s.
func nameKind(s embargo.Schema) name.NameKind {
	switch s {
	case embargo.SchemaPerson:
		return name.NamePerson
	case embargo.SchemaUnknown:
		return name.NameUnknown
	}
	return name.NameOther
}

// listedRoles computes the role masks of a listed name: middleMask for a
// person's name, and from name.Roles the titles (persons and names of
// unknown kind) and the nasab chain.
func listedRoles(text string, toks []name.Token, s embargo.Schema) roleMasks {
	m := roleMasksOf(text, toks, s)
	for j := range min(len(toks), maxTokens) {
		switch {
		case toks[j].Kind != name.KindWord:
		case m.nasab&(1<<j) != 0:
			m.middleKinds |= hasNasab
		case m.middle&(1<<j) == 0:
		case name.IsPatronymic(toks[j].Text):
			m.middleKinds |= hasPatronymic
		default:
			m.middleKinds |= hasMiddle
		}
	}
	return m
}

func roleMasksOf(text string, toks []name.Token, s embargo.Schema) roleMasks {
	m := roleMasks{syllabic: syllabic(toks), typed: typedLatin(text), code: registrationMark(text, s)}
	for j := range toks {
		if toks[j].Kind == name.KindWord && m.words < 255 {
			m.words++
		}
	}
	kind := nameKind(s)
	if kind == name.NameOther {
		return m
	}
	start := commaStart(text)
	if kind == name.NamePerson && !m.syllabic {
		m.middle = middleMask(start, toks)
	}
	roles := name.Roles(text, toks, kind)
	chain := slices.Contains(roles, name.RoleNasab)
	if !m.syllabic {
		m.chainOrder = chainOf(start, toks, roles)
	} else {
		m.sylGiven = syllableGiven(start, toks)
	}
	for j, r := range roles {
		if j == maxTokens {
			break
		}
		switch {
		case r == name.RoleTitle:
			m.title |= 1 << j
			m.middle &^= 1 << j
		case r == name.RoleNasab:
			m.nasab |= 1 << j
		case r == name.RoleGiven && chain:
			m.own |= 1 << j
		}
	}
	return m
}

// registrationMark reports whether the name of an aircraft (schema s) is
// its registration mark: one word of two to ten letters and digits with a
// nationality prefix set off by a hyphen ("UR-CKJ", "EP-MNA") or with a
// digit ("N123AB", "4LAAA"). Such a name is a code whose every character
// counts; no romanisation or typo rule applies to it.
func registrationMark(text string, s embargo.Schema) bool {
	if s != embargo.SchemaAircraft {
		return false
	}
	text = strings.TrimSpace(text)
	n, hyphen, digit := 0, -1, false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c >= '0' && c <= '9':
			digit = true
			n++
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
			n++
		case c == '-' && hyphen < 0 && i > 0 && i <= 3:
			hyphen = i
		default:
			return false
		}
	}
	return n >= 2 && n <= 10 && (hyphen > 0 || digit)
}

// syllabic reports whether every word of a name is a romanised Chinese or
// Korean syllable: then none is a middle name that may be left out.
func syllabic(toks []name.Token) bool {
	n := 0
	for i := range toks {
		if toks[i].Kind == name.KindWord {
			if !toks[i].Syllable {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// setQueryRoles tags the query tokens with their roles.
func setQueryRoles(text string, qs []qtok, s embargo.Schema) {
	kind := nameKind(s)
	toks := make([]name.Token, len(qs))
	for i := range qs {
		toks[i] = qs[i].t
	}
	roles := name.Roles(text, toks, kind)
	chain := slices.Contains(roles, name.RoleNasab)
	syl := syllabic(toks)
	typed := typedLatin(text)
	code := registrationMark(text, s)
	var c chainOrder
	var given uint32
	if kind != name.NameOther && !syl {
		c = chainOf(commaStart(text), toks, roles)
	} else if syl {
		given = syllableGiven(commaStart(text), toks)
	}
	pos := 0
	for i, r := range roles {
		qs[i].role = r
		qs[i].own = r == name.RoleGiven && chain
		qs[i].syllabic = syl
		qs[i].chainPos = -1
		if i < maxTokens && c.chain&(1<<i) != 0 {
			qs[i].chainPos = int8(c.pos(i))
		}
		qs[i].link = c.link
		qs[i].sylPos = -1
		if i < maxTokens && given&(1<<i) != 0 {
			qs[i].sylPos = int8(pos)
			pos++
		}
		qs[i].typed = typed
		qs[i].code = code
	}
}

// optionalCost is the least share of its weight a query token costs when
// the listed name lacks it: nothing for a title, little for a middle name,
// patronymic or forebear's name, all of it otherwise.
func optionalCost(r name.Role) float64 {
	switch r {
	case name.RoleTitle:
		return 0
	case name.RolePatronymic, name.RoleNasab:
		return alphaMiddle
	case name.RoleMiddle, name.RoleParticle:
		return alphaMissing
	}
	return 1
}

// unmatchedCost is what an unexplained query token costs against listed
// name l, and the rule that says why. conflict says the listed name has
// an unexplained part of its own that this token disagrees with.
func unmatchedCost(q *qtok, l *listed, conflict bool) (float64, string) {
	switch q.role {
	case name.RoleTitle:
		return 0, RuleTitle
	case name.RolePatronymic:
		if !conflict && l.entMiddle&hasPatronymic == 0 && l.initials && l.words >= 2 {
			return alphaMiddle, RulePatronymic
		}
	case name.RoleNasab:
		if !conflict && l.entMiddle&hasNasab == 0 && l.initials && l.words >= 2 {
			return alphaMiddle, RulePatronymic
		}
	case name.RoleMiddle:
		if !conflict && l.entMiddle&(hasMiddle|hasNasab) == 0 && l.person && l.words >= 2 {
			return alphaMissing, RuleMiddle
		}
	case name.RoleParticle:
		// "bin", "al", "van" one side writes and the other leaves out.
		return alphaMissing, RuleUnmatched
	}
	if conflict {
		return 1, RuleConflict
	}
	return 1, RuleUnmatched
}

// commaStart is the number of tokens before the comma of "SURNAME, Given"
// (where the given names start), or -1 for a name without a comma.
func commaStart(text string) int {
	if c := strings.IndexByte(text, ','); c >= 0 {
		return len(name.Tokens(text[:c]))
	}
	return -1
}

// middleMask marks the tokens of a person's name that are middle names or
// patronymics: in "SURNAME, Given Middle Names" the given names after the
// first, in "Given Middle Surname" those between the first and the last,
// and anywhere a token with a patronymic ending (-ovich, -evna, -oglu,
// -kyzy) or one that follows bin/ibn/ben/bint.
func middleMask(start int, toks []name.Token) uint32 {
	var m uint32
	n := min(len(toks), maxTokens)
	if start >= 0 {
		first := start + 1 // the first given name
		for j := first; j < n; j++ {
			m |= 1 << j
		}
	} else if n >= 3 {
		for j := 1; j < n-1; j++ {
			m |= 1 << j
		}
	}
	for j := 0; j < n; j++ {
		t := toks[j].Text
		if isPatronymic(t) || j > 0 && (toks[j-1].Text == "bin" || toks[j-1].Text == "ibn" || toks[j-1].Text == "ben" || toks[j-1].Text == "bint") {
			m |= 1 << j
		}
	}
	return m
}

func isPatronymic(t string) bool {
	for _, suf := range []string{"ovich", "evich", "ovych", "evych", "ovitch", "evitch", "ovna", "evna", "ivna", "oglu", "ogly", "kyzy", "qizi"} {
		if len(t) > len(suf)+2 && strings.HasSuffix(t, suf) {
			return true
		}
	}
	return false
}

// tokenSim compares a query token with a listed token and returns the
// score of the strongest rule that holds.
//
// initials says whether a single letter may stand for a name: in persons'
// names, not in "M-VITO" or "A.W.A. Engineering". lsyllabic says the
// listed name is a Chinese or Korean name of romanised syllables; ltyped
// says it is written in ASCII letters (see otherName).
func tokenSim(q *qtok, l *name.Token, lfold int32, initials, lsyllabic, ltyped bool) (float64, string) {
	qt := &q.t
	if qt.Kind == name.KindLegal || l.Kind == name.KindLegal {
		if qt.Kind == l.Kind {
			if s := name.LegalFormSimilarity(qt.Text, l.Text) * simLegal; s > 0 {
				return s, RuleLegalForm
			}
		}
		return 0, ""
	}
	if qt.Text == l.Text {
		return simExact, RuleExact
	}
	if qt.Kind == name.KindInitial || l.Kind == name.KindInitial {
		if !initials || qt.Kind == l.Kind || qt.Text == "" || l.Text == "" {
			return 0, ""
		}
		if qt.Text[0] == l.Text[0] || qt.Fold != "" && l.Fold != "" && qt.Fold[0] == l.Fold[0] {
			return simInitial, RuleInitial
		}
		return 0, ""
	}
	if (qt.Kind == name.KindNumber) != (l.Kind == name.KindNumber) {
		return 0, ""
	}
	if qt.Fold == l.Fold {
		return simVariant, RuleVariant
	}
	bound := simExact // the best this pair can score, as the index found it
	if q.exp != nil && lfold >= 0 {
		var ok bool
		if bound, ok = q.exp[lfold]; !ok {
			// The index found every listed key within reach of the query
			// token (equivalents, sound-alikes, and keys and spellings
			// within the edit budget: one edit for a token some listed
			// name has, two for one no listed name has); this one is not.
			return 0, ""
		}
	}
	if qt.Kind == name.KindNumber {
		return 0, ""
	}
	best, rule := 0.0, ""
	if qt.PetForms && l.PetForms && name.IsNicknameOf(qt.Fold, l.Fold) {
		best, rule = simNickname, RuleNickname
	}
	if qt.Equiv != "" && qt.Equiv == l.Equiv {
		best, rule = simEquivalent, RuleEquivalent
		if qt.Nickname || l.Nickname {
			best, rule = simNickname, RuleNickname
		}
		if qt.Inflected {
			best, rule = simInflection, RuleInflection
		}
	}
	syllables := qt.Origin == name.OriginHan || l.Origin == name.OriginHan || q.syllabic && lsyllabic && qt.Syllable && l.Syllable
	if !syllables {
		// A pinyin syllable one letter off another is another character
		// ("jin" is not "jian"), a Korean one another name part ("Chol Ul"
		// is not "Chol Il"): Han-script tokens and two romanised syllables
		// match by spelling, key, equivalence and sound only.
		if s := max(fuzzySim(qt.Fold, l.Fold), fuzzySim(qt.Text, l.Text)); s > best {
			best, rule = s, RuleFuzzy
		}
	}
	if best < simPhonetic && phoneticMatch(qt, l) && (!syllables || sameRime(qt.Fold, l.Fold)) {
		best, rule = simPhonetic, RulePhonetic
	}
	if best < simConvention && bound >= simConvention && !(qt.Syllable && l.Syllable) && min(len(qt.Fold), len(l.Fold)) >= minConventionLen && name.SameConvention(qt.Fold, l.Fold) {
		best, rule = simConvention, RuleVariant
	}
	if best < simPhonetic && bound >= simPhonetic && syllables && qt.Syllable && l.Syllable && name.SyllableKey(qt.Text) == name.SyllableKey(l.Text) {
		// Two romanisations of one syllable: Jeong/Jong, Eun/Un, Gwang/Kwang.
		best, rule = simPhonetic, RulePhonetic
	}
	if s := skeletonSim(qt, l); s > best && (!syllables || !qt.Syllable || !l.Syllable || sameConsonants(qt.Text, l.Text)) {
		// Two romanised syllables (a Korean name read from Hangul against
		// a listed one) share a skeleton as two romanisations of one
		// syllable only when they differ in their vowels alone, which
		// romanisations spell variously (RR hyeon, MR hyon, customary
		// hyun); 신 sin is not 천 chun, nor 복 bok 백 paek.
		best, rule = s, RuleSkeleton
	}
	if (rule == RuleFuzzy || rule == RulePhonetic || rule == RuleSkeleton) && (readSyllable(qt, q.syllabic) && !l.Syllable || readSyllable(l, lsyllabic) && !qt.Syllable) {
		// A Chinese or Korean name read from its own script is syllables,
		// each a whole name part: one is another syllable's spelling or
		// nothing, not the sound of a word of another language (Hangul
		// 설 seol is not Chuol).
		return 0, ""
	}
	if (rule == RuleFuzzy || rule == RulePhonetic || rule == RuleSkeleton) && twoKnownNames(qt, l) && !sameLetterClasses(qt.Fold, l.Fold) {
		// Both are names of the built-in table, in different groups:
		// Mahmud is not Muhammad, Hasan not Husayn, however alike they
		// look or sound. (Letters of one class in the same places may be
		// one name romanised two ways: German Said for Zaid.)
		return 0, ""
	}
	if rule == RuleFuzzy && min(len(qt.Text), len(l.Text)) <= 2 {
		// A word of two letters is no typo of a longer one: a name one
		// letter off a two-letter particle ("Ali", "al") or syllable ("Li",
		// "Vli") is another word.
		return 0, ""
	}
	if (rule == RuleFuzzy || rule == RulePhonetic) && q.spelled && q.typed && !sameSkeleton(qt, l) {
		// The query's word is itself a listed name, spelled as the query
		// spells it (the index knows it),
		// and it differs from this one in a consonant no romanisation
		// folds: Molchanov is not Kolchanov, Matin not Marin, Samer not
		// Amer. A slip of the keyboard rarely makes another real name; a
		// different person's name does. The two disagree. (A query read
		// from another script is spelled by a table, not typed: "Park"
		// from Hangul is the listed Pak.)
		return 0, ""
	}
	if (rule == RuleFuzzy || rule == RulePhonetic) && otherName(qt.Fold, l.Fold, q.known, q.typed && ltyped && (q.exp == nil || len(qt.Fold) <= shortName)) {
		// Morris is not Norris, Mahri not Mahdi: two names, not a typo.
		best *= otherNameDiscount
	}
	if best < minTokenSim {
		return 0, ""
	}
	return best, rule
}

// readSyllable reports whether t is a syllable of a Chinese or Korean
// name of syllables (syllabic) read from its own script.
func readSyllable(t *name.Token, syllabic bool) bool {
	return syllabic && t.Syllable && t.Origin != name.OriginAlphabet
}

// minConventionLen is the shortest fold key compared by convention key:
// shorter names share it too often (Chan, Han).
const minConventionLen = 4

// conventionKey returns the convention key of a listed or query token
// (name.AppendConventionKey) and whether it has one: words of
// minConventionLen letters or more that are not romanised syllables.
func conventionKey(t *name.Token) (string, bool) {
	if t.Kind != name.KindWord || t.Syllable || len(t.Fold) < minConventionLen {
		return "", false
	}
	var b [64]byte
	return string(name.AppendConventionKey(b[:0], t.Fold)), true
}

// twoKnownNames reports whether two tokens are both members of the table
// of equivalent names (name.Equivalent, not as a nickname or an inflected
// form) in different groups: two different names, each known as such.
func twoKnownNames(a, b *name.Token) bool {
	return a.Equiv != "" && b.Equiv != "" && a.Equiv != b.Equiv && !a.Nickname && !b.Nickname && !a.Inflected && !b.Inflected
}

// sameLetterClasses reports whether a and b have the same length and, at
// each place, the same letter or consonants of one class (consonantClass).
func sameLetterClasses(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] && (consonantClass(a[i]) == 0 || consonantClass(a[i]) != consonantClass(b[i])) {
			return false
		}
	}
	return true
}

// sameSkeleton reports whether two tokens have the same consonants in
// the same order, as spelled or as folded, up to the classes
// romanisations swap (consonantClass: b/p, d/t, g/k/q/c/j, s/z/x) and
// leaving out what romanisations write or drop at will: vowels, h
// (Hossein, Husayn; Mahdi, Mehdi; Fattah, Fatah), v and w (Jibawi,
// Djibaoui) and doubled letters. The digraphs sh and zh count as an s,
// kh and gh as a g, th and dh as a d; ch, which spells ch, kh or sh by
// language (German Chan for Khan, French Hicham for Hisham, Turkish ç),
// agrees with any of those or with nothing. It is finer than name.Skeleton
// (l and r, m and n stay apart) and coarser than sameConsonants.
func sameSkeleton(a, b *name.Token) bool {
	var ba, bb [32]byte
	return skeletonEqual(consonants(a.Text, ba[:0]), consonants(b.Text, bb[:0])) ||
		skeletonEqual(consonants(a.Fold, ba[:0]), consonants(b.Fold, bb[:0]))
}

// consonants appends the consonant classes of s to dst (see sameSkeleton),
// '*' for a ch.
func consonants(s string, dst []byte) []byte {
	var prev byte
	for k := 0; k < len(s); k++ {
		c := consonantClass(s[k])
		if s[k] == 'c' && k+1 < len(s) && strings.IndexByte("eiy", s[k+1]) >= 0 {
			c = 's' // a soft c: Defence, Defense
		}
		if k+1 < len(s) && s[k+1] == 'h' && c != 0 && c != 'h' {
			switch c {
			case 's':
				// sh, zh
			case 'g':
				if s[k] == 'c' {
					c = '*'
				}
			}
			k++ // the h
		}
		if c == 0 || c == 'h' || c == 'f' && s[k] != 'f' && s[k] != 'h' {
			prev = 0
			continue
		}
		if c != prev {
			dst = append(dst, c)
		}
		prev = c
	}
	return dst
}

// skeletonEqual compares two consonant skeletons, where '*' (a ch) matches
// a g, an s or nothing.
func skeletonEqual(a, b []byte) bool {
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] == '*' && b[0] != '*':
			return skeletonEqual(a[1:], b) || (b[0] == 'g' || b[0] == 's') && skeletonEqual(a[1:], b[1:])
		case b[0] == '*' && a[0] != '*':
			return skeletonEqual(a, b[1:]) || (a[0] == 'g' || a[0] == 's') && skeletonEqual(a[1:], b[1:])
		case a[0] != b[0]:
			return false
		}
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && a[0] == '*' {
		a = a[1:]
	}
	for len(b) > 0 && b[0] == '*' {
		b = b[1:]
	}
	return len(a) == 0 && len(b) == 0
}

// otherNameDiscount scales the typo credit of two names that differ in one
// consonant that no romanisation confuses (see otherName).
const otherNameDiscount = 0.6

// otherName reports whether two fold keys of equal length differ in one
// consonant only, of two sounds no romanisation confuses (m and n, r and
// d, l and r; not c and k or v and w), at the start of the name (where
// any letter but h makes another name at any length), anywhere
// when the query's own key is a listed name (known), and elsewhere when
// the two letters are not neighbours on the keyboard, or stand between
// vowels in a short name, and both names were
// typed in Latin letters (typed, which the caller says without an index,
// and with one only for short words: an index knows whether the query's
// name is a listed one, and a longer query word no listed name has is no
// other listed person's name, but likely a slip, while short names are so
// dense that one the lists lack is as likely another person's): then they
// are two names, as Morris and
// Norris, Mahri and Mahdi, Alisov and Abisov, not one name mistyped. A
// typist's slip lands on a neighbouring key (Petrob for Petrov); a
// romanisation swaps letters of one class; any other consonant spells
// another name. A name read from another script ("Vlakimir" from the
// Chinese characters for Vladimir) differs by what the script cannot
// write, not by a slip, so there the keyboard says nothing.
func otherName(a, b string, known, typed bool) bool {
	if len(a) != len(b) || len(a) > 12 {
		return false
	}
	at := -1
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	if at < 0 {
		return false
	}
	ca, cb := consonantClass(a[at]), consonantClass(b[at])
	if confusable(a[at], b[at]) || confusable(b[at], a[at]) || at > 0 && (a[at] == 'h' || b[at] == 'h') || ca == 0 || cb == 0 || ca == cb {
		return false
	}
	if at == 0 && a[0] != 'h' && b[0] != 'h' {
		// The first letter is the one a typist gets right (a slip lands
		// inside the word), and one that no romanisation swaps makes
		// another name at any length: Molchanov, Kolchanov.
		return true
	}
	if known || at == 0 {
		// A longer name's first letter differs between romanisations
		// more often than it names another person (Ukrainian Hotsaniuk,
		// Russian Gotsanyuk).
		return len(a) <= 8
	}
	if (a[at] == 'l' && sunLetter(b[at]) || b[at] == 'l' && sunLetter(a[at])) && articleAt(a, at) {
		return false // the article assimilated: Abdul Rahman, Abdur Rahman
	}
	// Short names are dense: a consonant changed between vowels in a
	// five-letter name mostly spells another name (Farah, Fatah; Matin,
	// Marin; Kafan, Katan), so there even a neighbouring key is taken for
	// another name. Not so two nasals, which ears and spellers confuse
	// (the SDN list gives one person as Mpamo and Mpano); and a slip next
	// to another consonant mostly makes a cluster no name has (Omfan for
	// Omran, Kyobg for Kyong).
	short := len(a) <= shortName && betweenVowels(a, at) && !nasals(a[at], b[at])
	return typed && (short || !keyNeighbours(a[at], b[at]))
}

// nasals reports two nasals, m and n.
func nasals(x, y byte) bool {
	return (x == 'm' || x == 'n') && (y == 'm' || y == 'n')
}

// betweenVowels reports whether the letter at i of a folded name stands
// between vowels, or after a vowel at the end of the name; h counts as a
// vowel, as romanisations write or drop it after one (Mehdi, Medi).
func betweenVowels(a string, i int) bool {
	v := func(c byte) bool { return c == 'h' || consonantClass(c) == 0 }
	return i > 0 && v(a[i-1]) && (i+1 == len(a) || v(a[i+1]))
}

// shortName is the length up to which a consonant that differs makes
// another name even when a slip of the keyboard could have made it (see
// otherName).
const shortName = 5

// articleAt reports whether the letter at i of a folded name is the l of
// an Arabic article written into it: "al"/"el"/"ul" opening the name, or
// after "abd" ("abdul", "abdel").
func articleAt(a string, i int) bool {
	if i == 0 || strings.IndexByte("aeu", a[i-1]) < 0 {
		return false
	}
	return i == 1 || i == 4 && strings.HasPrefix(a, "abd")
}

// sunLetter reports the letters the Arabic article al- assimilates to
// when romanised as pronounced (ar-Rahman, as-Salam, ad-Din).
func sunLetter(c byte) bool { return strings.IndexByte("rsdtnz", c) >= 0 }

// typedLatin reports whether a name is written in ASCII, not in another
// script or with diacritics.
func typedLatin(raw string) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] >= 0x80 {
			return false
		}
	}
	return true
}

// keyRows are the letter rows of a QWERTY keyboard, each row set off by
// half a key from the one above.
var keyRows = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keyNeighbours reports whether two letters are neighbouring keys: side by
// side in a row, or touching in the row above or below.
func keyNeighbours(x, y byte) bool {
	rx, ix := keyPos(x)
	ry, iy := keyPos(y)
	switch {
	case rx < 0 || ry < 0:
		return false
	case rx == ry:
		return abs(ix-iy) == 1
	case ry == rx+1: // y below x: below-left and below-right of x
		return iy == ix || iy == ix-1
	case ry == rx-1:
		return iy == ix || iy == ix+1
	}
	return false
}

func keyPos(c byte) (row, i int) {
	for r, s := range keyRows {
		if i := strings.IndexByte(s, c); i >= 0 {
			return r, i
		}
	}
	return -1, -1
}

// confusable reports the pairs of letters that romanisations swap across
// classes: z for the d of Arabic dad and dhal, c for s (French ch is sh;
// Hicham, Hisham), l for w and v (Polish ł), x for k (Guberex, Guberek).
// (Inside a name, otherName also lets h stand for any consonant: it is the
// second letter of the digraphs one spelling writes and another leaves
// out or folds: Sheikh and Sheik, Baheri and Bakeri, Tereshchenko and
// Tereşçenko.)
func confusable(x, y byte) bool {
	switch x {
	case 'x':
		return y == 'k' || y == 'g' || y == 'c' || y == 'q'
	case 'k', 'g', 'q':
		return y == 'x'
	}
	switch x {
	case 'z':
		return y == 'd' || y == 't'
	case 'c':
		return y == 's' || y == 'z' || y == 'x'
	case 'l':
		return y == 'w' || y == 'v'
	}
	return false
}

// consonantClass groups the consonants romanisations and typists confuse;
// 0 for a vowel or another character.
func consonantClass(c byte) byte {
	switch c {
	case 'b', 'p':
		return 'b'
	case 'd', 't':
		return 'd'
	case 'g', 'k', 'c', 'q', 'j':
		return 'g'
	case 'f', 'v', 'w':
		return 'f'
	case 's', 'z', 'x':
		return 's'
	case 'h', 'l', 'm', 'n', 'r':
		return c
	}
	return 0
}

// phoneticMatch reports whether two tokens sound alike: equal sound keys
// of at least minPhoneticLen classes, and spellings no further apart than
// a third of their length, or, for keys of four classes or more (three
// consonants agree), lengths within two. The key alone is too coarse for
// short names: it drops vowels ("Konig" and "Gyong" share one).
func phoneticMatch(a, b *name.Token) bool {
	if len(a.Phonetic) < minPhoneticLen || a.Phonetic != b.Phonetic {
		return false
	}
	return phoneticClose(a.Fold, b.Fold, len(a.Phonetic))
}

// sameConsonants reports whether a and b have the same letters but for
// their vowels (a, e, i, o, u, w, y): the finest of the three consonant
// comparisons (name.Skeleton, sameSkeleton, sameConsonants; see
// TestConsonantRules for why they stay three).
func sameConsonants(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && strings.IndexByte("aeiouwy", a[i]) >= 0 {
			i++
		}
		for j < len(b) && strings.IndexByte("aeiouwy", b[j]) >= 0 {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// sameRime reports whether two syllables differ at most in their initial
// consonants, as the romanisations of one Chinese syllable do (pinyin
// zheng, Wade-Giles cheng): "ming" and "mining" share a sound key but not
// a rime.
func sameRime(a, b string) bool {
	rime := func(s string) string {
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case 'a', 'e', 'i', 'o', 'u':
				return s[i:]
			}
		}
		return s
	}
	return rime(a) == rime(b)
}

// skeletonSim scores two tokens with the same consonant skeleton when one
// of them comes from a name written in an inexact script, 0 otherwise.
func skeletonSim(a, b *name.Token) float64 {
	if a.Origin != name.OriginInexact && b.Origin != name.OriginInexact || a.Skeleton == "" || a.Skeleton != b.Skeleton {
		return 0
	}
	return skeletonScore(a.Skeleton)
}

func skeletonScore(sk string) float64 {
	switch n := name.SkeletonLen(sk); {
	case n >= 3:
		return simSkeleton
	case n >= minSkeletonLen:
		return simSkeletonShort
	}
	return 0
}

func phoneticClose(a, b string, keyLen int) bool {
	if keyLen >= 4 && abs(len(a)-len(b)) <= 2 {
		return true
	}
	n := max(len(a), len(b))
	k := max(1, n/3)
	return name.DamerauLevenshtein(a, b, k) <= k
}

// fuzzySim scores two tokens by edit distance: 1 - d/n for n the
// longer length, within maxEdits(n), and never above maxFuzzy.
//
// Two typing errors in one short token ("Jsesu" for "Jesus") are beyond
// the edit budget but keep most letters in place; Jaro-Winkler sees that,
// so tokens of four letters or more with the same first letter, at most
// two edits apart and of lengths within one (JW rewards a shared prefix:
// "Fang" is not "Fangwei"), also score by it, discounted: JW 0.88 scores
// about as much as a 2-edit typo in a longer token.
func fuzzySim(a, b string) float64 {
	n := max(len(a), len(b))
	k := maxEdits(n)
	if k == 0 || abs(len(a)-len(b)) > 2 {
		return 0
	}
	s := 0.0
	d := name.DamerauLevenshtein(a, b, 1) // linear time
	if d > 1 && (k == 2 || n >= 4 && a[0] == b[0]) {
		d = name.DamerauLevenshtein(a, b, 2)
	}
	if d <= k {
		s = 1 - float64(d)/float64(n)
	}
	if s < 0.8 && d <= 2 && min(len(a), len(b)) >= 4 && abs(len(a)-len(b)) <= 1 && a[0] == b[0] {
		if jw := name.JaroWinkler(a, b); jw >= jwFloor {
			s = max(s, jw-jwDiscount)
		}
	}
	return min(maxFuzzy, s)
}

const (
	jwFloor    = 0.88
	jwDiscount = 0.12
)

// pairing is the outcome of matching a query against one listed name.
type pairing struct {
	score  float64
	qMatch [maxTokens]int8 // listed token index per query token, -1 none, -2 compound
	qSim   [maxTokens]float64
	qRule  [maxTokens]string
	lUsed  [maxTokens]int8 // 0 free, 1 matched, 2 covered by an initial, 3 compound (4 while costing a conflict)
	qComp  [maxTokens]string
	qConf  [maxTokens]int8 // for an unmatched query token, the listed token it disagrees with, or -1
	// lQual marks the listed qualifiers the query lacks; qualFactor is
	// what the qualifiers multiplied the score by (see qualifiers).
	lQual      uint32
	qualFactor float64

	// Scratch space of scoreName.
	sim            [maxTokens][maxTokens]float64
	rule           [maxTokens][maxTokens]string
	rowMax, colMax [maxTokens]float64
}

// scoreName matches the query tokens against one listed name and returns
// the name score: the weighted share of the query the listed name
// explains, lowered for listed tokens the query lacks.
func scoreName(qs []qtok, l *listed, p *pairing) float64 {
	nq, nl := min(len(qs), maxTokens), l.n
	// The matrices live in p, reused from one listed name to the next: only
	// the nq x nl corner is written and read.
	sim, rule := &p.sim, &p.rule
	for i := 0; i < nq; i++ {
		p.qMatch[i], p.qSim[i], p.qRule[i], p.qComp[i] = -1, 0, RuleUnmatched, ""
		for j := 0; j < nl; j++ {
			sim[i][j], rule[i][j] = tokenSim(&qs[i], l.toks[j], l.fold[j], l.initials, l.syllabic, l.typed)
			if (qs[i].code || l.code) && rule[i][j] != RuleExact {
				// A registration mark is a code, not a name: UR-CKJ is
				// another aircraft than UR-CKY.
				sim[i][j], rule[i][j] = 0, ""
			}
			if (qs[i].role == name.RoleTitle || l.title&(1<<j) != 0) && rule[i][j] == RuleFuzzy {
				// A title is a word, not a name mistyped: "Col." is not
				// Chol, nor "Pan" Pak (it may still sound alike: Chaykh,
				// Shaykh).
				sim[i][j], rule[i][j] = 0, ""
			}
			if rule[i][j] == RuleInitial && qs[i].t.Kind != name.KindInitial && qs[i].w > weightInitial {
				// A full query name against a listed initial: the listed
				// name says no more than its first letter, so the pair is
				// worth no more than an initial.
				sim[i][j] *= weightInitial / qs[i].w
			}
			if sim[i][j] > 0 && (qs[i].own && l.nasab&(1<<j) != 0 || qs[i].role == name.RoleNasab && l.own&(1<<j) != 0) {
				sim[i][j], rule[i][j] = sim[i][j]*nasabSwap, RuleNasabOrder
			}
		}
	}
	for j := 0; j < nl; j++ {
		p.lUsed[j] = 0
	}
	// Names written together on one side and apart on the other, where no
	// token of either has a strong match of its own, are paired first:
	// "Li Fang Wei" and "LI, Fangwei" are one name, and "Fang" alone would
	// otherwise pair with "Fangwei" as a poor typo.
	rowMax, colMax := &p.rowMax, &p.colMax
	for j := 0; j < nl; j++ {
		colMax[j] = 0
	}
	for i := 0; i < nq; i++ {
		rowMax[i] = 0
		for j := 0; j < nl; j++ {
			rowMax[i] = max(rowMax[i], sim[i][j])
			colMax[j] = max(colMax[j], sim[i][j])
		}
	}
	compounds(qs[:nq], l, p, strongCompound, rowMax, colMax, false)
	acronyms(qs[:nq], l, p)
	// Greedy assignment by weighted score: the heaviest evidence is paired
	// first. Names are short, so this is as good as an optimal assignment
	// in practice and far cheaper.
	for {
		bi, bj, bv := -1, -1, 0.0
		for i := 0; i < nq; i++ {
			if p.qMatch[i] != -1 {
				continue
			}
			for j := 0; j < nl; j++ {
				if p.lUsed[j] != 0 || sim[i][j] == 0 {
					continue
				}
				// Tie-break towards exact pairs, then towards the listed
				// token's weight (pair "ali" with the rarer listed "ali").
				v := qs[i].w*sim[i][j] + 1e-6*sim[i][j] + 1e-9*l.w[j]
				if v > bv {
					bi, bj, bv = i, j, v
				}
			}
		}
		if bi < 0 {
			break
		}
		p.qMatch[bi], p.qSim[bi], p.qRule[bi] = int8(bj), sim[bi][bj], rule[bi][bj]
		if rule[bi][bj] == RuleInitial && l.toks[bj].Kind != name.KindInitial {
			p.lUsed[bj] = 2
		} else {
			p.lUsed[bj] = 1
		}
	}
	compounds(qs[:nq], l, p, minCompound, nil, nil, true)
	if nq > 0 && (qs[0].link || l.link) {
		chainInversions(qs[:nq], l, p)
	}
	if nq > 0 && qs[0].syllabic && l.syllabic {
		syllableInversions(qs[:nq], l, p)
	}
	// Unexplained parts on both sides disagree: each unexplained query
	// word is set against the next unexplained listed word.
	next := 0
	var num, den float64
	for i := 0; i < nq; i++ {
		if p.qMatch[i] != -1 {
			den += qs[i].w
			num += qs[i].w * p.qSim[i]
			continue
		}
		p.qConf[i] = -1
		if conflictKind(qs[i].t.Kind, l.initials) && qs[i].role != name.RoleTitle {
			for ; next < nl; next++ {
				if p.lUsed[next] == 0 && conflictKind(l.toks[next].Kind, l.initials) && l.title&(1<<next) == 0 && initialConflict(&qs[i], l, next) {
					p.qConf[i] = int8(next)
					p.lUsed[next] = 4
					next++
					break
				}
			}
		}
		c, r := unmatchedCost(&qs[i], l, p.qConf[i] >= 0)
		den += c * qs[i].w
		p.qRule[i] = r
	}
	for j := 0; j < nl; j++ {
		switch p.lUsed[j] {
		case 0:
			den += l.missingCost(j)
		case 2:
			den += alphaInitial * l.w[j]
		case 4:
			den += alphaConflict * l.w[j]
			p.lUsed[j] = 0
		}
	}
	if den == 0 {
		return 0
	}
	score := num / den
	if l.person && nq > 1 && companyQuery(&qs[nq-1].t) {
		// The query names a company (Marzoghi Ltd.), the listed name a
		// person: another kind of party.
		score *= legalPersonFactor
	}
	p.score = qualifiers(qs[:nq], l, p, score)
	return p.score
}

// conflictKind reports whether an unexplained token of kind k can
// disagree with one of the other name: a word, or in a person's name an
// initial (an initial that did not pair with the other side's name is
// another name: "Oluwole A." is not "Oluwole Sajjid").
func conflictKind(k name.Kind, initials bool) bool {
	return k == name.KindWord || initials && k == name.KindInitial
}

// initialConflict reports whether query token q and listed token j, when
// either is an initial, are both given names (an initial and a family
// name are two parts that do not align: "GORRIN, Raul A" and "GORRIN
// BELISARIO, Raul").
func initialConflict(q *qtok, l *listed, j int) bool {
	switch {
	case q.t.Kind == name.KindInitial && l.toks[j].Kind == name.KindInitial:
		return true
	case q.t.Kind == name.KindInitial:
		return l.chain&(1<<j) != 0
	case l.toks[j].Kind == name.KindInitial:
		return q.chainPos >= 0
	}
	return true
}

// companyQuery reports whether the last token of a query, t, is a
// company's legal form that is no name as well: three letters or more
// and not a romanised Chinese or Korean syllable (Pao, Co).
func companyQuery(t *name.Token) bool {
	return t.Kind == name.KindLegal && len(t.Text) >= 3 && !name.IsSyllable(t.Text)
}

// chainInversions lowers the pairs of a name chain that the two names give
// in opposite orders, when either writes a nasab link: "Marwan bin
// Bilal" is not "BIN MARWAN, Bilal" (Bilal bin Marwan), nor "Nabil
// Mohammed bin Toumeh" "TOUMEH BIN MOHAMMED, Nabil": a father's name read
// as the son's, or a grandfather's as the father's. Each pair of pairs
// whose order disagrees counts against both.
func chainInversions(qs []qtok, l *listed, p *pairing) {
	var bad uint32
	for i := range qs {
		j := p.qMatch[i]
		if j < 0 || qs[i].chainPos < 0 || l.chain&(1<<j) == 0 {
			continue
		}
		for i2 := i + 1; i2 < len(qs); i2++ {
			j2 := p.qMatch[i2]
			if j2 < 0 || qs[i2].chainPos < 0 || l.chain&(1<<j2) == 0 {
				continue
			}
			if (qs[i].chainPos < qs[i2].chainPos) != (l.pos(int(j)) < l.pos(int(j2))) {
				bad |= 1<<i | 1<<i2
			}
		}
	}
	for i := range qs {
		if bad&(1<<i) != 0 && p.qRule[i] != RuleNasabOrder {
			p.qSim[i] *= chainInversion
			p.qRule[i] = RuleNasabOrder
		}
	}
}

// syllableGiven returns the mask of the given-name syllables of a name of
// romanised Korean or Chinese syllables: the words after the comma of
// "SURNAME, Given Name", else every word after the first (the surname
// comes first in these names).
func syllableGiven(start int, toks []name.Token) uint32 {
	var m uint32
	first := true
	for j := 0; j < len(toks) && j < maxTokens; j++ {
		if toks[j].Kind != name.KindWord {
			continue
		}
		if start > 0 && j >= start || start <= 0 && !first {
			m |= 1 << j
		}
		first = false
	}
	return m
}

// syllableInversions lowers the pairs of given-name syllables that two
// syllabic names give in opposite orders: each syllable of a Korean or
// Chinese given name is a whole name part, and "RI, Eun Song" is
// another person than 리송은 (Ri Song Un).
func syllableInversions(qs []qtok, l *listed, p *pairing) {
	var bad uint32
	for i := range qs {
		j := p.qMatch[i]
		if j < 0 || qs[i].sylPos < 0 || l.sylGiven&(1<<j) == 0 {
			continue
		}
		for i2 := i + 1; i2 < len(qs); i2++ {
			j2 := p.qMatch[i2]
			if j2 < 0 || qs[i2].sylPos < 0 || l.sylGiven&(1<<j2) == 0 {
				continue
			}
			if (qs[i].sylPos < qs[i2].sylPos) != (j < j2) {
				bad |= 1<<i | 1<<i2
			}
		}
	}
	for i := range qs {
		if bad&(1<<i) != 0 {
			p.qSim[i] *= syllableInversion
			p.qRule[i] = RuleSyllableOrder
		}
	}
}

// compounds pairs what the greedy pass left over where one side writes
// as one token what the other writes as two ("Abdulaziz"/"Abdul Aziz",
// "Alhassan"/"Al Hassan", "Binladin"/"Bin Ladin").
//
// Pairs must score at least minSim. With rowMax and colMax (the best
// single-token score of each query and listed token), only tokens without
// a strong single match (below strongCompound) take part. With skeleton,
// adjacent tokens of a name read from an inexact script also pair by their
// consonant skeleton (compoundSkeleton).
func compounds(qs []qtok, l *listed, p *pairing, minSim float64, rowMax, colMax *[maxTokens]float64, skeleton bool) {
	nq, nl := len(qs), l.n
	weakQ := func(i int) bool { return rowMax == nil || rowMax[i] < strongCompound }
	weakL := func(j int) bool { return colMax == nil || colMax[j] < strongCompound }
	// The tokens that may still take part, as bit masks, so that a name
	// whose tokens all have a strong match of their own costs one pass:
	// free listed tokens that can be joined (halves), free listed words
	// (wholes) and free joinable query tokens (joinQ).
	var halves, wholes, joinQ uint32
	for j := 0; j < nl; j++ {
		if p.lUsed[j] == 0 && weakL(j) && joinable(l.toks[j]) {
			halves |= 1 << j
		}
		if p.lUsed[j] == 0 && weakL(j) && l.toks[j].Kind == name.KindWord {
			wholes |= 1 << j
		}
	}
	for i := 0; i < nq; i++ {
		if p.qMatch[i] == -1 && weakQ(i) && joinable(&qs[i].t) {
			joinQ |= 1 << i
		}
	}
	// One query token against two listed tokens: adjacent and in order
	// first, then (written exactly or as a variant) any two in any order,
	// as a name glued in the other order: "kingchandy" for "CHANDY, King".
	for i := 0; i < nq && bits.OnesCount32(halves) >= 2; i++ {
		if joinQ&(1<<i) == 0 || qs[i].t.Kind != name.KindWord {
			continue
		}
	listed:
		for pass := 0; pass < 2; pass++ {
			for j := 0; j < nl; j++ {
				if halves&(1<<j) == 0 {
					continue
				}
				kLo, kHi := 0, nl // pass 0: k = j+1 only
				if pass == 0 {
					kLo, kHi = j+1, min(j+2, nl)
				}
				for k := kLo; k < kHi; k++ {
					if pass == 1 && (k == j+1 || k == j) {
						continue
					}
					if halves&(1<<k) == 0 || qs[i].t.Syllable && l.toks[j].Syllable && l.toks[k].Syllable {
						// (One romanised syllable is never two: Ryong is not
						// Ri Yong.)
						continue
					}
					if pass == 1 && !isJoined(qs[i].t.Text, l.toks[j].Text, l.toks[k].Text) && !isJoined(qs[i].t.Fold, l.toks[j].Fold, l.toks[k].Fold) || !compoundPlausible(qs[i].t.Text, l.toks[j].Text, l.toks[k].Text) {
						continue
					}
					c := compoundToken(l.toks[j].Text + l.toks[k].Text)
					s, ok := compoundSim(&qs[i].t, &c), false
					if s < minSim && skeleton && pass == 0 {
						s = compoundSkeleton(&qs[i].t, c.Text, l.toks[j].Origin)
						ok = s > 0
					}
					if (ok || s >= minSim) && (pass == 0 || s >= simVariant) {
						p.qMatch[i], p.qSim[i], p.qRule[i] = -2, s, RuleCompound
						p.qComp[i] = l.toks[j].Text + " " + l.toks[k].Text
						p.lUsed[j], p.lUsed[k] = 3, 3
						halves &^= 1<<j | 1<<k
						wholes &^= 1<<j | 1<<k
						joinQ &^= 1 << i
						break listed
					}
				}
			}
		}
	}
	// Two query tokens against one listed token: adjacent and in order
	// first, then any two in any order. (Not the two syllables of a
	// Chinese or Korean name: one is the family name, which is written
	// apart; "Ma Li" is not Mali.)
	if nq > 0 && qs[0].syllabic && words(qs) == 2 {
		return
	}
	for pass := 0; pass < 2 && wholes != 0; pass++ {
		for i := 0; i < nq; i++ {
			for i2 := 0; i2 < nq; i2++ {
				if pass == 0 && i2 != i+1 || pass == 1 && (i2 == i+1 || i2 == i) {
					continue
				}
				if joinQ&(1<<i) == 0 || joinQ&(1<<i2) == 0 {
					continue
				}
				var c name.Token
				for j := 0; j < nl; j++ {
					if wholes&(1<<j) == 0 || !compoundPlausible(l.toks[j].Text, qs[i].t.Text, qs[i2].t.Text) || l.toks[j].Syllable && qs[i].t.Syllable && qs[i2].t.Syllable {
						continue
					}
					if pass == 1 && !isJoined(l.toks[j].Text, qs[i].t.Text, qs[i2].t.Text) && !isJoined(l.toks[j].Fold, qs[i].t.Fold, qs[i2].t.Fold) {
						continue
					}
					if c.Text == "" {
						c = compoundToken(qs[i].t.Text + qs[i2].t.Text)
					}
					s, ok := compoundSim(&c, l.toks[j]), false
					if s < minSim && skeleton && pass == 0 {
						s = compoundSkeleton(l.toks[j], c.Text, qs[i].t.Origin)
						ok = s > 0
					}
					if (ok || s >= minSim) && (pass == 0 || s >= simVariant) {
						for _, k := range []int{i, i2} {
							p.qMatch[k], p.qSim[k], p.qRule[k] = -2, s, RuleCompound
							p.qComp[k] = l.toks[j].Text
						}
						p.lUsed[j] = 3
						halves &^= 1 << j
						wholes &^= 1 << j
						joinQ &^= 1<<i | 1<<i2
						break
					}
				}
			}
		}
	}
}

// words counts the query's words.
func words(qs []qtok) int {
	n := 0
	for i := range qs {
		if qs[i].t.Kind == name.KindWord {
			n++
		}
	}
	return n
}

// acronyms pairs a run of single letters on one side ("K. L. M.", "J V")
// with the word they spell on the other ("KLM", "JV"), both ways. It runs
// before the greedy pass, which would pair each letter as an initial.
func acronyms(qs []qtok, l *listed, p *pairing) {
	nq, nl := len(qs), l.n
	// Query letters against a listed word.
	for i := 0; i+1 < nq; {
		k := i
		for k < nq && qs[k].t.Kind == name.KindInitial && p.qMatch[k] == -1 {
			k++
		}
		if k-i < 2 {
			i = max(k, i+1)
			continue
		}
		var b [maxTokens]byte
		for x := i; x < k; x++ {
			b[x-i] = qs[x].t.Text[0]
		}
		word := string(b[:k-i])
		for j := 0; j < nl; j++ {
			if p.lUsed[j] == 0 && l.toks[j].Kind == name.KindWord && l.toks[j].Text == word {
				for x := i; x < k; x++ {
					p.qMatch[x], p.qSim[x], p.qRule[x], p.qComp[x] = -2, simVariant, RuleAcronym, l.toks[j].Raw
				}
				p.lUsed[j] = 3
				break
			}
		}
		i = k
	}
	// Listed letters against a query word.
	for j := 0; j+1 < nl; {
		k := j
		for k < nl && l.toks[k].Kind == name.KindInitial && p.lUsed[k] == 0 {
			k++
		}
		if k-j < 2 {
			j = max(k, j+1)
			continue
		}
		var b [maxTokens]byte
		for x := j; x < k; x++ {
			b[x-j] = l.toks[x].Text[0]
		}
		word := string(b[:k-j])
		for i := 0; i < nq; i++ {
			if p.qMatch[i] == -1 && qs[i].t.Kind == name.KindWord && qs[i].t.Text == word {
				var raw []byte
				for x := j; x < k; x++ {
					raw = append(append(raw, l.toks[x].Raw...), ' ')
					p.lUsed[x] = 3
				}
				p.qMatch[i], p.qSim[i], p.qRule[i], p.qComp[i] = -2, simVariant, RuleAcronym, string(raw[:len(raw)-1])
				break
			}
		}
		j = k
	}
}

// isJoined reports whether whole is a and b written together.
func isJoined(whole, a, b string) bool {
	return len(whole) == len(a)+len(b) && strings.HasPrefix(whole, a) && strings.HasSuffix(whole, b)
}

// compoundPlausible is a cheap test that the joined token a+b may be
// close enough to whole: same first letter, lengths within two.
func compoundPlausible(whole, a, b string) bool {
	n := len(a) + len(b)
	return whole != "" && a != "" && whole[0] == a[0] && n-len(whole) <= 2 && len(whole)-n <= 2
}

// compoundToken makes the keys compoundSim needs for a joined token.
func compoundToken(text string) name.Token {
	return name.Token{Text: text, Fold: name.Fold(text), Equiv: name.Equivalent(text), Kind: name.KindWord}
}

func joinable(t *name.Token) bool { return t.Kind == name.KindWord || t.Kind == name.KindStop }

// compoundSkeleton scores a token against two adjacent tokens written
// together (joined, of origin o) by their consonant skeletons, when either
// side was read from an inexact script, as skeletonSim scores two tokens:
// Arabic کاکا زاده (kaka zadeh) is Kakazada, عبد الرحمن (abd al-rahman)
// Abderrahmane, خدايرحيم (khdairhim) Khudai Rahim. Skeletons of three
// consonants or more only; 0 otherwise.
func compoundSkeleton(whole *name.Token, joined string, o name.Origin) float64 {
	if whole.Origin != name.OriginInexact && o != name.OriginInexact || whole.Skeleton == "" {
		return 0
	}
	if sk := name.Skeleton(joined); sk == whole.Skeleton && name.SkeletonLen(sk) >= 3 {
		return simSkeleton
	}
	return 0
}

func compoundSim(a, b *name.Token) float64 {
	switch {
	case a.Text == b.Text:
		return simExact
	case a.Fold == b.Fold:
		return simVariant
	case a.Equiv != "" && a.Equiv == b.Equiv:
		return simEquivalent
	}
	return fuzzySim(a.Fold, b.Fold)
}

// pairwiseWeight weighs a token without an index: stop words, legal forms
// and initials little, given names common on sanctions lists less than
// other name parts.
func pairwiseWeight(t *name.Token) float64 {
	switch t.Kind {
	case name.KindStop:
		return weightStopMax
	case name.KindLegal:
		return weightLegal
	case name.KindInitial:
		return weightInitial
	case name.KindNumber:
		return weightWord
	}
	if name.IsGenericWord(t.Text) {
		return weightGenericMax
	}
	if name.IsCommonName(t.Text) {
		return weightCommon
	}
	return weightWord
}

// kindWeight caps an IDF weight by the token's kind.
func kindWeight(t *name.Token, idf float64) float64 {
	switch t.Kind {
	case name.KindStop:
		return min(idf, weightStopMax)
	case name.KindLegal:
		return weightLegal
	case name.KindInitial:
		return weightInitial
	case name.KindNumber:
		return min(idf, weightNumberMax)
	}
	if name.IsGenericWord(t.Text) {
		return min(idf, weightGenericMax)
	}
	return idf
}

// analyzeQuery tokenises a query name for matching.
func analyzeQuery(q embargo.Query) []name.Token {
	toks := name.Analyze(q.Name, analyzeOptionsFor(q.Schema))
	if len(toks) > maxTokens {
		toks = toks[:maxTokens]
	}
	return toks
}

// Score compares a query with one entity without an index, weighing tokens
// by kind instead of frequency, and returns the best match over the
// entity's names with its explanation. It serves monitoring (re-checking a
// known pair) and text scanning.
func Score(q embargo.Query, e *embargo.Entity) embargo.Match {
	toks := analyzeQuery(q)
	qs := make([]qtok, len(toks))
	for i := range toks {
		qs[i] = qtok{t: toks[i], w: pairwiseWeight(&toks[i])}
	}
	setQueryRoles(q.Name, qs, q.Schema)
	fq := prepareFeatures(q)
	best := embargo.Match{EntityID: e.ID, Source: e.Source, SourceID: e.SourceID, Schema: e.Schema, Name: e.Name, Programs: e.Programs}
	opts := analyzeOptionsFor(e.Schema)
	var bestP pairing
	var bestL listed
	bestScore, bestWeak, bestName := -1.0, false, ""
	type analysed struct {
		toks  []name.Token
		roles roleMasks
	}
	names, weak := listedNames(e)
	an := make([]analysed, len(names))
	entMiddle := uint8(0)
	for i, text := range names {
		an[i].toks = name.Analyze(text, opts)
		an[i].roles = listedRoles(text, an[i].toks, e.Schema)
		entMiddle |= an[i].roles.middleKinds
	}
	consider := func(k int, text string, weak bool) {
		lt := an[k].toks
		l := listed{initials: e.Schema == embargo.SchemaPerson || e.Schema == embargo.SchemaUnknown, person: e.Schema == embargo.SchemaPerson, entMiddle: entMiddle}
		l.roleMasks = an[k].roles
		for j := range lt {
			if j == maxTokens {
				break
			}
			l.toks[j], l.w[j], l.id[j], l.fold[j] = &lt[j], pairwiseWeight(&lt[j]), -1, -1
			l.n++
		}
		var p pairing
		s := scoreName(qs, &l, &p)
		if s-weakPenalty(weak, s) > bestScore-weakPenalty(bestWeak, bestScore) {
			bestScore, bestWeak, bestName, bestP, bestL = s, weak, text, p, l
		}
	}
	if len(qs) > 0 {
		for k, n := range names {
			consider(k, n, weak[k])
		}
	}
	if bestScore < 0 {
		bestScore = 0
	}
	best.MatchedName = bestName
	final, feats, contrib := applyFeaturesExplained(fq, e, bestScore, bestWeak)
	best.Score = final
	best.Explanation = explain(q.Name, qs, &bestL, &bestP, bestScore, bestName, final, feats)
	best.Explanation.Contributions = contrib
	return best
}

// listedNames are the names of e the index lists (Index.Add): every name,
// and the variants of those with a parenthesised part
// (name.ParenVariants), each with whether it is known only as a weak
// alias.
func listedNames(e *embargo.Entity) ([]string, []bool) {
	names := e.AllNames()
	weak := make([]bool, len(names))
	for i, n := range names {
		weak[i] = aliasWeak(e, n)
	}
	for i := range len(names) {
		for _, v := range name.ParenVariants(names[i]) {
			if !slices.Contains(names, v) {
				names = append(names, v)
				weak = append(weak, weak[i])
			}
		}
	}
	return names, weak
}

// aliasWeak reports whether text is known to e only as a weak alias.
func aliasWeak(e *embargo.Entity, text string) bool {
	if text == e.Name {
		return false
	}
	weak := false
	for _, a := range e.Aliases {
		if a.Name == text {
			if a.Quality != embargo.QualityWeak {
				return false
			}
			weak = true
		}
	}
	return weak
}

// weakAliasPenalty lowers a name score reached through a weak alias
// (OFAC's "low quality a.k.a."), unless the query is that alias exactly:
// weak aliases are short or generic and match by chance more often.
const weakAliasPenalty = 0.06

func weakPenalty(weak bool, nameScore float64) float64 {
	if weak && nameScore < 1 {
		return weakAliasPenalty
	}
	return 0
}

// CompareNames compares two bare names and returns the calibrated
// probability that they name the same party, of no known schema (see
// CompareNamesAs): 1 for names equal after normalisation.
func CompareNames(a, b string) float64 { return CompareNamesAs(a, b, embargo.SchemaUnknown) }

// CompareNamesAs compares two bare names of a party of schema s and
// returns the calibrated probability that they name the same one (see
// Calibration): 1 for names equal after normalisation. It is symmetric:
// each name is matched against the other and the better direction counts,
// so a name with a middle name left out still matches the full one.
func CompareNamesAs(a, b string, s embargo.Schema) float64 {
	return calibration.ApplyScript(s, compareNamesRaw(a, b, s), OtherScript(a) || OtherScript(b))
}

// compareNamesRaw is CompareNames' name score before calibration: the
// best of the names and their variants without parenthesised parts
// (name.ParenVariants), as the index lists them. The names of an
// organisation, vessel or aircraft are read as such (no initials, no
// persons' roles; company qualifiers must agree); a person's as a
// person's (middle names and patronymics either side lacks cost little,
// as they do against a listed person); any other as a name of unknown
// kind.
func compareNamesRaw(a, b string, s embargo.Schema) float64 {
	if nameKind(s) != name.NameOther && s != embargo.SchemaPerson {
		s = embargo.SchemaUnknown
	}
	best := compareNamesOne(a, b, s)
	va, vb := name.ParenVariants(a), name.ParenVariants(b)
	for _, x := range append(va, a) {
		for _, y := range append(vb, b) {
			if x != a || y != b {
				best = math.Max(best, compareNamesOne(x, y, s))
			}
		}
	}
	return best
}

func compareNamesOne(a, b string, s embargo.Schema) float64 {
	opts := name.AnalyzeOptions{LegalForms: true}
	ta, tb := name.Analyze(a, opts), name.Analyze(b, opts)
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	one := func(xs, ys string, x, y []name.Token) float64 {
		qs := make([]qtok, min(len(x), maxTokens))
		for i := range qs {
			qs[i] = qtok{t: x[i], w: pairwiseWeight(&x[i])}
		}
		setQueryRoles(xs, qs, s)
		l := listed{initials: nameKind(s) != name.NameOther, person: s == embargo.SchemaPerson, roleMasks: listedRoles(ys, y, s)}
		for j := range y {
			if j == maxTokens {
				break
			}
			l.toks[j], l.w[j], l.id[j], l.fold[j] = &y[j], pairwiseWeight(&y[j]), -1, -1
			l.n++
		}
		var p pairing
		return scoreName(qs, &l, &p)
	}
	return math.Max(one(a, b, ta, tb), one(b, a, tb, ta))
}

// explain builds the Explanation of a scored match.
func explain(query string, qs []qtok, l *listed, p *pairing, nameScore float64, matched string, final float64, feats []embargo.Feature) *embargo.Explanation {
	ex := &embargo.Explanation{NameScore: round3(nameScore), Features: feats}
	// The summary is built by hand, not with fmt: it is made for every
	// match returned, and %q and %.2f are strconv's quoting and formatting.
	b := make([]byte, 0, 128)
	b = strconv.AppendQuote(b, query)
	b = append(b, " matched "...)
	b = strconv.AppendQuote(b, matched)
	b = append(b, " with score "...)
	b = strconv.AppendFloat(b, final, 'f', 2, 64)
	b = append(b, " (name "...)
	b = strconv.AppendFloat(b, nameScore, 'f', 2, 64)
	b = append(b, "): "...)
	if n := min(len(qs), maxTokens) + l.n; n > 0 {
		ex.Tokens = make([]embargo.TokenMatch, 0, n)
	}
	conflicts := uint32(0)
	for i := range qs {
		if i >= maxTokens {
			break
		}
		tm := embargo.TokenMatch{Query: qs[i].t.Raw, Rule: p.qRule[i], Score: round3(p.qSim[i]), Weight: round3(qs[i].w)}
		if i > 0 {
			b = append(b, ", "...)
		}
		switch m := p.qMatch[i]; {
		case m >= 0, m == -2:
			if m >= 0 {
				tm.Listed = l.toks[m].Raw
			} else {
				tm.Listed = p.qComp[i]
			}
			b = append(append(append(b, tm.Query...), '='), tm.Listed...)
			b = append(append(append(b, " ("...), tm.Rule...), ')')
		default:
			tm.Score = 0
			c, _ := unmatchedCost(&qs[i], l, p.qConf[i] >= 0)
			tm.Weight = round3(c * qs[i].w)
			switch tm.Rule {
			case RuleUnmatched:
				b = append(append(b, tm.Query...), " unmatched"...)
			case RuleConflict:
				tm.Listed = l.toks[p.qConf[i]].Raw
				conflicts |= 1 << p.qConf[i]
				b = append(append(append(append(b, tm.Query...), " disagrees with "...), tm.Listed...), " (conflict)"...)
			default:
				// A title, middle name or patronymic the listed name lacks.
				b = append(append(append(append(b, tm.Query...), " ("...), tm.Rule...), ", not listed)"...)
			}
		}
		ex.Tokens = append(ex.Tokens, tm)
	}
	missing := false
	for j := 0; j < l.n; j++ {
		if p.lUsed[j] == 0 {
			rule, w := l.missingRule(j), l.missingCost(j)
			if conflicts&(1<<j) != 0 {
				rule, w = RuleConflict, alphaConflict*l.w[j]
			}
			if p.lQual&(1<<j) != 0 {
				rule = RuleQualifier
			}
			ex.Tokens = append(ex.Tokens, embargo.TokenMatch{Listed: l.toks[j].Raw, Rule: rule, Weight: round3(w)})
			if !missing {
				b = append(b, "; not in query: "...)
				missing = true
			} else {
				b = append(b, ' ')
			}
			b = append(b, l.toks[j].Raw...)
			if rule != RuleMissing {
				b = append(append(append(b, " ("...), rule...), ')')
			}
		}
	}
	if p.qualFactor > 0 && p.qualFactor < 1 {
		// A number or place one name has and the other lacks or gives
		// differently: another company of the group.
		b = append(b, "; company qualifier differs (name score x"...)
		b = strconv.AppendFloat(b, p.qualFactor, 'f', 2, 64)
		b = append(b, ')')
	}
	for _, f := range ex.Features {
		b = append(append(append(append(b, "; "...), f.Name...), ' '), f.Result...)
		b = append(b, " ("...)
		// %+.2f: a sign always.
		n := len(b)
		b = strconv.AppendFloat(b, f.Effect, 'f', 2, 64)
		if b[n] != '-' {
			b = slices.Insert(b, n, '+')
		}
		b = append(b, ')')
	}
	if tr := name.Transliteration(query); tr != "" {
		b = append(append(b, "; query read as "...), tr...)
	}
	b = append(b, '.')
	ex.Summary = string(b)
	return ex
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// sortMatches orders matches best first, then by entity id for a stable
// order between runs.
func sortMatches(ms []embargo.Match) {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		return ms[i].EntityID < ms[j].EntityID
	})
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
