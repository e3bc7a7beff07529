package name

import (
	"strings"
	"unicode"
)

// Role is the part a token plays in the structure of a name. Matching uses
// it to tell a part one side has and the other lacks (a title, a
// patronymic, a middle name: costs little) from parts both sides have that
// disagree (two different fathers' names: costs much).
type Role uint8

// Token roles, as Roles tags them.
const (
	RoleName       Role = iota // a name part not told apart further: an organisation's word, a one-word name
	RoleGiven                  // a person's (first) given name
	RoleMiddle                 // a further given name
	RolePatronymic             // a patronymic or matronymic by its ending: Ivanovich, Petrovna, Jonsdottir
	RoleNasab                  // a forebear's name in an Arabic nasab chain: the name after bin, ibn, bint, ould
	RoleFamily                 // a family name
	RoleTitle                  // an honorific or title of office: Mr, Dr, General, Sheikh, Herr, Господин, 先生
	RoleParticle               // a particle or connective: al, van, de, bin
	RoleLegal                  // a legal form: LLC, AG, OOO
	RoleNumber                 // a number, also when written in words: 27, "twenty-seven", "2nd"
	RoleInitial                // a single letter standing for a name
)

var roleNames = [...]string{"name", "given", "middle", "patronymic", "nasab", "family", "title", "particle", "legal_form", "number", "initial"}

// String returns the role's lower-case name.
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "unknown"
}

// NameKind says what is known of the entity a name belongs to, for Roles.
type NameKind uint8

// Name kinds.
const (
	NameUnknown NameKind = iota // a query without a type: titles and a person's structure are looked for
	NamePerson                  // a person's name
	NameOther                   // an organisation's, vessel's or aircraft's name: no titles, no given/family parts
)

// Roles tags every token of a name analysed from text (toks is
// Analyze(text)) with its role, per the conventions of the name's culture:
//
//   - titles and honorifics at the start of the name, or of its given
//     names in "SURNAME, Title Given", in many languages and scripts
//     (Mr, Dr, Prof, General, Colonel, Sheikh, Sayyid, Haji, Mullah, Imam,
//     Herr, Frau, Monsieur, Señor, Don, Gospodin, and the transliterations
//     of الشيخ, السيد, Господин), and the titles Chinese, Japanese and
//     Korean write after the name (先生, 女士, さん, 씨);
//   - nasab chains: the name after bin, ibn, bint, ould is a forebear's;
//     the first given name of such a name is the person's own;
//   - patronymics by their endings (Slavic -ovich, -evna, -ichna; Icelandic
//     -dottir, and -sson between other names);
//   - given, middle and family names by position: "SURNAME, Given Middle"
//     or "Given Middle Surname"; a Chinese or Korean name of romanised
//     syllables (see IsSyllable) has no middle names: each syllable is
//     a whole part of its given name.
//
// Nothing is a title when it would leave no other name part. For
// NameOther names only the kinds (particle, legal form, number, initial)
// are told apart.
func Roles(text string, toks []Token, kind NameKind) []Role {
	roles := make([]Role, len(toks))
	for i := range toks {
		switch toks[i].Kind {
		case KindInitial:
			roles[i] = RoleInitial
		case KindStop:
			roles[i] = RoleParticle
		case KindLegal:
			roles[i] = RoleLegal
		case KindNumber:
			roles[i] = RoleNumber
		}
	}
	if kind == NameOther || len(toks) < 2 {
		return roles
	}
	for i := range toks {
		if roles[i] == RoleLegal || roles[i] == RoleNumber {
			return roles // an organisation's name, whatever the query said
		}
	}
	// The given names start after the comma of "SURNAME, Given".
	start, comma := 0, false
	if c := strings.IndexByte(text, ','); c >= 0 {
		if n := countTokens(text[:c]); n > 0 && n < len(toks) {
			start, comma = n, true
		}
	}
	tagTitles(text, toks, roles, start)
	words, syllabic := 0, true
	for i := range roles {
		if roles[i] == RoleName {
			words++
			syllabic = syllabic && toks[i].Syllable
		}
	}
	// Nasab: the name after bin/ibn/bint/ould (and an article) is a
	// forebear's.
	chain := false
	for i := 0; i+1 < len(toks); i++ {
		if !isNasabConnector(toks[i].Text) || i == 0 || roles[i-1] == RoleTitle {
			continue
		}
		j := i + 1
		if j+1 < len(toks) && isArabicArticle(toks[j].Text) && roles[j+1] == RoleName {
			j++
		}
		if roles[j] == RoleName && (j+1 < len(toks) || !comma || i >= start) {
			roles[j] = RoleNasab
			chain = true
		}
	}
	// Patronymics by their endings, where the name has another part to be
	// the family name; of two, the one in the family name's place is it.
	if words >= 3 && !syllabic {
		var pat []int
		for i := range toks {
			if roles[i] == RoleName && isPatronymicEnding(toks[i].Text, i > start && i < len(toks)-1) {
				pat = append(pat, i)
			}
		}
		family := len(toks) - 1
		if comma {
			family = start - 1
		}
		for _, i := range pat {
			if len(pat) == 1 || i != family {
				roles[i] = RolePatronymic
			}
		}
	}
	// Given, middle and family names by position.
	first, last := -1, -1
	for i := start; i < len(toks); i++ {
		if roles[i] == RoleName {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return roles
	}
	if comma {
		for i := 0; i < start; i++ {
			if roles[i] == RoleName {
				roles[i] = RoleFamily
			}
		}
		roles[first] = RoleGiven
		for i := first + 1; i < len(toks) && !syllabic; i++ {
			if roles[i] == RoleName {
				roles[i] = RoleMiddle
			}
		}
		return roles
	}
	if first == last {
		if chain {
			roles[first] = RoleGiven
		}
		return roles
	}
	roles[first] = RoleGiven
	roles[last] = RoleFamily
	for i := first + 1; i < last && !syllabic; i++ {
		if roles[i] == RoleName {
			roles[i] = RoleMiddle
		}
	}
	return roles
}

// countTokens is len(Tokens(s)), counted without transliterating when s
// is plain ASCII that Tokens would not split or join otherwise.
func countTokens(s string) int {
	n, in, prevLower := 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80, c == '&', c >= 'A' && c <= 'Z' && prevLower:
			return len(Tokens(s)) // another script, "&", camel case
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			if !in {
				n++
			}
			in = true
		case isNameApostrophe(rune(c)):
		default:
			in = false
		}
		prevLower = c >= 'a' && c <= 'z'
	}
	if n >= 2 && strings.Contains(strings.ToLower(s), "abd") {
		return len(Tokens(s)) // "Abd al-" is one token
	}
	return n
}

