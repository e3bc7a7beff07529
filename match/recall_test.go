package match_test

import (
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// TestScore_LegalFormsSpaced pins legal forms written as letters apart
// ("K.G.", "S P Z O O") against the form written together.
func TestScore_LegalFormsSpaced(t *testing.T) {
	org := embargo.SchemaOrganization
	checkStructure(t, []structureCase{
		{"dotted KG", "Varnholt Reederei GmbH & Co. K.G.", "VARNHOLT REEDEREI GMBH & CO. KG", org, true, match.RuleLegalForm},
		{"spaced KG", "Varnholt Reederei GmbH & Co K G", "VARNHOLT REEDEREI GMBH & CO. KG", org, true, match.RuleLegalForm},
		{"spaced sp. z o.o.", "Kestrowa Trade S P Z O O", "KESTROWA TRADE SP Z O O", org, true, match.RuleLegalForm},
		{"another company, same form", "Varnholt Reederei GmbH & Co. K.G.", "BRANDMOOR REEDEREI GMBH & CO. KG", org, false, ""},
	})
}

// TestScore_Parenthesised pins names with a parenthesised part: an
// acronym or note the other side leaves out, and names given after
// "a.k.a." or "f.k.a." in brackets.
func TestScore_Parenthesised(t *testing.T) {
	org := embargo.SchemaOrganization
	checkStructure(t, []structureCase{
		{"acronym left out", "Velmora Tinplate Industries", "VELMORA TINPLATE INDUSTRIES (VTI)", org, true, ""},
		{"note left out", "Quarnex Drilling Services SAL", "QUARNEX DRILLING SERVICES SAL (OFFSHORE)", org, true, ""},
		{"a.k.a. in brackets", "Tessaly Aero Logistics", "Brunvik Holdings, Inc. (a.k.a. Tessaly Aero Logistics; Brunvik Air)", org, true, ""},
		{"f.k.a. in brackets", "Ostrovin Energo", "Kalmerov Invest, OOO (f.k.a., Ostrovin Energo OOO)", org, true, ""},
		{"another company with the acronym", "Velmora Steel Works", "VELMORA TINPLATE INDUSTRIES (VTI)", org, false, ""},
		{"not an a.k.a.", "Brunvik Air", "Brunvik Holdings, Inc. (Tessaly Aero Logistics; Brunvik Air)", org, false, ""},
	})
}

// TestSearch_Parenthesised finds a listed name from the name its
// parenthesised a.k.a. gives, and from the name without its acronym.
func TestSearch_Parenthesised(t *testing.T) {
	ix := newTestIndex(
		&embargo.EntityVersion{Entity: testEntity("1", "Brunvik Holdings, Inc. (a.k.a. Tessaly Aero Logistics)", func(e *embargo.Entity) { e.Schema = embargo.SchemaOrganization })},
		&embargo.EntityVersion{Entity: testEntity("2", "VELMORA TINPLATE INDUSTRIES (VTI)", func(e *embargo.Entity) { e.Schema = embargo.SchemaOrganization })},
	)
	MustFindFirst(t, ix, embargo.Query{Name: "Tessaly Aero Logistics"}, "test:1")
	MustFindFirst(t, ix, embargo.Query{Name: "Velmora Tinplate Industries"}, "test:2")
}

// TestScore_ScriptConventions pins Greek ντσ in a foreign name (n and
// τσ = ch: Σάντσεζ Sanchez, not ντ = d and σ) and the customary Korean
// surname spellings (오 Oh, 윤 Yoon, 량 Ryang) read as syllables, so that
// the given name's syllables compare as syllables (정 jeong, chong).
func TestScore_ScriptConventions(t *testing.T) {
	checkStructure(t, []structureCase{
		{"Greek ντσ is n-ch", "ΡΟΜΠΕΡΤΟ ΠΟΝΤΣΕΛ", "PONCHEL, Roberto", "", true, ""},
		{"Greek ντσ is not d-s", "ΡΟΜΠΕΡΤΟ ΠΟΝΤΣΕΛ", "PODSEL, Roberto", "", false, ""},
		{"Hangul Oh", "오정민", "OH, Chong Min", "", true, ""},
		{"Hangul Oh, another given name", "오정민", "OH, Chong Il", "", false, ""},
		{"Hangul Yoon against Yun", "윤정민", "YUN, Chong Min", "", true, ""},
		{"Hangul Yoon, another given name", "윤정민", "YUN, Chong Il", "", false, ""},
		{"Hangul Ryang", "량태수", "RYANG, Tae Su", "", true, ""},
		{"Hangul Ryang, another given name", "량태수", "RYANG, Tae Chol", "", false, ""},
	})
}

// TestScore_OrganisationWords pins the words of organisations' names
// written short, in the plural or transliterated (Tech, Technologies,
// Tekhnologii; Services; Intl.) against the full word, while another
// distinctive word still tells two companies apart.
func TestScore_OrganisationWords(t *testing.T) {
	org := embargo.SchemaOrganization
	checkStructure(t, []structureCase{
		{"tech for technology", "Brevalo Technology Services", "BREVALO TECH SERVICES", org, true, ""},
		{"plural and singular", "Brevalo Oilfield Service", "BREVALO OILFIELD SERVICES", org, true, ""},
		{"Russian transliteration", "Ostrava Tekhnologii Resursy", "OSTRAVA TECHNOLOGIES RESOURCES", org, true, ""},
		{"intl", "Kanvor Intl. Systems", "KANVOR INTERNATIONAL SYSTEMS", org, true, ""},
		{"another company, same words", "Brevalo Technology Services", "DORANTE TECH SERVICES", org, false, ""},
	})
}

// TestCompareNames_RecallPatterns pins the patterns of the second recall
// round with invented names, each with a pair that must stay apart: a
// Korean name written glued with its surname elsewhere than first, a
// foreign name in Greek with τζ or the ending -ιν, a given name
// in the instrumental case, the Spanish and French pet forms, the Polish
// and Czech titles Pan, Pani and Ing., and English ordinals past twelfth.
func TestCompareNames_RecallPatterns(t *testing.T) {
	checkSameName(t, embargo.SchemaUnknown, []namePair{
		{"hangul glued, surname last", "동수박", "PAK Tong Su", true},
		{"hangul glued, surname in the middle", "철김영", "KIM Yong Chol", true},
		{"hangul glued, another surname", "동수박", "KIM Tong Su", false},
		{"greek tz", "ΤΖΟΥΑΝ ΜΑΡΤΙΝΟΣ ΟΤΖΕΝΤΑ", "Juan Martinos OJEDA", true},
		{"greek -in", "ΑΓΚΟΥΣΤΙΝ ΜΟΡΑΛΕΣ", "Agustin MORALES", true},
		{"greek, another surname", "ΑΓΚΟΥΣΤΙΝ ΜΟΡΑΛΕΣ", "Agustin BERMUDEZ", false},
		{"instrumental given name and surname", "Olgoy Ivanovnoy Sorokinoy", "Olga Ivanovna SOROKINA", true},
		{"instrumental masculine", "Mikhailom Sorokinym", "Mikhail SOROKIN", true},
		{"instrumental, another given name", "Innoy Sorokinoy", "Olga SOROKINA", false},
		{"spanish pet form", "Richi Gomez Pardo", "GOMEZ PARDO, Ricardo", true},
		{"french pet form", "Lionel Durand", "DURAND, Leon", true},
		{"nickname folding short", "Jeff Lowry Amat", "LOWRY AMAT, Jefferson", true},
		{"pet form of another name", "Richi Gomez Pardo", "GOMEZ PARDO, Rodrigo", false},
		{"polish title", "Pani Halina Wrobel", "WROBEL, Halina", true},
		{"engineer's title", "Ing. Pavel Hruby", "HRUBY, Pavel", true},
		{"title does not hide another given name", "Pani Halina Wrobel", "WROBEL, Danuta", false},
		{"ukrainian patronymic", "Oleh Mykolayovych HARMASH", "Oleg Nikolaevich HARMASH", true},
		{"belarusian patronymic", "Viktar Uladzimiravich HARMASH", "Viktor Vladimirovich HARMASH", true},
		{"another father", "Oleh Mykolayovych HARMASH", "Oleg Petrovich HARMASH", false},
		{"ordinal in words", "17th Harbour Holdings", "Seventeenth Harbour Holdings", true},
		{"another ordinal", "16th Harbour Holdings", "Seventeenth Harbour Holdings", false},
	})
}

// TestCompareNamesAs_PersonsMiddleNames: two names of a person compared
// as a person's (CompareNamesAs with SchemaPerson) read middle names and
// patronymics as such on either side, so a short alias matches the full
// name it abbreviates, and an alias with another given or family name
// still does not.
func TestCompareNamesAs_PersonsMiddleNames(t *testing.T) {
	checkSameName(t, embargo.SchemaPerson, []namePair{
		{"middle names left out", "Karim HADDAWI", "Karim Sami Yusuf Nadim HADDAWI", true},
		{"middle names left out, surname first", "FERNANDEZ, Ramiro", "FERNANDEZ, Ramiro Alonso Tadeo", true},
		{"another given name", "Faris HADDAWI", "Karim Sami Yusuf Nadim HADDAWI", false},
		{"another surname", "Karim HADDAWI", "Karim Sami Yusuf Nadim QUWAYSI", false},
		{"initials", "K. S. HADDAWI", "Karim Sami HADDAWI", true},
	})
}

// TestSearch_TitleIsNoTypo: a title the other side lacks is left out, not
// paired with a name part it is a letter or two from ("Col." with Chol),
// which would leave that part unexplained; a title does not hide a
// different name either.
func TestSearch_TitleIsNoTypo(t *testing.T) {
	// Chol is a common name part, so an unexplained "Chol" costs less
	// than a rare "Col." would gain by pairing with it.
	ix := newTestIndex(listed("1", "PAK, Hyok Chol"), listed("2", "PAK, Hyok Il"), listed("3", "HADDAD, Karim Halim"),
		listed("4", "KIM, Chol"), listed("5", "RI, Chol Su"), listed("6", "O, Chol Min"), listed("7", "CHOE, Chol"),
		listed("8", "HAN, Chol Ung"), listed("9", "SIN, Hyok"))
	for _, tc := range []struct {
		query, id string
		found     bool
	}{
		{"COL. HYOK CHOL PAK", "test:1", true},
		{"Col. Hyok Chol Pak", "test:1", true},
		{"COL. HYOK CHOL PAK", "test:2", false},
		{"Dr. med. Karim Halim Haddad", "test:3", true},
		{"Dr. med. Samir Halim Haddad", "test:3", false},
	} {
		ms := MustSearch(t, ix, embargo.Query{Name: tc.query, Schema: embargo.SchemaPerson}, match.SearchOptions{Threshold: embargo.DefaultThreshold})
		found := false
		for _, m := range ms {
			found = found || m.EntityID == tc.id
		}
		if found != tc.found {
			t.Errorf("Search(%q): %s found %v, want %v (%v)", tc.query, tc.id, found, tc.found, ms)
		}
	}
}
