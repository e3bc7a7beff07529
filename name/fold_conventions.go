package name

import "strings"

// foldDutchOE rewrites the Dutch oe before a consonant as u (Joesoef,
// Oemar, Al-Hatoem are Yusuf, Umar, Al-Hatum). At the end of a word oe is
// left alone: there it is the Korean ㅚ (Choe, Hoe) or an English ending
// (Zoe, Monroe). German oe for ö before a consonant (Schroeder) becomes u
// too, one letter from the o that Schröder is written with elsewhere.
func foldDutchOE(t string) string {
	if !strings.Contains(t, "oe") {
		return t
	}
	var b []byte
	for i := 0; i < len(t); i++ {
		if i+2 < len(t) && t[i] == 'o' && t[i+1] == 'e' && isFoldConsonant(t[i+2]) {
			if b == nil {
				b = append(make([]byte, 0, len(t)), t[:i]...)
			}
			b = append(b, 'u')
			i++ // the e
			continue
		}
		if b != nil {
			b = append(b, t[i])
		}
	}
	if b == nil {
		return t
	}
	return string(b)
}

func isFoldConsonant(c byte) bool { return c >= 'a' && c <= 'z' && !isFoldVowel(c) && c != 'y' }
