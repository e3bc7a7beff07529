package name

import "strings"

// Kana follow modified Hepburn without macrons: long vowels are written
// once (ウラジーミル → urajimiru, the ー is dropped), ん is n, a small tsu
// doubles the next consonant (ッチ → tchi), small ya/yu/yo form digraphs
// (キャ kya, シャ sha) and the small vowels of katakana loanword spelling
// replace the vowel before them (ティ ti, ファ fa, ウィ wi).

// kanaSyllables romanises hiragana U+3041–U+3096; katakana U+30A1–U+30F6
// are the same list 0x60 higher. Small kana are "" and handled by context.
var kanaSyllables = [0x3097 - 0x3041]string{
	"", "a", "", "i", "", "u", "", "e", "", "o", // ぁ–お
	"ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go", // か–ご
	"sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", // さ–ぞ
	"ta", "da", "chi", "ji", "", "tsu", "zu", "te", "de", "to", "do", // た–ど
	"na", "ni", "nu", "ne", "no", // な–の
	"ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po", // は–ぽ
	"ma", "mi", "mu", "me", "mo", // ま–も
	"", "ya", "", "yu", "", "yo", // ゃ–よ
	"ra", "ri", "ru", "re", "ro", // ら–ろ
	"", "wa", "i", "e", "o", "n", "vu", "", "", // ゎ–ゖ
}

const (
	kanaSmallTsu = 0x3063
	kanaLong     = 0x30FC
)

// kanaAt returns the hiragana equivalent of the kana at rs[i], 0 if none.
func kanaAt(rs []rune, i int) rune {
	if i < 0 || i >= len(rs) {
		return 0
	}
	r := rs[i]
	switch {
	case r >= 0x3041 && r <= 0x3096:
		return r
	case r >= 0x30A1 && r <= 0x30F6:
		return r - 0x60
	case r >= 0x30F7 && r <= 0x30FA, r == kanaLong, r == 0x309D, r == 0x309E, r == 0x30FD, r == 0x30FE:
		return r
	}
	return 0
}

// kanaSyllable returns the romanisation of one full-size kana.
func kanaSyllable(h rune) string {
	switch {
	case h >= 0x3041 && h <= 0x3096:
		return kanaSyllables[h-0x3041]
	case h >= 0x30F7 && h <= 0x30FA:
		return [4]string{"va", "vi", "ve", "vo"}[h-0x30F7]
	}
	return ""
}

func isSmallKanaVowel(h rune) bool { return h <= 0x3049 && h >= 0x3041 && h%2 == 1 }
func isSmallKanaY(h rune) bool     { return h == 0x3083 || h == 0x3085 || h == 0x3087 || h == 0x308E }

// kana transliterates a kana syllable with the small kana that modify it.
func (t *translator) kana(i int) int {
	rs := t.rs
	h := kanaAt(rs, i)
	switch {
	case h == 0:
		t.other(rs[i])
		return 1
	case h == kanaLong:
		return 1
	case h == 0x309D || h == 0x309E || h == 0x30FD || h == 0x30FE:
		// Iteration marks repeat the syllable before.
		if p := kanaAt(rs, i-1); p != 0 {
			t.write(kanaSyllable(p))
		}
		return 1
	case h == kanaSmallTsu:
		// Gemination: double the first consonant of the next syllable.
		if n := kanaAt(rs, i+1); n != 0 {
			if s := kanaSyllable(n); s != "" && !strings.ContainsAny(s[:1], "aiueon") {
				if strings.HasPrefix(s, "ch") {
					t.write("t")
				} else {
					t.write(s[:1])
				}
			}
		}
		return 1
	}
	s := kanaSyllable(h)
	n := 1
	if s == "" {
		// A small kana on its own reads as its full-size vowel or y-syllable.
		s = kanaSyllable(h + 1)
	} else if next := kanaAt(rs, i+1); isSmallKanaY(next) && len(s) > 1 {
		v := kanaSyllable(next + 1) // ya, yu, yo, wa
		base := s[:len(s)-1]
		switch {
		case next == 0x308E:
			v = "wa"
		case base == "sh" || base == "ch" || base == "j":
			v = v[1:]
		}
		s = base + v
		n = 2
	} else if isSmallKanaVowel(next) {
		v := kanaSyllable(next + 1)
		switch {
		case s == "u": // ウィ wi, ウェ we, ウォ wo
			s = "w" + v
		case len(s) > 1: // ティ ti, ファ fa, シェ she
			s = s[:len(s)-1] + v
		default:
			s += v
		}
		n = 2
	}
	if rs[i] >= 0x30A1 && t.foreignKana() {
		s = katakanaEpenthesis(rs, i+n, s)
	}
	t.write(s)
	return n
}

// foreignKana reports whether the text is a foreign name in katakana,
// whose parts the middle dot separates (ウラジーミル・プーチン); Japanese
// words in katakana (トヨタ, マツダ) keep their vowels.
func (t *translator) foreignKana() bool {
	if t.kanaDot == 0 {
		t.kanaDot = -1
		for _, r := range t.rs {
			if r == 0x30FB {
				t.kanaDot = 1
				break
			}
		}
	}
	return t.kanaDot > 0
}

// katakanaEpenthesis drops the vowel that katakana adds after a consonant
// of a foreign name where the name has none (before y and w too it is a
// vowel of the name): u after most consonants, o
// after t and d (セルゲイ serugei Sergei, アフマド afumado Ahmad), before
// another consonant, and at the end of the word after r, k, s, f, m, t, d
// (ウラジーミル urajimir, イワノフ iwanof). A u kept at the end is more often
// the name's (ショイグ Shoigu). next is the index after the syllable s.
func katakanaEpenthesis(rs []rune, next int, s string) string {
	if len(s) < 2 || len(s) > 3 || strings.HasPrefix(s, "sh") || strings.HasPrefix(s, "ch") {
		return s
	}
	v := s[len(s)-1]
	c := s[:len(s)-1]
	if v != 'u' && !(v == 'o' && (c == "t" || c == "d")) || strings.ContainsAny(c, "aeiouy") {
		return s
	}
	h := kanaAt(rs, next)
	switch {
	case h == 0 && !isLetterAt(rs, next):
		switch c {
		case "r", "k", "s", "f", "m", "t", "d", "ts":
			return c
		}
	case h != 0 && h != kanaLong && h != 0x3093 && h != kanaSmallTsu && kanaSyllable(h) != "":
		if f := kanaSyllable(h)[0]; !strings.ContainsRune("aiueoyw", rune(f)) {
			return c
		}
	}
	return s
}
