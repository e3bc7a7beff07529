package match_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// structureCase is a query, a listed name, whether they are to match at
// the default threshold, and a rule the explanation must name.
type structureCase struct {
	name, query, listed string
	schema              embargo.Schema
	match               bool
	rule                string
}

func checkStructure(t *testing.T, cases []structureCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			schema := tc.schema
			if schema == "" {
				schema = embargo.SchemaPerson
			}
			e := embargo.Entity{ID: "test:1", Source: "test", SourceID: "1", Name: tc.listed, Schema: schema}
			m := match.Score(embargo.Query{Name: tc.query}, &e)
			if got := m.Score >= embargo.DefaultThreshold; got != tc.match {
				t.Errorf("Score(%q, %q) = %.3f, want match %v: %s", tc.query, tc.listed, m.Score, tc.match, m.Explanation.Summary)
			}
			if tc.rule != "" && !hasRule(m.Explanation, tc.rule) {
				t.Errorf("Score(%q, %q): explanation %+v names no %q", tc.query, tc.listed, m.Explanation.Tokens, tc.rule)
			}
		})
	}
}

func hasRule(ex *embargo.Explanation, rule string) bool {
	for _, tm := range ex.Tokens {
		if tm.Rule == rule {
			return true
		}
	}
	return false
}

// TestScore_Roles pins the name-structure patterns: titles cost nothing,
// a patronymic, forebear's name or middle name one side lacks costs
// little on either side, parts both sides have that disagree cost much,
// and the order of a nasab chain matters.
func TestScore_Roles(t *testing.T) {
	checkStructure(t, []structureCase{
		{"patronymic in the query", "Ivan Ivanovich Petrov", "PETROV, Ivan", "", true, match.RulePatronymic},
		{"patronymic in cyrillic query", "Иван Иванович Петров", "PETROV, Ivan", "", true, match.RulePatronymic},
		{"patronymic in the listed name", "Ivan Petrov", "PETROV, Ivan Ivanovich", "", true, match.RulePatronymic},
		{"feminine patronymic", "Anna Sergeyevna Volkova", "VOLKOVA, Anna", "", true, match.RulePatronymic},
		{"patronymics that disagree", "Ivan Ivanovich Petrov", "PETROV, Ivan Sergeyevich", "", false, match.RuleConflict},
		{"middle name in the query", "Walter Fitzgerald Brennan", "BRENNAN, Walter", "", true, match.RuleMiddle},
		{"middle names that disagree", "Walter Fitzgerald Brennan", "BRENNAN, Walter Francis", "", false, match.RuleConflict},
		{"title in the query", "Dr. Walter Brennan", "BRENNAN, Walter", "", true, match.RuleTitle},
		{"rank in the query", "Colonel Tariq Mansour", "MANSOUR, Tariq", "", true, match.RuleTitle},
		{"two titles in the query", "Prof. Dr. Klaus Brenner", "Klaus BRENNER", "", true, match.RuleTitle},
		{"title in the listed name", "Yusuf Qasimi", "Sheikh Yusuf QASIMI", "", true, match.RuleTitle},
		{"german honorific", "Herr Klaus Brenner", "Klaus BRENNER", "", true, match.RuleTitle},
		{"french honorific", "Monsieur Luc Ferrand", "FERRAND, Luc", "", true, match.RuleTitle},
		{"spanish honorific", "Señor José Ortega Lima", "ORTEGA LIMA, Jose", "", true, match.RuleTitle},
		{"russian honorific in cyrillic", "Господин Иван Петров", "PETROV, Ivan", "", true, match.RuleTitle},
		{"arabic title in arabic script", "الشيخ يوسف القاسمي", "Yusuf al-Qasimi", "", true, match.RuleTitle},
		{"mullah", "Mullah Abdul Qadir Noorzai", "NOORZAI, Abdul Qadir", "", true, match.RuleTitle},
		{"title does not rescue a different name", "Dr. Walter Brennan", "BRENNAN, Thomas", "", false, ""},
		{"nasab forebear in the query", "Yusuf bin Hamid al-Zahrani", "Yusuf al-Zahrani", "", true, match.RulePatronymic},
		{"nasab forebear in the listed name", "Yusuf al-Zahrani", "Yusuf bin Hamid al-Zahrani", "", true, match.RulePatronymic},
		{"nasab same chain", "Yusuf bin Hamid al-Zahrani", "AL-ZAHRANI, Yusuf bin Hamid", "", true, ""},
		{"nasab fathers disagree", "Yusuf bin Hamid al-Zahrani", "Yusuf bin Karim al-Zahrani", "", false, match.RuleConflict},
		{"nasab order reversed", "Yusuf bin Hamid", "Hamid bin Yusuf", "", false, match.RuleNasabOrder},
		{"nasab order reversed with family name", "Yusuf bin Hamid al-Zahrani", "Hamid bin Yusuf al-Zahrani", "", false, match.RuleNasabOrder},
		{"nasab chain in the listed surname, reversed", "Marwan bin Tarek", "BIN MARWAN, Tarek", "", false, match.RuleNasabOrder},
		{"nasab chain in the listed surname, same order", "Tarek bin Marwan", "BIN MARWAN, Tarek", "", true, ""},
		{"grandfather read as father", "Nabil Karim bin Hamid", "HAMID BIN KARIM, Nabil", "", false, match.RuleNasabOrder},
		{"grandfather and father as listed", "Nabil Hamid bin Karim", "HAMID BIN KARIM, Nabil", "", true, ""},
		{"family name moved, chain kept", "Al-Zahrani Yusuf bin Hamid", "Yusuf bin Hamid AL-ZAHRANI", "", true, ""},
		{"western given and family name swapped", "Brennan Walter", "Walter BRENNAN", "", true, ""},
	})
}

