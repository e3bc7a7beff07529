package name

import "strings"

// hebLetters gives the consonant value of each Hebrew letter (U+05D0–U+05EA)
// after the Academy of the Hebrew Language's simple romanisation (2006), the
// one on Israeli road signs: ח → h, צ → ts, ש → sh, no marks for א and ע.
// ב כ פ are b k p at the start of a word or with dagesh and v kh f after a
// vowel; the matres lectionis ו and י are decided by position in hebrewWord.
var hebLetters = [27]string{
	"", "v", "g", "d", "h", "", "z", "h", "t", "", // א ב ג ד ה ו ז ח ט י
	"kh", "kh", "l", "m", "m", "n", "n", "s", "", "f", "f", "ts", "ts", "k", "r", "sh", "t", // ך כ ל ם מ ן נ ס ע ף פ ץ צ ק ר ש ת
}

// hebWords holds the customary romanisation of common Hebrew names written
// without points, which rules cannot vocalise.
var hebWords = map[string]string{
	"דוד": "david", "משה": "moshe", "בנימין": "binyamin", "נתניהו": "netanyahu", "יצחק": "yitzhak",
	"אברהם": "avraham", "יעקב": "yaakov", "שלמה": "shlomo", "אהרון": "aharon", "אהרן": "aharon",
	"יוסף": "yosef", "מיכאל": "michael", "אליהו": "eliyahu", "שמואל": "shmuel", "חיים": "haim",
	"יהודה": "yehuda", "ישראל": "israel", "כהן": "cohen", "לוי": "levi", "אריה": "arye",
	"מאיר": "meir", "שרה": "sara", "רחל": "rachel", "לאה": "lea", "רבקה": "rivka", "מרים": "miriam",
	"יונתן": "yonatan", "דניאל": "daniel", "גבריאל": "gabriel", "אליעזר": "eliezer", "נחום": "nahum",
	"שמעון": "shimon", "ראובן": "reuven", "מנחם": "menahem", "אהוד": "ehud", "ברק": "barak",
}

const (
	hebDagesh, hebShinDot, hebSinDot = 0x5BC, 0x5C1, 0x5C2
	hebHiriq, hebHolam, hebQubuts    = 0x5B4, 0x5B9, 0x5BB
)

// hebPoints gives the vowel of each point (niqqud) U+05B0–U+05BB.
var hebPoints = [12]string{"", "e", "a", "o", "i", "e", "e", "a", "a", "o", "o", "u"}

func isHebrewLetter(r rune) bool { return r >= 0x5D0 && r <= 0x5EA || r >= 0x5F0 && r <= 0x5F2 }
func isHebrewMark(r rune) bool {
	return r >= 0x591 && r <= 0x5C7 && r != 0x5BE && r != 0x5C0 && r != 0x5C3 && r != 0x5C6
}

// hebrew transliterates the Hebrew word starting at rs[i].
func (t *translator) hebrew(i int) int {
	rs := t.rs
	if !isHebrewLetter(rs[i]) && !isHebrewMark(rs[i]) {
		switch rs[i] {
		case 0x5BE: // maqaf, the Hebrew hyphen
			t.punct('-')
		case 0x5F3, 0x5F4: // geresh, gershayim
			t.punct('\'')
		default:
			t.other(rs[i])
		}
		return 1
	}
	j := i
	geresh := false
	for j < len(rs) && (isHebrewLetter(rs[j]) || isHebrewMark(rs[j]) ||
		isGereshLike(rs[j]) && j > i && (rs[j-1] == 'ג' || rs[j-1] == 'ז' || rs[j-1] == 'צ' || rs[j-1] == 'ץ')) {
		geresh = geresh || rs[j] != 0x5F3 && isGereshLike(rs[j])
		j++
	}
	w := rs[i:j]
	if geresh {
		// Keyboards without Hebrew punctuation type the geresh of ג׳ (j),
		// ז׳ (zh) and צ׳ (ch) as an apostrophe: "ג'ונג" is Jong.
		w = make([]rune, j-i)
		for k, r := range rs[i:j] {
			if isGereshLike(r) {
				r = 0x5F3
			}
			w[k] = r
		}
	}
	t.hebrewWord(w)
	return j - i
}

