package name

import "strings"

// Inflected surnames: Slavic and Baltic surnames change their ending with
// gender and case (Petrov, Petrova, Petrovym; Kowalski, Kowalska,
// Kowalskiego; Grybauskas, Grybauskaitė, Grybauskienė). inflectionKey
// maps every form of one surname to one key, which the matcher treats as
// an equivalence group of its own ("~" + the stem, which no name
// equivalence group uses). The endings are those of the paradigms below
// only, each after a stem long enough that two different names do not
// meet (Ivan is not Ivanov, Maria is not Mario):
//
//   - -ov, -ev, -in (Russian, Bulgarian, Ukrainian possessive surnames)
//     with the feminine -a and the case endings -u, -ym, -om, -e, -oy, -ykh
//     (Putin, Putina, Putinu, Putinym; Petrova, Petrovoy);
//   - -sky, -ski, -cki, -dzki (Russian, Ukrainian, Polish, Czech adjectival
//     surnames) with -skaya, -ska, -skoy, -skogo, -skomu, -skim, -skiego,
//     -skiemu, -skiej (Zhukovsky, Zhukovskaya, Kowalskiego);
//   - -ovich, -evich, -ich patronymics with -a, -u, -em, -e, and -ovna,
//     -evna with -y, -e, -oy (Ivanovicha, Ivanovnoy);
//   - Lithuanian -as, -is, -ys, -us, -ius and the case endings -o, -ui, -u,
//     -io, -iui, -aus, with the women's forms -aitė, -ytė, -ūtė, -iūtė
//     (unmarried) and -ienė (married): Grybauskas, Grybausko,
//     Grybauskaitė, Grybauskienė;
//
// Latvian -iņš/-iņa (Bērziņš, Bērziņa) are left to the edit distance: as a
// key, -ins would make Collins a form of Colin.
//
// Czech -ová from a consonant-final name (Novák, Nováková) is not taken:
// its base would be every name ending in a consonant, and Roman would meet
// Romanov. The key is taken from a token's Fold, so it holds for every
// romanisation that Fold brings together (Petrovoy, Petrovoi, Petrovoj).
func inflectionKey(f string) string {
	if len(f) < 5 || !isLowerASCII(f) {
		return ""
	}
	if stem, ok := cutEnding(f, adjEndings); ok && len(stem) >= 4 {
		switch stem[len(stem)-2:] {
		case "sk", "ck", "zk":
			return "~" + stem + "i"
		}
	}
	if stem, ok := cutEnding(f, patronymicEndings); ok && len(stem) >= 5 {
		switch {
		case strings.HasSuffix(stem, "ich"):
			return "~" + stem
		}
	}
	if stem, ok := cutEnding(f, patronymicFemEndings); ok && len(stem) >= 5 && strings.HasSuffix(stem, "vn") {
		return "~" + stem + "a"
	}
	if stem, ok := cutEnding(f, possessiveEndings); ok && len(stem) >= 4 {
		switch stem[len(stem)-2:] {
		case "ov", "ev", "in":
			return "~" + stem
		}
	}
	if stem, ok := cutEnding(f, balticEndings); ok && len(stem) >= 4 {
		if len(stem) >= minBalticStem(f[len(stem):]) {
			return "~" + stem
		}
	}
	return ""
}

// The endings of each paradigm, longest first, as Fold spells them (y and
// j are i, doubled letters are one: -skii is -ski).
var (
	adjEndings = []string{
		"iemu", "iego", "omu", "ogo", "aia", "uiu", "iei", "ie", "im", "ih", "oi", "oe", "a", "i",
	}
	patronymicEndings    = []string{"em", "a", "u", "e", ""}
	patronymicFemEndings = []string{"oi", "a", "i", "e"}
	possessiveEndings    = []string{"oiu", "imi", "im", "om", "oi", "ih", "a", "u", "e", ""}
	balticEndings        = []string{
		"iute", "iene", "aite", "iui", "ius", "aus", "ite", "ute", "as", "is", "us", "ui", "io", "o", "u",
	}
)

