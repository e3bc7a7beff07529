package name

// Khmer (U+1780–U+17FF) follows the UNGEGN romanisation (the Cambodian
// government's, 1972) without diacritics, with the name spellings it gives
// (ហ៊ុន សែន Hun Sen, ស ខេង Sar Kheng; ែ is e as in those, not ae). Each consonant belongs to the a- or
// the o-series, which gives its inherent vowel (a or o) and the value of
// some vowel signs; the signs ៉ and ៊ move a consonant to the other series.
// A consonant with no vowel after a syllable that has one closes that
// syllable; a subscript consonant (after ្) joins the one before it.

// khmerCons romanises the consonants U+1780–U+17A2.
var khmerCons = [0x17A3 - 0x1780]string{
	"k", "kh", "k", "kh", "ng", "ch", "chh", "ch", "chh", "nh", "d", "th", "d", "th", "n", "t", // 1780–178F
	"th", "t", "th", "n", "b", "ph", "p", "ph", "m", "y", "r", "l", "v", "sh", "s", "s", // 1790–179F
	"h", "l", "", // 17A0–17A2 (អ carries a vowel)
}

// khmerOSeries marks the consonants of the o-series.
var khmerOSeries = func() [0x17A3 - 0x1780]bool {
	var o [0x17A3 - 0x1780]bool
	for _, r := range "គឃងជឈញឌឍទធនពភមយរលវ" {
		o[r-0x1780] = true
	}
	return o
}()

// khmerSigns romanises the dependent vowels U+17B6–U+17C5 for a- and
// o-series consonants.
var khmerSigns = [0x17C6 - 0x17B6][2]string{
	{"a", "ea"}, {"e", "i"}, {"ei", "i"}, {"oe", "ue"}, {"eu", "eu"}, {"o", "u"}, {"ou", "u"}, {"uo", "uo"}, // 17B6–17BD
	{"aeu", "eu"}, {"oea", "oea"}, {"ie", "ie"}, {"e", "e"}, {"e", "e"}, {"ai", "ey"}, {"ao", "o"}, {"au", "ov"}, // 17BE–17C5
}

// khmerIndependent romanises the independent vowels U+17A3–U+17B3.
var khmerIndependent = [0x17B4 - 0x17A3]string{
	"a", "a", "e", "ei", "o", "ou", "ou", "ov", "rue", "rue", "lue", "lue", "ae", "ai", "ao", "ao", "au",
}

const khmerCoeng = 0x17D2

func isKhmerCons(r rune) bool { return r >= 0x1780 && r <= 0x17A2 }
func isKhmerSign(r rune) bool { return r >= 0x17B6 && r <= 0x17D3 && r != khmerCoeng || r == 0x17DD }

// khmer transliterates the Khmer word starting at rs[i].
func (t *translator) khmer(i int) int {
	rs := t.rs
	r := rs[i]
	switch {
	case r >= 0x17A3 && r <= 0x17B3:
		t.write(khmerIndependent[r-0x17A3])
		return 1
	case !isKhmerCons(r):
		if !isKhmerSign(r) && r != khmerCoeng {
			t.other(r)
		}
		return 1
	}
	var out []byte
	open := false // the last syllable has a vowel and no final yet
	k := i
	for isKhmerCons(t.at(k)) {
		c := t.at(k)
		cons := khmerCons[c-0x1780]
		oSeries := khmerOSeries[c-0x1780]
		k++
		// Subscript consonants join the initial: ស្រ sr, ខ្ម khm.
		for t.at(k) == khmerCoeng && isKhmerCons(t.at(k+1)) {
			sub := t.at(k + 1)
			cons += khmerCons[sub-0x1780]
			if khmerOSeries[sub-0x1780] && sub != 'រ' && sub != 'ល' && sub != 'វ' {
				oSeries = true
			}
			k += 2
		}
		var vowel string
		hasSign := false
		for isKhmerSign(t.at(k)) {
			s := t.at(k)
			switch {
			case s == 0x17C9: // muusikatoan: o-series to a-series
				oSeries = false
			case s == 0x17CA: // triisap: a-series to o-series
				oSeries = true
			case s >= 0x17B6 && s <= 0x17C5:
				v := khmerSigns[s-0x17B6]
				if oSeries {
					vowel += v[1]
				} else {
					vowel += v[0]
				}
				hasSign = true
			case s == 0x17C6: // nikahit: a final m
				if !hasSign {
					vowel = [2]string{"a", "o"}[b2i(oSeries)]
				}
				vowel += "m"
				hasSign = true
			case s == 0x17C7: // reahmuk: a final h
				if !hasSign {
					vowel = [2]string{"a", "ea"}[b2i(oSeries)]
				}
				vowel += "h"
				hasSign = true
			}
			k++
		}
		switch {
		case hasSign:
			out = append(out, cons...)
			out = append(out, vowel...)
			open = true
		case open && cons != "":
			// No vowel: it closes the syllable before.
			out = append(out, cons...)
			open = false
		default:
			out = append(out, cons...)
			out = append(out, [2]string{"a", "o"}[b2i(oSeries)]...)
			open = true
		}
	}
	t.write(string(out))
	if k == i {
		k++
	}
	return k - i
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
