package name

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ToLatin transliterates every non-Latin letter in s to Latin, removes
// diacritics from Latin letters (ß→ss, æ→ae, ø→o, ł→l, đ→d, þ→th, ı→i ...),
// and returns lower-case text; characters that are not letters or digits are
// kept as they are (spaces, hyphens, apostrophes, punctuation) so the caller
// can tokenise. Latin-only ASCII input comes back lower-cased unchanged (fast
// path: no allocation beyond the lowering).
//
// Input is first brought to Unicode NFKC, so full-width Latin, ligatures,
// half-width katakana and Arabic presentation forms are handled as their
// ordinary letters; decimal digits of any script become ASCII digits.
//
// Each script has its own table, with the standard it follows named beside
// it. The output is meant for matching, not display: it is plain ASCII for
// every covered script, long vowels are not marked, and where a script
// does not write vowels (Arabic, Hebrew) the result is a best-effort
// skeleton that the matcher is expected to compare loosely. Han characters
// become toneless pinyin syllables separated by spaces, Hangul syllables
// become Revised Romanization syllables separated by spaces.
//
// ToLatin is idempotent: ToLatin(ToLatin(s)) == ToLatin(s). Letters of
// scripts it does not cover are kept, lower-cased.
func ToLatin(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return toLatin(s)
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// translator holds the state of one ToLatin call.
type translator struct {
	b  strings.Builder
	rs []rune

	cyr     cyrLang  // language of the Cyrillic text, from its letters
	arab    arabLang // Arabic or Persian/Urdu letter values
	hanSep  bool     // the last thing written was a Han or Hangul syllable
	kanaDot int8     // the text has a katakana middle dot: 1 yes, -1 no, 0 not looked yet
}

func toLatin(s string) string {
	// Decode once; only text outside ASCII and the basic Cyrillic block,
	// which NFKC leaves alone, needs normalising. Invalid bytes decode as
	// U+FFFD.
	rs := make([]rune, 0, len(s))
	stable := true
	for _, r := range s {
		stable = stable && (r < utf8.RuneSelf || r >= 0x400 && r < 0x460)
		rs = append(rs, r)
	}
	if !stable {
		rs = []rune(norm.NFKC.String(string(rs)))
	}
	t := &translator{rs: rs}
	t.b.Grow(len(s) + len(s)/4)
	t.detect()
	for i := 0; i < len(t.rs); {
		i += t.step(i)
	}
	return t.b.String()
}

// detect looks over the whole input once for letters that tell which
// language-specific table to use (Ukrainian г→h, Persian final ه→e, ...).
// A name is written in one language, so the choice is made per call.
func (t *translator) detect() {
	var cyr, arab bool
	for _, r := range t.rs {
		switch {
		case r >= 0x400 && r < 0x530:
			cyr = true
		case r >= 0x600 && r < 0x700 || r >= 0x750 && r < 0x780:
			arab = true
		}
	}
	if cyr {
		t.cyr = detectCyrLang(t.rs)
	}
	if arab {
		t.arab = detectArabLang(t.rs)
	}
}

// step transliterates the rune at rs[i], and possibly some following runes
// that belong to it (digraphs, vowel signs), and returns how many runes it
// consumed (at least 1).
func (t *translator) step(i int) int {
	r := t.rs[i]
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		if isASCIIAlnum(r) {
			t.sep()
			t.b.WriteByte(byte(r))
		} else {
			t.punct(r)
		}
		return 1
	case r < 0x2B0: // Latin-1 Supplement, Latin Extended-A and -B, IPA Extensions
		t.latin(r, latinFold[r-utf8.RuneSelf])
		return 1
	case r == 0x2BB || r == 0x2BC || r == 0x2BE || r == 0x2BF:
		// Modifier letters for ʻokina, apostrophe, hamza ʾ and ayn ʿ in
		// transcriptions (Muʿammar) read as an apostrophe.
		t.punct('\'')
		return 1
	case r >= 0x370 && r < 0x400, r >= 0x1F00 && r < 0x2000:
		return t.greek(i)
	case r >= 0x400 && r < 0x530, r >= 0x1C80 && r < 0x1C90, r >= 0x2DE0 && r < 0x2E00, r >= 0xA640 && r < 0xA6A0:
		return t.cyrillic(i)
	case r >= 0x530 && r < 0x590:
		return t.armenian(i)
	case r >= 0x590 && r < 0x600:
		return t.hebrew(i)
	case r >= 0x600 && r < 0x700, r >= 0x750 && r < 0x780, r >= 0x8A0 && r < 0x900:
		return t.arabic(i)
	case r >= 0x900 && r < 0xD80:
		return t.indic(i)
	case r >= 0xD80 && r < 0xE00:
		return t.sinhala(i)
	case r >= 0xE00 && r < 0xE80:
		return t.thai(i)
	case r >= 0xE80 && r < 0xF00:
		return t.lao(i)
	case r >= 0xF00 && r < 0x1000:
		return t.tibetan(i)
	case r >= 0x1000 && r < 0x10A0:
		return t.burmese(i)
	case r >= 0x1200 && r < 0x1380:
		return t.ethiopic(i)
	case r >= 0x1780 && r < 0x1800, r >= 0x19E0 && r < 0x1A00:
		return t.khmer(i)
	case r >= 0x1800 && r < 0x18B0:
		return t.mongolian(i)
	case r >= 0x10A0 && r < 0x1100, r >= 0x1C90 && r < 0x1CC0, r >= 0x2D00 && r < 0x2D30:
		return t.georgian(i)
	case r >= 0x1100 && r < 0x1200, r >= 0x3130 && r < 0x3190, r >= 0xAC00 && r < 0xD7B0:
		return t.hangul(i)
	case r >= 0x3040 && r < 0x3100:
		return t.kana(i)
	case isHan(r):
		return t.han(i)
	case r >= 0x1E00 && r < 0x1F00, r >= 0x2C60 && r < 0x2C80, r >= 0xA720 && r < 0xA800, r >= 0xAB30 && r < 0xAB70:
		t.latin(r, foldLatinRune(r))
		return 1
	}
	t.other(r)
	return 1
}

