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