// tagTitles marks the titles at the start of the given names (toks[start:])
// and, in a name written in Chinese, Japanese or Korean, the titles
// written after it, always leaving at least one other name part.
func tagTitles(text string, toks []Token, roles []Role, start int) {
	left := 0
	for i := range roles {
		if roles[i] == RoleName {
			left++
		}
	}
	for i := start; i < len(toks) && left > 1; {
		n := titleAt(toks, i)
		if n == 0 && i == start && softTitleWords[toks[i].Text] && left > 2 && !allSyllables(toks[i:]) {
			// Not in a Chinese or Korean name: Pan Wei Ming is Mr Pan.
			n = 1
		}
		if n == 0 {
			break
		}
		for k := i; k < i+n; k++ {
			if roles[k] == RoleName {
				left--
			}
			roles[k] = RoleTitle
		}
		i += n
	}
	if !hasCJK(text) {
		return
	}
	for end := len(toks); end > 0 && left > 1; {
		n := 0
		for _, t := range cjkTrailingTitles {
			if k := len(t); k <= end && equalTexts(toks[end-k:end], t) {
				n = k
				break
			}
		}
		if n == 0 || end-n < 1 {
			return
		}
		for k := end - n; k < end; k++ {
			if roles[k] == RoleName {
				left--
			}
			roles[k] = RoleTitle
		}
		end -= n
	}
}

// titleAt returns how many tokens from toks[i] make one title: a title
// word, or the Arabic article and a title word ("al shaykh", "as sayyid"),
// or a phrase of several words ("his excellency", "hojjat al eslam").
func titleAt(toks []Token, i int) int {
	for _, p := range titlePhrases {
		if i+len(p) <= len(toks) && equalTexts(toks[i:i+len(p)], p) {
			return len(p)
		}
	}
	if titleWords[toks[i].Text] {
		return 1
	}
	if i+1 < len(toks) && isArabicArticle(toks[i].Text) && arabicTitleWords[toks[i+1].Text] {
		return 2
	}
	return 0
}

func equalTexts(toks []Token, texts []string) bool {
	for k, t := range texts {
		if toks[k].Text != t {
			return false
		}
	}
	return true
}

// allSyllables reports whether every word of toks is a romanised Chinese
// or Korean syllable.
func allSyllables(toks []Token) bool {
	for i := range toks {
		if toks[i].Kind == KindWord && !toks[i].Syllable {
			return false
		}
	}
	return true
}

// IsTitle reports whether the normalised token t is an honorific or a title
// of office (see Roles).
func IsTitle(t string) bool { return titleWords[t] || arabicTitleWords[t] || softTitleWords[t] }

func isNasabConnector(t string) bool {
	switch t {
	case "bin", "ibn", "ben", "bint", "binti", "ould", "uld", "wuld", "ibnu", "bn":
		return true
	}
	return false
}

// patronymicSuffixes are the endings of Slavic patronymics (Russian,
// Ukrainian, Belarusian: Ivanovich, Ivanovna, Ilyinichna) and of Icelandic
// matronymics (-dottir).
var patronymicSuffixes = []string{
	"ovich", "evich", "ovych", "evych", "ovitch", "evitch", "owitsch", "ewitsch", "ovic", "evic",
	"ovna", "evna", "ivna", "ovnna", "ichna", "inichna", "dottir",
}

// isPatronymicEnding reports whether t ends as a patronymic does.
// inner says t stands between other name parts, where an Icelandic -sson
// is the patronymic (at the end of a name it is a family name: Gustafsson).
func isPatronymicEnding(t string, inner bool) bool {
	for _, suf := range patronymicSuffixes {
		if len(t) > len(suf)+2 && strings.HasSuffix(t, suf) {
			return true
		}
	}
	if inner && len(t) > 6 && strings.HasSuffix(t, "sson") {
		return true
	}
	switch t {
	case "ilyich", "ilich", "kuzmich", "lukich", "fomich", "nikitich", "savvich":
		return true
	}
	return false
}

// IsPatronymic reports whether the normalised token t has the ending of a
// patronymic (Ivanovich, Petrovna, -ovych, -ichna, -dottir).
func IsPatronymic(t string) bool { return isPatronymicEnding(t, false) }

func hasCJK(s string) bool {
	for _, r := range s {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)) {
			return true
		}
	}
	return false
}
