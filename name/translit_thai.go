package name

// Thai follows the Royal Thai General System of Transcription (RTGS, 1999)
// for its consonant and vowel values. Thai does not write every vowel nor
// mark syllable ends, so the reading here is a best effort: a consonant with
// no vowel after it closes the syllable before (final value) or takes an
// unwritten o; a word left open takes a (ชินวัตร → chinwatra).

// thaiInitial and thaiFinal hold the RTGS value of each consonant
// U+0E01–U+0E2E at the start and at the end of a syllable.
var thaiInitial = [46]string{
	"k", "kh", "kh", "kh", "kh", "kh", "ng", "ch", "ch", "ch", "s", "ch", "y", "d", "t", "th", // ก–ฐ
	"th", "th", "n", "d", "t", "th", "th", "th", "n", "b", "p", "ph", "f", "ph", "f", "ph", // ฑ–ภ
	"m", "y", "r", "rue", "l", "lue", "w", "s", "s", "s", "h", "l", "", "h", // ม–ฮ
}

var thaiFinal = [46]string{
	"k", "k", "k", "k", "k", "k", "ng", "t", "t", "t", "t", "t", "n", "t", "t", "t", // ก–ฐ
	"t", "t", "n", "t", "t", "t", "t", "t", "n", "p", "p", "p", "p", "p", "p", "p", // ฑ–ภ
	"m", "i", "n", "rue", "n", "lue", "o", "t", "t", "t", "", "n", "o", "", // ม–ฮ
}

// thaiVowels holds the vowels written after (or above, below) a consonant,
// U+0E30–U+0E39.
var thaiVowels = [10]string{"a", "a", "a", "am", "i", "i", "ue", "ue", "u", "u"}

const (
	thaiSilent = 0x0E4C // thanthakhat: the consonant under it is not read
	thaiO      = 'อ'
	thaiH      = 'ห'
)

func isThaiConsonant(r rune) bool { return r >= 0x0E01 && r <= 0x0E2E }
func isThaiVowel(r rune) bool     { return r >= 0x0E30 && r <= 0x0E39 }
func isThaiLeading(r rune) bool   { return r >= 0x0E40 && r <= 0x0E44 }
func isThaiTone(r rune) bool      { return r >= 0x0E47 && r <= 0x0E4B || r == 0x0E4D || r == 0x0E4E }
func isThaiWord(r rune) bool      { return r >= 0x0E01 && r <= 0x0E4E && r != 0x0E3F }

// thai transliterates the Thai word starting at rs[i].
func (t *translator) thai(i int) int {
	return t.thaiRules(i, isThaiWord, [2]rune{0x0E4D, 0x0E32}, func(w []rune, r rune) []rune {
		if !isThaiTone(r) && r != 0x0E45 && r != 0x0E46 && r != 0x0E3A {
			w = append(w, r)
		}
		return w
	})
}

// thaiRules transliterates the word starting at rs[i] of a script read
// with the Thai rules: Thai itself, or Lao. inWord says which runes make up
// a word; toThai appends the Thai letters of one of them (none for tone
// marks and signs the reading ignores). splitAm is the pair NFKC splits the
// script's vowel am into (Thai ำ into ํ and า, Lao ຳ into ໍ and າ), read as
// Thai am again.
func (t *translator) thaiRules(i int, inWord func(rune) bool, splitAm [2]rune, toThai func(w []rune, r rune) []rune) int {
	rs := t.rs
	if !inWord(rs[i]) {
		t.other(rs[i]) // digits too (see other)
		return 1
	}
	j := i
	var w []rune
	for ; j < len(rs) && inWord(rs[j]); j++ {
		if rs[j] == splitAm[0] && j+1 < len(rs) && rs[j+1] == splitAm[1] {
			w = append(w, 0x0E33)
			j++
			continue
		}
		w = toThai(w, rs[j])
	}
	t.write(thaiWord(w))
	return j - i
}

