package name

import "bytes"

// foldDutchOE rewrites the Dutch oe before a consonant as u (Joesoef,
// Oemar, Al-Hatoem are Yusuf, Umar, Al-Hatum). At the end of a word oe is
// left alone: there it is the Korean ㅚ (Choe, Hoe) or an English ending
// (Zoe, Monroe). German oe for ö before a consonant (Schroeder) becomes u
// too, one letter from the o that Schröder is written with elsewhere.
// Before v or w it is left alone: that is the Russian -oev of two vowels
// (Barkhanoev, Tsoev). It folds s in place and returns the result, a
// prefix of s.
func foldDutchOE(s []byte) []byte {
	if !bytes.Contains(s, []byte("oe")) {
		return s
	}
	w := 0
	for r := 0; r < len(s); r++ {
		if r+2 < len(s) && s[r] == 'o' && s[r+1] == 'e' && isFoldConsonant(s[r+2]) && s[r+2] != 'v' && s[r+2] != 'w' {
			s[w] = 'u'
			w++
			r++ // the e
			continue
		}
		s[w] = s[r]
		w++
	}
	return s[:w]
}

func isFoldConsonant(c byte) bool { return c >= 'a' && c <= 'z' && !isFoldVowel(c) && c != 'y' }
