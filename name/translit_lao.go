package name

// Lao (U+0E80–U+0EFF) is read with the Thai rules (see translit_thai.go):
// the two scripts share their structure, and each Lao letter is mapped to
// the Thai letter of the same sound before thaiWord reads the word. The
// values are thus RTGS-like; the French-based spellings of Lao names
// differ mostly in ou for u and x for s (ທອງລຸນ ສີສຸລິດ thonglun sisulit,
// written Thongloun Sisoulith), which Fold and the matcher absorb.

// laoToThai maps U+0E81–U+0EAE to the Thai consonant of the same sound.
var laoToThai = [0x0EAF - 0x0E81]rune{
	'ก', 'ข', 0, 'ค', 0, 'ฆ', 'ง', 'จ', 'ฉ', 'ซ', 0, 'ฌ', 'ญ', 'ฎ', 'ฏ', // 0E81–0E8F
	'ฐ', 'ฑ', 'ฒ', 'ณ', 'ด', 'ต', 'ถ', 'ท', 'ธ', 'น', 'บ', 'ป', 'ผ', 'ฝ', 'พ', 'ฟ', // 0E90–0E9F
	'ภ', 'ม', 'ย', 'ร', 0, 'ล', 0, 'ว', 'ศ', 'ษ', 'ส', 'ห', 'ฬ', 'อ', 'ฮ', // 0EA0–0EAE
}

// laoThai returns the Thai letters for one Lao letter, nil for tone marks
// and what is not part of a word.
func laoThai(r rune) []rune {
	switch {
	case r >= 0x0E81 && r <= 0x0EAE:
		if c := laoToThai[r-0x0E81]; c != 0 {
			return []rune{c}
		}
	case r == 0x0EBB: // mai kon: a short o
		return []rune{'อ'}
	case r == 0x0EBC: // subscript l
		return []rune{'ล'}
	case r == 0x0EBD: // semivowel y
		return []rune{'ย'}
	case r >= 0x0EB0 && r <= 0x0EB9, r >= 0x0EC0 && r <= 0x0EC4:
		return []rune{r - 0x80}
	case r == 0x0ECC:
		return []rune{thaiSilent}
	case r == 0x0EDC:
		return []rune{'ห', 'น'}
	case r == 0x0EDD:
		return []rune{'ห', 'ม'}
	}
	return nil
}

func isLaoWord(r rune) bool {
	return r >= 0x0E81 && r <= 0x0ECD || r == 0x0EDC || r == 0x0EDD || r == 0x0EDE || r == 0x0EDF
}

// lao transliterates the Lao word starting at rs[i].
func (t *translator) lao(i int) int {
	return t.thaiRules(i, isLaoWord, [2]rune{0x0ECD, 0x0EB2}, func(w []rune, r rune) []rune { return append(w, laoThai(r)...) })
}
