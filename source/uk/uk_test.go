package uk_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listtest"
	"github.com/embargo-dev/embargo/source/uk"
)

// The real files the tests parse: OFSI's consolidated list and a sample
// of the FCDO's UK Sanctions List in XML.
const (
	conList = "ConList-2020-04-27.csv.gz"
	fcdoXML = "UK-Sanctions-List-sample.xml"
)

// MustParse and MustParseXML parse a testdata file, failing the test on
// error.
var (
	MustParse    = listtest.Parser(uk.Parse, "", embargo.ParseOptions{})
	MustParseXML = listtest.Parser(uk.ParseXML, "", embargo.ParseOptions{})
)

func TestParse_OFSI(t *testing.T) {
	list := MustParse(t, conList)
	// 9,492 name rows in 2,114 distinct Group IDs (counted with Python's csv module).
	if got, want := len(list.Entities), 2114; got != want {
		t.Errorf("entities=%d, want %d", got, want)
	}
	listtest.CheckAsOf(t, list, "2020-04-27T00:00:00Z")
	if list.Source != embargo.SourceUKOFSI {
		t.Errorf("Source=%q", list.Source)
	}
	n := listtest.CountSchemas(list)
	persons, orgs := n[embargo.SchemaPerson], n[embargo.SchemaOrganization]
	if persons+orgs != len(list.Entities) {
		t.Errorf("schemas %v, want persons and organisations only", n)
	}
	listtest.CheckEntities(t, list, "uk-ofsi:")
	var aliases int
	for _, e := range list.Entities {
		aliases += len(e.Aliases)
	}
	t.Logf("persons=%d organisations=%d aliases=%d", persons, orgs, aliases)
}

func TestParse_Golden(t *testing.T) {
	for _, tt := range []struct {
		file, golden string
		ids          []string
	}{
		// 13349: seven aliases, two years of birth, "1) Saudi Arabia 2) Qatar".
		// 6911: enumerated towns of birth. 13556: a ship with IMO and MMSI in
		// Other Information. 7247: an f.k.a. 13191: Windows-1252 letters.
		{conList, "ConList-2020-04-27.json", []string{"13349", "6911", "13556", "7247", "13191"}},
		{"UK-Sanctions-List-sample.csv", "UK-Sanctions-List-sample.json", []string{"RUS2176", "RUS0999", "RUS1500"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			got := listtest.Pick(t, MustParse(t, tt.file), tt.ids...)
			listtest.Golden(t, tt.golden, got)
		})
	}
}

func TestParse_FCDO(t *testing.T) {
	list := MustParse(t, "UK-Sanctions-List-sample.csv")
	if list.Source != embargo.SourceUKFCDO || len(list.Entities) != 3 {
		t.Fatalf("Source=%q entities=%d, want uk-fcdo and 3", list.Source, len(list.Entities))
	}
	listtest.CheckAsOf(t, list, "2026-10-08T00:00:00Z")
	m := listtest.BySourceID(list)
	if s := m["RUS2176"].Schema; s != embargo.SchemaVessel {
		t.Errorf("RUS2176 schema=%q, want vessel", s)
	}
	p := m["RUS0999"]
	if p.Name != "Pyotr Sergeyevich IVANOV" || p.ID != "uk-fcdo:RUS0999" {
		t.Errorf("Name, ID = %q, %q", p.Name, p.ID)
	}
	var weak, cyrl bool
	for _, a := range p.Aliases {
		weak = weak || (a.Name == "Peter IVANOFF" && a.Quality == embargo.QualityWeak)
		cyrl = cyrl || (a.Type == "original-script" && a.Script == "Cyrl")
	}
	if !weak || !cyrl {
		t.Errorf("aliases=%+v: want a weak alias and a Cyrillic one", p.Aliases)
	}
}

