package name_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo/name"
)

// roleString renders a name's tokens with their roles: "ivan/given".
func roleString(text string, kind name.NameKind) string {
	toks := name.Analyze(text, name.AnalyzeOptions{LegalForms: kind != name.NamePerson})
	roles := name.Roles(text, toks, kind)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Text + "/" + roles[i].String()
	}
	return strings.Join(parts, " ")
}

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		kind       name.NameKind
		want       string
	}{
		{"given family", "Ivan Petrov", name.NameUnknown, "ivan/given petrov/family"},
		{"slavic patronymic", "Ivan Ivanovich Petrov", name.NameUnknown, "ivan/given ivanovich/patronymic petrov/family"},
		{"cyrillic patronymic", "Иван Иванович Петров", name.NameUnknown, "ivan/given ivanovich/patronymic petrov/family"},
		{"feminine patronymic, surname first", "PETROVA, Anna Sergeyevna", name.NamePerson, "petrova/family anna/given sergeyevna/patronymic"},
		{"surname ending like a patronymic", "Roman Arkadyevich Abramovich", name.NameUnknown, "roman/given arkadyevich/patronymic abramovich/family"},
		{"two-part name has no patronymic", "Roman Abramovich", name.NameUnknown, "roman/given abramovich/family"},
		{"icelandic matronymic", "Helga Gudrunardottir Berg", name.NameUnknown, "helga/given gudrunardottir/patronymic berg/family"},
		{"middle name", "John Fitzgerald Kennedy", name.NameUnknown, "john/given fitzgerald/middle kennedy/family"},
		{"english title", "Dr. John Kennedy", name.NameUnknown, "dr/title john/given kennedy/family"},
		{"two titles", "Prof. Dr. Klaus Brenner", name.NameUnknown, "prof/title dr/title klaus/given brenner/family"},
		{"german title", "Herr Klaus Brenner", name.NameUnknown, "herr/title klaus/given brenner/family"},
		{"spanish title", "Señor José Ortega", name.NameUnknown, "senor/title jose/given ortega/family"},
		{"russian title in cyrillic", "Господин Иван Петров", name.NameUnknown, "gospodin/title ivan/given petrov/family"},
		{"military rank", "General Tariq Mansour", name.NameUnknown, "general/title tariq/given mansour/family"},
		{"two-word rank", "Brigadier General Tariq Mansour", name.NameUnknown, "brigadier/title general/title tariq/given mansour/family"},
		{"title after comma", "MANSOUR, Colonel Tariq", name.NamePerson, "mansour/family colonel/title tariq/given"},
		{"arabic title in arabic script", "الشيخ يوسف القاسمي", name.NameUnknown, "al/title shikh/title yusuf/given al/particle qasmi/family"},
		{"sheikh romanised", "Sheikh Yusuf Qasimi", name.NameUnknown, "sheikh/title yusuf/given qasimi/family"},
		{"chinese title after the name", "王先生", name.NameUnknown, "wang/name xian/title sheng/title"},
		{"korean title after the name", "김민수 씨", name.NameUnknown, "kim/given min/name su/family ssi/title"},
		{"a title never takes the whole name", "General Motors", name.NameUnknown, "general/title motors/name"},
		{"a lone title is a name", "Doctor", name.NameUnknown, "doctor/name"},
		{"soft title kept as a name in a short name", "Imam Hussain", name.NameUnknown, "imam/given hussain/family"},
		{"soft title in a longer name", "Imam Hussain Qasimi", name.NameUnknown, "imam/title hussain/given qasimi/family"},
		{"polish title", "Pani Anna Nowak", name.NameUnknown, "pani/title anna/given nowak/family"},
		{"engineer's title", "Ing. Jan Novak", name.NameUnknown, "ing/title jan/given novak/family"},
		{"russian rank in cyrillic", "полковник Иван Петров", name.NameUnknown, "polkovnik/title ivan/given petrov/family"},
		{"german degree", "Dr. med. Klaus Brenner", name.NameUnknown, "dr/title med/title klaus/given brenner/family"},
		{"korean title after the name, 선생", "김민수 선생", name.NameUnknown, "kim/given min/name su/family seonsaeng/title"},
		{"sheikh in french", "Chaykh Yusuf Qasimi", name.NameUnknown, "chaykh/title yusuf/given qasimi/family"},
		{"sheikh in dutch", "Sjeik Yusuf Qasimi", name.NameUnknown, "sjeik/title yusuf/given qasimi/family"},
		{"sheikh in polish", "Szeich Yusuf Qasimi", name.NameUnknown, "szeich/title yusuf/given qasimi/family"},
		{"hajji in turkish", "Haci Yusuf Qasimi", name.NameUnknown, "haci/title yusuf/given qasimi/family"},
		{"haci kept as a name in a short name", "Haci Qasimi", name.NameUnknown, "haci/given qasimi/family"},
		{"pan as a title", "Pan Jan Kowalski", name.NameUnknown, "pan/title jan/given kowalski/family"},
		{"pan as a chinese surname", "Pan Wei Ming", name.NameUnknown, "pan/given wei/name ming/family"},
		{"pan as a surname in a short name", "Pan Kowalski", name.NameUnknown, "pan/given kowalski/family"},
		{"no titles in an organisation's name", "General Trading Company", name.NameOther, "general/name trading/name co/legal_form"},
		{"nasab chain", "Yusuf bin Hamid al-Zahrani", name.NameUnknown, "yusuf/given bin/particle hamid/nasab al/particle zahrani/family"},
		{"nasab chain of two forebears", "Yusuf bin Hamid bin Karim", name.NameUnknown, "yusuf/given bin/particle hamid/nasab bin/particle karim/nasab"},
		{"daughter and ould", "Mariam bint Ali ould Salem", name.NameUnknown, "mariam/given bint/particle ali/nasab ould/particle salem/nasab"},
		{"nasab in the given names", "AL-ZAHRANI, Yusuf bin Hamid", name.NamePerson, "al/particle zahrani/family yusuf/given bin/particle hamid/nasab"},
		{"organisation with legal form", "Nordstal Peru S.A.", name.NameUnknown, "nordstal/name peru/name sa/legal_form"},
		{"initials", "O. V. Deripaska", name.NamePerson, "o/initial v/initial deripaska/name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := roleString(tc.text, tc.kind); got != tc.want {
				t.Errorf("Roles(%q) = %s, want %s", tc.text, got, tc.want)
			}
		})
	}
}

