package bench

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/embargo-dev/embargo/name"
)

// OtherSuffix ends the kind of a real alias row whose two names are not
// spellings of one name ("UCB Arcade" for "Allied Trading Co.", a kunya
// for a full name, an acronym for the words): the lists say they are one
// party, but no name matcher can tell so from the names. Such rows are
// reported in their own categories (ofac_alias_other, csl_variant_other,
// …) and left out of the overall figures and the floors.
const OtherSuffix = "_other"

// NotByName tells whether a kind holds rows that are not findable by name
// (see OtherSuffix).
func NotByName(kind string) bool { return strings.HasSuffix(kind, OtherSuffix) }

// sameNameByLetters is the criterion that sorts a real alias pair of
// names into its category (ofac_alias) or the _other one
// (ofac_alias_other). un_script pairs (one name in another script, where
// letters alone cannot tell a transliteration from a translation) are not
// sorted. It looks only at letters, never at the matcher's score: the
// names are romanised (name.ToLatin), lower-cased, stripped of accents and
// cut into words; particles, connectors and legal-form words
// and titles (genericAliasWords) and one-letter words are dropped. Two words
// correspond when they share their first three letters (four when the
// shorter name is one word: NORINCO is not NORTH), when their consonant
// skeletons are equal (letters other than a, e, i, o, u, y, h and w,
// folded by consonantClass, each run of one letter kept once; two letters
// or more unless both words have at most four), when one (of four
// letters or more) is inside the other (a glued name), or when they are
// within one edit per three letters of the shorter, rounded (Luhansk,
// Lugansk; Jamal, Djamel); apostrophes are dropped first (Ch'un-so'ng). The names are
// spellings of one name when every word of the name with fewer words has
// a corresponding word in the other.
func sameNameByLetters(a, b string) bool {
	return sameWords(aliasWords(a), aliasWords(b))
}

// sameWords is sameNameByLetters on the names' aliasWords.
func sameWords(wa, wb []string) bool {
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	prefix := 3
	if len(wa) == 1 {
		prefix = 4 // one word: NORINCO is not NORTH
	}
	for _, x := range wa {
		found := false
		for _, y := range wb {
			if wordsCorrespond(x, y, prefix) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func wordsCorrespond(x, y string, prefix int) bool {
	if x == y {
		return true
	}
	if len(x) >= prefix && len(y) >= prefix && x[:prefix] == y[:prefix] {
		return true
	}
	short := len(x) <= 4 && len(y) <= 4
	if sx := consonantSkeleton(x); (len(sx) >= 2 || short && sx != "") && sx == consonantSkeleton(y) {
		return true
	}
	if len(x) >= 4 && strings.Contains(y, x) || len(y) >= 4 && strings.Contains(x, y) {
		return true
	}
	n := min(len(x), len(y))
	return n >= 4 && editDistance(x, y) <= max(1, (n+1)/3)
}

// editDistance is the Levenshtein distance of two words, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func consonantSkeleton(w string) string {
	var b strings.Builder
	var last rune
	for _, r := range w {
		if strings.ContainsRune("aeiouyhw", r) {
			continue
		}
		if c, ok := consonantClass[r]; ok {
			r = c
		}
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// aliasWords are a name's words for sameNameByLetters; when only generic
// words remain, those are the words.
func aliasWords(s string) []string {
	// Apostrophes mark a letter or a syllable break within a word
	// (Ch'un-so'ng, Sa'd); ? stands for a letter the file lost.
	s = strings.NewReplacer("'", "", "’", "", "‘", "", "ʼ", "", "ʻ", "", "`", "", "?", "").Replace(s)
	s = norm.NFD.String(strings.ToLower(name.ToLatin(s)))
	all := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) })
	var out, generic []string
	for _, w := range all {
		w = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, w)
		switch {
		case w == "":
		case len([]rune(w)) == 1 || genericAliasWords[w]:
			generic = append(generic, w)
		default:
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return generic
	}
	return out
}

// consonantClass folds consonants that romanisations interchange:
// Q/K/G/C (Qolamshahi, Gholamshahi), J/CH (Ju, Chu), S/Z/X, D/T, B/P/F/V.
var consonantClass = map[rune]rune{'q': 'k', 'c': 'k', 'g': 'k', 'j': 'k', 'z': 's', 'x': 's', 'd': 't', 'p': 'b', 'f': 'b', 'v': 'b'}

// genericAliasWords: particles, connectors, legal-form words and titles,
// which do not tell one name from another.
var genericAliasWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`al el ul ud ad ar as at ash az an abu abou bin ben ibn bint ould wa wal
		the of and for in on at to a an de del della der des di da do dos du la le les los las y e et und van von
		fi li company co corp corporation limited ltd llc inc incorporated sa ag gmbh plc jsc ojsc cjsc pjsc ooo oao zao
		sarl srl spa bv nv llp lp fzc fze fzco est establishment group holding holdings
		dr mr mrs ms mullah mulla maulvi mawlawi haji hajji sheikh shaykh shaikh qari hafiz general colonel`) {
		genericAliasWords[w] = true
	}
}