// The OFSI file is Windows-1252: "é" is the single byte 0xE9. The same text
// in UTF-8 (with a BOM) must parse to the same entities.
func TestParse_Encodings(t *testing.T) {
	cp1252 := "Last Updated,27/04/2020\r\nName 6,Name 1,Group Type,Alias Type,Regime,Listed On,Group ID\r\nJOS\xc9,Ren\xe9,Individual,Prime Alias,Libya,01/02/2011,1\r\n"
	utf8BOM := "\xef\xbb\xbfLast Updated,27/04/2020\r\nName 6,Name 1,Group Type,Alias Type,Regime,Listed On,Group ID\r\nJOSÉ,René,Individual,Prime Alias,Libya,01/02/2011,1\r\n"
	for _, in := range []string{cp1252, utf8BOM} {
		list, err := uk.Parse(strings.NewReader(in), "ConList.csv", embargo.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := list.Entities[0].Name; got != "René JOSÉ" {
			t.Errorf("Name=%q, want %q", got, "René JOSÉ")
		}
	}
}

func TestParse_Errors(t *testing.T) {
	full := listtest.MustReadFile(t, conList)
	header := "Name 6,Name 1,Group Type,Alias Type,Regime,Listed On,Group ID\r\n"
	listtest.CheckErrors(t, uk.Parse, "ConList.csv", embargo.ParseOptions{}, []listtest.ErrorCase{
		{"empty", "", "empty file", 0},
		{"blank lines", "\r\n\r\n", "empty file", 0},
		{"truncated", string(full[:len(full)/2]), "", 0},
		{"header only", "Last Updated,27/04/2020\r\n" + header, "no rows", 0},
		{"wrong format", "ent_num,SDN_Name,SDN_Type\n1,FOO,individual\n", "not an OFSI", 1},
		{"xml", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST/>", "CSV", 1},
		{"utf-16", "\xff\xfeN\x00a\x00", "NUL", 0},
		{"bad quote", header + "\"FOO,Bar,Individual,Prime Alias,Libya,01/02/2011,1\r\n", "malformed CSV", 2},
		{"missing group id", header + "FOO,Bar,Individual,Prime Alias,Libya,01/02/2011,\r\n", "Group ID", 2},
		{"short row", header + "FOO,Bar,Individual\r\n", "fields", 2},
		{"unknown group type", header + "FOO,Bar,Planet,Prime Alias,Libya,01/02/2011,1\r\n", "group type", 2},
		{"bad list date", "Last Updated,2020-04-27\r\n" + header, "bad list date", 1},
	})
}

func TestParse_SourceOverride(t *testing.T) {
	list, err := uk.Parse(bytes.NewReader(listtest.MustReadFile(t, "UK-Sanctions-List-sample.csv")), "x.csv", embargo.ParseOptions{Source: "uk-test"})
	if err != nil {
		t.Fatal(err)
	}
	if list.Source != "uk-test" || list.Entities[0].ID != "uk-test:RUS2176" {
		t.Errorf("Source=%q ID=%q", list.Source, list.Entities[0].ID)
	}
}

func TestSniff(t *testing.T) {
	heads := listtest.SniffFiles(t, 4096, conList, "UK-Sanctions-List-sample.csv")
	listtest.CheckSniff(t, uk.Sniff, heads, "x.csv", "", "ent_num,SDN_Name", "_id,source,entity_number,type,programs,name")
}

func FuzzParse(f *testing.F) {
	full := listtest.MustReadFile(f, conList)
	lines := bytes.SplitAfter(full, []byte("\n"))
	f.Add(bytes.Join(lines[:12], nil))
	f.Add(listtest.MustReadFile(f, "UK-Sanctions-List-sample.csv"))
	f.Add([]byte("Name 6,Group ID\n\"a\"\"b\",1\n"))
	listtest.Fuzz(f, uk.Parse, "fuzz.csv", embargo.ParseOptions{})
}

func BenchmarkParse(b *testing.B) {
	in := listtest.MustReadFile(b, conList)
	listtest.Benchmark(b, uk.Parse, in, "ConList.csv", embargo.ParseOptions{})
}