func TestIsTitle(t *testing.T) {
	for _, w := range []string{"mr", "dr", "sheikh", "mullah", "herr", "monsieur", "senor", "gospodin", "colonel", "haji", "don"} {
		if !name.IsTitle(w) {
			t.Errorf("IsTitle(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"ivan", "amir", "khan", "he", "tan", "sultan"} {
		if name.IsTitle(w) {
			t.Errorf("IsTitle(%q) = true, want false", w)
		}
	}
}

func TestIsPatronymic(t *testing.T) {
	for _, w := range []string{"ivanovich", "sergeyevna", "petrovych", "ilyinichna", "ilyich", "jonsdottir"} {
		if !name.IsPatronymic(w) {
			t.Errorf("IsPatronymic(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"ivan", "petrov", "rich", "ovich"} {
		if name.IsPatronymic(w) {
			t.Errorf("IsPatronymic(%q) = true, want false", w)
		}
	}
}

func TestIsSyllable(t *testing.T) {
	for _, w := range []string{"kim", "chol", "jong", "un", "zhang", "hsiung", "kwang", "ri", "myong"} {
		if !name.IsSyllable(w) {
			t.Errorf("IsSyllable(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"ahmad", "petrov", "fangwei", "jongun", "deripaska"} {
		if name.IsSyllable(w) {
			t.Errorf("IsSyllable(%q) = true, want false", w)
		}
	}
}

func TestSyllableKey(t *testing.T) {
	for _, p := range [][2]string{{"jeong", "chong"}, {"eun", "un"}, {"gwang", "kwang"}, {"ri", "li"}, {"cheol", "chol"}, {"pak", "bak"}} {
		if a, b := name.SyllableKey(p[0]), name.SyllableKey(p[1]); a != b {
			t.Errorf("SyllableKey(%q) = %q, SyllableKey(%q) = %q, want equal", p[0], a, p[1], b)
		}
	}
	for _, p := range [][2]string{{"il", "ul"}, {"chol", "chul"}, {"song", "sang"}, {"nam", "nan"}} {
		if a, b := name.SyllableKey(p[0]), name.SyllableKey(p[1]); a == b {
			t.Errorf("SyllableKey(%q) = SyllableKey(%q) = %q, want different", p[0], p[1], a)
		}
	}
}

func TestTokens_CamelCase(t *testing.T) {
	checkEach(t, "Tokens", func(s string) string { return strings.Join(name.Tokens(s), " ") }, [][2]string{
		{"IvanPetrov", "ivan petrov"},
		{"ИванПетров", "ivan petrov"},
		{"NordstalAG", "nordstal ag"},
		{"OCEANO BLU TradingLimited", "oceano blu trading limited"},
		{"McDonald", "mcdonald"},
		{"DeLuca", "deluca"},
		{"GmbH", "gmbh"},
		{"IVANPETROV", "ivanpetrov"},
	})
}

func TestIsNicknameOf(t *testing.T) {
	for _, p := range [][2]string{
		{"bill", "william"}, {"peggy", "margaret"}, {"william", "bill"}, {"pepe", "jose"}, {"chepe", "jose"},
		{"paco", "francisco"}, {"misha", "mikhail"}, {"sasha", "aleksandr"}, {"volodya", "vladimir"}, {"sepp", "josef"},
	} {
		if !name.IsNicknameOf(name.Fold(p[0]), name.Fold(p[1])) {
			t.Errorf("IsNicknameOf(%q, %q) = false, want true", p[0], p[1])
		}
	}
	for _, p := range [][2]string{{"ali", "alison"}, {"peggy", "elizabeth"}, {"al", "albert"}, {"pepe", "francisco"}, {"misha", "vladimir"}} {
		if name.IsNicknameOf(name.Fold(p[0]), name.Fold(p[1])) {
			t.Errorf("IsNicknameOf(%q, %q) = true, want false", p[0], p[1])
		}
	}
}

func TestAnalyze_Numbers(t *testing.T) {
	// Each token as its text, a number marked "/number".
	analyze := func(s string) string {
		var parts []string
		for _, tk := range name.Analyze(s, name.AnalyzeOptions{}) {
			if tk.Kind == name.KindNumber {
				parts = append(parts, tk.Text+"/number")
			} else {
				parts = append(parts, tk.Text)
			}
		}
		return strings.Join(parts, " ")
	}
	checkEach(t, "Analyze", analyze, [][2]string{
		{"Division Twenty-Seven", "division 27/number"},
		{"2nd Battalion", "2/number battalion"},
		{"Second Battalion", "2/number battalion"},
		{"Thirty-Third Light Infantry", "33/number light infantry"},
		{"one hundred and five", "105/number"},
		{"Fund III", "fund 3/number"},
		{"siebenundzwanzigste Division", "27/number division"},
		{"quatre-vingt-dix-neuf", "99/number"},
		{"vingt et un", "21/number"},
		{"veintisiete", "27/number"},
		{"treinta y dos", "32/number"},
		{"Двадцать седьмая дивизия", "27/number diviziya"},
		{"Первый батальон", "1/number batalon"},
		{"1er Régiment", "1/number regiment"},
		// Words that are numbers only among other number words.
		{"Jose dos Santos", "jose dos santos"},
		{"Segundo Rivera", "segundo rivera"},
		{"Xi Jinping", "xi jinping"},
		{"Premier Oil", "premier oil"},
	})
}
