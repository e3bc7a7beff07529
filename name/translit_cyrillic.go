package name

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// cyrLang is the language whose romanisation is used for Cyrillic text.
type cyrLang uint8

const (
	cyrRussian    cyrLang = iota // BGN/PCGN 1947, simplified (е, ё → e)
	cyrUkrainian                 // Ukrainian national system (KMU 2010), used in passports
	cyrBelarusian                // Belarusian passport style (Аляксандр → aliaksandr)
	cyrSerbian                   // Serbian/Macedonian: the Latin alphabet, diacritics dropped
	cyrTurkic                    // Kazakh, Kyrgyz, Tajik: BGN/PCGN values for their letters
	cyrUzbek                     // Uzbek Cyrillic: ў → o, as in Uzbek Latin o‘
)

// cyrLetters are the letters a language reads its own way wherever they
// stand; the rules that depend on the letters around them are in cyrillic.
var cyrLetters = [...][]struct {
	r     rune
	latin string
}{
	cyrUkrainian:  {{'г', "h"}, {'и', "y"}},
	cyrBelarusian: {{'г', "h"}},
	cyrSerbian:    {{'ж', "z"}, {'х', "h"}, {'ц', "c"}, {'ч', "c"}, {'ш', "s"}},
	cyrTurkic:     {{'и', "i"}},
	cyrUzbek:      {{'ў', "o"}, {'ғ', "g"}},
}

// detectCyrLang chooses the romanisation from letters that only some
// languages use. Text with none of them is read as Russian; Bulgarian is
// not told apart (its щ comes out shch, and ъ before a consonant a).
func detectCyrLang(rs []rune) cyrLang {
	var has [0x530 - 0x400]bool
	for _, r := range rs {
		if r >= 0x400 && r < 0x530 {
			has[cyrLower(r)-0x400] = true
		}
	}
	h := func(letters string) bool {
		for _, r := range letters {
			if has[r-0x400] {
				return true
			}
		}
		return false
	}
	switch {
	case h("ђћџљњјѓќѕ"):
		return cyrSerbian
	case h("ў") && h("қғҳ"):
		return cyrUzbek
	case h("әғқңөұүһҷӣӯ"):
		return cyrTurkic
	case h("ў"), h("і") && h("ыэ"):
		return cyrBelarusian
	case h("іїєґ"):
		return cyrUkrainian
	}
	return cyrRussian
}

// cyrBase romanises U+0430–U+045F (lower case) after BGN/PCGN for Russian,
// with the letters of the other Slavic alphabets at their usual values.
var cyrBase = [0x30]string{
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", // а–п
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", // р–я
	"e", "e", "d", "g", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "k", "i", "u", "dz", // ѐ–џ
}

// cyrExt romanises the letters of U+0460–U+052F used by the non-Slavic
// languages written in Cyrillic (BGN/PCGN values, without diacritics).
var cyrExt = map[rune]string{
	'ґ': "g", 'ғ': "gh", 'ҕ': "gh", 'җ': "zh", 'қ': "q", 'ҝ': "k", 'ҟ': "k", 'ң': "ng", 'ҥ': "ng",
	'ү': "u", 'ұ': "u", 'ҳ': "h", 'ҷ': "j", 'ҹ': "ch", 'һ': "h", 'ә': "a", 'ө': "o", 'ӣ': "i",
	'ӯ': "u", 'ӏ': "", 'ҙ': "dh", 'ҫ': "th", 'ӄ': "q", 'ӈ': "ng", 'ѣ': "e", 'ѳ': "f", 'ѵ': "i",
	'ѧ': "ya", 'ѫ': "u", 'ѡ': "o", 'ԁ': "d", 'ԛ': "q", 'ԝ': "w",
}

// cyrYForms and cyrIForms are the soft vowels at the start of a word (or
// after a vowel) and after a consonant, for Ukrainian and Belarusian.
var (
	cyrYForms = map[rune]string{'е': "ye", 'ё': "yo", 'є': "ye", 'ї': "yi", 'й': "y", 'ю': "yu", 'я': "ya"}
	cyrIForms = map[rune]string{'е': "ie", 'ё': "io", 'є': "ie", 'ї': "i", 'й': "i", 'ю': "iu", 'я': "ia"}
)

// cyrLower lower-cases a rune, quickly for the Russian alphabet.
func cyrLower(r rune) rune {
	switch {
	case r >= 0x430 && r < 0x460:
		return r
	case r >= 0x410 && r < 0x430:
		return r + 0x20
	case r >= 0x400 && r < 0x410:
		return r + 0x50
	}
	return unicode.ToLower(r)
}

func isCyrVowel(r rune) bool {
	switch r {
	case 'а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'і', 'ї', 'є', 'ў', 'ә', 'ө', 'ү', 'ұ', 'ӣ', 'ӯ':
		return true
	}
	return false
}

func isCyrConsonant(r rune) bool {
	return (r >= 0x430 && r < 0x460 || r >= 0x460 && r < 0x530 && unicode.IsLetter(r)) &&
		!isCyrVowel(r) && r != 'ь' && r != 'ъ' && r != 'й'
}

// cyrillic transliterates one Cyrillic letter, or the digraph starting at it.
func (t *translator) cyrillic(i int) int {
	rs := t.rs
	r := cyrLower(rs[i])
	if !unicode.IsLetter(r) {
		t.other(r)
		return 1
	}
	initial := !isLetterAt(rs, i-1)
	var prev, next rune
	if i > 0 {
		prev = cyrLower(rs[i-1])
	}
	if i+1 < len(rs) {
		next = cyrLower(rs[i+1])
	}
	afterConsonant := !initial && isCyrConsonant(prev)

	for _, l := range cyrLetters[t.cyr] {
		if l.r == r {
			t.write(l.latin)
			return 1
		}
	}
	switch t.cyr {
	case cyrUkrainian:
		switch r {
		case 'з':
			if next == 'г' { // зг → zgh keeps it apart from ж
				t.write("zgh")
				return 2
			}
		case 'є', 'ї', 'й', 'ю', 'я':
			// KMU 2010: y- forms at the start of a word, i- forms elsewhere.
			if initial {
				t.write(cyrYForms[r])
			} else {
				t.write(cyrIForms[r])
			}
			return 1
		}
	case cyrBelarusian:
		switch r {
		case 'й':
			if initial {
				t.write("y")
			} else {
				t.write("i")
			}
			return 1
		case 'е', 'ё', 'ю', 'я':
			// After a consonant the soft vowels are i-, elsewhere y-
			// (Сяргей → siarhei, Яўген → yauhen); е after a consonant is e.
			switch {
			case afterConsonant && r == 'е':
				t.write("e")
			case afterConsonant:
				t.write(cyrIForms[r])
			default:
				t.write(cyrYForms[r])
			}
			return 1
		}
	}
	if r == 'ъ' && next != 0 && isCyrConsonant(next) {
		// A hard sign before a consonant is the Bulgarian vowel ъ.
		t.write("a")
		return 1
	}
	if r >= 0x430 && r < 0x460 {
		t.write(cyrBase[r-0x430])
		return 1
	}
	if s, ok := cyrExt[r]; ok {
		t.write(s)
		return 1
	}
	// Letters with a diacritic over a base letter (ӓ, ӧ, ӱ ...) read as the base.
	if d := []rune(norm.NFD.String(string(r))); len(d) > 1 && d[0] >= 0x430 && d[0] < 0x460 {
		t.write(cyrBase[d[0]-0x430])
		return 1
	}
	t.other(r)
	return 1
}