// latin writes the folded form of a Latin-script rune; fold is "" for
// marks and format characters, which are dropped.
func (t *translator) latin(r rune, fold string) {
	if fold == "" {
		if !dropped(r) {
			t.punct(r)
		}
		return
	}
	t.write(fold)
}

// other handles a rune that no script's table covers: decimal digits of
// every script become ASCII (the one rule for digits: the script
// transliterators leave theirs to it), letters are kept lower-cased, marks and format characters are
// dropped, everything else is kept as it is.
func (t *translator) other(r rune) {
	switch {
	case r == 0x30FB: // katakana middle dot separates the parts of a foreign name
		t.punct(' ')
	case unicode.Is(unicode.Nd, r):
		t.sep()
		t.b.WriteByte(byte('0' + digitValue(r)))
	case unicode.IsLetter(r):
		t.sep()
		t.b.WriteRune(unicode.ToLower(r))
	case dropped(r):
	default:
		t.punct(r)
	}
}

// at returns the rune at index k of the text, or 0 past its end.
func (t *translator) at(k int) rune {
	if k < len(t.rs) {
		return t.rs[k]
	}
	return 0
}

// write appends Latin letters produced by a script table.
func (t *translator) write(s string) {
	if s == "" {
		return
	}
	t.sep()
	t.b.WriteString(s)
}

// sep writes the space that keeps a Han or Hangul syllable apart from a
// following letter or digit.
func (t *translator) sep() {
	if t.hanSep {
		t.hanSep = false
		t.b.WriteByte(' ')
	}
}

// punct writes a character that is not a letter or digit.
func (t *translator) punct(r rune) {
	t.hanSep = false
	t.b.WriteRune(r)
}

// syllable writes one Han or Hangul syllable, spaced from the letters and
// digits around it.
func (t *translator) syllable(s string) {
	if c := t.lastByte(); t.hanSep || c < utf8.RuneSelf && isASCIIAlnum(rune(c)) {
		t.b.WriteByte(' ')
	}
	t.b.WriteString(s)
	t.hanSep = true
}

