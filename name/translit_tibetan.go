package name

// Tibetan (U+0F00–U+0FFF) is written in syllables separated by the tsheg
// (་), each a stack of letters of which only some are said: prefixes and
// superscripts are silent, suffixes close or colour the vowel. Names are
// read here in a simplified form of the THL Simplified Phonetic
// Transcription, the way Tibetan names are spelled in English (བསྟན་འཛིན་
// རྒྱ་མཚོ bstan 'dzin rgya mtsho, Tenzin Gyatso): the root letter with its
// subscript, the vowel, and the suffix (-d and -s turn a into e and are
// silent, -n turns a into e, -g is k, -b p, -' silent). Tibetan names are
// pairs of syllables (Tenzin, Gyatso, Lobsang), so ཛ is z as in those spellings, and each two syllables of a
// word are written as one token.

// tibetanRoot romanises the letters U+0F40–U+0F6C as root consonants.
var tibetanRoot = [0x0F6D - 0x0F40]string{
	"k", "kh", "g", "g", "ng", "ch", "ch", "j", "", "ny", "t", "th", "d", "d", "n", "t", // 0F40–0F4F
	"th", "d", "d", "n", "p", "ph", "b", "b", "m", "ts", "ts", "z", "z", "w", "zh", "z", // 0F50–0F5F
	"", "y", "r", "l", "sh", "sh", "s", "h", "", "ks", "r", "k", "kh", // 0F60–0F6C
}

// tibetanLetter returns the letter U+0F40–U+0F6C that a plain or
// subjoined (U+0F90–U+0FBC) code point stands for, and whether it is
// subjoined; 0 if it is neither.
func tibetanLetter(r rune) (rune, bool) {
	switch {
	case r >= 0x0F40 && r <= 0x0F6C:
		return r, false
	case r >= 0x0F90 && r <= 0x0FBC:
		return r - 0x50, true
	}
	return 0, false
}

func isTibetanSyllable(r rune) bool {
	return r >= 0x0F40 && r <= 0x0F6C || r >= 0x0F71 && r <= 0x0F87 || r >= 0x0F90 && r <= 0x0FBC
}

// tibetanSyllable reads one syllable (the letters between two tshegs).
func tibetanSyllable(s []rune) string {
	type unit struct {
		head rune   // the plain letter
		subs []rune // letters subjoined under it
	}
	var units []unit
	vowel, vowelAt := "", -1
	for _, r := range s {
		if l, sub := tibetanLetter(r); l != 0 {
			if sub && len(units) > 0 {
				units[len(units)-1].subs = append(units[len(units)-1].subs, l)
			} else {
				units = append(units, unit{head: l})
			}
			continue
		}
		switch r {
		case 0x0F72, 0x0F80:
			vowel = "i"
		case 0x0F74:
			vowel = "u"
		case 0x0F7A, 0x0F7B:
			vowel = "e"
		case 0x0F7C, 0x0F7D:
			vowel = "o"
		case 0x0F71: // a-chung lengthens a
		default:
			continue
		}
		vowelAt = len(units) - 1
	}
	if len(units) == 0 {
		return vowel
	}
	// The root: the unit that carries the vowel or a subjoined letter; else
	// the middle of three, or the first of one or two letters (the second
	// of two when the first is a prefix letter before a stack-less root is
	// rare enough to ignore).
	root := -1
	switch {
	case vowelAt >= 0:
		root = vowelAt
	default:
		for k, u := range units {
			if len(u.subs) > 0 {
				root = k
				break
			}
		}
		if root < 0 {
			root = 0
			if len(units) >= 3 {
				root = 1
			}
		}
	}
	u := units[root]
	// Of a stack, a superscript r, l or s is silent: the root is under it.
	letters := append([]rune{u.head}, u.subs...)
	if len(letters) > 1 && (letters[0] == 'ར' || letters[0] == 'ལ' || letters[0] == 'ས') {
		letters = letters[1:]
	}
	cons := tibetanRoot[letters[0]-0x0F40]
	for _, sub := range letters[1:] {
		switch sub {
		case 'ཡ':
			switch cons {
			case "p", "ph":
				cons = "ch"
			case "b":
				cons = "j"
			case "m":
				cons = "ny"
			default:
				cons += "y"
			}
		case 'ར':
			switch cons {
			case "k", "t", "p", "kh", "th", "ph":
				cons = "tr"
			case "g", "d", "b":
				cons = "dr"
			case "s", "m":
			default:
				cons += "r"
			}
		case 'ལ':
			if cons == "z" {
				cons = "d"
			} else {
				cons = "l"
			}
		}
	}
	if vowel == "" {
		vowel = "a"
	}
	var suffix string
	if root+1 < len(units) {
		// A second suffix (ད, ས after another) is silent.
		switch s := units[root+1]; s.head {
		case 'ད', 'ས':
			suffix = ""
			vowel = umlaut(vowel)
		case 'ན':
			suffix = "n"
			vowel = umlaut(vowel)
		case 'ལ':
			suffix = "l"
			vowel = umlaut(vowel)
		case 'ག':
			suffix = "k"
		case 'བ':
			suffix = "p"
		case 'ང':
			suffix = "ng"
		case 'མ':
			suffix = "m"
		case 'ར':
			suffix = "r"
		case 'འ':
		default:
			suffix = tibetanRoot[s.head-0x0F40]
		}
	}
	return cons + vowel + suffix
}

// umlaut gives the vowel before a suffix d, s, n or l: a becomes e; o and
// u are ö and ü, written o and u in English spellings.
func umlaut(v string) string {
	if v == "a" {
		return "e"
	}
	return v
}

// tibetan transliterates the Tibetan word (a run of syllables without a
// space or shad) starting at rs[i], two syllables a token.
func (t *translator) tibetan(i int) int {
	rs := t.rs
	r := rs[i]
	switch {
	case !isTibetanSyllable(r):
		if r == 0x0F0B || r == 0x0F0C || r >= 0x0F0D && r <= 0x0F14 {
			t.punct(' ') // a tsheg or shad left over between words
		} else {
			t.other(r)
		}
		return 1
	}
	var syls []string
	j := i
	for j < len(rs) {
		s := j
		for j < len(rs) && isTibetanSyllable(rs[j]) {
			j++
		}
		syls = append(syls, tibetanSyllable(rs[s:j]))
		if j < len(rs) && (rs[j] == 0x0F0B || rs[j] == 0x0F0C) && j+1 < len(rs) && isTibetanSyllable(rs[j+1]) {
			j++ // tsheg between syllables of the word
			continue
		}
		break
	}
	for k := 0; k < len(syls); k += 2 {
		tok := syls[k]
		if k+1 < len(syls) {
			tok += syls[k+1]
		}
		t.syllable(tok)
	}
	return j - i
}
