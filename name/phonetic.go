package name

import "strings"

// Phonetic returns a sound key for a normalised token, designed for names
// transliterated from other scripts rather than for English words.
//
// The key is the first letter's class (every vowel reads "A", an initial
// y or j "J") followed by the consonant classes of the rest, vowels (and
// inner y and j) dropped and repeated classes merged. The classes put
// together the letters that transliterations and hearing confuse:
//
//	B  b p f v w ph   Cordoba/Cordova/Cordowa, Pavlovich/Pawlovich,
//	                  Joseph/Yusuf, Deripaska/Diribaska (Arabic has no p or v)
//	K  k q g c ck gh  Qadhafi/Kadhafi/Gadafi, Tuberquia/Tuberkuia ("c" before e/i/y is S)
//	S  s z ts tz      Paredes/Paredez, Ismail/Izmail, Tsoi/Zoi
//	X  h kh ch sh zh sch shch tch cz  Mikhail/Mihail, Yur'evich/Yur'evikh, Simbarashe/Simbarazhe
//	T  t d th dh      Othman/Osman is not caught: th is T here, as in Arabic ث
//	L R M N           themselves
//
// The X class is broad on purpose: h, kh and ch stand for one Russian or
// Arabic letter in different romanisations, and sh/zh/ch are confused in
// hearing. x is KS. The Russian дж/French dj are read like j and y, as a vowel, the
// way Fold reads them, so "Andjem" and "Anjem" agree. Digits are kept;
// letters outside ASCII are kept as they are.
func Phonetic(t string) string {
	if t == "" {
		return ""
	}
	out := make([]byte, 0, len(t))
	emit := func(c byte) {
		if n := len(out); n > 0 && out[n-1] == c {
			return
		}
		out = append(out, c)
	}
	for i := 0; i < len(t); {
		c := t[i]
		if c >= 0x80 {
			// Keep a letter of an uncovered script whole.
			j := i + 1
			for j < len(t) && t[j]&0xC0 == 0x80 {
				j++
			}
			out = append(out, t[i:j]...)
			i = j
			continue
		}
		code, n := phoneticCluster(t, i)
		if n == 0 {
			code, n = phoneticLetter(t, i), 1
		}
		switch {
		case code == 'A' && i == 0:
			emit('A')
		case code == 'A':
			// Inner vowels carry little: transliterations disagree on them.
		case code == 'x':
			emit('K')
			emit('S')
		default:
			emit(code)
		}
		i += n
	}
	return string(out)
}

// phoneticClusters maps multi-letter clusters to their class; longest first.
var phoneticClusters = []struct {
	s    string
	code byte
}{
	{"shch", 'X'}, {"tsch", 'X'}, {"sch", 'X'}, {"tch", 'X'}, {"dzh", 'A'},
	{"ch", 'X'}, {"kh", 'X'}, {"sh", 'X'}, {"zh", 'X'}, {"cz", 'X'},
	{"dj", 'A'}, {"ph", 'B'}, {"th", 'T'}, {"dh", 'T'}, {"gh", 'K'},
	{"ck", 'K'}, {"ts", 'S'}, {"tz", 'S'},
}

func phoneticCluster(t string, i int) (byte, int) {
	if i+1 >= len(t) {
		return 0, 0
	}
	switch t[i] {
	case 's', 't', 'd', 'c', 'k', 'z', 'p', 'g':
	default:
		return 0, 0 // no cluster starts with another letter
	}
	for _, c := range phoneticClusters {
		if c.s[0] == t[i] && strings.HasPrefix(t[i:], c.s) {
			return c.code, len(c.s)
		}
	}
	return 0, 0
}

func phoneticLetter(t string, i int) byte {
	c := t[i]
	switch c {
	case 'y', 'j':
		if i == 0 {
			return 'J' // an initial y or j is a consonant: "Jang" is not "Annika"
		}
		return 'A'
	case 'a', 'e', 'i', 'o', 'u':
		return 'A'
	case 'b', 'v', 'w', 'p', 'f':
		return 'B'
	case 'c':
		if i+1 < len(t) && (t[i+1] == 'e' || t[i+1] == 'i' || t[i+1] == 'y') {
			return 'S'
		}
		return 'K'
	case 'k', 'q', 'g':
		return 'K'
	case 's', 'z':
		return 'S'
	case 'x':
		return 'x'
	case 't', 'd':
		return 'T'
	case 'l':
		return 'L'
	case 'r':
		return 'R'
	case 'm':
		return 'M'
	case 'n':
		return 'N'
	case 'h':
		return 'X'
	}
	return c // digits and anything else: as they are
}
