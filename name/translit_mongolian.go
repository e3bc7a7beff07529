package name

// The traditional Mongolian script (Uyghur-Mongolian, U+1800–U+18AF) is
// an alphabet; names read best in the letters of the Cyrillic-based
// romanisation that lists use for Mongolian names (ᠬᠦᠷᠡᠯᠰᠦᠬ, Хүрэлсүх,
// Khurelsukh): ö and ü are o and u, ᠬ (q/x) is kh and ᠭ (γ/g) is g.
// Free variation selectors and the vowel separator only choose glyph
// shapes and are dropped.

// mongolianLetters romanises U+1820–U+1842.
var mongolianLetters = [0x1843 - 0x1820]string{
	"a", "e", "i", "o", "u", "o", "u", "e", "n", "ng", "b", "p", "kh", "g", "m", "l", // 1820–182F
	"s", "sh", "t", "d", "ch", "j", "y", "r", "v", "f", "k", "kh", "ts", "z", "h", "zr", // 1830–183F
	"lh", "zh", "ch", // 1840–1842
}

// mongolian transliterates one letter of the traditional Mongolian script
// (and the Todo and Manchu letters that share their values).
func (t *translator) mongolian(i int) int {
	r := t.rs[i]
	switch {
	case r >= 0x1820 && r <= 0x1842:
		t.write(mongolianLetters[r-0x1820])
	case r >= 0x180B && r <= 0x180F: // variation selectors, vowel separator
	case r == 0x1802 || r == 0x1803 || r == 0x1808 || r == 0x1809: // comma, full stop
		t.punct(' ')
	default:
		t.other(r)
	}
	return 1
}
