package name

// stopWords are particles and connectives that appear in names in many
// languages: Arabic articles and kinship words (al, bin, ibn, abu, bint),
// Romance and Germanic particles (de, del, la, von, van, der), and English,
// Spanish, French and German connectives of company names (and, y, et, und,
// the, of). They tell little about who is meant, so they weigh little, and a
// name that lacks one costs almost nothing.
var stopWords = map[string]bool{
	"al": true, "el": true, "ul": true, "il": true, "bin": true, "ibn": true, "ben": true, "bint": true,
	"binti": true, "abu": true, "abou": true, "abo": true, "ould": true, "uld": true, "wuld": true,
	"de": true, "del": true, "della": true, "dello": true, "dei": true, "di": true, "da": true, "das": true,
	"dos": true, "do": true, "du": true, "des": true, "la": true, "le": true, "les": true, "los": true,
	"las": true, "lo": true, "van": true, "von": true, "der": true, "den": true, "ter": true, "ten": true,
	"zu": true, "and": true, "the": true, "of": true, "und": true, "et": true, "for": true, "en": true,
	"oglu": true, "ogly": true, "kyzy": true, "qizi": true,
}

// IsStopWord reports whether the normalised token t is a particle or
// connective that weighs little in a name (see stopWords).
func IsStopWord(t string) bool { return stopWords[t] }

// commonGivenNames are given names so frequent among listed persons that a
// match on one alone says little. Score (pairwise, without an index) uses
// this list to weigh them down; an index computes the same from token
// frequencies (IDF) instead.
var commonGivenNames = map[string]bool{}

func init() {
	for _, n := range []string{
		"muhammad", "ahmad", "ali", "abdul", "abdullah", "hasan", "husayn", "mahmud", "ibrahim",
		"yusuf", "umar", "khalid", "said", "mustafa", "ismail", "jose", "juan", "maria", "carlos",
		"luis", "jorge", "miguel", "antonio", "manuel", "francisco", "john", "david", "michael",
		"aleksandr", "sergei", "andrei", "vladimir", "dmitry", "igor", "oleg", "yuri", "mikhail",
		"nikolai", "ivan", "viktor", "pavel", "kim", "li", "wang", "zhang", "chen", "lee", "ri",
	} {
		commonGivenNames[Fold(n)] = true
	}
}

// IsCommonName reports whether the normalised token t is one of the given
// names (or name parts) most frequent on sanctions lists, so that a match
// on it alone is weak evidence.
func IsCommonName(t string) bool {
	f := Fold(t)
	if commonGivenNames[f] {
		return true
	}
	if e := equivalentIndex[f]; e != "" {
		return commonGivenNames[e]
	}
	return false
}

// genericWords are words that many company names share and that say what
// kind of organisation it is rather than which one: "UNITED COMPANY RUSAL"
// is known as Rusal, "BANK MELLAT" as Mellat. They are ordinary name parts
// (a listed name may be "GROUP 42"), but weigh little, so that a name's
// distinctive words carry it and a query of generic words alone matches
// nothing. Spellings are normalised tokens; Fold variants are looked up.
var genericWords = map[string]bool{}

func init() {
	for _, w := range []string{
		"united", "company", "companies", "group", "groups", "international", "intl", "trading", "trade",
		"holding", "holdings", "industries", "industry", "industrial", "enterprise", "enterprises",
		"service", "services", "corporation", "bank", "national", "general", "global", "commercial",
		"limited", "incorporated", "organization", "organisation", "establishment", "partners",
		// Transliterated equivalents common on the lists.
		"sherkat", "kompaniya", "kompania", "gruppa", "bonyad",
	} {
		genericWords[Fold(w)] = true
	}
}

// IsGenericWord reports whether the normalised token t is a word that
// many organisations' names share ("united", "company", "group",
// "international", "trading", "holding", "bank", ...), which tells what
// kind of organisation it is but not which one.
func IsGenericWord(t string) bool { return genericWords[Fold(t)] }
