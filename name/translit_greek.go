package name

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// greekLetters romanises α–ω (U+03B1–U+03C9) after ELOT 743 (ISO 843),
// the system of Greek passports, without its accent marks: η, ι, υ all
// become i/y as in the passport forms.
var greekLetters = [25]string{
	"a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", // α–π
	"r", "s", "s", "t", "y", "f", "ch", "ps", "o", // ρ ς σ τ υ φ χ ψ ω
}

// greekAt returns the bare lower-case Greek letter at rs[i] and whether it
// carries a diaeresis, which stops it forming a digraph with the letter
// before it (Ευρυδίκη vs Ευϊ...). It returns 0 for anything else.
func greekAt(rs []rune, i int) (base rune, diaeresis bool) {
	if i < 0 || i >= len(rs) {
		return 0, false
	}
	r := unicode.ToLower(rs[i])
	if r >= 'α' && r <= 'ω' {
		return r, false
	}
	if !(r >= 0x370 && r < 0x400 || r >= 0x1F00 && r < 0x2000) {
		return 0, false
	}
	for j, c := range norm.NFD.String(string(r)) {
		switch {
		case j == 0:
			base = c
		case c == 0x308:
			diaeresis = true
		}
	}
	if base == 'ϲ' { // lunate sigma
		base = 'σ'
	}
	if base < 'α' || base > 'ω' {
		return 0, false
	}
	return base, diaeresis
}

// isGreekVoiced reports whether υ after α, ε, η is read v (before a vowel
// or a voiced consonant) rather than f.
func isGreekVoiced(r rune) bool {
	switch r {
	case 'α', 'ε', 'η', 'ι', 'ο', 'υ', 'ω', 'β', 'γ', 'δ', 'ζ', 'λ', 'μ', 'ν', 'ρ':
		return true
	}
	return false
}

// greek transliterates one Greek letter, or the digraph starting at it.
func (t *translator) greek(i int) int {
	rs := t.rs
	r, _ := greekAt(rs, i)
	if r == 0 {
		t.other(unicode.ToLower(rs[i]))
		return 1
	}
	next, nextDia := greekAt(rs, i+1)
	if nextDia {
		next = 0 // a diaeresis splits the pair: both letters are read on their own
	}
	initial := !isLetterAt(rs, i-1)
	switch {
	case r == 'ο' && next == 'υ':
		t.write("ou")
		return 2
	case (r == 'α' || r == 'ε' || r == 'η') && next == 'υ':
		after, _ := greekAt(rs, i+2)
		v := "f"
		if isGreekVoiced(after) {
			v = "v"
		}
		t.write(greekLetters[r-'α'] + v)
		return 2
	case r == 'γ' && (next == 'γ' || next == 'ξ' || next == 'χ'):
		t.write("n")
		return 1
	case r == 'γ' && next == 'κ':
		if initial {
			t.write("g")
		} else {
			t.write("ng")
		}
		return 2
	case r == 'μ' && next == 'π' && initial:
		t.write("b")
		return 2
	case r == 'ν' && next == 'τ' && initial:
		t.write("d")
		return 2
	}
	t.write(greekLetters[r-'α'])
	return 1
}
