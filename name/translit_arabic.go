package name

import "strings"

// arabLang is the language whose letter values are used for Arabic script.
type arabLang uint8

const (
	arabArabic  arabLang = iota
	arabPersian          // Persian, Dari, Urdu, Pashto: و → v, final ه → e
)

// detectArabLang reads text as Persian (or Urdu) when it uses letters that
// Arabic does not: پ چ ژ گ ک ی and the Urdu letters.
func detectArabLang(rs []rune) arabLang {
	for _, r := range rs {
		switch r {
		case 'پ', 'چ', 'ژ', 'گ', 'ک', 'ی', 'ٹ', 'ڈ', 'ڑ', 'ں', 'ہ', 'ھ', 'ے':
			return arabPersian
		}
	}
	return arabArabic
}

// arabLetters gives the consonant value of each Arabic-script letter. The
// scheme is the practical one of English-language news and sanctions lists
// (close to BGN/PCGN and the Library of Congress without diacritics): emphatic
// and plain consonants fall together (ص → s, ض → d, ط → t, ظ → z), ayn and
// hamza are not written. Vowel letters (ا و ي ى ة and hamza seats) are
// handled by position in arabicWord.
var arabLetters = map[rune]string{
	'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh",
	'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z",
	'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l", 'م': "m", 'ن': "n", 'ه': "h",
	// Persian, Urdu and regional letters.
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k", 'ڤ': "v", 'ڨ': "g", 'ڭ': "g",
	'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ہ': "h", 'ھ': "h", 'ۃ': "a", 'ۀ': "e",
	'ڠ': "ng", 'ڬ': "g", 'ڽ': "ny", 'ڥ': "v", 'ݣ': "g", 'ځ': "dz", 'څ': "ts", 'ډ': "d",
	'ړ': "r", 'ږ': "zh", 'ښ': "sh", 'ګ': "g", 'ڼ': "n",
}

// persianLetters are the Arabic letters that Persian, Dari, Urdu and Pashto
// read otherwise: ث as s, ذ ض ظ as z (Fazl, Ramazan, Razavi, Zakir; Arabic
// Fadl, Ramadan, Radawi, Dhakir).
var persianLetters = map[rune]string{'ث': "s", 'ذ': "z", 'ض': "z", 'ظ': "z"}

// arabWords holds the customary romanisation of the most common name words,
// written without vowels. Arabic script leaves short vowels out, so rules
// alone turn محمد into "mhmd"; for these words the usual English-language form
// is known. Keys are compared after removing tatweel.
var arabWords = map[string]string{
	"محمد": "muhammad", "احمد": "ahmad", "أحمد": "ahmad", "محمود": "mahmud", "مصطفى": "mustafa",
	"علي": "ali", "حسن": "hasan", "حسين": "husayn", "عبد": "abd", "الله": "allah", "عبدالله": "abdallah",
	"عمر": "umar", "عثمان": "uthman", "خالد": "khalid", "ابراهيم": "ibrahim", "إبراهيم": "ibrahim",
	"يوسف": "yusuf", "سعيد": "said", "سعد": "saad", "صالح": "salih", "ابو": "abu", "أبو": "abu",
	"بن": "bin", "ابن": "ibn", "بنت": "bint", "جمال": "jamal", "كمال": "kamal", "فاطمة": "fatima",
	"زينب": "zaynab", "مريم": "maryam", "خديجة": "khadija", "حمد": "hamad", "حامد": "hamid",
	"رشيد": "rashid", "ناصر": "nasir", "منصور": "mansur", "طارق": "tariq", "جعفر": "jafar",
	"قاسم": "qasim", "هاشم": "hashim", "عمار": "ammar", "ياسر": "yasir", "بشار": "bashar",
	"اسد": "asad", "أسد": "asad", "صدام": "saddam", "حافظ": "hafiz", "نصر": "nasr",
	"اسامة": "usama", "أسامة": "usama", "بكر": "bakr", "رحمن": "rahman", "رحيم": "rahim",
	"كريم": "karim", "عزيز": "aziz", "سليمان": "sulayman", "سلمان": "salman", "فيصل": "faysal",
	"سلطان": "sultan", "عيسى": "isa", "موسى": "musa", "هارون": "harun", "حمزة": "hamza",
	"زيد": "zayd", "زياد": "ziyad", "مهدي": "mahdi", "عباس": "abbas", "جواد": "jawad",
	"رضا": "rida", "نور": "nur", "دين": "din", "الدين": "al-din", "مجيد": "majid",
	"شريف": "sharif", "لطيف": "latif", "عادل": "adil", "وليد": "walid", "مالك": "malik",
	"نبيل": "nabil", "هادي": "hadi", "فهد": "fahd", "بدر": "badr", "مراد": "murad",
	"قادر": "qadir", "غني": "ghani", "انور": "anwar", "أنور": "anwar", "ايمن": "ayman", "أيمن": "ayman",
	"ظواهري": "zawahiri", "لادن": "ladin", "بغدادي": "baghdadi", "قذافي": "qadhafi", "معمر": "muammar",
	"نصرالله": "nasrallah", "حزب": "hizb", "شركة": "sharika", "سيف": "sayf", "طاهر": "tahir",
	"رجب": "rajab", "حسام": "husam", "شعبان": "shaban", "عمران": "imran", "اسماعيل": "ismail",
	"اسحاق": "ishaq", "يحيى": "yahya", "زكريا": "zakariya", "عيد": "id", "امين": "amin",
}

