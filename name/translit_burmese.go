package name

// Burmese (Myanmar script, U+1000–U+109F) is romanised syllable by
// syllable in the conventional spelling of Burmese names, which lists and
// the press use (မင်းအောင်လှိုင် Min Aung Hlaing, အောင်ဆန်းစုကြည် Aung San
// Suu Kyi, ထင်ကျော် Htin Kyaw), rather than MLC romanisation: a syllable's
// vowel and its final (a consonant under asat) are read together as one
// rime (-င် after nothing in, after ော aung, after ို aing). Tone marks
// are dropped. Burmese writes a name without spaces; each syllable is a
// part of the name, so each becomes a token, as Korean syllables do.

// burmeseInitials romanises the consonants U+1000–U+1021 at the start of
// a syllable.
var burmeseInitials = [0x22]string{
	"k", "kh", "g", "g", "ng", "s", "s", "z", "z", "ny", "ny", "t", "ht", "d", "d", "n", // 1000–100F
	"t", "ht", "d", "d", "n", "p", "ph", "b", "b", "m", "y", "y", "l", "w", "th", "h", // 1010–101F
	"l", "", // 1020–1021 (အ carries a vowel)
}

// burmeseFinal is the class of a consonant that closes a syllable.
func burmeseFinal(r rune) byte {
	switch {
	case r >= 0x1000 && r <= 0x1003:
		return 'k'
	case r == 0x1004:
		return 'g' // ng
	case r >= 0x1005 && r <= 0x1008:
		return 's'
	case r == 0x1009 || r == 0x100A:
		return 'y' // ny: ည် is i or e
	case r >= 0x100B && r <= 0x100E, r >= 0x1010 && r <= 0x1013:
		return 't'
	case r == 0x100F || r == 0x1014:
		return 'n'
	case r >= 0x1015 && r <= 0x1018:
		return 'p'
	case r == 0x1019:
		return 'm'
	case r == 0x101A:
		return 'e'
	}
	return 'n'
}

const (
	myAsat   = 0x103A
	myVirama = 0x1039
	myAnus   = 0x1036
)

func isMyanmarConsonant(r rune) bool { return r >= 0x1000 && r <= 0x1021 }
func isMyanmarMedial(r rune) bool    { return r >= 0x103B && r <= 0x103E }
func isMyanmarSign(r rune) bool {
	return r >= 0x102B && r <= 0x1032 || r >= 0x1036 && r <= 0x1038 || r == myAsat
}

// burmese transliterates the Burmese syllable starting at rs[i].
func (t *translator) burmese(i int) int {
	rs := t.rs
	r := rs[i]
	var initial string
	switch {
	case r == 0x104A || r == 0x104B: // section marks
		t.punct(' ')
		return 1
	case isMyanmarConsonant(r):
		initial = burmeseInitials[r-0x1000]
	case r >= 0x1023 && r <= 0x102A:
		initial = [8]string{"i", "i", "u", "u", "e", "e", "aw", "aw"}[r-0x1023]
	case r == 0x103F:
		initial = "th"
	default:
		if !isMyanmarSign(r) && !isMyanmarMedial(r) {
			t.other(r)
		}
		return 1
	}
	k := i + 1
	var medialY, medialW, medialH bool
	for isMyanmarMedial(t.at(k)) {
		switch t.at(k) {
		case 0x103B, 0x103C:
			medialY = true
		case 0x103D:
			medialW = true
		case 0x103E:
			medialH = true
		}
		k++
	}
	var vA, vI, vII, vU, vUU, vE, vAI, anus bool
	for isMyanmarSign(t.at(k)) && t.at(k) != myAsat {
		switch t.at(k) {
		case 0x102B, 0x102C:
			vA = true
		case 0x102D:
			vI = true
		case 0x102E:
			vII = true
		case 0x102F:
			vU = true
		case 0x1030:
			vUU = true
		case 0x1031:
			vE = true
		case 0x1032:
			vAI = true
		case myAnus:
			anus = true
		}
		k++
	}
	// A final: a consonant under asat (or stacked under the next one).
	var final byte
	if c := t.at(k); isMyanmarConsonant(c) && (t.at(k+1) == myAsat || t.at(k+1) == myVirama) {
		final = burmeseFinal(c)
		k += 2
		if t.at(k) == myVirama { // kinzi: င်္
			k++
		}
	}
	for t.at(k) == 0x1037 || t.at(k) == 0x1038 || t.at(k) == myAsat {
		k++
	}
	if anus && final == 0 {
		final = 'n'
	}

	if medialH {
		switch initial {
		case "y":
			initial = "sh"
		case "l", "m", "n", "w", "ny":
			initial = "h" + initial
		}
	}
	if medialY && initial != "y" && initial != "sh" {
		initial += "y"
	}
	var rime string
	switch {
	case vE && vA:
		rime = map[byte]string{'k': "auk", 'g': "aung"}[final]
		if rime == "" {
			rime = "aw"
		}
	case vI && vU:
		rime = map[byte]string{'k': "aik", 'g': "aing"}[final]
		if rime == "" {
			rime = "o"
		}
	case vI:
		rime = map[byte]string{'n': "ein", 'm': "ein", 't': "eik", 'p': "eik", 'k': "eik"}[final]
		if rime == "" {
			rime = "i"
		}
	case vU:
		rime = map[byte]string{'n': "on", 'm': "on", 't': "ok", 'p': "ok", 'k': "ok"}[final]
		if rime == "" {
			rime = "u"
		}
	case vII:
		rime = "i"
	case vUU:
		rime = "u"
	case vE && medialW:
		rime = "we"
		medialW = false
	case vE, vAI:
		rime = "e"
	case vA:
		rime = "a"
	case medialW && final != 0:
		rime = map[byte]string{'n': "un", 'm': "un", 't': "ut", 'p': "ut"}[final]
		if rime == "" {
			rime = "wa"
		}
		medialW = false
	default:
		rime = map[byte]string{'k': "et", 'g': "in", 's': "it", 'y': "i", 't': "at", 'n': "an", 'p': "at", 'm': "an", 'e': "e"}[final]
		if rime == "" {
			rime = "a"
		}
	}
	if medialW {
		initial += "w"
	}
	if r >= 0x1023 && r <= 0x102A {
		rime = "" // an independent vowel is its own rime
	}
	t.syllable(initial + rime)
	return k - i
}
