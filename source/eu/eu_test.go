package eu_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/eu"
	"github.com/embargo-dev/embargo/source/internal/listtest"
)

// MustParse parses a testdata file, failing the test on error.
var MustParse = listtest.Parser(eu.Parse, "", embargo.ParseOptions{})

func TestParse_Golden(t *testing.T) {
	const asOf = "2020-04-15T15:29:22.497+02:00"
	for _, tt := range []struct {
		file string
		n    int
		asOf string
	}{
		// Both samples hold 7 sanctionEntity elements (grep -c '<sanctionEntity');
		// in sample_eu.xml two share logicalId 5468 and are merged.
		{"sample_eu.xml", 6, asOf},
		{"sample_eu_sanctions.xml", 7, asOf},
		{"legacy-flat-sample.xml", 1, ""},
	} {
		t.Run(tt.file, func(t *testing.T) {
			list := MustParse(t, tt.file)
			if len(list.Entities) != tt.n {
				t.Errorf("entities=%d, want %d", len(list.Entities), tt.n)
			}
			listtest.CheckAsOf(t, list, tt.asOf)
			listtest.CheckEntities(t, list, "eu-fsf:")
			for _, e := range list.Entities {
				if e.Schema != embargo.SchemaPerson {
					t.Errorf("%s: Schema=%q", e.ID, e.Schema)
				}
			}
			listtest.Golden(t, strings.TrimSuffix(tt.file, ".xml")+".json", list.Entities)
		})
	}
}

func TestParse_Fields(t *testing.T) {
	list := MustParse(t, "sample_eu.xml")
	e := list.Entities[0]
	if e.ID != "eu-fsf:5295" || e.Name != "Abid Hammadou" || e.ListedOn != "2008-07-03" {
		t.Errorf("ID, Name, ListedOn = %q, %q, %q", e.ID, e.Name, e.ListedOn)
	}
	if len(e.Programs) != 1 || e.Programs[0] != "TAQA" {
		t.Errorf("Programs=%q, want [TAQA]", e.Programs)
	}
	// Without a designationDate, ListedOn is the earliest regulation.
	s := MustParse(t, "sample_eu_sanctions.xml").Entities[0]
	if s.SourceID != "13" || s.ListedOn != "2003-07-08" {
		t.Errorf("SourceID, ListedOn = %q, %q; want 13, 2003-07-08", s.SourceID, s.ListedOn)
	}
}

// sample_eu.xml, an excerpt edited for tests by whoever vendored it, lists
// logicalId 5468 twice (lines 43 and 110) with different names.
func TestParse_RepeatedLogicalID(t *testing.T) {
	list := MustParse(t, "sample_eu.xml")
	if len(list.Warnings) != 1 || !strings.Contains(list.Warnings[0], "5468") {
		t.Fatalf("Warnings=%q, want one about 5468", list.Warnings)
	}
	for _, e := range list.Entities {
		if e.SourceID != "5468" {
			continue
		}
		var found bool
		for _, a := range e.Aliases {
			found = found || a.Name == "TestOneWord"
		}
		if !found {
			t.Errorf("5468 Aliases=%+v, want the second record's name among them", e.Aliases)
		}
	}
}

func TestParse_Errors(t *testing.T) {
	full := string(listtest.MustReadFile(t, "sample_eu.xml"))
	bareAmp := strings.Replace(full, "Abid Hammadou", "Abid & Hammadou", 1)
	listtest.CheckErrors(t, eu.Parse, "eu/sample_eu.xml", embargo.ParseOptions{}, []listtest.ErrorCase{
		{"empty", "", "empty file", 0},
		{"truncated", full[:len(full)/2], "truncated", 0},
		{"bare ampersand", bareAmp, "malformed XML", 8},
		{"wrong format csv", "id,name\n1,FOO\n", "not XML", 1},
		{"wrong root", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST/>", "root element is <CONSOLIDATED_LIST>", 2},
		{"invalid utf-8", strings.Replace(full, "Hammadou", "Hamm\xe4dou", 1), "UTF-8", 8},
		{"no logicalId", `<export><sanctionEntity><nameAlias wholeName="X"/></sanctionEntity></export>`, "logicalId", 1},
		{"no name", `<export>` + "\n" + `<sanctionEntity logicalId="1"><subjectType code="person"/></sanctionEntity></export>`, "no name", 2},
	})
}

func TestSniff(t *testing.T) {
	whole := listtest.SniffFiles(t, 1<<30, "sample_eu.xml", "sample_eu_sanctions.xml", "legacy-flat-sample.xml")
	listtest.CheckSniff(t, eu.Sniff, whole, "x.xml", "", "id,name", `<CONSOLIDATED_LIST><INDIVIDUALS>`)
}

func FuzzParse(f *testing.F) {
	f.Add(listtest.MustReadFile(f, "sample_eu.xml"))
	f.Add(listtest.MustReadFile(f, "legacy-flat-sample.xml"))
	f.Add([]byte(`<export generationDate="2020-01-01"><sanctionEntity logicalId="1"><nameAlias wholeName="A" strong="false"/><birthdate year="1970" monthOfYear="2"/></sanctionEntity></export>`))
	listtest.Fuzz(f, eu.Parse, "fuzz.xml", embargo.ParseOptions{})
}

func BenchmarkParse(b *testing.B) {
	in := listtest.MustReadFile(b, "sample_eu_sanctions.xml")
	listtest.Benchmark(b, eu.Parse, in, "sample_eu_sanctions.xml", embargo.ParseOptions{})
}