// arabKey normalises a word for the dictionaries: the hamza forms of alif
// to alif, and the Persian and Urdu shapes of ya, kaf and he to the Arabic
// ones, so that علی, علي and على find the same entry.
func arabKey(s string) string {
	return arabKeyReplacer.Replace(s)
}

var arabKeyReplacer = strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا", "ٱ", "ا", "ی", "ي", "ى", "ي", "ک", "ك", "ہ", "ه", "ھ", "ه", "ۀ", "ه")

func init() {
	// Dictionary keys are compared in arabKey form.
	for _, m := range []map[string]string{arabWords, persianWords} {
		for k, v := range m {
			if nk := arabKey(k); nk != k {
				delete(m, k)
				if _, ok := m[nk]; !ok {
					m[nk] = v
				}
			}
		}
	}
}

// persianWords overrides arabWords for Persian text, where the same words
// have their Persian forms.
var persianWords = map[string]string{
	"محمد": "mohammad", "احمد": "ahmad", "علی": "ali", "علي": "ali", "حسن": "hasan", "حسین": "hossein",
	"حسين": "hossein", "رضا": "reza", "مهدی": "mahdi", "جواد": "javad", "محمود": "mahmoud",
	"قاسم": "qasem", "سلیمانی": "soleimani", "خامنه": "khamene", "ای": "i", "روحانی": "rouhani",
	"احمدی": "ahmadi", "نژاد": "nejad", "ظریف": "zarif", "عباس": "abbas", "اکبر": "akbar",
	"حسینی": "hosseini", "موسوی": "mousavi", "رئیسی": "raisi", "ابراهیم": "ebrahim",
	"سید": "seyed", "پور": "pour", "زاده": "zadeh", "مجید": "majid", "سعید": "saeed",
}

const (
	arFatha, arDamma, arKasra = 0x64E, 0x64F, 0x650
	arShadda, arSukun         = 0x651, 0x652
	arTatweel                 = 0x640
)

func isArabicLetter(r rune) bool {
	return r >= 0x620 && r <= 0x64A || r >= 0x66E && r <= 0x6D3 || r == 0x6D5 ||
		r >= 0x6EE && r <= 0x6EF || r >= 0x6FA && r <= 0x6FC || r == 0x6FF ||
		r >= 0x750 && r < 0x780 || r >= 0x8A0 && r <= 0x8C9
}

