package name

import "strings"

// foldClusters rewrites the letter clusters that romanisation systems spell
// differently for one sound. The generic strings.Replacer tries the old
// strings in argument order at each position, so longer clusters come first.
//
//   - shch/sch/tsch/tch/cz: the Russian щ and ч in English, German, French
//     and Polish spellings ("Shchegolev"/"Schegolev", "Leonidovitch");
//     szcz/sz, the Polish щ and ш ("Lifszyc"); tsj/sj/zj, the Dutch ч ш ж
//     ("Arkadevitsj", "Razvozjajev"); dsch, the German дж and Arabic j
//     ("Dschamal"), which folds with dzh and dj.
//   - dzh/dj and j, y: Russian дж, French dj, English j, and the y/j/i of
//     "Yusuf"/"Jusuf"/"Iusuf" all fold to i, so that iotated vowels written
//     ya/ja/ia, yu/ju/iu, ye/je/ie agree.
//   - kh/gh/ph/th/dh: Russian х and Arabic خ are h or kh; Arabic ث ذ غ and
//     Greek φ θ are spelled with or without the h ("Qadhafi"/"Qadafi").
//   - tz/ts: the German and English spellings of ц ("Kolokoltzev").
//   - ks/x, ck/k, q/k, w/v: "Aleksandr"/"Alexander", "Ivanow"/"Ivanov".
//   - ou/oo/ee: French and English spellings of u and i ("Youssef",
//     "Noor", "Hameed"). The Dutch oe is not folded: it is also the
//     Korean ㅚ (Choe, Hoe).
//
// It is the readable statement of the rules; Fold runs foldClusterScan,
// which does the same faster (a test holds the two equal).
var foldClusters = strings.NewReplacer(
	"shch", "sh", "szcz", "sh", "tsch", "ch", "dsch", "i", "sch", "sh", "tch", "ch", "tsj", "ch", "dzh", "i",
	"dj", "i", "cz", "ch", "sz", "sh", "sj", "sh", "zj", "zh", "tz", "ts", "kh", "h", "gh", "g", "ph", "f", "th", "t",
	"dh", "d", "ck", "k", "ks", "x", "ou", "u", "oo", "u", "ee", "i",
	"w", "v", "q", "k", "y", "i", "j", "i",
)

// Fold returns the romanisation-variant key of a normalised token: two
// spellings of one name in different romanisations (Andrii, Andriy, Andrey;
// Yevgeniy, Evgeny, Evgenii; Zakharchenko, Zaharchenko; Ivanoff, Ivanov;
// Shchegolev, Schegolev) get the same key. It applies foldClusters, then
// word-edge rules (initial ye- before a consonant is e-, final -ey/-ei is
// -i, final -off/-eff is -ov/-ev, final -ah/-eh loses its h), then collapses
// doubled letters. Letters outside ASCII are kept as they are.
//
// Fold is a key for equality, not a spelling: it over-merges a little
// ("Sergei" and "Sergi" agree) in exchange for catching the variants that
// the lists and the people screening against them actually write.
func Fold(t string) string {
	if t == "" {
		return ""
	}
	s := foldClusterScan(foldDutchOE(t))
	// Word-initial "ie" before a consonant is the Russian/Ukrainian е/є
	// written ye-/ie-/je- ("Yevgeniy", "Ievgen"): it folds to plain e.
	if len(s) > 3 && s[0] == 'i' && s[1] == 'e' && !isFoldVowel(s[2]) {
		s = s[1:]
	}
	if n := len(s); n >= 5 {
		switch {
		case strings.HasSuffix(s, "ei"):
			// -ei/-ey/-ii/-iy endings: "Andrei", "Andrey", "Andrii", "Andriy".
			s = s[:n-2] + "i"
		case strings.HasSuffix(s, "off"), strings.HasSuffix(s, "eff"):
			// French/German-era spellings of -ov/-ev: "Ivanoff", "Kerimoff".
			s = s[:n-2] + "v"
		case s[n-1] == 'h' && (s[n-2] == 'a' || s[n-2] == 'e'):
			// Arabic ta marbuta and final h: "Abdullah"/"Abdulla", "Fatimah".
			s = s[:n-1]
		}
	}
	return collapseDoubles(s)
}

func isFoldVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// collapseDoubles replaces every run of one repeated letter by one letter
// ("Mohammed" -> "mohamed", "Ii" -> "i"). Digits are kept: "2000" stays.
func collapseDoubles(s string) string {
	need := false
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1] && collapsible(s[i]) {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] && collapsible(s[i]) {
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

// collapsible reports whether a doubled byte may be merged: ASCII letters
// only, so digits and the bytes of multi-byte runes are never touched.
func collapsible(c byte) bool { return c >= 'a' && c <= 'z' }

// foldRules are foldClusters' replacements, tried in this order at each
// position, as strings.Replacer tries them.
var foldRules = [...]struct{ old, new string }{
	{"shch", "sh"}, {"szcz", "sh"}, {"tsch", "ch"}, {"dsch", "i"}, {"sch", "sh"}, {"tch", "ch"}, {"tsj", "ch"}, {"dzh", "i"},
	{"dj", "i"}, {"cz", "ch"}, {"sz", "sh"}, {"sj", "sh"}, {"zj", "zh"}, {"tz", "ts"}, {"kh", "h"}, {"gh", "g"}, {"ph", "f"}, {"th", "t"},
	{"dh", "d"}, {"ck", "k"}, {"ks", "x"}, {"ou", "u"}, {"oo", "u"}, {"ee", "i"},
	{"w", "v"}, {"q", "k"}, {"y", "i"}, {"j", "i"},
}

// foldClusterScan does what foldClusters.Replace does, without its
// general machinery: Fold runs for every token of every query.
func foldClusterScan(t string) string {
	var b []byte
	for i := 0; i < len(t); {
		c := t[i]
		switch c {
		case 's', 't', 'd', 'c', 'k', 'g', 'p', 'o', 'e', 'w', 'q', 'y', 'j', 'z':
		default:
			if b != nil {
				b = append(b, c)
			}
			i++
			continue
		}
		matched := false
		for _, r := range foldRules {
			if r.old[0] == c && strings.HasPrefix(t[i:], r.old) {
				if b == nil {
					b = make([]byte, 0, len(t))
					b = append(b, t[:i]...)
				}
				b = append(b, r.new...)
				i += len(r.old)
				matched = true
				break
			}
		}
		if !matched {
			if b != nil {
				b = append(b, c)
			}
			i++
		}
	}
	if b == nil {
		return t
	}
	return string(b)
}
