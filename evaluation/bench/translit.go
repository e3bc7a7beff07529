package bench

import (
	"strings"
	"unicode"
)

// The tables below are the conventions as published (facts): how English
// romanisations of Russian names map back to Cyrillic, and how other
// languages romanise Cyrillic. They make the benchmark's synthetic rows;
// the matcher has its own tables in package name.

// rules rewrite the start of a word: the first rule whose from begins it
// applies, so longer spellings come first.
type rules []struct{ from, to string }

// apply writes to b what the first rule whose from begins s makes of it,
// and returns the number of bytes of s it read: 0 when no rule applies.
func (rs rules) apply(b *strings.Builder, s string) int {
	for _, r := range rs {
		if strings.HasPrefix(s, r.from) {
			b.WriteString(r.to)
			return len(r.from)
		}
	}
	return 0
}

// enToCyr maps an English (BGN/PCGN-like) romanisation of a Russian name
// to Cyrillic, longest match first.
var enToCyr = rules{
	{"shch", "щ"}, {"sch", "щ"}, {"zh", "ж"}, {"kh", "х"}, {"ts", "ц"}, {"ch", "ч"}, {"sh", "ш"},
	{"yu", "ю"}, {"ya", "я"}, {"ye", "е"}, {"yo", "ё"}, {"iy", "ий"}, {"yy", "ый"},
	{"a", "а"}, {"b", "б"}, {"v", "в"}, {"w", "в"}, {"g", "г"}, {"d", "д"}, {"e", "е"}, {"z", "з"},
	{"i", "и"}, {"y", "й"}, {"k", "к"}, {"l", "л"}, {"m", "м"}, {"n", "н"}, {"o", "о"}, {"p", "п"},
	{"r", "р"}, {"s", "с"}, {"t", "т"}, {"u", "у"}, {"f", "ф"}, {"h", "х"}, {"c", "к"}, {"x", "кс"},
	{"j", "дж"}, {"q", "к"}, {"'", "ь"},
}