func isArabicMark(r rune) bool {
	return r >= 0x610 && r <= 0x61A || r >= 0x64B && r <= 0x65F || r == 0x670 ||
		r >= 0x6D6 && r <= 0x6ED || r >= 0x8CA && r <= 0x8FF || r == arTatweel
}

// isArabicVowelLetter reports whether r can stand for a vowel (or none)
// rather than a consonant.
func isArabicVowelLetter(r rune) bool {
	switch r {
	case 'ا', 'أ', 'إ', 'آ', 'ٱ', 'و', 'ي', 'ی', 'ى', 'ة', 'ء', 'ؤ', 'ئ', 'ع', 'ے':
		return true
	}
	return false
}

// arabic transliterates the Arabic-script word starting at rs[i].
func (t *translator) arabic(i int) int {
	rs := t.rs
	if !isArabicLetter(rs[i]) && !isArabicMark(rs[i]) {
		t.other(rs[i])
		return 1
	}
	j := i
	for j < len(rs) && (isArabicLetter(rs[j]) || isArabicMark(rs[j])) {
		j++
	}
	if k, suffix := arabTheophoric(rs, i, j); k > j {
		t.arabicWord(rs[i:j])
		t.b.WriteString(suffix)
		return k - i
	}
	t.arabicWord(rs[i:j])
	return j - i
}

// arabTheophoric finds a name written as two words whose second is الله or
// الدين (هداية الله, شمس الدين): lists write such a name as one word
// (Hidayatullah, Shamsuddin), so it is romanised as one, with the joined
// form -ullah, -uddin of South Asian and Afghan usage, which the matcher
// compares loosely with -allah, -eddine. It returns the end of the second
// word and the suffix, or j if there is none; عبد الله stays two words
// (Abd Allah, see joinAbdAl).
func arabTheophoric(rs []rune, i, j int) (int, string) {
	if j >= len(rs) || rs[j] != ' ' || arabKey(string(rs[i:j])) == "عبد" {
		return j, ""
	}
	k := j + 1
	for k < len(rs) && (isArabicLetter(rs[k]) || isArabicMark(rs[k])) {
		k++
	}
	var letters []rune
	for _, r := range rs[j+1 : k] {
		if !isArabicMark(r) {
			letters = append(letters, r)
		}
	}
	switch arabKey(string(letters)) {
	case "الله", "اللة":
		return k, "ullah"
	case "الدين":
		return k, "uddin"
	}
	return j, ""
}

