package name

import (
	"strconv"
	"strings"
)

// Numbers and ordinals written in words are numbers: "Division
// Twenty-Seven" is "Division 27", "2nd" and "Second" are 2, in English,
// German, French, Spanish and Russian (as transliterated), and the Roman
// numerals of companies and funds ("Fund III") are too. Analyze turns
// them into one KindNumber token whose Text is the digits and whose Raw is
// the words.

// numberWords maps a number word to its value and kind.
var numberWords = map[string]numberWord{}

type numberWord struct {
	v    int
	kind uint8 // numUnit (adds), numHundred (multiplies the part so far), numThousand (closes it)
	ord  bool  // an ordinal: ends the number
}

const (
	numUnit = iota
	numHundred
	numThousand
)

// ambiguousNumberWords are number words that are also common words or
// name parts ("un", "dos", "sem", "odin", "segundo", "once"): a number
// only next to another number word.
var ambiguousNumberWords = map[string]bool{}

func init() {
	units := func(v int, words string) {
		for _, w := range strings.Fields(words) {
			numberWords[w] = numberWord{v: v}
		}
	}
	ords := func(v int, words string) {
		for _, w := range strings.Fields(words) {
			numberWords[w] = numberWord{v: v, ord: true}
		}
	}
	for v, ws := range []string{
		"zero null zero cero nol", "one eins ein eine un une uno una odin odna odno", "two zwei deux dos dva dve", "three drei trois tres tri",
		"four vier quatre cuatro chetyre", "five funf fuenf cinq cinco pyat", "six sechs six seis shest", "seven sieben sept siete sem",
		"eight acht huit ocho vosem", "nine neun neuf nueve devyat", "ten zehn dix diez desyat", "eleven elf onze once odinnadtsat",
		"twelve zwolf zwoelf douze doce dvenadtsat", "thirteen dreizehn treize trece trinadtsat", "fourteen vierzehn quatorze catorce chetyrnadtsat",
		"fifteen funfzehn fuenfzehn quinze quince pyatnadtsat", "sixteen sechzehn seize dieciseis shestnadtsat",
		"seventeen siebzehn diecisiete semnadtsat", "eighteen achtzehn dieciocho vosemnadtsat", "nineteen neunzehn diecinueve devyatnadtsat",
	} {
		units(v, ws)
	}
	units(20, "twenty zwanzig vingt veinte dvadtsat")
	units(30, "thirty dreissig dreisig trente treinta tridtsat")
	units(40, "forty fourty vierzig quarante cuarenta sorok")
	units(50, "fifty funfzig fuenfzig cinquante cincuenta pyatdesyat")
	units(60, "sixty sechzig soixante sesenta shestdesyat")
	units(70, "seventy siebzig setenta semdesyat")
	units(80, "eighty achtzig ochenta vosemdesyat")
	units(90, "ninety neunzig noventa devyanosto")
	for _, w := range strings.Fields("hundred hundert cent cents cien ciento cientos sto") {
		numberWords[w] = numberWord{v: 100, kind: numHundred}
	}
	for _, w := range strings.Fields("thousand tausend mille mil tysyacha tysyach") {
		numberWords[w] = numberWord{v: 1000, kind: numThousand}
	}
	for v, ws := range []string{
		"", "first erste erster ersten erstes premier premiere primero primera primer pervyi pervyy pervaya pervoe pervogo",
		"second zweite zweiter zweiten deuxieme seconde segundo segunda vtoroi vtoroy vtoraya vtoroe",
		"third dritte dritter dritten troisieme tercero tercera tercer tretii tretiy tretya trete",
		"fourth vierte vierter vierten quatrieme cuarto cuarta chetvertyi chetvertyy chetvertaya",
		"fifth funfte fuenfte cinquieme quinto quinta pyatyi pyatyy pyataya",
		"sixth sechste sixieme sexto sexta shestoi shestoy shestaya",
		"seventh siebte siebente septieme septimo septima sedmoi sedmoy sedmaya",
		"eighth achte huitieme octavo octava vosmoi vosmoy vosmaya",
		"ninth neunte neuvieme noveno novena devyatyi devyatyy devyataya",
		"tenth zehnte dixieme decimo decima desyatyi desyatyy desyataya",
		"eleventh elfte onzieme", "twelfth zwolfte douzieme", "thirteenth dreizehnte treizieme",
		"fourteenth vierzehnte quatorzieme", "fifteenth funfzehnte fuenfzehnte quinzieme", "sixteenth sechzehnte seizieme",
		"seventeenth siebzehnte", "eighteenth achtzehnte", "nineteenth neunzehnte",
	} {
		ords(v, ws)
	}
	ords(20, "twentieth zwanzigste vingtieme")
	ords(30, "thirtieth dreissigste trentieme")
	ords(40, "fortieth vierzigste quarantieme")
	ords(50, "fiftieth funfzigste cinquantieme")
	ords(60, "sixtieth sechzigste soixantieme")
	ords(70, "seventieth siebzigste")
	ords(80, "eightieth achtzigste")
	ords(90, "ninetieth neunzigste")
	ords(100, "hundredth hundertste centieme")
	for _, w := range strings.Fields("un une uno una dos sem odin odna odno tri sto ein eine once cent mil premier primer primera segundo segunda tercero quinto quinta sexto cuarto elf tres seis nol zero") {
		ambiguousNumberWords[w] = true
	}
}