// TestScore_Syllables pins the Chinese and Korean pattern: each romanised
// syllable is a whole name part, so one syllable off is another person,
// while two romanisations of one syllable are the same.
func TestScore_Syllables(t *testing.T) {
	checkStructure(t, []structureCase{
		{"korean one syllable off", "Kim Chol Ul", "KIM, Chol Il", "", false, ""},
		{"korean one syllable off, short listing", "Pak Song Il", "PAK, Sang Il", "", false, ""},
		{"korean one syllable added", "Kim Hak Chol", "KIM, Chol", "", false, ""},
		{"chinese one syllable off", "Zhang Wei Ming", "ZHANG, Wen Ming", "", false, ""},
		{"korean romanisations of one name", "Kim Jeong Eun", "KIM, Jong Un", "", true, match.RulePhonetic},
		{"korean in hangul", "김정은", "KIM, Jong Un", "", true, ""},
		{"hangul syllable of another consonant", "리송신", "RI, Song Chun", "", false, ""},
		{"hangul syllable read with another vowel", "현광일", "HYON, Gwang Il", "", true, ""},
		{"korean written as listed", "Kim Chol Il", "KIM, Chol Il", "", true, match.RuleExact},
		{"a typo in a name that is not syllables keeps its credit", "Ahmad Zia Agna", "AHMAD ZIA AGHA", "", true, match.RuleFuzzy},
	})
}

// TestScore_Glued pins names written glued or split: camel case, all one
// case in either order, and a company's legal form glued to its name.
func TestScore_Glued(t *testing.T) {
	checkStructure(t, []structureCase{
		{"camel case", "IvanPetrov", "PETROV, Ivan", "", true, ""},
		{"glued lower case in listed order", "petrovivan", "PETROV, Ivan", "", true, match.RuleCompound},
		{"glued lower case in natural order", "ivanpetrov", "PETROV, Ivan", "", true, match.RuleCompound},
		{"glued upper case with a patronymic", "Ivan IVANOVICHPETROV", "PETROV, Ivan Ivanovich", "", true, match.RuleCompound},
		{"split where the list glues", "Nord Stal Trading", "NORDSTAL TRADING", embargo.SchemaOrganization, true, match.RuleCompound},
		{"legal form glued in camel case", "NordstalAG", "NORDSTAL AG", embargo.SchemaOrganization, true, match.RuleExact},
		{"glued other name", "ivanpetrenko", "PETROV, Ivan", "", false, ""},
		{"glued with a different surname", "IvanPetrenko", "PETROV, Ivan", "", false, ""},
	})
}