// arabicWord romanises one word: from its vowel marks where it has them,
// otherwise from the customary form of common words, the al- prefix, and
// the position of the vowel letters.
func (t *translator) arabicWord(w []rune) {
	letters := make([]rune, 0, len(w))
	vocalised := false
	for _, r := range w {
		if r >= 0x64B && r <= 0x652 {
			vocalised = true
		}
		if r != arTatweel {
			letters = append(letters, r)
		}
	}
	if !vocalised {
		key := arabKey(string(letters))
		if t.arab == arabPersian {
			if s, ok := persianWords[key]; ok {
				t.write(s)
				return
			}
		}
		if s, ok := arabWords[key]; ok {
			t.write(s)
			return
		}
		// The article: ال, also in a name written as one word (عبدالرحمن).
		if rest, ok := strings.CutPrefix(key, "عبدال"); ok && len([]rune(rest)) >= 2 {
			t.write("abd al-")
			t.arabicWord([]rune(rest))
			return
		}
		// ... and الله closing a compound name (خيرالله → khirallah).
		if rest, ok := strings.CutSuffix(key, "الله"); ok && len([]rune(rest)) >= 2 {
			t.arabicWord([]rune(rest))
			t.write("allah")
			return
		}
		if rest, ok := strings.CutPrefix(key, "ال"); ok && len([]rune(rest)) >= 2 {
			t.write("al-")
			t.arabicWord([]rune(rest))
			return
		}
	}

	var out strings.Builder
	// letterAt returns the letter n letters away from position k, skipping marks.
	letterAt := func(k, dir int) rune {
		for k += dir; k >= 0 && k < len(letters); k += dir {
			if !isArabicMark(letters[k]) {
				return letters[k]
			}
		}
		return 0
	}
	var lastMark rune // the vowel mark written on the previous letter
	for k, r := range letters {
		var prev, next rune
		if !isArabicMark(r) {
			prev, next = letterAt(k, -1), letterAt(k, +1)
		}
		initial, final := prev == 0, next == 0
		nextIsVowel := isArabicVowelLetter(next) && next != 'ع'
		var s string
		switch r {
		case arFatha:
			s = "a"
		case arDamma:
			s = "u"
		case arKasra:
			s = "i"
		case 0x670: // superscript alif
			s = "a"
		case arShadda:
			// Doubling is written on the letter itself, below.
		case 'ا', 'ٱ', 'آ':
			if !(vocalised && lastMark == arFatha) {
				s = "a"
			}
		case 'أ':
			s = "a"
			if nm := nextMark(letters, k); nm == arDamma || nm == arKasra {
				s = ""
			}
		case 'إ':
			s = "i"
			if nextMark(letters, k) == arKasra {
				s = ""
			}
		case 'ؤ':
			s = "u"
		case 'ئ':
			s = "i"
		case 'ء':
		case 'ع':
			// Ayn is not written; at the start of a word before a consonant, or
			// between consonants, it carries the vowel a (علي → ali, جعفر).
			if !vocalised && !nextIsVowel && (initial || !isArabicVowelLetter(prev)) {
				s = "a"
			}
		case 'ة', 'ۃ':
			s = "a"
		case 'ى':
			s = "a"
		case 'ه', 'ہ':
			s = "h"
			if t.arab == arabPersian && final && !initial && prev != 'ا' {
				s = "e" // Persian silent final he (خامنه → khamene)
			}
		case 'و':
			switch {
			case vocalised && lastMark == arDamma && !hasMark(letters, k):
				s = ""
			case initial || nextIsVowel || hasMark(letters, k) || prev == 'ا':
				s = "w"
				if t.arab == arabPersian {
					s = "v"
				}
			default:
				s = "u"
			}
		case 'ي', 'ی', 'ے':
			switch {
			case vocalised && lastMark == arKasra && !hasMark(letters, k):
				s = ""
			case initial || nextIsVowel || hasMark(letters, k):
				s = "y"
			case r == 'ے':
				s = "e"
			default:
				s = "i"
			}
		default:
			if isArabicMark(r) {
				break
			}
			if v, ok := persianLetters[r]; ok && t.arab == arabPersian {
				s = v
			} else if v, ok := arabLetters[r]; ok {
				s = v
			} else {
				s = string(r)
			}
		}
		if isArabicMark(r) {
			if r == arFatha || r == arDamma || r == arKasra {
				lastMark = r
			}
		} else {
			lastMark = 0
			if hasShadda(letters, k) {
				s += s
			}
		}
		out.WriteString(s)
	}
	t.write(out.String())
}

// nextMark returns the vowel mark right after the letter at k, 0 if none.
func nextMark(letters []rune, k int) rune {
	for k++; k < len(letters) && isArabicMark(letters[k]); k++ {
		if r := letters[k]; r == arFatha || r == arDamma || r == arKasra || r == arSukun {
			return r
		}
	}
	return 0
}

// hasShadda reports whether the letter at k is doubled.
func hasShadda(letters []rune, k int) bool {
	for k++; k < len(letters) && isArabicMark(letters[k]); k++ {
		if letters[k] == arShadda {
			return true
		}
	}
	return false
}

// hasMark reports whether the letter at k carries a vowel mark or shadda,
// which makes و and ي consonants.
func hasMark(letters []rune, k int) bool {
	for k++; k < len(letters) && isArabicMark(letters[k]); k++ {
		if r := letters[k]; r == arFatha || r == arDamma || r == arKasra || r == arShadda {
			return true
		}
	}
	return false
}
