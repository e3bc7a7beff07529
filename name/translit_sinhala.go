package name

// Sinhala (U+0D80–U+0DFF) is a Brahmic abugida outside the common Indic
// layout. Values follow ISO 15919 without diacritics, with long vowels
// written once, in the spellings of Sri Lankan names in English (මහින්ද
// රාජපක්ෂ Mahinda Rajapaksa): ෂ is s, ශ sh, ච ch, the prenasalised
// letters (ඟ ඬ ඳ ඹ) nga nda nda mba. A consonant says the inherent a
// unless a vowel sign or the al-lakuna (virama) follows; Sinhala keeps a
// word's final a.

// sinhalaLetters romanises U+0D85–U+0DC6: independent vowels, then
// consonants ("" for unassigned code points).
var sinhalaLetters = [0x0DC7 - 0x0D85]string{
	"a", "a", "e", "e", "i", "i", "u", "u", "ri", "ri", "li", "li", "e", "e", "ai", // 0D85–0D93
	"o", "o", "au", "", "", "", // 0D94–0D99
	"k", "kh", "g", "gh", "ng", "ng", "ch", "chh", "j", "jh", "ny", "gny", "nj", // 0D9A–0DA6
	"t", "th", "d", "dh", "n", "nd", "t", "th", "d", "dh", "n", "", "nd", // 0DA7–0DB3
	"p", "ph", "b", "bh", "m", "mb", "y", "r", "", "l", "", "", "v", "sh", "s", "s", "h", "l", "f", // 0DB4–0DC6
}

// sinhalaSigns romanises the dependent vowel signs U+0DCF–U+0DDF.
var sinhalaSigns = [0x0DE0 - 0x0DCF]string{
	"a", "e", "e", "i", "i", "u", "", "u", "", "ru", "e", "e", "ai", "o", "o", "au", "lu", // 0DCF–0DDF
}

const sinhalaVirama = 0x0DCA

func isSinhalaConsonant(r rune) bool { return r >= 0x0D9A && r <= 0x0DC6 }
func isSinhalaSign(r rune) bool {
	return r >= 0x0DCF && r <= 0x0DDF || r == 0x0DF2 || r == 0x0DF3
}

// sinhala transliterates one Sinhala letter with the signs that follow it.
func (t *translator) sinhala(i int) int {
	rs := t.rs
	r := rs[i]
	switch {
	case r == 0x0D82 || r == 0x0D81: // anusvara: ng before a velar, else n (ලංකා Lanka)
		t.write("n")
		return 1
	case r == 0x0D83:
		t.write("h")
		return 1
	case r >= 0x0D85 && r <= 0x0D96:
		t.write(sinhalaLetters[r-0x0D85])
		return 1
	case isSinhalaSign(r):
		// A sign without its consonant reads as its vowel.
		if r <= 0x0DDF {
			t.write(sinhalaSigns[r-0x0DCF])
		}
		return 1
	case !isSinhalaConsonant(r):
		t.other(r)
		return 1
	}
	c := sinhalaLetters[r-0x0D85]
	n := 1
	switch next := t.at(i + 1); {
	case next == sinhalaVirama:
		n = 2
	case isSinhalaSign(next):
		v := "ru"
		if next <= 0x0DDF {
			v = sinhalaSigns[next-0x0DCF]
		}
		c += v
		n = 2
	default:
		c += "a"
	}
	t.write(c)
	return n
}
