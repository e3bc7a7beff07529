package name

import (
	"strings"
	"sync"
)

// Chinese and Korean given names and surnames are made of syllables, each
// a whole name part: "Kim Chol Ul" and "Kim Chol Il" are different people,
// although "ul" and "il" are one letter apart. IsSyllable recognises such
// syllables in the romanisations lists and customers use (pinyin,
// Wade-Giles, Revised Romanization, McCune-Reischauer without breves), so
// that matching gives no typo credit between two of them.

// syllables is built on first use: a process that matches no names (an
// import) does not pay for it at start-up.
var syllables = sync.OnceValue(buildSyllables)

func buildSyllables() map[string]bool {
	m := map[string]bool{}
	cross := func(initials, finals []string, codas []string) {
		for _, i := range initials {
			for _, f := range finals {
				for _, c := range codas {
					if s := i + f + c; len(s) <= 6 {
						m[s] = true
					}
				}
			}
		}
	}
	// Pinyin and Wade-Giles: initial and final.
	cross(
		[]string{"", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch", "sh", "r", "z", "c", "s", "y", "w", "hs", "ts", "tz"},
		[]string{"a", "o", "e", "i", "u", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "ia", "ie", "iao", "iu", "ian", "in",
			"iang", "ing", "iong", "ua", "uo", "uai", "ui", "uan", "un", "uang", "ueng", "ue", "ve", "van", "vn", "ueh", "ieh", "uei", "ih", "ung", "iung", "eh"},
		[]string{""})
	// Korean: initial, vowel and final consonant, in both romanisations.
	cross(
		[]string{"", "g", "k", "kk", "n", "d", "t", "tt", "r", "l", "m", "b", "p", "pp", "s", "ss", "j", "ch", "jj", "h", "kh", "th", "ph", "tch", "sh"},
		[]string{"a", "ae", "ya", "yae", "eo", "o", "e", "yeo", "yo", "ye", "wa", "wae", "oe", "u", "wo", "we", "wi", "yu", "eu", "ui", "i", "oo", "ee"},
		[]string{"", "k", "g", "n", "t", "d", "l", "r", "m", "p", "b", "ng", "s"})
	// The customary spellings of Korean surnames that no romanisation's
	// rules give (Oh, Yoon, Woo). Park and Choi stay words: the edit
	// distance brings them to Pak and Choe, which the syllable rules would
	// not.
	for _, s := range hangulSurnames {
		if s != "park" && s != "choi" {
			m[s] = true
		}
	}
	return m
}

// IsSyllable reports whether the normalised token t is one romanised
// Chinese or Korean syllable ("kim", "chol", "jong", "zhang", "hsiung").
func IsSyllable(t string) bool { return len(t) <= 6 && syllables()[t] }

// SyllableKey is the key two romanisations of one Chinese or Korean
// syllable share: consonants reduced to their class (g/k/kh, d/t/th,
// b/p/ph, j/ch/zh/q/ts, s/sh/x/hs, r/l), and the Korean vowels that one
// romanisation writes with two letters and another with one (eo/o, eu/u,
// oo/u, ee/i) made one: "jeong" and "chong", "eun" and "un" share a key;
// "chol" and "chul", "il" and "ul" do not.
func SyllableKey(t string) string {
	b := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		c := t[i]
		next := byte(0)
		if i+1 < len(t) {
			next = t[i+1]
		}
		switch {
		case c == 'e' && (next == 'o' || next == 'u'):
			continue // eo -> o, eu -> u
		case c == 'o' && next == 'o':
			b = append(b, 'u')
			i++
			continue
		case c == 'e' && next == 'e':
			b = append(b, 'i')
			i++
			continue
		case c == 'h' && i > 0 && strings.IndexByte("kptcsz", t[i-1]) >= 0:
			continue // aspiration and digraphs: kh, th, ph, ch, sh, zh
		case c == 'k' || c == 'g' || c == 'q' && next != 'i':
			c = 'k'
		case c == 'd' || c == 't':
			c = 't'
		case c == 'b' || c == 'p':
			c = 'p'
		case c == 'j' || c == 'c' || c == 'z' || c == 'q':
			c = 'c'
		case c == 'x' || c == 's':
			c = 's'
		case c == 'r':
			c = 'l'
		}
		if len(b) > 0 && b[len(b)-1] == c && strings.IndexByte("aeiou", c) < 0 {
			continue // doubled consonants: kk, tt, ss, jj
		}
		b = append(b, c)
	}
	return string(b)
}
