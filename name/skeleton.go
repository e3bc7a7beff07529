package name

import "unicode/utf8"

// Origin says how exactly the script a name was written in records its
// sounds, which decides how loosely its romanised tokens may be compared.
type Origin uint8

// Origins of a name's tokens, from the dominant script of the name (see
// Script).
const (
	// OriginAlphabet: Latin, Cyrillic, Greek, Armenian, Georgian and other
	// alphabets, which write vowels and consonants as they are.
	OriginAlphabet Origin = iota
	// OriginInexact: scripts whose romanisation of a foreign name is only
	// approximate. Abjads (Arabic, Hebrew) leave vowels out; syllabaries
	// (kana) and Hangul add vowels after every consonant and have no l/r
	// or b/v contrast; Indic scripts and Thai carry inherent vowels.
	// Tokens of such names are also compared by consonant skeleton.
	OriginInexact
	// OriginHan: Chinese characters, romanised one pinyin syllable per
	// character. A syllable one letter off is another character, so such
	// tokens are not compared by edit distance.
	OriginHan
)

// originOf returns the origin of a name from its dominant script.
func originOf(s string) Origin {
	if isASCII(s) {
		return OriginAlphabet
	}
	switch Script(s) {
	case "Hani":
		if hanForeignName(s) {
			return OriginInexact // a foreign name spelled in characters
		}
		return OriginHan
	case "Grek":
		if greekForeignName(s) {
			// A foreign name written in Greek: Greek has no letters for
			// b, d, g, j, sh or h and writes them with pairs whose reading
			// is a guess (ντ is d, nd or nt: Μοχάμεντ Mohamed, Φερνάντεθ
			// Fernandez, Κόντε Conte).
			return OriginInexact
		}
	case "Arab", "Hebr", "Syrc", "Thaa", "Hira", "Kana", "Hang", "Deva", "Beng", "Guru", "Gujr",
		"Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Khmr", "Mymr", "Tibt", "Ethi", "Mong":
		return OriginInexact
	}
	return OriginAlphabet
}

// Skeleton returns the consonant skeleton of a normalised token: vowels
// (and y, j, which romanisations trade with i) dropped, consonants put in
// the classes that scripts without the distinction merge, repeats merged,
// and a leading "a" when the token starts with a vowel. The classes:
//
//	b  b p f v w      Arabic has no p or v, kana no v or f contrast
//	k  k g q c h x    kh, gh; Arabic and kana h stands for Russian kh
//	t  t d            th, dh
//	s  s z ts sh ch zh c before e/i; kana su/tsu/shi, Arabic s/z/sh
//	l  l r            kana and Hangul have one liquid
//	m, n              themselves, but n before t or d and m before b or p
//	                  are dropped: Greek writes d, nd and nt alike (ντ),
//	                  and b, mb and mp (μπ)
//
// "Oleg", katakana オレグ (oregu), Arabic أوليغ (auligh) and Hangul 올레크
// (olrekeu) all have the skeleton "alk". It is a key for comparing tokens
// from OriginInexact names, too coarse for Latin-script names (the matcher
// compares those by finer rules: match.sameSkeleton, sameConsonants).
func Skeleton(t string) string {
	out := make([]byte, 0, 8)
	emit := func(c byte) {
		if n := len(out); n > 0 && out[n-1] == c {
			return
		}
		out = append(out, c)
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if i+1 < len(t) && t[i+1] == 'h' {
			// Digraphs: sh, ch, zh are s; kh, gh k; ph b; th, dh t.
			switch c {
			case 's', 'c', 'z':
				emit('s')
				i++
				continue
			case 'k', 'g', 'p', 't', 'd':
				i++ // the class of the first letter, below
			}
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'j':
			// Vowels between like consonants are dropped and the
			// consonants merged: romanisations double and undouble letters
			// freely, and kana and Hangul add vowels between them.
			if len(out) == 0 {
				out = append(out, 'a')
			}
		case 'v', 'w':
			if string(out) == "a" && i+1 < len(t) && !isSkeletonVowel(t[i+1]) {
				// Arabic-script او before a consonant is the vowel o/u
				// that the Persian reading spells "av": اولگ "avlg" Oleg.
				continue
			}
			emit('b')
		case 'b', 'p', 'f':
			emit('b')
		case 'h':
			if i == len(t)-1 && i > 0 && isSkeletonVowel(t[i-1]) {
				continue // a final h after a vowel is silent: Nasrallah, Fatimah
			}
			emit('k')
		case 'k', 'g', 'q':
			emit('k')
		case 'c':
			if i+1 < len(t) && (t[i+1] == 'e' || t[i+1] == 'i' || t[i+1] == 'h' || t[i+1] == 'z') {
				emit('s')
			} else {
				emit('k')
			}
		case 'x':
			emit('k')
			emit('s')
		case 't', 'd':
			emit('t')
		case 's', 'z':
			if n := len(out); n > 0 && out[n-1] == 't' && c == 's' && i > 0 && t[i-1] == 't' {
				out[n-1] = 's' // ts is one sound: "tsu" of kana, "Tsoi"
				continue
			}
			emit('s')
		case 'l', 'r':
			emit('l')
		case 'm', 'n':
			if i+1 < len(t) && (c == 'n' && (t[i+1] == 't' || t[i+1] == 'd') || c == 'm' && (t[i+1] == 'b' || t[i+1] == 'p')) {
				continue // nd, nt, mb, mp: Greek ντ is d, nd or nt, μπ b, mb or mp
			}
			emit(c)
		default:
			if c >= '0' && c <= '9' || c >= utf8.RuneSelf {
				return "" // digits and uncovered letters: no skeleton
			}
		}
	}
	return string(out)
}

// SkeletonLen returns the number of consonant classes in a skeleton (its
// leading vowel marker not counted).
func SkeletonLen(s string) int {
	if len(s) > 0 && s[0] == 'a' {
		return len(s) - 1
	}
	return len(s)
}

func isSkeletonVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'j':
		return true
	}
	return false
}