// toCyrillic writes an English-romanised Russian name in Cyrillic, or
// returns false when a letter has no mapping.
func toCyrillic(s string) (string, bool) {
	var out []string
	for _, w := range strings.Fields(s) {
		low := strings.ToLower(w)
		var b strings.Builder
		for i := 0; i < len(low); {
			c := low[i]
			if c == '-' {
				b.WriteByte('-')
				i++
				continue
			}
			if c >= 0x80 {
				return "", false
			}
			// A word-initial e is э (Eduard); y between consonants is ы.
			if c == 'e' && i == 0 {
				b.WriteString("э")
				i++
				continue
			}
			if c == 'y' && i > 0 && !isVowel(low[i-1]) && (i+1 == len(low) || !isVowel(low[i+1])) {
				b.WriteString("ы")
				i++
				continue
			}
			n := enToCyr.apply(&b, low[i:])
			if n == 0 {
				return "", false
			}
			i += n
		}
		out = append(out, capitalize(b.String()))
	}
	return strings.Join(out, " "), len(out) > 0
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

// cyrToLatin romanises Russian Cyrillic the way another language does.
// The value for "е" is used after consonants; after a vowel, word-initially
// and for "ё" the iotated form in iot is used.
type romanisation struct {
	letters map[rune]string
	iotE    string // е word-initially or after a vowel
	final   map[string]string
}

var romanisations = map[string]romanisation{
	"de": {letters: map[rune]string{'а': "a", 'б': "b", 'в': "w", 'г': "g", 'д': "d", 'е': "e", 'ё': "jo", 'ж': "sch", 'з': "s", 'и': "i", 'й': "j", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "ch", 'ц': "z", 'ч': "tsch", 'ш': "sch", 'щ': "schtsch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "ju", 'я': "ja"},
		iotE: "je", final: map[string]string{"ий": "ij", "ый": "y"}},
	"nl": {letters: map[rune]string{'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "jo", 'ж': "zj", 'з': "z", 'и': "i", 'й': "j", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "oe", 'ф': "f", 'х': "ch", 'ц': "ts", 'ч': "tsj", 'ш': "sj", 'щ': "sjtsj", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "joe", 'я': "ja"},
		iotE: "je", final: map[string]string{"ий": "i", "ый": "y"}},
	"fr": {letters: map[rune]string{'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "io", 'ж': "j", 'з': "z", 'и': "i", 'й': "ï", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "ou", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "tch", 'ш': "ch", 'щ': "chtch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iou", 'я': "ia"},
		iotE: "ie", final: map[string]string{"ий": "i", "ый": "y"}},
	"pl": {letters: map[rune]string{'а': "a", 'б': "b", 'в': "w", 'г': "g", 'д': "d", 'е': "e", 'ё': "io", 'ж': "ż", 'з': "z", 'и': "i", 'й': "j", 'к': "k", 'л': "ł", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "ch", 'ц': "c", 'ч': "cz", 'ш': "sz", 'щ': "szcz", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "ju", 'я': "ja"},
		iotE: "je", final: map[string]string{"ий": "ij", "ый": "y"}},
	"tr": {letters: map[rune]string{'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "j", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ç", 'ш': "ş", 'щ': "şç", 'ъ': "", 'ы': "ı", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya"},
		iotE: "ye", final: map[string]string{"ий": "iy", "ый": "ıy"}},
}

// Languages whose romanisations the benchmark uses, in order.
var romanLangs = []string{"de", "nl", "fr", "pl", "tr"}

const cyrVowels = "аеёиоуыэюяь"

// romanise writes a Cyrillic name the way lang romanises it.
func romanise(cyr, lang string) string {
	ro := romanisations[lang]
	var out []string
	for _, w := range strings.Fields(cyr) {
		low := []rune(strings.ToLower(w))
		var b strings.Builder
		for i := 0; i < len(low); i++ {
			c := low[i]
			if i+2 == len(low) {
				if f, ok := ro.final[string(low[i:])]; ok {
					b.WriteString(f)
					break
				}
			}
			if c == 'е' && (i == 0 || strings.ContainsRune(cyrVowels, low[i-1])) {
				b.WriteString(ro.iotE)
				continue
			}
			if c == 'л' && lang == "pl" && i+1 < len(low) && strings.ContainsRune("еёиюяь", low[i+1]) {
				b.WriteString("l") // soft l
				continue
			}
			if c == 'и' && lang == "pl" && i > 0 && strings.ContainsRune("жшц", low[i-1]) {
				b.WriteString("y")
				continue
			}
			if c == 'с' && (lang == "de" || lang == "fr") && i > 0 && i+1 < len(low) &&
				strings.ContainsRune(cyrVowels, low[i-1]) && strings.ContainsRune(cyrVowels, low[i+1]) {
				b.WriteString("ss") // s between vowels is voiced in German and French
				continue
			}
			if s, ok := ro.letters[c]; ok {
				b.WriteString(s)
			} else {
				b.WriteRune(c)
			}
		}
		out = append(out, capitalize(b.String()))
	}
	return strings.Join(out, " ")
}

// Arabic names romanised in English, written as French, German, Dutch,
// Polish and Turkish usage writes them: consonant digraphs first.
var arabicRoman = map[string]rules{
	"fr": {{"sh", "ch"}, {"kh", "kh"}, {"j", "dj"}, {"u", "ou"}, {"w", "ou"}},
	"de": {{"sh", "sch"}, {"kh", "ch"}, {"j", "dsch"}, {"y", "j"}, {"z", "s"}},
	"nl": {{"sh", "sj"}, {"kh", "ch"}, {"j", "dj"}, {"y", "j"}, {"u", "oe"}},
	"pl": {{"sh", "sz"}, {"kh", "ch"}, {"ch", "cz"}, {"j", "dż"}, {"y", "j"}, {"w", "ł"}},
	"tr": {{"sh", "ş"}, {"kh", "h"}, {"ch", "ç"}, {"j", "c"}, {"w", "v"}, {"q", "k"}, {"ou", "u"}},
}

// romaniseArabic rewrites an English romanisation of an Arabic name.
func romaniseArabic(s, lang string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		low := strings.ToLower(w)
		var b strings.Builder
		for i := 0; i < len(low); {
			if n := arabicRoman[lang].apply(&b, low[i:]); n > 0 {
				i += n
			} else {
				b.WriteByte(low[i])
				i++
			}
		}
		out = append(out, titleWord(b.String()))
	}
	return strings.Join(out, " ")
}

// toGreek writes a Latin name in Greek letters as Greek usage transcribes
// foreign names.
func toGreek(s string) (string, bool) {
	di := rules{
		{"th", "θ"}, {"ch", "τσ"}, {"sh", "σ"}, {"kh", "χ"}, {"ph", "φ"}, {"ps", "ψ"}, {"ks", "ξ"},
		{"ts", "τσ"}, {"dz", "τζ"}, {"zh", "ζ"}, {"ou", "ου"}, {"oo", "ου"}, {"ee", "ι"}, {"mb", "μπ"}, {"nd", "ντ"}, {"nt", "ντ"},
		{"a", "α"}, {"b", "μπ"}, {"c", "κ"}, {"d", "ντ"}, {"e", "ε"}, {"f", "φ"}, {"g", "γκ"}, {"h", "χ"},
		{"i", "ι"}, {"j", "τζ"}, {"k", "κ"}, {"l", "λ"}, {"m", "μ"}, {"n", "ν"}, {"o", "ο"}, {"p", "π"},
		{"q", "κ"}, {"r", "ρ"}, {"s", "σ"}, {"t", "τ"}, {"u", "ου"}, {"v", "β"}, {"w", "β"}, {"x", "ξ"},
		{"y", "ι"}, {"z", "ζ"},
	}
	var out []string
	for _, w := range strings.Fields(s) {
		low := strings.ToLower(w)
		var b strings.Builder
		for i := 0; i < len(low); {
			if low[i] == '-' || low[i] == '\'' {
				i++
				continue
			}
			n := di.apply(&b, low[i:])
			if n == 0 {
				return "", false
			}
			i += n
		}
		g := b.String()
		if strings.HasSuffix(g, "σ") {
			g = strings.TrimSuffix(g, "σ") + "ς"
		}
		out = append(out, strings.ToUpper(g))
	}
	return strings.Join(out, " "), len(out) > 0
}

// hangul maps the McCune-Reischauer-like syllables of North Korean names
// as OFAC writes them to Hangul (DPRK usage: initial r and n kept).
var hangul = map[string]string{
	"kim": "김", "ri": "리", "yi": "리", "pak": "박", "choe": "최", "jong": "정", "chong": "정", "kang": "강",
	"cho": "조", "yun": "윤", "jang": "장", "chang": "장", "han": "한", "hwang": "황", "ryu": "류", "ko": "고",
	"mun": "문", "son": "손", "yang": "양", "pae": "배", "paek": "백", "ho": "호", "nam": "남", "sim": "심",
	"no": "노", "ha": "하", "song": "송", "jon": "전", "chon": "전", "o": "오", "hyon": "현", "il": "일",
	"un": "은", "chol": "철", "hui": "희", "ryong": "룡", "hae": "해", "yong": "용", "su": "수", "myong": "명",
	"ok": "옥", "hyok": "혁", "man": "만", "sok": "석", "chun": "춘", "sun": "순", "gil": "길", "kil": "길",
	"dok": "덕", "tok": "덕", "bok": "복", "pok": "복", "gwang": "광", "kwang": "광", "gyong": "경",
	"kyong": "경", "jin": "진", "chin": "진", "guk": "국", "kuk": "국", "hun": "훈", "ung": "웅", "sang": "상",
	"jae": "재", "chae": "재", "dong": "동", "tong": "동", "gun": "근", "kun": "근", "tae": "태", "won": "원",
	"chan": "찬", "hak": "학", "sung": "승", "bong": "봉", "pong": "봉", "hwa": "화", "mi": "미", "ae": "애",
	"ran": "란", "ryon": "련", "sol": "설", "hyong": "형", "chu": "주", "ju": "주", "kyu": "규", "gyu": "규",
	"in": "인", "yon": "연", "hyang": "향", "ul": "을", "myon": "면", "an": "안", "u": "우", "ki": "기",
	"gi": "기", "dae": "대", "ryang": "량", "rim": "림", "hong": "홍", "sin": "신",
	"kwon": "권", "yu": "유", "rang": "랑", "mu": "무", "thae": "태", "phyo": "표", "pyo": "표", "chi": "지",
	"ji": "지", "hyo": "효", "jun": "준", "chung": "중", "jung": "중", "sop": "섭", "nyong": "녕",
	"ryol": "렬", "yol": "열", "wan": "완", "chom": "점", "pom": "범", "bom": "범",
}

// toHangul writes a Korean name given as space- or hyphen-separated
// syllables in Hangul, or returns false when a syllable is not known.
func toHangul(tokens []string) (string, bool) {
	var b strings.Builder
	for _, t := range tokens {
		for _, syl := range strings.Split(strings.ToLower(t), "-") {
			h, ok := hangul[syl]
			if !ok {
				return "", false
			}
			b.WriteString(h)
		}
	}
	return b.String(), b.Len() > 0
}

func capitalize(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
