package match_test

import (
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// TestSearch_KnownNameDisagrees: a query word that is itself spelled as a
// listed name, one consonant off the listed name it would pair with, is
// that other name, not a typo; a slip that makes no listed name keeps its
// credit, and so does a spelling that differs only in vowels, h or a soft
// c.
func TestSearch_KnownNameDisagrees(t *testing.T) {
	ix := newTestIndex(
		listed("1", "VARLAMOVSKY, Pyotr Sergeyevich"),
		listed("2", "VARNAMOVSKY, Arkadi"),
		listed("3", "AMIROV, Kasim"),
		listed("4", "SAMIROV, Ilya"),
		listed("5", "HUSEINI, Yaroslav"),
		listed("6", "HUSSEINI, Ilya"),
		listedOrg("7", "INSTITUTE OF DEFENCE OPTICS"),
		listedOrg("8", "DEFENSE SUPPLY HOLDINGS"),
	)
	for _, q := range []string{"Pyotr Sergeyevich Varnamovsky", "Kasim Samirov"} {
		if ms := MustSearch(t, ix, embargo.Query{Name: q}, match.SearchOptions{Threshold: -1}); len(ms) > 0 {
			t.Errorf("Search(%q) = %v, want no match", q, summarize(ms))
		}
	}
	MustFindFirst(t, ix, embargo.Query{Name: "Pyotr Sergeyevich Varlamovksy"}, "test:1") // a slip
	MustFindFirst(t, ix, embargo.Query{Name: "Kasim Amirow"}, "test:3")                  // a variant
	MustFindFirst(t, ix, embargo.Query{Name: "Yaroslav Husseini"}, "test:5")             // a doubled letter
	MustFindFirst(t, ix, embargo.Query{Name: "Institute of Defense Optics"}, "test:7")   // a soft c
}

// TestScore_Disagreements pins the parts that disagree rather than go
// missing: two names of the table of equivalent names in different
// groups, an initial against another given name, a name one letter off a
// two-letter particle, and a registration mark one character off.
func TestScore_Disagreements(t *testing.T) {
	checkStructure(t, []structureCase{
		{"two known given names", "TAWFIQ, Mahmud Karim", "TAWFIQ, Muhammad Karim", "", false, match.RuleConflict},
		{"a variant of the same known name", "TAWFIQ, Mohammed Karim", "TAWFIQ, Muhammad Karim", "", true, match.RuleEquivalent},
		{"z written s in german", "Abu Said Qorvan", "QORVAN, Abu Zaid", "", true, ""},
		{"initial of another given name", "Tunde Kayode Adebisi", "ADEBISI, Tunde B.", "", false, match.RuleConflict},
		{"query initial of another given name", "Tunde B. Adebisi", "ADEBISI, Tunde Kayode", "", false, match.RuleConflict},
		{"query initial of the same given name", "Tunde K. Adebisi", "ADEBISI, Tunde Kayode", "", true, match.RuleInitial},
		{"initial against a second surname", "OKAFOR, Emeka B", "OKAFOR NWANKWO, Emeka", "", true, ""},
		{"name against a particle", "Ali Hamdan Khalil Al-Zaidi", "Nura Hamdan Khalil Al-Zaidi", "", false, match.RuleConflict},
		{"registration mark one letter off", "UR-QWE", "UR-QWR", embargo.SchemaAircraft, false, match.RuleConflict},
		{"registration mark written apart", "UR QWE", "UR-QWE", embargo.SchemaAircraft, true, ""},
		{"nasab chain in another order", "Hamid bin Yusuf bin Karim Al-Tamar", "AL-TAMAR, Yusuf bin Hamid bin Karim", "", false, match.RuleNasabOrder},
	})
	checkSameName(t, embargo.SchemaAircraft, []namePair{
		{"registration mark one letter off", "EP-KLM", "EP-KLN", false},
		{"same registration mark", "EP-KLM", "ep klm", true},
	})
	checkSameName(t, embargo.SchemaUnknown, []namePair{
		{"name against a particle", "Ali Hamdan Khalil Al-Zaidi", "Nura Hamdan Khalil Al-Zaidi", false},
		{"initial of another given name", "Tunde Kayode Adebisi", "ADEBISI, Tunde B.", false},
	})
}

// TestScore_SyllablesAndChains: each syllable of a Korean or Chinese name
// is a whole part of it (one read as two is another name), and a
// forebear's name that differs in a long nasab chain still makes another
// person.
func TestScore_SyllablesAndChains(t *testing.T) {
	checkStructure(t, []structureCase{
		{"korean name in full", "Pak Sung Chol", "PAK, Sung-chol", "", true, ""},
		{"one syllable read as two", "Ri Yong Kang", "KANG, Ryong Su", "", false, match.RuleConflict},
		{"two syllables written together", "Kang Ryong Su", "KANG, Ryongsu", "", true, match.RuleCompound},
		{"one forebear differs in a long chain", "Tarek Nabil Ben Fathi Ben Ridha Gharbi", "Tarek Nabil Ben Fathi Ben Salah Gharbi", "", false, match.RuleConflict},
		{"one forebear differs in a long chain of common names", "Ahmed Nizar Ben Hedi Ben Mohamed TOUATI", "Ahmed Nizar Ben Hedi Ben Rayan Touati", "", false, match.RuleConflict},
		{"the same long chain", "Tarek Nabil Ben Fathi Ben Ridha Gharbi", "GHARBI, Tarek Nabil Ben Fathi Ben Ridha", "", true, ""},
	})
}

// TestScore_CompanyAgainstPerson: a query that ends in a company's legal
// form names a company, which a listed person's name alike in spelling is
// not; the name alone still matches, and so does a company's name.
func TestScore_CompanyAgainstPerson(t *testing.T) {
	checkStructure(t, []structureCase{
		{"a company against a person", "Radel Ltd.", "ADEL", "", false, ""},
		{"the name alone", "Radel", "ADEL", "", true, match.RuleFuzzy},
		{"a company against a company", "Radel Ltd.", "ADEL LTD", embargo.SchemaOrganization, true, ""},
	})
}

// TestScore_ShortSurnames: in a short name (five letters) a consonant
// changed between vowels spells another name even when a neighbouring key
// could have made it, unless the two are nasals, which ears and
// spellers confuse; a slip next to another consonant stays a typo. A
// first letter that no romanisation swaps makes another name at any
// length.
func TestScore_ShortSurnames(t *testing.T) {
	checkStructure(t, []structureCase{
		{"short name, neighbouring key between vowels", "Rustam Kafir", "KATIR, Rustam", "", false, ""},
		{"short name, neighbouring key at the end", "Bogdan Veric", "VERIF, Bogdan", "", false, ""},
		{"short name, two nasals", "Rustam Tanim", "TANIN, Rustam", "", true, ""},
		{"short name, slip next to a consonant", "Rustam Kelsa", "KELDA, Rustam", "", true, ""},
		{"short name, vowel changed", "Rustam Katur", "KATIR, Rustam", "", true, ""},
		{"long name, first letter of another name", "Valentin Morshanskiy", "KORSHANSKIY, Valentin", "", false, ""},
		{"long name, slip inside it", "Valentin Korshamskiy", "KORSHANSKIY, Valentin", "", true, ""},
	})
	checkSameName(t, embargo.SchemaPerson, []namePair{
		{"short name, neighbouring key between vowels", "Rustam Kafir", "KATIR, Rustam", false},
		{"short name, two nasals", "Rustam Tanim", "TANIN, Rustam", true},
		{"long name, first letter of another name", "Valentin Morshanskiy", "KORSHANSKIY, Valentin", false},
	})
}

// TestScore_ShortWords: two syllables of a Chinese or Korean name are
// never one word of the listed name (one is the family name, written
// apart), and a word of two letters is no typo of a longer one.
func TestScore_ShortWords(t *testing.T) {
	checkStructure(t, []structureCase{
		{"two syllables against one listed word", "Bo Ran", "TAHIR, Boran", "", false, ""},
		{"a given name of two syllables written together", "Wu Jia Hui", "WU, Jiahui", "", true, match.RuleCompound},
		{"two letters against three", "Nasrullah Li", "NASRULLAH, Vli", "", false, match.RuleConflict},
		{"three letters against four", "Nasrullah Ail", "NASRULLAH, Aily", "", true, match.RuleFuzzy},
	})
}

// TestSearch_ShortUnlistedName: a short query word that no listed name
// has, one consonant from a listed name, is taken for another name when
// no slip of the keyboard makes it, as without an index; a slip still
// finds the name.
func TestSearch_ShortUnlistedName(t *testing.T) {
	ix := newTestIndex(listed("1", "DAKAN, Orhan"), listed("2", "PETROSYAN, Arsen"))
	if ms := MustSearch(t, ix, embargo.Query{Name: "Orhan Dawan"}, match.SearchOptions{Threshold: -1}); len(ms) > 0 {
		t.Errorf("Search(Orhan Dawan) = %v, want no match", summarize(ms))
	}
	MustFindFirst(t, ix, embargo.Query{Name: "Orhan Dakam"}, "test:1")
}

// TestScore_HangulSyllables: a Korean name read from Hangul is syllables,
// each a whole name part: it matches a listed Korean name spelled another
// way, not a word of another language that sounds like one syllable.
func TestScore_HangulSyllables(t *testing.T) {
	checkStructure(t, []structureCase{
		{"korean name in hangul", "김용철", "KIM, Yong Chol", "", true, ""},
		{"hangul syllables against foreign words", "한술", "HOAN, Sual", "", false, ""},
	})
	checkSameName(t, embargo.SchemaPerson, []namePair{
		{"korean name in hangul", "김용철", "KIM, Yong Chol", true},
		{"hangul syllables against foreign words", "한술", "HOAN, Sual", false},
	})
}
