package name_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo/name"
)

// foldSame are spellings of one name in different romanisations, as real
// lists and customers write them: each pair must get the same Fold key.
var foldSame = []keyPair{
	{"ukrainian respelling -ii/-iy", "Andrii", "Andriy"},
	{"russian -ey and ukrainian -ii", "Andrey", "Andrii"},
	{"french -ei", "Andrei", "Andriy"},
	{"iotated ye- dropped", "Yevgeniy", "Evgeny"},
	{"-ii and -y endings", "Evgenii", "Evgeny"},
	{"ukrainian ie-", "Ievgen", "Evgen"},
	{"kh and h", "Zakharchenko", "Zaharchenko"},
	{"kh and h in given name", "Mikhail", "Mihail"},
	{"ks and x", "Aleksey", "Alexey"},
	{"french -off", "Ivanoff", "Ivanov"},
	{"polish -ow", "Ivanow", "Ivanov"},
	{"german sch for shch", "Schegolev", "Shchegolev"},
	{"french -itch", "Leonidovitch", "Leonidovich"},
	{"german -tsch", "Leonidowitsch", "Leonidovich"},
	{"double letters", "Mohammed", "Mohamed"},
	{"y and i", "Karamyan", "Karamian"},
	{"j and y", "Jusuf", "Yusuf"},
	{"ph and f", "Mustapha", "Mustafa"},
	{"w and v", "Cordowa", "Cordova"},
	{"french ou", "Youssouf", "Yusuf"},
	{"english ee", "Hameed", "Hamid"},
	{"english oo", "Noor", "Nur"},
	{"arabic final h", "Abdullah", "Abdulla"},
	{"q and k", "Qasim", "Kasim"},
	{"dh and d", "Qadhafi", "Qadafi"},
	{"gh and g", "Ghasem", "Gasem"},
	{"russian dzh and english j", "Dzhamal", "Jamal"},
	{"french dj", "Djamel", "Jamel"},
	{"german tz", "Kolokoltzev", "Kolokoltsev"},
	{"polish cz", "Czernov", "Chernov"},
	{"case and diacritics", "DERIPASKA", "deripaska"},
}

func TestFold(t *testing.T) {
	checkSameKey(t, "Fold", foldNormalized, foldSame)
}

// foldNormalized is the Fold key of a name as written.
func foldNormalized(s string) string { return name.Fold(name.Normalize(s)) }

// foldDifferent are different names that must keep different keys.
var foldDifferent = []keyPair{
	{"different surnames", "Ivanov", "Ivanova"},
	{"different given names", "Hassan", "Hussein"},
	{"vowel change is not a respelling", "Karimov", "Kerimov"},
	{"digits are kept", "ADRIAN DARYA 1", "ADRIAN DARYA 2"},
}

func TestFold_Different(t *testing.T) {
	checkDifferentKey(t, "Fold", foldNormalized, foldDifferent)
}

// referenceFold is Fold as its documentation states it, written plainly
// with strings.Replacer and string operations; Fold and AppendFold do the
// same in place.
func referenceFold(t string) string {
	t = regexp.MustCompile(`oe([b-df-hj-np-txzaiu])`).ReplaceAllString(t, "u$1") // Dutch oe before a consonant but v, w (Russian -oev), or a, i, u
	t = regexp.MustCompile(`([bdflmnst])oe$`).ReplaceAllString(t, "${1}u")       // and at the end after b, d, f, l, m, n, s, t
	s := strings.NewReplacer("shch", "sh", "szcz", "sh", "tsch", "ch", "dsch", "i", "sch", "sh", "tch", "ch", "tsj", "ch", "dzh", "i",
		"dj", "i", "cz", "ch", "sz", "sh", "sj", "sh", "zj", "zh", "tz", "ts", "kh", "h", "gh", "g", "ph", "f", "th", "t",
		"dh", "d", "ck", "k", "ks", "x", "ou", "u", "oo", "u", "ee", "i",
		"w", "v", "q", "k", "y", "i", "j", "i").Replace(t)
	if len(s) > 3 && strings.HasPrefix(s, "ie") && !strings.ContainsRune("aeiou", rune(s[2])) {
		s = s[1:]
	}
	if n := len(s); n >= 5 {
		switch {
		case strings.HasSuffix(s, "ei"):
			s = s[:n-2] + "i"
		case strings.HasSuffix(s, "off"), strings.HasSuffix(s, "eff"):
			s = s[:n-2] + "v"
		case strings.HasSuffix(s, "ah"), strings.HasSuffix(s, "eh"):
			s = s[:n-1]
		}
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] && s[i] >= 'a' && s[i] <= 'z' {
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

// TestFold_Reference checks Fold and AppendFold against referenceFold on
// random strings of the letters the rules use, and on non-ASCII tokens.
func TestFold_Reference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"", "a", "aa", "ie", "iea", "ooo", "yeyeye", "2000", "müller", "şahin", "ahmadshah", "ievgen", "joesoef", "choe", "ooes", "oeoes", "aboe", "foead", "boeoe", "oe", "toe"}
	for range 50000 {
		b := make([]byte, r.IntN(12))
		for k := range b {
			b[k] = "shctdzjkgpoeywqaiufvobnlm"[r.IntN(25)]
		}
		words = append(words, string(b))
	}
	buf := []byte("prefix ")
	for _, w := range words {
		want := referenceFold(w)
		if got := name.Fold(w); got != want {
			t.Fatalf("Fold(%q)=%q, want %q", w, got, want)
		}
		if got := name.AppendFold(buf[:7], []byte(w)); string(got) != "prefix "+want {
			t.Fatalf("AppendFold(%q)=%q, want %q", w, got, "prefix "+want)
		}
	}
}

