package name

// Ethiopic (Ge'ez script, used for Amharic, Tigrinya, Tigre) is a
// syllabary laid out arithmetically: each consonant has a row of eight
// code points from U+1200, the seven vowel orders ä u i a e ə o and a
// labialised wa form. Values follow the BGN/PCGN Amharic system without
// diacritics, in the form English-language lists write Ethiopian and
// Eritrean names: ä is e (መለስ Meles) but a on its own (አበበ Abebe), the sixth order ə is written only
// where it is heard, which here means never (አብይ Abiy, ኢሳያስ Isayas), and
// the ejectives (ቀ ጠ ጨ ጰ ጸ) take the value of the plain letter.

// ethiopicCons is the consonant of each row of eight from U+1200 to U+1357.
var ethiopicCons = [43]string{
	"h", "l", "h", "m", "s", "r", "s", "sh", "q", "q", "q", "q", "b", "v", "t", "ch", // 1200–127F
	"h", "h", "n", "ny", "", "k", "k", "h", "h", "w", "", "z", "zh", "y", "d", "d", // 1280–12FF
	"j", "g", "g", "g", "t", "ch", "p", "ts", "ts", "f", "p", // 1300–1357
}

// ethiopicVowels are the seven orders, and the eighth (labialised) form.
var ethiopicVowels = [8]string{"e", "u", "i", "a", "e", "", "o", "wa"}

// ethiopicLabial lists the rows whose second half holds labialised forms
// (ቈ qwe, ኰ kwe, ጐ gwe ...) instead of a row of its own.
func ethiopicLabial(row int) bool {
	switch row {
	case 9, 11, 17, 22, 24, 34:
		return true
	}
	return false
}

// ethiopic transliterates one Ethiopic syllable.
func (t *translator) ethiopic(i int) int {
	r := t.rs[i]
	switch {
	case r == 0x1361 || r == 0x1362 || r == 0x1363 || r == 0x1364:
		// Word space, full stop, comma, semicolon.
		t.punct(' ')
		return 1
	case r >= 0x1369 && r <= 0x1371: // Ethiopic digits 1–9
		t.sep()
		t.b.WriteByte(byte('1' + r - 0x1369))
		return 1
	case r < 0x1200 || r > 0x1357:
		t.other(r)
		return 1
	}
	n := int(r - 0x1200)
	row, order := n/8, n%8
	cons := ethiopicCons[row]
	v := ethiopicVowels[order]
	if ethiopicLabial(row) {
		// ቈ ቊ ቋ ቌ ቍ: the consonant followed by w and the vowel.
		v = [8]string{"we", "", "wi", "wa", "we", "w", "", ""}[order]
	}
	if cons == "" {
		// አ and ዐ carry a vowel: their first order is a (አበበ Abebe), the
		// sixth e (እ).
		switch order {
		case 0:
			v = "a"
		case 5:
			v = "e"
		}
	}
	t.write(cons + v)
	return 1
}