// isGereshLike reports whether r is the geresh or a mark typed for it
// (apostrophe, right single quotation mark).
func isGereshLike(r rune) bool { return r == 0x5F3 || r == '\'' || r == 0x2019 }

// hebrewWord romanises one word, from its points where it has them and
// otherwise from the position of the vowel letters.
func (t *translator) hebrewWord(w []rune) {
	pointed := false
	var key strings.Builder
	for _, r := range w {
		if r >= 0x5B0 && r <= 0x5BB {
			pointed = true
		}
		if isHebrewLetter(r) {
			key.WriteRune(r)
		}
	}
	if !pointed {
		if s, ok := hebWords[key.String()]; ok {
			t.write(s)
			return
		}
	}
	// Gather each letter with its points.
	type letter struct {
		r                      rune
		vowel                  string
		dagesh, sin, geresh, v bool
	}
	var ls []letter
	for _, r := range w {
		switch {
		case isHebrewLetter(r):
			ls = append(ls, letter{r: r})
		case len(ls) == 0:
		case r == hebDagesh:
			ls[len(ls)-1].dagesh = true
		case r == hebSinDot:
			ls[len(ls)-1].sin = true
		case r == 0x5F3:
			ls[len(ls)-1].geresh = true
		case r >= 0x5B0 && r <= 0x5BB:
			ls[len(ls)-1].vowel = hebPoints[r-0x5B0]
			ls[len(ls)-1].v = true
			if r == hebHolam {
				ls[len(ls)-1].vowel = "o"
			}
		}
	}
	isVowelLetter := func(r rune) bool { return r == 'א' || r == 'ה' || r == 'ו' || r == 'י' || r == 'ע' }
	var out strings.Builder
	for k := 0; k < len(ls); k++ {
		l := ls[k]
		var prev, next rune
		if k > 0 {
			prev = ls[k-1].r
		}
		if k+1 < len(ls) {
			next = ls[k+1].r
		}
		initial, final := k == 0, k == len(ls)-1
		var s string
		switch l.r {
		case 'א', 'ע':
			if initial && !pointed && next != 'ו' && next != 'י' || !initial && !pointed && !isVowelLetter(prev) {
				s = "a"
			}
		case 'ב':
			s = "v"
			if initial || l.dagesh {
				s = "b"
			}
		case 'כ':
			s = "kh"
			if initial || l.dagesh {
				s = "k"
			}
		case 'פ':
			s = "f"
			if initial || l.dagesh {
				s = "p"
			}
		case 'ש':
			s = "sh"
			if l.sin {
				s = "s"
			}
		case 'ג':
			s = "g"
			if l.geresh {
				s = "j"
			}
		case 'ז':
			s = "z"
			if l.geresh {
				s = "zh"
			}
		case 'צ', 'ץ':
			s = "ts"
			if l.geresh {
				s = "ch"
			}
		case 'ה':
			s = "h"
			if final && !initial && !pointed {
				s = "a"
			}
		case 'ו':
			switch {
			case pointed && l.vowel == "o" && !l.dagesh:
				s, l.vowel = "o", ""
			case pointed && l.dagesh && !l.v:
				s = "u"
			case pointed:
				s = "v"
			case next == 'ו':
				s = "v"
				k++
			case initial || next == 0 && isVowelLetter(prev):
				s = "v"
				if final {
					s = "u"
				}
			case final:
				s = "u"
			default:
				s = "o"
			}
		case 'י':
			switch {
			case pointed && l.v:
				s = "y"
			case pointed && k > 0 && ls[k-1].vowel == "i":
			case next == 'י':
				s = "y"
				k++
			case initial || isVowelLetter(next) && next != 'י':
				s = "y"
			default:
				s = "i"
			}
		case 0x5F0: // Yiddish double vav
			s = "v"
		case 0x5F1:
			s = "oy"
		case 0x5F2:
			s = "ey"
		default:
			s = hebLetters[l.r-0x5D0]
		}
		out.WriteString(s)
		out.WriteString(l.vowel)
	}
	t.write(out.String())
}