// thaiWord romanises one Thai word without tone marks.
func thaiWord(w []rune) string {
	const (
		start = iota // before a syllable
		open         // after an initial consonant, no vowel yet
		vowel        // after a vowel: a consonant here can end the syllable
	)
	at := func(k int) rune {
		if k < 0 || k >= len(w) {
			return 0
		}
		return w[k]
	}
	var out []byte
	state := start
	for k := 0; k < len(w); k++ {
		r := w[k]
		switch {
		case isThaiConsonant(r) && at(k+1) == thaiSilent:
			k++ // not read
		case r == thaiSilent:
		case isThaiConsonant(r):
			next := at(k + 1)
			takesVowel := isThaiVowel(next) || next == thaiO && state != open
			switch {
			case r == thaiH && state != open && isThaiSonorant(next):
				// Leading ห only sets the tone of the sonorant after it.
			case r == thaiO && state == open && !isThaiVowel(next):
				out = append(out, 'o')
				state = vowel
			case state == open && takesVowel:
				if !isThaiCluster(at(k-1), r) {
					out = append(out, 'a')
				}
				out = append(out, thaiInitial[r-0x0E01]...)
			case state == open:
				out = append(out, 'o')
				out = append(out, thaiFinal[r-0x0E01]...)
				state = vowel
				if isThaiConsonant(next) && isThaiVowel(at(k+2)) {
					state = start
				}
			case state == vowel && !takesVowel && !isThaiLeading(next):
				out = append(out, thaiFinal[r-0x0E01]...)
				state = start
			default:
				out = append(out, thaiInitial[r-0x0E01]...)
				state = open
			}
		case isThaiLeading(r):
			// A vowel written before its consonant (เ แ โ ใ ไ) is read after it.
			k++
			if at(k) == thaiH && isThaiSonorant(at(k+1)) {
				k++
			}
			if c := at(k); isThaiConsonant(c) {
				out = append(out, thaiInitial[c-0x0E01]...)
				if n := at(k + 1); isThaiCluster(c, n) && !isThaiVowel(at(k+2)) && at(k+2) != thaiO {
					out = append(out, thaiInitial[n-0x0E01]...)
					k++
				}
			} else {
				k--
			}
			v, n := thaiLeadingVowel(r, at(k+1), at(k+2))
			out = append(out, v...)
			k += n
			state = vowel
		case r == 0x0E31 && at(k+1) == 'ว' && !isThaiVowel(at(k+2)):
			out = append(out, "ua"...)
			k++
			state = vowel
		case isThaiVowel(r):
			out = append(out, thaiVowels[r-0x0E30]...)
			state = vowel
		}
	}
	if state == open {
		out = append(out, 'a')
	}
	return string(out)
}

// thaiLeadingVowel returns the vowel for a leading vowel sign and the signs
// after the consonant that complete it, and how many of those it used.
func thaiLeadingVowel(lead, a, b rune) (string, int) {
	switch lead {
	case 'เ':
		switch {
		case a == 'า':
			return "ao", 1
		case a == 0x0E35 && b == 'ย':
			return "ia", 2
		case a == 0x0E37 && b == thaiO:
			return "uea", 2
		case a == thaiO:
			return "oe", 1
		case a == 0x0E34:
			return "oe", 1
		case a == 'ะ':
			return "e", 1
		}
		return "e", 0
	case 'แ':
		if a == 'ะ' {
			return "ae", 1
		}
		return "ae", 0
	case 'โ':
		if a == 'ะ' {
			return "o", 1
		}
		return "o", 0
	}
	return "ai", 0 // ใ ไ
}

// isThaiSonorant reports whether r is a sonorant that a silent ห can lead.
func isThaiSonorant(r rune) bool {
	switch r {
	case 'ง', 'ญ', 'น', 'ม', 'ย', 'ร', 'ล', 'ว':
		return true
	}
	return false
}

// isThaiCluster reports whether a and b form an initial cluster (กร, ปล, คว ...).
func isThaiCluster(a, b rune) bool {
	switch a {
	case 'ก', 'ข', 'ค', 'ต', 'ป', 'ผ', 'พ', 'บ', 'ด':
		return b == 'ร' || b == 'ล' || b == 'ว'
	}
	return false
}
