package name

import "bytes"

// foldDutchOE rewrites the Dutch oe before a consonant as u (Joesoef,
// Oemar, Al-Hatoem are Yusuf, Umar, Al-Hatum), before the vowels a, i, u
// (Foead, Soeaid are Fuad, Suaid), and at the end of a word after b, d, f,
// l, m, n, s or t (Aboe, Abdoe, Sa'doe are Abu, Abdu, Sa'du). At the end
// of a word after other letters oe is left alone: there it is the Korean
// ㅚ (Choe, Hoe) or an English ending (Zoe, Monroe, Joe). German oe for ö
// before a consonant (Schroeder) becomes u too, one letter from the o that
// Schröder is written with elsewhere. Before v or w it is left alone: that
// is the Russian -oev of two vowels (Barkhanoev, Tsoev). It folds s in
// place and returns the result, a prefix of s.
func foldDutchOE(s []byte) []byte {
	if !bytes.Contains(s, []byte("oe")) {
		return s
	}
	w := 0
	prev := byte(0) // the letter before s[r] as read, not as written
	for r := 0; r < len(s); r++ {
		c := s[r]
		if c == 'o' && r+1 < len(s) && s[r+1] == 'e' {
			var u bool
			if r+2 < len(s) {
				n := s[r+2]
				u = isFoldConsonant(n) && n != 'v' && n != 'w' || n == 'a' || n == 'i' || n == 'u'
			} else {
				u = prev != 0 && bytes.IndexByte([]byte("bdflmnst"), prev) >= 0
			}
			if u {
				s[w] = 'u'
				w++
				prev = 'e'
				r++ // the e
				continue
			}
		}
		s[w] = c
		w++
		prev = c
	}
	return s[:w]
}

func isFoldConsonant(c byte) bool { return c >= 'a' && c <= 'z' && !isFoldVowel(c) && c != 'y' }

// AppendConventionKey appends to dst the convention key of the fold key k
// (see Fold) and returns the extended buffer. The key is coarser than the
// fold: it also merges the letters that one language's romanisation
// writes for another's, where Fold keeps them apart because within one
// romanisation they are different sounds:
//
//   - z, s and ts are s: German writes the Russian з and the Arabic ز as s
//     and the Russian ц as z ("Asis" for Aziz, "Sajzew" for Zaytsev,
//     "Kusnezow" for Kuznetsov); Polish and Czech the ж as z or ż, which
//     Fold leaves as zh, so zh is the sh of "Schukow" for Zhukov;
//   - ch is h: German and Dutch ch is the Russian х and Arabic خ
//     ("Chodorkowski", "Al-Chaschiban"), which Fold makes h from kh;
//   - c is k before a, o, u, a consonant or at the end, and s before e, i
//     and y: Greek, Slavic, Turkish and German spellings write the hard c
//     of Spanish and Italian names as k ("Karlos Kontreras") and the soft
//     one as s or ts.
//
// Doubled letters are then written once ("Bassas" for Bazzaz). The key is
// for comparing two tokens that already sound alike; two names can share
// it and be different names (Chan and Han), so it is no index key of its
// own for short tokens or romanised syllables.
func AppendConventionKey(dst []byte, k string) []byte {
	start := len(dst)
	for i := 0; i < len(k); i++ {
		c := k[i]
		var next byte
		if i+1 < len(k) {
			next = k[i+1]
		}
		switch {
		case c == 'z':
			c = 's'
		case c == 't' && next == 's':
			c = 's'
			i++
		case c == 'c' && next == 'h':
			c = 'h'
			i++
		case c == 'c' && (next == 'e' || next == 'i' || next == 'y'):
			c = 's'
		case c == 'c':
			c = 'k'
		}
		if len(dst) > start && dst[len(dst)-1] == c && c >= 'a' && c <= 'z' {
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

// SameConvention reports whether the fold keys a and b have the same
// convention key (see AppendConventionKey) while differing as folds.
func SameConvention(a, b string) bool {
	if a == b {
		return false
	}
	var ba, bb [64]byte
	return string(AppendConventionKey(ba[:0], a)) == string(AppendConventionKey(bb[:0], b))
}
