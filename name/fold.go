package name

// foldRules rewrite the letter clusters that romanisation systems spell
// differently for one sound. At each position the first rule whose
// cluster starts there applies (as strings.Replacer tries its old strings
// in argument order), so longer clusters come first.
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
// No replacement is longer than its cluster, so a token folds in place.
var foldRules = [...]struct{ old, new string }{
	{"shch", "sh"}, {"szcz", "sh"}, {"tsch", "ch"}, {"dsch", "i"}, {"sch", "sh"}, {"tch", "ch"}, {"tsj", "ch"}, {"dzh", "i"},
	{"dj", "i"}, {"cz", "ch"}, {"sz", "sh"}, {"sj", "sh"}, {"zj", "zh"}, {"tz", "ts"}, {"kh", "h"}, {"gh", "g"}, {"ph", "f"}, {"th", "t"},
	{"dh", "d"}, {"ck", "k"}, {"ks", "x"}, {"ou", "u"}, {"oo", "u"}, {"ee", "i"},
	{"w", "v"}, {"q", "k"}, {"y", "i"}, {"j", "i"},
}

// foldByFirst holds, for each byte, the foldRules whose cluster starts
// with it, in foldRules' order: most bytes have none.
var foldByFirst = func() (t [256][]struct{ old, new string }) {
	for _, r := range foldRules {
		t[r.old[0]] = append(t[r.old[0]], r)
	}
	return t
}()

// Fold returns the romanisation-variant key of a normalised token: two
// spellings of one name in different romanisations (Andrii, Andriy, Andrey;
// Yevgeniy, Evgeny, Evgenii; Zakharchenko, Zaharchenko; Ivanoff, Ivanov;
// Shchegolev, Schegolev) get the same key. It applies the Dutch oe rule
// (foldDutchOE), then foldRules, then word-edge rules (initial ye- before a
// consonant is e-, final -ey/-ei is -i, final -off/-eff is -ov/-ev, final
// -ah/-eh loses its h), then collapses doubled letters. Letters outside
// ASCII are kept as they are.
//
// Fold is a key for equality, not a spelling: it over-merges a little
// ("Sergei" and "Sergi" agree) in exchange for catching the variants that
// the lists and the people screening against them actually write.
//
// Fold allocates only for a key that differs from t.
func Fold(t string) string {
	var buf [64]byte
	b := foldInPlace(append(buf[:0], t...))
	if string(b) == t {
		return t
	}
	return string(b)
}

// AppendFold appends Fold's key of the normalised token t to dst and
// returns the extended buffer. It allocates only to grow dst: textscan
// folds every word of a text with it.
func AppendFold[T ~string | ~[]byte](dst []byte, t T) []byte {
	start := len(dst)
	dst = append(dst, t...)
	return dst[:start+len(foldInPlace(dst[start:]))]
}

// foldInPlace folds the token in s over itself and returns the key, a
// prefix of s: no rule writes more than it reads.
func foldInPlace(s []byte) []byte {
	s = foldDutchOE(s)
	w := 0
	for r := 0; r < len(s); {
		c := s[r]
		n := 0
		for _, rule := range foldByFirst[c] {
			if clusterAt(s[r:], rule.old) {
				w += copy(s[w:], rule.new)
				n = len(rule.old)
				break
			}
		}
		if n == 0 {
			s[w] = c
			w, n = w+1, 1
		}
		r += n
	}
	s = s[:w]
	// Word-initial "ie" before a consonant is the Russian/Ukrainian е/є
	// written ye-/ie-/je- ("Yevgeniy", "Ievgen"): it folds to plain e.
	if len(s) > 3 && s[0] == 'i' && s[1] == 'e' && !isFoldVowel(s[2]) {
		copy(s, s[1:])
		s = s[:len(s)-1]
	}
	if n := len(s); n >= 5 {
		switch {
		case s[n-2] == 'e' && s[n-1] == 'i':
			// -ei/-ey/-ii/-iy endings: "Andrei", "Andrey", "Andrii", "Andriy".
			s[n-2] = 'i'
			s = s[:n-1]
		case s[n-1] == 'f' && s[n-2] == 'f' && (s[n-3] == 'o' || s[n-3] == 'e'):
			// French/German-era spellings of -ov/-ev: "Ivanoff", "Kerimoff".
			s[n-2] = 'v'
			s = s[:n-1]
		case s[n-1] == 'h' && (s[n-2] == 'a' || s[n-2] == 'e'):
			// Arabic ta marbuta and final h: "Abdullah"/"Abdulla", "Fatimah".
			s = s[:n-1]
		}
	}
	// Collapse every run of one repeated ASCII letter to one letter
	// ("Mohammed" -> "mohamed"); digits ("2000") and the bytes of
	// multi-byte runes are kept.
	w = 0
	for r := 0; r < len(s); r++ {
		if r > 0 && s[r] == s[w-1] && s[r] >= 'a' && s[r] <= 'z' {
			continue
		}
		s[w] = s[r]
		w++
	}
	return s[:w]
}

// clusterAt reports whether b starts with the cluster p, whose first byte
// it already has.
func clusterAt(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for i := 1; i < len(p); i++ {
		if b[i] != p[i] {
			return false
		}
	}
	return true
}

func isFoldVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}
