package name_test

import (
	"testing"

	"github.com/embargo-dev/embargo/name"
)

// TestInflectedSurnames checks that the gender and case forms of a surname
// share one key, and that names which only look alike do not.
func TestInflectedSurnames(t *testing.T) {
	same := [][]string{
		{"Petrov", "Petrova", "Petrovym", "Petrovu", "Petrovoy", "Petrovoi", "Petrovoj", "Petrovykh"},
		{"Putin", "Putina", "Putinu", "Putinym"},
		{"Zhukovsky", "Zhukovskiy", "Zhukovskii", "Zhukovskaya", "Zhukovskoy", "Zhukovskogo", "Zhukovskomu", "Zhukovskim"},
		{"Kowalski", "Kowalska", "Kowalskiego", "Kowalskiej", "Kowalskim"},
		{"Zawadzki", "Zawadzka"},
		{"Novotný", "Novotná"}, // not adjectival -ský: no key (see below)
		{"Ivanovich", "Ivanovicha", "Ivanovichu", "Ivanovichem"},
		{"Ivanovna", "Ivanovny", "Ivanovne", "Ivanovnoy"},
		{"Grybauskas", "Grybausko", "Grybauskui", "Grybauskaitė", "Grybauskienė"},
		{"Landsbergis", "Landsbergytė", "Landsbergienė"},
		{"Adamkus", "Adamkienė", "Adamkutė"},
	}
	for _, group := range same {
		first := name.MakeToken(name.Normalize(group[0]))
		if group[0] == "Novotný" {
			for _, w := range group {
				if tok := name.MakeToken(name.Normalize(w)); tok.Inflected {
					t.Errorf("%s: Inflected with key %q, want none", w, tok.Equiv)
				}
			}
			continue
		}
		if !first.Inflected {
			t.Errorf("%s: no inflection key", group[0])
			continue
		}
		for _, w := range group[1:] {
			tok := name.MakeToken(name.Normalize(w))
			if !tok.Inflected || tok.Equiv != first.Equiv {
				t.Errorf("%s: key %q (inflected %v), want %q as for %s", w, tok.Equiv, tok.Inflected, first.Equiv, group[0])
			}
		}
	}
	// Different names that end like inflected forms.
	for _, p := range [][2]string{
		{"Roman", "Romanov"}, {"Ivan", "Ivanov"}, {"Collins", "Colin"}, {"Maria", "Mario"},
		{"Petrov", "Petrovich"}, {"Petrov", "Petrenko"}, {"Ivanov", "Ivanova"[:5]},
		{"Pedro", "Pedras"}, {"Jianhui", "Jianhu"}, {"Kowalski", "Kowalczyk"},
		{"Ivanovich", "Ivanovna"}, {"Grybauskas", "Grybas"},
	} {
		a, b := name.MakeToken(name.Normalize(p[0])), name.MakeToken(name.Normalize(p[1]))
		if a.Equiv != "" && a.Equiv == b.Equiv {
			t.Errorf("%s and %s share the key %q", p[0], p[1], a.Equiv)
		}
	}
}

// TestGivenNameInstrumental checks that the instrumental case of a given
// name (Russian, Ukrainian, Polish "with Olga": Olgoy; "by Mikhail":
// Mikhailom) folds with the name, and that words ending alike which are no
// case form of a known given name keep their own key.
func TestGivenNameInstrumental(t *testing.T) {
	for _, p := range [][2]string{
		{"Olgoy", "Olga"}, {"Olgoj", "Olga"}, {"Innoy", "Inna"}, {"Tatyanoy", "Tatyana"},
		{"Mikhailom", "Mikhail"}, {"Eduardom", "Eduard"}, {"Danilom", "Danil"}, {"Andrzejem", "Andrzej"},
	} {
		a, b := name.MakeToken(name.Normalize(p[0])), name.MakeToken(name.Normalize(p[1]))
		if a.Fold != b.Fold {
			t.Errorf("%s: fold %q, want %q as for %s", p[0], a.Fold, b.Fold, p[1])
		}
	}
	for _, p := range [][2]string{
		{"Troy", "Tra"}, {"Leroy", "Lera"}, {"Salom", "Sal"}, {"Rustem", "Rust"}, {"Bloom", "Blo"}, {"Golom", "Gol"},
	} {
		a, b := name.MakeToken(name.Normalize(p[0])), name.MakeToken(name.Normalize(p[1]))
		if a.Fold == b.Fold {
			t.Errorf("%s and %s fold alike (%q)", p[0], p[1], a.Fold)
		}
	}
}

// TestPatronymicAcrossLanguages checks that the Russian, Ukrainian and
// Belarusian forms of a patronymic, in any case, share a key, and that
// another father's name or the other gender does not.
func TestPatronymicAcrossLanguages(t *testing.T) {
	for _, group := range [][]string{
		{"Nikolaevich", "Nikolayevich", "Mykolayovych", "Mikalaevich", "Nikolaevicha", "Nikolaevichem"},
		{"Vladimirovich", "Volodymyrovych", "Uladzimiravich"},
		{"Nikolaevna", "Mykolayivna", "Nikolaevnoy"},
		{"Ivanovna", "Ivanivna", "Ivanovny"},
	} {
		first := name.MakeToken(name.Normalize(group[0]))
		for _, w := range group[1:] {
			if tok := name.MakeToken(name.Normalize(w)); tok.Equiv == "" || tok.Equiv != first.Equiv {
				t.Errorf("%s: key %q, want %q as for %s", w, tok.Equiv, first.Equiv, group[0])
			}
		}
	}
	for _, p := range [][2]string{{"Nikolaevich", "Nikolaevna"}, {"Ivanovich", "Petrovich"}, {"Mykolayovych", "Vladimirovich"}, {"Ivanovna", "Petrovna"}} {
		a, b := name.MakeToken(name.Normalize(p[0])), name.MakeToken(name.Normalize(p[1]))
		if a.Equiv != "" && a.Equiv == b.Equiv {
			t.Errorf("%s and %s share the key %q", p[0], p[1], a.Equiv)
		}
	}
}
