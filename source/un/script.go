package un

import "unicode"

// scripts are the writing systems found in NAME_ORIGINAL_SCRIPT, with their
// ISO 15924 codes. Han and the Japanese kana are told apart so that a name
// written in kana is not taken for Chinese.
var scripts = []struct {
	code  string
	table *unicode.RangeTable
}{
	{"Arab", unicode.Arabic},
	{"Cyrl", unicode.Cyrillic},
	{"Hani", unicode.Han},
	{"Hang", unicode.Hangul},
	{"Hira", unicode.Hiragana},
	{"Kana", unicode.Katakana},
	{"Grek", unicode.Greek},
	{"Hebr", unicode.Hebrew},
	{"Thai", unicode.Thai},
	{"Geor", unicode.Georgian},
	{"Armn", unicode.Armenian},
	{"Deva", unicode.Devanagari},
	{"Ethi", unicode.Ethiopic},
	{"Mymr", unicode.Myanmar},
	{"Khmr", unicode.Khmer},
	{"Latn", unicode.Latin},
}

// detectScript returns the ISO 15924 code of the script most of s's letters
// are written in, or "" when s has no letters of a known script.
func detectScript(s string) string {
	counts := make([]int, len(scripts))
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for i, sc := range scripts {
			if unicode.Is(sc.table, r) {
				counts[i]++
				break
			}
		}
	}
	best, code := 0, ""
	for i, n := range counts {
		if n > best {
			best, code = n, scripts[i].code
		}
	}
	return code
}