// TestSearch_Glued checks that a glued query finds its listed name
// through the index, which splits a word no listed name has into two
// that listed names have.
func TestSearch_Glued(t *testing.T) {
	ix := newTestIndex(
		listed("1", "PETROV, Ivan"),
		listed("2", "KARIMOV, Rustam"),
		listedOrg("3", "NORDSTAL AG"),
		listed("4", "OMARI, Faisal"),
		listed("5", "ASSI, Omar"),
	)
	for _, tc := range []struct{ query, want string }{
		{"ivanpetrov", "test:1"}, {"RUSTAMKARIMOV", "test:2"}, {"Karimov Rustam", "test:2"}, {"NordstalAG", "test:3"}, {"nordstalag", "test:3"},
		// Two typing errors from Omari, but Omar and Assi written together.
		{"omarassi", "test:5"},
	} {
		MustFindFirst(t, ix, embargo.Query{Name: tc.query}, tc.want)
	}
	if ms := MustSearch(t, ix, embargo.Query{Name: "ivanpetrenko"}, match.SearchOptions{Threshold: -1}); len(ms) > 0 {
		t.Errorf("Search(ivanpetrenko) = %v, want no match", summarize(ms))
	}
}

// TestScore_Nicknames pins nicknames and pet forms from the nickname
// tables (English from open data, other languages the project's own).
func TestScore_Nicknames(t *testing.T) {
	checkStructure(t, []structureCase{
		{"english nickname", "Peggy Hartley", "HARTLEY, Margaret", "", true, match.RuleNickname},
		{"english nickname, other way", "Margaret Hartley", "Peggy HARTLEY", "", true, match.RuleNickname},
		{"english nickname with middle name", "Bill Warren Hartley", "HARTLEY, William Warren", "", true, match.RuleNickname},
		{"spanish pet form", "Pepe Ortega Lima", "ORTEGA LIMA, Jose", "", true, match.RuleNickname},
		{"spanish pet form of francisco", "Paco Ortega Lima", "ORTEGA LIMA, Francisco", "", true, match.RuleNickname},
		{"russian pet form", "Volodya Sidorenko", "SIDORENKO, Vladimir", "", true, match.RuleNickname},
		{"russian pet form of aleksandr", "Sasha Sidorenko", "SIDORENKO, Aleksandr", "", true, match.RuleNickname},
		{"nickname of another name", "Peggy Hartley", "HARTLEY, Elizabeth", "", false, ""},
		{"pet form of another name", "Pepe Ortega Lima", "ORTEGA LIMA, Francisco", "", false, ""},
		{"a name that is a nickname elsewhere", "Ali Hartley", "HARTLEY, Alison", "", false, ""},
	})
}

// TestScore_Numbers pins numbers and ordinals in words and Roman
// numerals, and company qualifiers (a number or a place) that must agree.
func TestScore_Numbers(t *testing.T) {
	org := embargo.SchemaOrganization
	checkStructure(t, []structureCase{
		{"english number in words", "Division Twenty-Seven", "DIVISION 27", org, true, match.RuleExact},
		{"english ordinal", "2nd Mountain Brigade", "SECOND MOUNTAIN BRIGADE", org, true, match.RuleExact},
		{"ordinal in words and digits", "Thirty-Third Infantry Regiment", "33RD INFANTRY REGIMENT", org, true, ""},
		{"german glued number", "Siebenundzwanzigste Panzerbrigade Nordwald", "27. PANZERBRIGADE NORDWALD", org, true, ""},
		{"french number", "Brigade Vingt-Sept Ferrand", "BRIGADE 27 FERRAND", org, true, ""},
		{"spanish number", "Frente Treinta y Dos Ortega", "FRENTE 32 ORTEGA", org, true, ""},
		{"russian number in cyrillic", "Двадцать седьмая бригада Волков", "27 BRIGADA VOLKOV", org, true, ""},
		{"roman numeral", "Kestrel Fund III", "KESTREL FUND 3", org, true, ""},
		{"numbers that disagree", "Division Twenty-Seven", "DIVISION 28", org, false, match.RuleQualifier},
		{"fund number on one side", "Kestrel Fund III", "KESTREL FUND", org, false, match.RuleQualifier},
		{"country on one side", "Nordstal Peru S.A.", "NORDSTAL S.A.", org, false, match.RuleQualifier},
		{"country on the listed side", "Nordstal S.A.", "NORDSTAL PERU S.A.", org, false, match.RuleQualifier},
		{"countries that disagree", "Nordstal Peru S.A.", "NORDSTAL CHILE S.A.", org, false, match.RuleQualifier},
		{"city on one side", "Kestrel Trading Dubai LLC", "KESTREL TRADING LLC", org, false, match.RuleQualifier},
		{"same country", "Nordstal Peru S.A.", "NORDSTAL PERU S.A.", org, true, ""},
		{"a country opening the name is its stem", "Peru Nordstal", "PERU NORDSTAL S.A.", org, true, ""},
		{"equivalent legal forms are free", "Nordstal OOO", "NORDSTAL LLC", org, true, match.RuleLegalForm},
		{"legal forms that disagree cost a little", "Nordstal AG", "NORDSTAL GMBH", org, true, ""},
	})
}

