package name

// The Brahmic scripts of India share one layout (inherited from ISCII):
// within each 128-code-point block the same offset holds the same sound,
// so one table serves Devanagari, Bengali, Gurmukhi, Gujarati, Oriya,
// Tamil, Telugu, Kannada and Malayalam, with a few letters per script
// overridden. Values follow ISO 15919 with its diacritics dropped, and
// Hunterian spellings where ASCII would otherwise merge them (च ch, छ chh,
// श ष sh), which is how Indian names are written in English.

// indicLetters romanises the offsets 0x00–0x3D (signs, independent vowels,
// consonants) and indicSigns the dependent vowel signs 0x3E–0x4C.
var indicLetters = [0x3E]string{
	"", "n", "n", "h", "a", "a", "a", "i", "i", "u", "u", "ri", "li", "e", "e", "e", // 00–0F
	"ai", "o", "o", "o", "au", "k", "kh", "g", "gh", "n", "ch", "chh", "j", "jh", "n", "t", // 10–1F
	"th", "d", "dh", "n", "t", "th", "d", "dh", "n", "n", "p", "ph", "b", "bh", "m", "y", // 20–2F
	"r", "r", "l", "l", "l", "v", "sh", "sh", "s", "h", "", "", "", "", // 30–3D
}

var indicSigns = [0x4D - 0x3E]string{
	"a", "i", "i", "u", "u", "ri", "ri", "e", "e", "e", "ai", "o", "o", "o", "au", // 3E–4C
}

// indicScript holds what differs between the Brahmic scripts.
type indicScript struct {
	over map[int]string // letters whose value differs from indicLetters
	// schwaDrop: the inherent a of a word's last consonant is silent
	// (Hindi राम → ram), unless the consonant closes a cluster (नरेंद्र →
	// narendra). True for the North Indian scripts.
	schwaDrop bool
}

var indicScripts = map[rune]*indicScript{
	0x900: {schwaDrop: true}, // Devanagari
	0x980: {schwaDrop: true, over: map[int]string{ // Bengali
		0x2F: "j", 0x4E: "t", 0x70: "r", 0x71: "w", 0x35: "b", 0x2B: "f", // ফ is f in Bangladeshi names
	}},
	0xA00: {schwaDrop: true, over: map[int]string{0x70: "n", 0x75: "y"}},        // Gurmukhi
	0xA80: {schwaDrop: true},                                                    // Gujarati
	0xB00: {over: map[int]string{0x71: "w", 0x5F: "y"}},                         // Oriya
	0xB80: {over: map[int]string{0x1A: "ch", 0x34: "zh", 0x31: "r", 0x29: "n"}}, // Tamil
	0xC00: {over: map[int]string{0x58: "ts", 0x59: "dz", 0x5A: "r"}},            // Telugu
	0xC80: {},                                                                   // Kannada
	0xD00: {over: map[int]string{ // Malayalam, with its chillu (vowelless) letters
		0x2B: "f", 0x34: "zh", 0x31: "r", 0x4E: "r", 0x54: "m", 0x55: "y", 0x56: "zh",
		0x7A: "n", 0x7B: "n", 0x7C: "r", 0x7D: "l", 0x7E: "l", 0x7F: "k",
	}},
}

// indicNukta gives the value of a consonant with nukta (Devanagari क़ ज़ ड़ फ़ ...),
// which NFKC always spells as consonant + U+093C.
var indicNukta = map[int]string{0x15: "q", 0x16: "kh", 0x17: "gh", 0x1C: "z", 0x21: "r", 0x22: "rh", 0x2B: "f", 0x2F: "y"}

const (
	indicNuktaSign = 0x3C
	indicVirama    = 0x4D
)

func isIndicConsonant(off int) bool {
	return off >= 0x15 && off <= 0x39 || off >= 0x58 && off <= 0x5F
}

// indicUnit is one consonant or independent vowel of a word, with its vowel.
type indicUnit struct {
	cons   string // consonant, "" for an independent vowel
	vowel  string // the vowel said after it
	schwa  bool   // vowel is the inherent a, which North Indian languages may drop
	virama bool   // written without vowel: the consonant joins the next one
	coda   string // nasal or visarga after the vowel
}

