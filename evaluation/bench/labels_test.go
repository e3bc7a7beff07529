package bench

import (
	"testing"

	"github.com/embargo-dev/embargo"
)

// TestLabelRules pins the label rules on invented entities: two entries
// sharing a passport are one party (never a negative pair), a name is
// listed when it is a listed name respelled, and a namesake's name is
// skipped for the kinds whose difference is by design.
func TestLabelRules(t *testing.T) {
	person := func(src, id, name, passport string) *embargo.Entity {
		e := &embargo.Entity{ID: src + ":" + id, Source: src, SourceID: id, Schema: embargo.SchemaPerson, Name: name}
		if passport != "" {
			e.Identifiers = []embargo.Identifier{{Type: embargo.IDPassport, Value: passport}}
		}
		return e
	}
	a := person(embargo.SourceOFACSDN, "1", "TARVOSI, Abdul Halem", "XK1234567")
	b := person(embargo.SourceOFACSDN, "2", "TARVOSI, Yusuf", "XK 1234567")
	c := person(embargo.SourceOFACSDN, "3", "TARVOSI, Karim", "")
	u := person(embargo.SourceUKOFSI, "9", "Morvel KHALTA", "")
	l := &lists{sdn: []*embargo.Entity{a, b, c}}
	l.parties = parties([][]*embargo.Entity{l.sdn, {u}})
	l.screenedParty = map[string]bool{}
	l.letters = newLetterIndex()
	l.letters.add(l.sdn, true)
	l.letters.add([]*embargo.Entity{u}, false)
	g := &gen{l: l, dropped: map[string]int{}}

	if r := g.notNegativePair("ofac-sdn:1", "ofac-sdn:2", a.Name, b.Name, true); r != ruleParty {
		t.Errorf("one passport: rule %q, want %q", r, ruleParty)
	}
	if r := g.notNegativePair("ofac-sdn:1", "ofac-sdn:3", a.Name, c.Name, true); r != "" {
		t.Errorf("another person of one surname: rule %q, want none", r)
	}
	if r := g.notNegativePair("ofac-sdn:3", "uk-ofsi:9", "TARVOSI, Karim", "Kareem TARVOSI", true); r != ruleLetters {
		t.Errorf("one name respelled: rule %q, want %q", r, ruleLetters)
	}
	if !g.listedName("Abd Al-Halem Tarvosi", false, "") {
		t.Error("a listed name reordered and respelled is not listed")
	}
	if g.listedName("Morvel Khalta", false, "") || !g.listedName("MORVEL KHALTA INTERNATIONAL", true, "") {
		t.Error("a name of another list: listed on any list, not on the screened ones")
	}
	if g.listedName("Morvel Khalta", true, "uk-ofsi:9") {
		t.Error("an entity's own name makes it listed")
	}
	// nearByDesign: the subject's namesakes are skipped.
	if g.negativeListed("neg_similar_surname", "Karim Tarvosi", "ofac-sdn:1", "TARVOSI, Karim") ||
		!g.negativeListed("neg_one_part", "Karim Tarvosi", "ofac-sdn:1", "TARVOSI, Abdul Halem") {
		t.Error("negativeListed: namesakes skipped for nearByDesign kinds only")
	}
}