// minBalticStem is the shortest stem before a Lithuanian ending. The
// endings that other languages' names also end in (Pedro, Antonio, and
// pinyin Jianhui) need a longer stem.
func minBalticStem(e string) int {
	switch e {
	case "o", "u", "io":
		return 5
	case "ui", "iui":
		return 6
	}
	return 4
}

// cutEnding returns f without the first of endings it ends in. The empty
// ending, when listed, matches any f.
func cutEnding(f string, endings []string) (string, bool) {
	for _, e := range endings {
		if strings.HasSuffix(f, e) {
			return f[:len(f)-len(e)], true
		}
	}
	return "", false
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// givenCaseBase returns the fold key of the given name that the
// normalised token t is the instrumental case of, as Russian, Ukrainian
// and Polish write a given name after "with" or "by" (Olgoy, Innoy for
// Olga, Inna; Mikhailom, Eduardom for Mikhail, Eduard; Andrzejem for
// Andrzej): -oy, -oj, -oyu after a feminine name in -a, -om or -em after
// a masculine one. The name without the ending must be a given name of
// the equivalence or nickname tables, so that Troy, Salom or Rustem keep
// their own key.
func givenCaseBase(t string) (string, bool) {
	if len(t) < 5 || !isLowerASCII(t) {
		return "", false
	}
	known := func(base string) (string, bool) {
		f := Fold(base)
		if len(base) >= 4 && (equivalentIndex[f] != "" || HasNicknames(f)) {
			return f, true
		}
		return "", false
	}
	for _, e := range []string{"oyu", "oju", "oy", "oj", "oi"} {
		if stem, ok := strings.CutSuffix(t, e); ok {
			return known(stem + "a")
		}
	}
	for _, e := range []string{"om", "em"} {
		if stem, ok := strings.CutSuffix(t, e); ok {
			if f, ok := known(stem); ok {
				return f, true
			}
			return known(stem + "o") // Danilo, Danilom
		}
	}
	return "", false
}

// patronymicKey returns the key that the Russian, Ukrainian and Belarusian
// forms of one patronymic share, in any case: the equivalence group of the
// father's given name and the gender ("~p" + group + "/m" or "/f"), so
// that Mykolayovych, Nikolaevich and Mikalaevich meet, as Uladzimiravich
// and Vladimirovich do, and Ivanovna does not meet Ivanovich. f is a fold
// key (y and j are i). The stem must be a given name of the equivalence
// table; other patronymics keep their inflection key.
func patronymicKey(f string) string {
	if len(f) < 7 || !isLowerASCII(f) {
		return ""
	}
	gender := ""
	base := f
	for _, e := range []string{"em", "a", "u", "e", ""} { // Ivanovicha, Ivanovichem
		if b, ok := strings.CutSuffix(f, e); ok && strings.HasSuffix(b, "ich") {
			base, gender = b, "/m"
			break
		}
	}
	if gender == "" {
		for _, e := range []string{"oi", "a", "i", "e"} { // Ivanovna, Ivanovny, Ivanovnoy
			if b, ok := strings.CutSuffix(f, e); ok && strings.HasSuffix(b, "vn") {
				base, gender = b+"a", "/f"
				break
			}
		}
	}
	if gender == "" {
		return ""
	}
	for _, e := range []string{"ovich", "evich", "avich", "ivich", "ovna", "evna", "avna", "ivna"} {
		stem, ok := strings.CutSuffix(base, e)
		if !ok || len(stem) < 3 {
			continue
		}
		// Mykolayovych: mikolai; Nikolaevich: nikola; Ivanovich: ivan.
		for _, s := range []string{stem, strings.TrimSuffix(stem, "i"), stem + "i"} {
			if g := equivalentIndex[s]; g != "" {
				return "~p" + g + gender
			}
		}
	}
	return ""
}