// lastByte returns the last byte written, 0 if none.
func (t *translator) lastByte() byte {
	if n := t.b.Len(); n > 0 {
		return t.b.String()[n-1]
	}
	return 0
}

// dropped reports whether r is a mark or an invisible format character,
// which the output leaves out.
func dropped(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf)
}

func isASCIIAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
}

// digitValue returns the value of a decimal digit of any script. Unicode
// encodes each script's digits as a run of ten from zero.
func digitValue(r rune) int {
	zero := r
	for k := 0; k < 9 && unicode.Is(unicode.Nd, zero-1); k++ {
		zero--
	}
	return int(r-zero) % 10
}

// isLetterAt reports whether rs[i] exists and is a letter or a mark, that
// is, part of a word.
func isLetterAt(rs []rune, i int) bool {
	if i < 0 || i >= len(rs) {
		return false
	}
	r := rs[i]
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	case r >= 0x400 && r < 0x482:
		return true
	}
	return unicode.IsLetter(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// latinFold holds the folded form of every rune from U+0080 to U+02AF
// (Latin-1 Supplement, Latin Extended-A and -B, IPA Extensions), computed
// once.
var latinFold = func() [0x2B0 - utf8.RuneSelf]string {
	var f [0x2B0 - utf8.RuneSelf]string
	for r := rune(utf8.RuneSelf); r < 0x2B0; r++ {
		f[r-utf8.RuneSelf] = foldLatinRune(r)
	}
	return f
}()

// latinSpecial lists Latin letters that do not decompose into a base letter
// and a diacritic under NFD, with the ASCII spelling names use for them.
var latinSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	// Polish ż is the zh of ж (Żukow, Nadżdżar: dż is j, and dzh folds with it).
	'ż': "zh", 'Ż': "zh",
	'þ': "th", 'Þ': "th", 'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŋ': "ng", 'Ŋ': "ng",
	'ŧ': "t", 'Ŧ': "t", 'ĸ': "q", 'ſ': "s", 'ƒ': "f", 'Ƒ': "f", 'ɨ': "i", 'Ɨ': "i",
	// Azerbaijani ə is written a in the customary forms (Əliyev → Aliyev).
	'ə': "a", 'Ə': "a", 'ǝ': "e", 'Ǝ': "e",
	'ɛ': "e", 'Ɛ': "e", 'ɔ': "o", 'Ɔ': "o", 'ƴ': "y", 'Ƴ': "y", 'ɓ': "b", 'Ɓ': "b",
	'ɗ': "d", 'Ɗ': "d", 'ƙ': "k", 'Ƙ': "k", 'ɲ': "ny", 'ʒ': "zh", 'Ʒ': "zh",
	'ƶ': "z", 'Ƶ': "z", 'ȥ': "z", 'ƀ': "b", 'ɍ': "r", 'ɏ': "y", 'ȼ': "c", 'ɉ': "j",
	'ŉ': "n", 'ĳ': "ij", 'Ĳ': "ij", 'ǆ': "dz", 'ǅ': "dz", 'Ǆ': "dz",
	'ǉ': "lj", 'ǈ': "lj", 'Ǉ': "lj", 'ǌ': "nj", 'ǋ': "nj", 'Ǌ': "nj",
}

// foldLatinRune returns the ASCII form of a Latin letter: its special
// spelling, or its base letter after NFD with the marks dropped. It returns
// "" for non-letters (kept as they are by the caller unless they are marks).
func foldLatinRune(r rune) string {
	if s, ok := latinSpecial[r]; ok {
		return s
	}
	if !unicode.IsLetter(r) {
		return ""
	}
	l := unicode.ToLower(r)
	if s, ok := latinSpecial[l]; ok {
		return s
	}
	var out []byte
	for _, c := range norm.NFD.String(string(l)) {
		switch {
		case c < utf8.RuneSelf:
			out = append(out, byte(unicode.ToLower(c)))
		case unicode.Is(unicode.Mn, c):
		default:
			if s, ok := latinSpecial[c]; ok {
				out = append(out, s...)
			} else {
				out = utf8.AppendRune(out, unicode.ToLower(c))
			}
		}
	}
	return string(out)
}