// indic transliterates the Brahmic-script word starting at rs[i].
func (t *translator) indic(i int) int {
	rs := t.rs
	base := rs[i] &^ 0x7F
	sc := indicScripts[base]
	if sc == nil {
		t.other(rs[i])
		return 1
	}
	at := func(k int) int { // the offset of rs[k] if it is in the same block, else -1
		if k < 0 || k >= len(rs) || rs[k]&^0x7F != base {
			return -1
		}
		return int(rs[k] - base)
	}
	value := func(off int) string {
		if s, ok := sc.over[off]; ok {
			return s
		}
		switch {
		case off < len(indicLetters):
			return indicLetters[off]
		case off >= 0x58 && off <= 0x5F:
			// Devanagari's precomposed nukta letters, should they come in unnormalised.
			return [8]string{"q", "kh", "gh", "z", "r", "rh", "f", "y"}[off-0x58]
		case off == 0x60 || off == 0x61:
			return "ri"
		}
		return ""
	}

	// Digits, dandas and symbols stand on their own.
	switch off := at(i); {
	case off >= 0x66 && off <= 0x6F:
		t.sep()
		t.b.WriteByte(byte('0' + off - 0x66))
		return 1
	case !isLetterAt(rs, i):
		t.other(rs[i])
		return 1
	}

	var units []indicUnit
	k := i
	for ; isLetterAt(rs, k) && at(k) >= 0; k++ {
		off := at(k)
		switch {
		case off == 0x01 || off == 0x02 || off == 0x03 || base == 0xA00 && off == 0x70:
			// Candrabindu, anusvara, Gurmukhi tippi: n, or m before a labial;
			// visarga h.
			c := "n"
			if n := at(k + 1); n >= 0x2A && n <= 0x2E {
				c = "m"
			} else if off == 0x03 {
				c = "h"
			}
			if len(units) == 0 {
				units = append(units, indicUnit{})
			}
			units[len(units)-1].coda += c
		case base == 0xA00 && off == 0x71: // Gurmukhi addak doubles the next consonant
			if n := at(k + 1); isIndicConsonant(n) {
				units = append(units, indicUnit{cons: value(n)[:1], virama: true})
			}
		case isIndicConsonant(off):
			u := indicUnit{cons: value(off)}
			switch {
			case base == 0xB80 && off == 0x1A && len(units) == 0:
				u.cons = "s" // Tamil ச is s at the start of a word (சிவா → siva)
			case base == 0x980 && off == 0x2F && at(k-1) == indicVirama:
				u.cons = "y" // Bengali য after a consonant is the y-phala
			}
			if at(k+1) == indicNuktaSign {
				if v, ok := indicNukta[off]; ok {
					u.cons = v
				}
				k++
			}
			switch n := at(k + 1); {
			case n == indicVirama:
				u.virama = true
				k++
			case n >= 0x3E && n <= 0x4C:
				u.vowel = indicSigns[n-0x3E]
				k++
			case n == 0x62 || n == 0x63:
				u.vowel = "li"
				k++
			case n >= 0x55 && n <= 0x57: // length marks
				k++
			default:
				u.vowel, u.schwa = "a", true
			}
			units = append(units, u)
		case off >= 0x3E && off <= 0x4C:
			// A vowel sign with no consonant (a broken sequence) reads as the vowel.
			units = append(units, indicUnit{vowel: indicSigns[off-0x3E]})
		default:
			if v := value(off); v != "" {
				if off >= 0x04 && off <= 0x14 || off == 0x60 || off == 0x61 {
					units = append(units, indicUnit{vowel: v})
				} else {
					units = append(units, indicUnit{cons: v, virama: true}) // chillu, khanda ta
				}
			}
		}
	}
	if sc.schwaDrop {
		dropSchwa(units)
	}
	var out []byte
	for _, u := range units {
		out = append(out, u.cons...)
		out = append(out, u.vowel...)
		out = append(out, u.coda...)
	}
	t.write(string(out))
	if k == i {
		k++
	}
	return k - i
}

// dropSchwa removes the inherent vowels that Hindi, Punjabi, Gujarati and
// Bengali do not say (Ohala's rule, right to left): at the end of a word
// unless it closes a cluster (राम → ram, but नरेंद्र → narendra), and
// between a vowel and a consonant that has a vowel (मनमोहन → manmohan,
// राजनाथ → rajnath).
func dropSchwa(units []indicUnit) {
	hasVowel := func(k int) bool { return k >= 0 && k < len(units) && units[k].vowel != "" }
	last := len(units) - 1
	for k := last; k > 0; k-- {
		u := &units[k]
		if !u.schwa || units[k-1].virama || u.coda != "" {
			continue
		}
		switch {
		case k == last:
			u.vowel, u.schwa = "", false
		case hasVowel(k-1) && units[k+1].cons != "" && hasVowel(k+1) && units[k-1].coda == "":
			u.vowel, u.schwa = "", false
		}
	}
}
