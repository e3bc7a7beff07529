package name

import "unicode"

// georgianLetters romanises Mkhedruli U+10D0–U+10FA after the Georgian
// national system (2002), the one in Georgian passports, without the
// apostrophes that mark ejectives (კ k', პ p', ტ t', წ ts', ჭ ch', ყ q').
var georgianLetters = [43]string{
	"a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", // ა–ჟ
	"r", "s", "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", // რ–ჯ
	"h", "e", "y", "w", "q", "o", "f", "e", "", "", "", // ჰ ჱ ჲ ჳ ჴ ჵ ჶ ჷ ჸ ჹ ჺ
}

// georgian transliterates one Georgian letter. Mtavruli capitals lower-case
// to Mkhedruli; the old Nuskhuri alphabet is in the same order.
func (t *translator) georgian(i int) int {
	r := unicode.ToLower(t.rs[i])
	if r >= 0x2D00 && r <= 0x2D25 {
		r = r - 0x2D00 + 0x10D0
	}
	if r >= 0x10D0 && r <= 0x10FA {
		t.write(georgianLetters[r-0x10D0])
		return 1
	}
	t.other(r)
	return 1
}

// armenianLetters romanises U+0561–U+0587 after BGN/PCGN (1981) without
// apostrophes, the system of Armenian passports in its common form.
var armenianLetters = [39]string{
	"a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i", "l", "kh", "ts", "k", "h", // ա–հ
	"dz", "gh", "ch", "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r", // ձ–ր
	"ts", "v", "p", "k", "o", "f", "ev", // ց ւ փ ք օ ֆ և
}

// armenian transliterates one Armenian letter, or the digraph ու.
func (t *translator) armenian(i int) int {
	rs := t.rs
	r := unicode.ToLower(rs[i])
	if r < 0x561 || r > 0x587 {
		t.other(r)
		return 1
	}
	initial := !isLetterAt(rs, i-1)
	var next rune
	if i+1 < len(rs) {
		next = unicode.ToLower(rs[i+1])
	}
	switch {
	case r == 'ո' && next == 'ւ':
		t.write("u")
		return 2
	case initial && r == 'ե':
		t.write("ye") // Երևան → yerevan
		return 1
	case initial && r == 'ո':
		t.write("vo")
		return 1
	case initial && r == 'և':
		t.write("yev")
		return 1
	}
	t.write(armenianLetters[r-0x561])
	return 1
}
