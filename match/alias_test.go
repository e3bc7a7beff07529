package match_test

import (
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// TestScore_ScriptCompounds pins two adjacent words of a name read from an
// inexact script (Arabic, Persian) against one word written together in
// Latin letters, compared by their consonant skeletons: the article
// assimilated (عبد الرزاق, abd al-razzaq, as Abderrazak), a Persian zada
// written apart (گلاب زاده as Gulabzada), two names glued in the script
// (خدايرحيم as Khudai Rahim). Other consonants are another name.
func TestScore_ScriptCompounds(t *testing.T) {
	checkStructure(t, []structureCase{
		{"article assimilated", "عبد الرزاق ولد سالم", "ABDERRAZAK OULD SALEM", "", true, ""},
		{"article assimilated, listed in script", "ABDERRAZAK OULD SALEM", "عبد الرزاق ولد سالم", "", true, ""},
		{"zada written apart", "ناصر گلاب زاده", "NASIR GULABZADA", "", true, ""},
		{"glued in the script", "سمير خدايرحيم", "SAMIR KHUDAI RAHIM", "", true, ""},
		{"another name after abd", "عبد الرزاق ولد سالم", "ABDELKADER OULD SALEM", "", false, ""},
		{"another family name", "ناصر گلاب زاده", "NASIR GULAMKAR", "", false, ""},
		{"another name glued in the script", "سمير ملکرحيم", "SAMIR KHUDAI RAHIM", "", false, ""},
	})
}

// TestScore_ListedAcronymsAndUnits pins the acronym a listed name gives in
// brackets (its letters the initials of the name's words) as a name of its
// own, and a closing note on the party's successors or units as no part of
// the name. Another acronym, or the acronym of another name, does not match.
func TestScore_ListedAcronymsAndUnits(t *testing.T) {
	org := embargo.SchemaOrganization
	checkStructure(t, []structureCase{
		{"the acronym alone", "KASC", "Korvane Aerospace Science and Trade Corporation (KASC) Third Academy", org, true, ""},
		{"the name without its units note", "Brunvik Trading Group", "Brunvik Trading Group and any successor, sub-unit, or subsidiary thereof", org, true, ""},
		{"acronym and units note", "KAC", "Korvane Aerospace Corporation (KAC) First Academy, and its sub-units and successors", org, true, ""},
		{"another acronym", "KMSD", "Korvane Aerospace Science and Trade Corporation (KASC) Third Academy", org, false, ""},
		{"letters that are not the initials", "VTX", "VELMORA TINPLATE INDUSTRIES (VTX)", org, false, ""},
	})
}

// TestSearch_ListedAcronym finds a listed name by the acronym it gives in
// brackets, but does not screen a query's own bracketed acronym alone: a
// few capitals are near other acronyms by a letter or two.
func TestSearch_ListedAcronym(t *testing.T) {
	ix := newTestIndex(
		&embargo.EntityVersion{Entity: testEntity("1", "Korvane Aerospace Science and Trade Corporation (KASC) Third Academy", func(e *embargo.Entity) { e.Schema = embargo.SchemaOrganization })},
		&embargo.EntityVersion{Entity: testEntity("2", "GSPC", func(e *embargo.Entity) { e.Schema = embargo.SchemaOrganization })},
	)
	MustFindFirst(t, ix, embargo.Query{Name: "KASC"}, "test:1")
	ms, err := ix.Search(embargo.Query{Name: "Xarnov Production Construction Corps (XPCC)"}, match.SearchOptions{Threshold: embargo.DefaultThreshold})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.EntityID == "test:2" {
			t.Errorf("Search(XPCC) found %q at %.3f, want nothing", m.MatchedName, m.Score)
		}
	}
}

// TestScore_LegalFormVariants pins legal forms written as Iranian and
// Syrian registers write them: P.J.S. for a public joint-stock company, a
// one-person company (whose "one" is no number qualifier) for an LLC.
func TestScore_LegalFormVariants(t *testing.T) {
	org := embargo.SchemaOrganization
	checkStructure(t, []structureCase{
		{"P.J.S.", "Qarvand Tile P.J.S.", "QARVAND TILE PJSC", org, true, match.RuleLegalForm},
		{"one-person company", "Qarvand Cham Management One-Person Co. Ltd.", "QARVAND CHAM FOR MANAGEMENT LLC", org, true, ""},
		{"P.J.S., another company", "Qarvand Tile P.J.S.", "QARVINO STEEL PJSC", org, false, ""},
		{"one-person company, another company", "Qarvand Cham Management One-Person Co. Ltd.", "BELROSA CHAM FOR MANAGEMENT LLC", org, false, ""},
	})
}
