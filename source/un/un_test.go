package un_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listtest"
	"github.com/embargo-dev/embargo/source/un"
)

// MustParse parses a testdata file as consolidated.xml, failing the test
// on error.
var MustParse = listtest.Parser(un.Parse, "consolidated.xml", embargo.ParseOptions{})

func TestParse_Counts(t *testing.T) {
	for _, tt := range []struct {
		file                   string
		persons, organisations int
		asOf                   string
	}{
		// Counted with grep -c '<INDIVIDUAL>' and '<ENTITY>' on the published files.
		{"un-sc-2018-10-29.xml.gz", 703, 390, "2018-10-29T19:09:49.856-04:00"},
		{"un-sc-2026-02-27.xml.gz", 730, 273, "2026-02-27T00:00:09.554Z"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			list := MustParse(t, tt.file)
			n := listtest.CountSchemas(list)
			persons, orgs := n[embargo.SchemaPerson], n[embargo.SchemaOrganization]
			if persons != tt.persons || orgs != tt.organisations {
				t.Errorf("persons, organisations = %d, %d; want %d, %d", persons, orgs, tt.persons, tt.organisations)
			}
			listtest.CheckEntities(t, list, "un-sc:")
			listtest.CheckAsOf(t, list, tt.asOf)
			if list.Source != embargo.SourceUN || len(list.Files) != 1 || list.Files[0] != "consolidated.xml" {
				t.Errorf("Source, Files = %q, %q", list.Source, list.Files)
			}
			if len(list.Warnings) != 0 {
				t.Errorf("Warnings=%q", list.Warnings)
			}
		})
	}
}

func TestParse_Golden(t *testing.T) {
	for _, tt := range []struct {
		file string
		ids  []string
	}{
		{"un-sc-2018-10-29.xml.gz", []string{"KPi.033", "QDe.004"}},
		// Arabic and Cyrillic original-script names, a BETWEEN date of birth, low-quality aliases.
		{"un-sc-2026-02-27.xml.gz", []string{"TAi.005", "TAi.144", "QDi.290", "QDe.131", "CDi.001"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			got := listtest.Pick(t, MustParse(t, tt.file), tt.ids...)
			listtest.Golden(t, strings.TrimSuffix(tt.file, ".xml.gz")+".json", got)
		})
	}
}

func TestParse_OriginalScript(t *testing.T) {
	list := MustParse(t, "un-sc-2026-02-27.xml.gz")
	want := map[string]string{"TAi.005": "Arab", "QDi.290": "Cyrl"}
	for _, e := range list.Entities {
		script, ok := want[e.SourceID]
		if !ok {
			continue
		}
		var found bool
		for _, a := range e.Aliases {
			if a.Type == "original-script" {
				found = true
				if a.Script != script {
					t.Errorf("%s: Script=%q, want %q", e.SourceID, a.Script, script)
				}
			}
		}
		if !found {
			t.Errorf("%s: no original-script alias", e.SourceID)
		}
	}
}

// The 2024-10-16 file was re-serialised by a third party with bare '&'
// characters; the first is on line 39788 ("AL-HARAMAIN & AL MASJED ...").
func TestParse_Malformed(t *testing.T) {
	list, err := un.Parse(bytes.NewReader(listtest.MustReadFile(t, "un-sc-2024-10-16-malformed.xml.gz")), "un/2024-10-16/consolidated.xml", embargo.ParseOptions{})
	// The list must be nil: a malformed file must not be half-imported.
	listtest.CheckParseError(t, list, err, "consolidated.xml", "&", 39788)
}

func TestParse_Errors(t *testing.T) {
	full := listtest.MustReadFile(t, "un-sc-2026-02-27.xml.gz")
	invalidUTF8 := bytes.Replace(full, []byte("BADEGE"), []byte("BAD\xffGE"), 1)
	listtest.CheckErrors(t, un.Parse, "consolidated.xml", embargo.ParseOptions{}, []listtest.ErrorCase{
		{"empty", "", "empty file", 0},
		{"whitespace only", "  \n\n", "empty file", 0},
		{"truncated", string(full[:len(full)/2]), "truncated", 0},
		{"wrong format csv", "ent_num,SDN_Name\n1,FOO\n", "not XML", 1},
		{"wrong root", `<?xml version="1.0"?>` + "\n<export><sanctionEntity/></export>", "root element is <export>", 2},
		{"invalid utf-8", string(invalidUTF8), "UTF-8", 8},
		{"no reference number", "<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>", "REFERENCE_NUMBER", 2},
		{"element after root", "<CONSOLIDATED_LIST/>\n<CONSOLIDATED_LIST/>", "after", 2},
	})
	// A truncated file's error names the line where the file ends.
	_, err := un.Parse(bytes.NewReader(full[:len(full)/2]), "consolidated.xml", embargo.ParseOptions{})
	if pe := (*embargo.ParseError)(nil); !errors.As(err, &pe) || pe.Line == 0 {
		t.Errorf("truncated: err=%v, want a ParseError at the line where the file ends", err)
	}
}

func TestParse_SourceOverride(t *testing.T) {
	in := `<CONSOLIDATED_LIST dateGenerated="2020-01-02T00:00:00Z"><ENTITIES><ENTITY><FIRST_NAME>ACME</FIRST_NAME><REFERENCE_NUMBER>QDe.1</REFERENCE_NUMBER></ENTITY></ENTITIES></CONSOLIDATED_LIST>`
	list, err := un.Parse(strings.NewReader(in), "x.xml", embargo.ParseOptions{Source: "un-test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Entities) != 1 || list.Entities[0].ID != "un-test:QDe.1" {
		t.Fatalf("Entities=%+v", list.Entities)
	}
}

func TestSniff(t *testing.T) {
	var heads []listtest.Sniffed
	for _, f := range listtest.SniffFiles(t, 4096, "un-sc-2018-10-29.xml.gz", "un-sc-2026-02-27.xml.gz") {
		heads = append(heads, listtest.Sniffed{Name: "consolidated.xml", Head: f.Head})
	}
	listtest.CheckSniff(t, un.Sniff, heads, "consolidated.xml", "", "ent_num,name", `<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export">`)
}

// excerpt returns the first n records of a real file, closed so that it is
// well-formed, for use as a fuzz seed.
func excerpt(tb testing.TB, name string, n int) []byte {
	b := listtest.MustReadFile(tb, name)
	i := 0
	for k := 0; k < n; k++ {
		j := bytes.Index(b[i:], []byte("</INDIVIDUAL>"))
		if j < 0 {
			tb.Fatal("too few records")
		}
		i += j + len("</INDIVIDUAL>")
	}
	out := append([]byte{}, b[:i]...)
	return append(out, "</INDIVIDUALS></CONSOLIDATED_LIST>\n"...)
}

func FuzzParse(f *testing.F) {
	f.Add(excerpt(f, "un-sc-2026-02-27.xml.gz", 3))
	f.Add(excerpt(f, "un-sc-2018-10-29.xml.gz", 2))
	bad := listtest.MustReadFile(f, "un-sc-2024-10-16-malformed.xml.gz")
	i := bytes.Index(bad, []byte("AL-HARAMAIN & AL"))
	f.Add(bad[i-2000 : i+200])
	f.Add([]byte(""))
	listtest.Fuzz(f, un.Parse, "fuzz.xml", embargo.ParseOptions{})
}

func BenchmarkParse(b *testing.B) {
	in := listtest.MustReadFile(b, "un-sc-2026-02-27.xml.gz")
	listtest.Benchmark(b, un.Parse, in, "consolidated.xml", embargo.ParseOptions{})
}