// TestScore_Acronyms pins dotted and spaced acronyms against the word
// they spell, both ways.
func TestScore_Acronyms(t *testing.T) {
	org := embargo.SchemaOrganization
	checkStructure(t, []structureCase{
		{"dotted acronym in the query", "K.L.M. Holdings", "KLM HOLDINGS", org, true, match.RuleAcronym},
		{"spaced acronym in the query", "K L M Holdings", "KLM HOLDINGS", org, true, match.RuleAcronym},
		{"dotted acronym in the listed name", "KLM Holdings", "K.L.M. HOLDINGS", org, true, match.RuleAcronym},
		{"joint venture letters", "Kestrel Oil J.V. Co Ltd", "KESTREL OIL JV CO LTD", org, true, match.RuleAcronym},
		{"other letters", "K.L.N. Holdings", "KLM HOLDINGS", org, false, ""},
	})
}

// TestSearch_Acronyms finds a listed acronym from its letters written apart.
func TestSearch_Acronyms(t *testing.T) {
	ix := newTestIndex(
		listedOrg("1", "KLM TRAVEL HOLDINGS"),
		listedOrg("2", "NORDSTAL TRAVEL"),
	)
	MustFindFirst(t, ix, embargo.Query{Name: "K.L.M. Travel Holdings"}, "test:1")
}

// TestScore_SimilarSurnames pins the false alarm of a surname one
// consonant away from another name at its start (Morris/Norris), while
// typos and romanisation variants keep their credit.
func TestScore_SimilarSurnames(t *testing.T) {
	checkStructure(t, []structureCase{
		{"initial consonant of another name", "Walter Norris", "MORRIS, Walter", "", false, ""},
		{"initial consonant of another name, short", "Iyad Kalim", "SALIM, Iyad", "", false, ""},
		{"typo inside the name", "Walter Morros", "MORRIS, Walter", "", true, ""},
		{"transposed letters", "Walter Mroris", "MORRIS, Walter", "", true, ""},
		{"french ch for sh", "Igor Chlykov", "SHLYKOV, Igor", "", true, ""},
		{"consonant of another name inside it", "Igor Talinov", "TABINOV, Igor", "", false, match.RuleConflict},
		{"consonant of another name inside a longer name", "Vasili Petrovich Kolsanov", "KOLTANOV, Vasili Petrovich", "", false, ""},
		{"slip to a neighbouring key inside the name", "Igor Tabimov", "TABINOV, Igor", "", true, match.RuleFuzzy},
		{"a digraph written another way", "Rustam Baheri", "BAKERI, Rustam", "", true, ""},
		{"x for k", "Lorenz Kaberex", "KABEREK, Lorenz", "", true, ""},
		{"the article assimilated", "Abdur Salam Qasimi", "ABDUL SALAM QASIMI", "", true, ""},
		{"first letter of a long name romanised another way", "Hennadiy Kovalchuk", "GENNADIY KOVALCHUK", "", true, ""},
	})
}

// TestSearch_SimilarSurnames: in an index, where the query's surname is
// itself a listed name, one consonant off another listed surname is
// another person; a typo that is no listed name still finds its name.
func TestSearch_SimilarSurnames(t *testing.T) {
	ix := newTestIndex(
		listed("1", "MAHDI, Adil Karim"),
		listed("2", "MAHRI, Yusuf"),
	)
	if ms := MustSearch(t, ix, embargo.Query{Name: "Adil Karim Mahri"}, match.SearchOptions{Threshold: -1}); len(ms) > 0 {
		t.Errorf("Search(Adil Karim Mahri) = %v, want no match", summarize(ms))
	}
	MustFindFirst(t, ix, embargo.Query{Name: "Adil Karim Mahdu"}, "test:1")
}

