package name

// Transliteration names the table ToLatin and Tokens read a name with: the
// script, the language where the script serves several, and the system
// followed ("Russian Cyrillic, BGN/PCGN"; "Chinese characters, Xinhua
// transcription of a foreign name"). It returns "" for names in Latin
// script, which are only lower-cased and stripped of diacritics. It is
// for explanations: the matcher reports which reading it compared.
func Transliteration(s string) string {
	if isASCII(s) {
		return ""
	}
	switch sc := Script(s); sc {
	case "", "Latn":
		return ""
	case "Cyrl":
		switch detectCyrLang([]rune(s)) {
		case cyrUkrainian:
			return "Ukrainian Cyrillic, national system (KMU 2010)"
		case cyrBelarusian:
			return "Belarusian Cyrillic, passport style"
		case cyrSerbian:
			return "Serbian/Macedonian Cyrillic, Latin alphabet values"
		case cyrTurkic:
			return "Kazakh/Kyrgyz/Tajik Cyrillic, BGN/PCGN"
		case cyrUzbek:
			return "Uzbek Cyrillic, Uzbek Latin values"
		}
		return "Russian Cyrillic, BGN/PCGN"
	case "Grek":
		if greekForeignName(s) {
			return "Greek, foreign name read by sound (μπ b, ντ d, τζ j, τσ ch)"
		}
		return "Greek, ELOT 743"
	case "Arab":
		if detectArabLang([]rune(s)) == arabPersian {
			return "Persian/Urdu Arabic script, customary name forms"
		}
		return "Arabic script, customary name forms"
	case "Hebr":
		return "Hebrew, Academy of the Hebrew Language (2006)"
	case "Hani":
		if hanForeignName(s) {
			return "Chinese characters, Xinhua transcription values of a foreign name"
		}
		return "Chinese characters, Hanyu Pinyin"
	case "Hira", "Kana":
		return "kana, modified Hepburn"
	case "Hang":
		return "Hangul, Revised Romanization with customary surnames"
	case "Geor":
		return "Georgian, national system (2002)"
	case "Armn":
		return "Armenian, BGN/PCGN"
	case "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh":
		return scriptNames[sc] + ", ISO 15919"
	case "Thai":
		return "Thai, RTGS"
	case "Laoo":
		return "Lao, read with the RTGS rules"
	case "Khmr":
		return "Khmer, UNGEGN"
	case "Mymr":
		return "Burmese, customary name spelling"
	case "Ethi":
		return "Ethiopic, BGN/PCGN"
	case "Tibt":
		return "Tibetan, THL simplified phonetics"
	case "Mong":
		return "traditional Mongolian script"
	}
	return ""
}

var scriptNames = map[string]string{
	"Deva": "Devanagari", "Beng": "Bengali", "Guru": "Gurmukhi", "Gujr": "Gujarati", "Orya": "Oriya",
	"Taml": "Tamil", "Telu": "Telugu", "Knda": "Kannada", "Mlym": "Malayalam", "Sinh": "Sinhala",
}