func TestFold_Allocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	word := []byte("yevgeniy")
	if n := testing.AllocsPerRun(100, func() { buf = name.AppendFold(buf[:0], word) }); n != 0 {
		t.Fatalf("AppendFold allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = name.Fold("deripaska") }); n != 0 {
		t.Fatalf("Fold of a token that is its own key allocates %v times, want 0", n)
	}
}

func TestFold_Empty(t *testing.T) {
	if got := name.Fold(""); got != "" {
		t.Fatalf("Fold(\"\")=%q, want \"\"", got)
	}
}

func TestPhonetic(t *testing.T) {
	checkSameKey(t, "Phonetic", func(s string) string { return name.Phonetic(name.Normalize(s)) }, []keyPair{
		{"s and z", "Paredes", "Paredez"},
		{"c and k", "Simbanenduku", "Simbanenducu"},
		{"sh and zh", "Simbarashe", "Simbarazhe"},
		{"ch and kh", "Garbancho", "Garbankho"},
		{"b and v", "Cordoba", "Cordova"},
		{"qu and k", "Tuberquia", "Tuberkuia"},
		{"soft c", "Serrano", "Cerrano"},
		{"dj and j", "Andjem", "Anjem"},
		{"arabic vowels", "Mohammed", "Muhammad"},
		{"f and ph", "Joseph", "Josef"},
		{"doubled letters", "Dockrat", "Doccrat"},
	})
	checkDifferentKey(t, "Phonetic", name.Phonetic, []keyPair{
		{"different consonants", "Deripaska", "Derkach"},
		{"m and n", "Mina", "Nina"},
	})
}

func TestEquivalent(t *testing.T) {
	checkSameKey(t, "Equivalent", func(s string) string { return name.Equivalent(name.Normalize(s)) }, []keyPair{
		{"mohammed and muhammad", "Mohammed", "Muhammad"},
		{"mukhammad", "Mukhammad", "Mohamed"},
		{"mohammad", "Mohammad", "Muhammad"},
		{"abdel and abdul", "Abdel", "Abdul"},
		{"abd al written together", "Abdal", "Abdul"},
		{"yusuf and joseph", "Youssef", "Joseph"},
		{"husayn and hussain", "Husayn", "Hussain"},
		{"hussein and hossein", "Hussein", "Hossein"},
		{"ukrainian h for russian g", "Hennadiy", "Gennady"},
		{"aleksandr and alyaksandr", "Aleksandr", "Alyaksandr"},
		{"aleksandr and alexander", "Aleksandr", "Alexander"},
		{"ukrainian oleksandr", "Oleksandr", "Alexander"},
		{"ibn and bin", "Ibn", "Bin"},
		{"el and al", "El", "Al"},
	})
	if got := name.Equivalent("deripaska"); got != "" {
		t.Errorf("Equivalent(deripaska)=%q, want \"\"", got)
	}
	if a, b := name.Equivalent("hasan"), name.Equivalent("husayn"); a == b {
		t.Errorf("Equivalent(hasan)=Equivalent(husayn)=%q, want different groups", a)
	}
}

func TestIsStopWord(t *testing.T) {
	for _, w := range []string{"al", "bin", "ibn", "abu", "de", "la", "von", "and", "the", "of"} {
		if !name.IsStopWord(w) {
			t.Errorf("IsStopWord(%q)=false, want true", w)
		}
	}
	for _, w := range []string{"deripaska", "oleg", "bank"} {
		if name.IsStopWord(w) {
			t.Errorf("IsStopWord(%q)=true, want false", w)
		}
	}
}

func TestIsCommonName(t *testing.T) {
	for _, w := range []string{"mohammed", "muhammad", "ali", "ahmed"} {
		if !name.IsCommonName(w) {
			t.Errorf("IsCommonName(%q)=false, want true", w)
		}
	}
	if name.IsCommonName("deripaska") {
		t.Error("IsCommonName(deripaska)=true, want false")
	}
}

// BenchmarkFold folds the tokens of real listed names, as the index build
// and every query do.
func BenchmarkFold(b *testing.B) {
	var toks []string
	for _, n := range []string{"Oleg Vladimirovich Deripaska", "Yevgeniy Viktorovich Prigozhin", "Shchegolev Igor Olegovich",
		"Abdullah Mohammed Al Qadhafi", "Aleksandr Kharchenko", "Youssef Noor Hameed", "United Company Rusal PLC",
		"Islamic Revolutionary Guard Corps", "Kim Jong Un", "Sberbank of Russia"} {
		toks = append(toks, strings.Fields(name.Normalize(n))...)
	}
	for b.Loop() {
		for _, t := range toks {
			_ = name.Fold(t)
		}
	}
}