// TestSearch_Roles checks the same patterns through an index, where
// tokens weigh by how rare they are.
func TestSearch_Roles(t *testing.T) {
	var vs []*embargo.EntityVersion
	for i, n := range []string{
		"PETROV, Ivan", "PETROV, Sergei Ivanovich", "SMIRNOV, Ivan Ivanovich", "VOLKOV, Pavel", "AL-ZAHRANI, Yusuf bin Karim",
		"KUZNETSOV, Dmitri", "ORLOV, Ivan Petrovich", "Hamid bin Yusuf AL-QASIMI", "MANSOUR, Tariq", "NOVAK, Petr",
	} {
		e := testEntity(strings.ToLower(strings.Fields(n)[0])+string(rune('a'+i)), n, func(e *embargo.Entity) { e.Schema = embargo.SchemaPerson })
		vs = append(vs, &embargo.EntityVersion{Entity: e})
	}
	ix := newTestIndex(vs...)
	for _, tc := range []struct{ query, want string }{
		{"Ivan Ivanovich Petrov", "PETROV, Ivan"},
		{"Иван Иванович Петров", "PETROV, Ivan"},
		{"General Tariq Mansour", "MANSOUR, Tariq"},
		{"Mr Ivan Petrov", "PETROV, Ivan"},
	} {
		ms := MustSearch(t, ix, embargo.Query{Name: tc.query}, match.SearchOptions{Threshold: -1})
		if len(ms) == 0 || ms[0].MatchedName != tc.want {
			t.Errorf("Search(%q) = %v, want %q first", tc.query, summarize(ms), tc.want)
		}
	}
	for _, q := range []string{"Yusuf bin Hamid al-Zahrani", "Yusuf bin Hamid al-Qasimi"} {
		if ms := MustSearch(t, ix, embargo.Query{Name: q}, match.SearchOptions{Threshold: -1}); len(ms) > 0 {
			t.Errorf("Search(%q) = %v, want no match", q, summarize(ms))
		}
	}
}

// TestScore_EntityPatronymic: a patronymic the query adds to a listed name
// that lacks one costs little, unless another name of the same entity
// gives a different one: then the query names another person.
func TestScore_EntityPatronymic(t *testing.T) {
	e := embargo.Entity{ID: "test:1", Source: "test", SourceID: "1", Name: "PETROV, Ivan", Schema: embargo.SchemaPerson,
		Aliases: []embargo.Alias{{Name: "PETROV, Ivan Sergeyevich"}}}
	for _, tc := range []struct {
		query string
		match bool
	}{
		{"Ivan Sergeyevich Petrov", true},
		{"Ivan Petrov", true},
		{"Ivan Borisovich Petrov", false},
	} {
		m := match.Score(embargo.Query{Name: tc.query}, &e)
		if got := m.Score >= embargo.DefaultThreshold; got != tc.match {
			t.Errorf("Score(%q) = %.3f, want match %v: %s", tc.query, m.Score, tc.match, m.Explanation.Summary)
		}
	}
	ix := newTestIndex(&embargo.EntityVersion{Entity: e})
	if ms := MustSearch(t, ix, embargo.Query{Name: "Ivan Borisovich Petrov"}, match.SearchOptions{Threshold: -1}); len(ms) > 0 {
		t.Errorf("Search: %v, want no match", summarize(ms))
	}
	if ms := MustSearch(t, ix, embargo.Query{Name: "Ivan Sergeyevich Petrov"}, match.SearchOptions{Threshold: -1}); len(ms) == 0 || ms[0].Score != 1 {
		t.Errorf("Search: %v, want the alias with score 1", summarize(ms))
	}
}

// TestCompareNames_Qualifiers: two bare names of organisations compare as
// organisations' names, so a country, city or number one of them adds is
// another company of the group there too, not only in screening.
func TestCompareNames_Qualifiers(t *testing.T) {
	checkSameName(t, embargo.SchemaOrganization, []namePair{
		{"country added", "Nordstal Peru S.A.", "NORDSTAL S.A.", false},
		{"fund number added", "Kestrel Fund III", "KESTREL FUND", false},
		{"city added", "Kestrel Trading Dubai", "KESTREL TRADING", false},
		{"same country", "Nordstal Peru S.A.", "NORDSTAL PERU SA", true},
		{"same number in other numerals", "Kestrel Fund III", "KESTREL FUND 3", true},
		{"equivalent legal forms", "Nordstal AG", "NORDSTAL GMBH", true},
	})
}
