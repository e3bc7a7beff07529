package uk_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listtest"
	"github.com/embargo-dev/embargo/source/uk"
)

// TestParseXML_Golden pins every parsed field of the FCDO sample, and
// checks by hand the facts issue 14 names: the designation date, the
// non-Latin name and the ship's IMO number.
func TestParseXML_Golden(t *testing.T) {
	list := MustParseXML(t, fcdoXML)
	listtest.Golden(t, "UK-Sanctions-List-sample-xml.json", list.Entities)
	if list.Source != embargo.SourceUKFCDO || len(list.Entities) != 3 {
		t.Fatalf("Source=%q entities=%d, want uk-fcdo and 3", list.Source, len(list.Entities))
	}
	listtest.CheckAsOf(t, list, "2026-12-02T00:00:00Z") // DateGenerated
	m := listtest.BySourceID(list)
	p := m["AFG0006"]
	if p.ID != "uk-fcdo:AFG0006" || p.Name != "MOHAMMAD HASSAN AKHUND" || p.Schema != embargo.SchemaPerson || p.ListedOn != "2001-01-25" {
		t.Errorf("AFG0006 = %q %q %q listed on %q, want MOHAMMAD HASSAN AKHUND, person, 2001-01-25", p.ID, p.Name, p.Schema, p.ListedOn)
	}
	var arabic bool
	for _, a := range p.Aliases {
		arabic = arabic || a.Name == "محمد حسن آخوند" && a.Script == "Arab" && a.Type == "original-script"
	}
	if !arabic {
		t.Errorf("AFG0006 aliases=%+v, want the Arabic-script name", p.Aliases)
	}
	if got := strings.Join(p.BirthDates, ","); got != "1955,1958" {
		t.Errorf("AFG0006 birth dates %q, want 1955,1958 (dd/mm/yyyy placeholders)", got)
	}
	if g := p.Properties["ofsi_group_id"]; len(g) != 1 || g[0] != "7172" {
		t.Errorf("AFG0006 OFSI group id %v, want 7172", g)
	}
	ship := m["DPR0075"]
	var imo string
	for _, id := range ship.Identifiers {
		if id.Type == embargo.IDIMO {
			imo = id.Value
		}
	}
	if ship.Schema != embargo.SchemaVessel || imo != "9562233" || ship.ListedOn != "2017-10-03" || ship.Properties["flag"][0] != "Comoros" {
		t.Errorf("DPR0075 = %s IMO %q listed %q flag %v, want a vessel, IMO 9562233, 2017-10-03, Comoros", ship.Schema, imo, ship.ListedOn, ship.Properties["flag"])
	}
	org := m["RUS9901"]
	var weak, cyrl bool
	for _, a := range org.Aliases {
		weak = weak || a.Name == "ENS" && a.Quality == embargo.QualityWeak
		cyrl = cyrl || a.Script == "Cyrl"
	}
	if !weak || !cyrl || org.Schema != embargo.SchemaOrganization {
		t.Errorf("RUS9901 aliases=%+v: want the low-quality alias weak and the Cyrillic name", org.Aliases)
	}
}

func TestParseXML_Errors(t *testing.T) {
	listtest.CheckErrors(t, uk.ParseXML, "dir/UK-Sanctions-List.xml", embargo.ParseOptions{}, []listtest.ErrorCase{
		{"malformed", "<Designations>\n<Designation>\n<UniqueID>A1</UniqueID>\n<Names><Name><Name6>X</Name6></Name>\n</Designation>", "element <Names> closed by </Designation>", 5},
		{"no unique id", "<Designations>\n<Designation>\n<Names><Name><Name6>X</Name6><NameType>Primary Name</NameType></Name></Names>\n</Designation>\n</Designations>", "without a UniqueID", 2},
		{"duplicate", "<Designations>\n<Designation><UniqueID>A1</UniqueID><Names><Name><Name6>X</Name6></Name></Names></Designation>\n<Designation><UniqueID>A1</UniqueID><Names><Name><Name6>Y</Name6></Name></Names></Designation>\n</Designations>", "appears twice", 3},
		{"unknown type", "<Designations>\n<Designation><UniqueID>A1</UniqueID><IndividualEntityShip>Planet</IndividualEntityShip><Names><Name><Name6>X</Name6></Name></Names></Designation>\n</Designations>", "unknown IndividualEntityShip", 2},
		{"not the list", "<sdnList></sdnList>", "no <Designations>", 0},
	})
}

func TestSniffXML(t *testing.T) {
	if !uk.SniffXML(listtest.MustReadFile(t, fcdoXML)) {
		t.Error("the FCDO sample is not recognised")
	}
	if uk.SniffXML([]byte(`<?xml version="1.0"?><sdnList><publshInformation>`)) {
		t.Error("OFAC's XML taken for the FCDO list")
	}
}

func FuzzParseXML(f *testing.F) {
	f.Add(listtest.MustReadFile(f, fcdoXML))
	listtest.Fuzz(f, uk.ParseXML, "fuzz.xml", embargo.ParseOptions{})
}