// romanNumerals are the Roman numerals companies, funds and vessels are
// numbered with, II to XX; I, V and X alone are initials.
var romanNumerals = map[string]int{
	"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xii": 12, "xiii": 13, "xiv": 14,
	"xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20,
}

// gluedNumber reads a number word written as one with its parts: German
// "siebenundzwanzig" (7 and 20), Spanish "veintisiete" (20 and 7).
func gluedNumber(w string) (int, bool, bool) {
	ord := false
	if u, t, ok := strings.Cut(w, "und"); ok && u != "" && t != "" {
		if strings.HasSuffix(t, "ste") {
			t, ord = strings.TrimSuffix(t, "ste"), true
		}
		un, ok1 := numberWords[u]
		tn, ok2 := numberWords[t]
		if ok1 && ok2 && !un.ord && !tn.ord && un.v < 10 && tn.v >= 20 && tn.v < 100 && tn.v%10 == 0 {
			return un.v + tn.v, ord, true
		}
	}
	if rest, ok := strings.CutPrefix(w, "veinti"); ok {
		if un, ok := numberWords[rest]; ok && !un.ord && un.v < 10 && un.v > 0 {
			return 20 + un.v, false, true
		}
	}
	return 0, false, false
}

// digitOrdinal reads an ordinal written in digits: "27th", "1st", "2nd",
// "3rd", French "1er", "2e", "3eme", Spanish "1o", "2a".
func digitOrdinal(w string) (string, bool) {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i == len(w) || i > 9 {
		return "", false
	}
	switch w[i:] {
	case "st", "nd", "rd", "th", "er", "re", "e", "eme", "o", "a":
		v, _ := strconv.Atoi(w[:i])
		return strconv.Itoa(v), true
	}
	return "", false
}

// numberAt reads a number in words starting at toks[i] and returns its
// digits and how many tokens it took (0 when none).
func numberAt(toks []string, i int) (string, int) {
	if d, ok := digitOrdinal(toks[i]); ok {
		return d, 1
	}
	total, cur, n, words := 0, 0, 0, 0
	for j := i; j < len(toks); j++ {
		w := toks[j]
		if words > 0 && (w == "and" || w == "und" || w == "et" || w == "y" || w == "i") && j+1 < len(toks) {
			if _, ok := numberWords[toks[j+1]]; ok {
				continue
			}
			break
		}
		nw, ok := numberWords[w]
		if !ok {
			v, ord, glued := gluedNumber(w)
			if !glued {
				break
			}
			nw = numberWord{v: v, ord: ord}
		}
		if nw.kind == numUnit && words > 0 {
			last := cur % 100
			switch {
			case last == 0:
			case last >= 20 && last%10 == 0 && nw.v < 10:
			case last == 60 && nw.v >= 10 && nw.v < 20: // soixante-dix
			case last == 80 && nw.v < 20: // quatre-vingt-dix
			case last == 4 && nw.v == 20: // quatre-vingt
				cur += 76
				words++
				n = j - i + 1
				continue
			default:
				return finishNumber(total+cur, words, n, toks, i)
			}
		}
		switch nw.kind {
		case numUnit:
			cur += nw.v
		case numHundred:
			cur = max(cur, 1) * 100
		case numThousand:
			total += max(cur, 1) * 1000
			cur = 0
		}
		words++
		n = j - i + 1
		if nw.ord {
			break
		}
	}
	return finishNumber(total+cur, words, n, toks, i)
}

func finishNumber(v, words, n int, toks []string, i int) (string, int) {
	if words == 0 || words == 1 && n == 1 && ambiguousNumberWords[toks[i]] {
		return "", 0
	}
	return strconv.Itoa(v), n
}

// mayHoldNumber is a cheap test that some token may start a number in
// words, an ordinal or a Roman numeral.
func mayHoldNumber(out []Token) bool {
	for i := range out {
		t := out[i].Text
		if t == "" {
			continue
		}
		if _, ok := numberWords[t]; ok {
			return true
		}
		if c := t[0]; c >= '0' && c <= '9' || romanNumerals[t] != 0 || strings.HasPrefix(t, "veinti") || strings.Contains(t, "und") {
			return true
		}
	}
	return false
}

// numberTokens replaces numbers written in words, ordinals and Roman
// numerals (not at the start of the name) in out with number tokens.
func numberTokens(out []Token) []Token {
	if !mayHoldNumber(out) {
		return out
	}
	var res []Token
	texts := make([]string, len(out))
	for i := range out {
		texts[i] = out[i].Text
	}
	for i := 0; i < len(out); {
		t := &out[i]
		if t.Kind == KindWord || t.Kind == KindStop || t.Kind == KindNumber && !IsDigits(t.Text) {
			digits, n := numberAt(texts, i)
			if n == 0 && i > 0 && len(out) > 1 {
				if v, ok := romanNumerals[t.Text]; ok {
					digits, n = strconv.Itoa(v), 1
				}
			}
			if n > 0 {
				if res == nil {
					res = append(make([]Token, 0, len(out)), out[:i]...)
				}
				raw := make([]string, 0, n)
				for k := i; k < i+n; k++ {
					raw = append(raw, out[k].Raw)
				}
				res = append(res, Token{Text: digits, Fold: digits, Kind: KindNumber, Origin: t.Origin, Raw: strings.Join(raw, " ")})
				i += n
				continue
			}
		}
		if res != nil {
			res = append(res, *t)
		}
		i++
	}
	if res == nil {
		return out
	}
	return res
}
