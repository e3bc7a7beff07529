package un_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/golden"
	"github.com/embargo-dev/embargo/source/internal/listtest"
	"github.com/embargo-dev/embargo/source/un"
)

// MustParse parses a testdata file, failing the test on error.
func MustParse(tb testing.TB, name string) *embargo.ParsedList {
	tb.Helper()
	return listtest.MustParse(tb, un.Parse, name, "consolidated.xml", embargo.ParseOptions{})
}

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
			var persons, orgs int
			for _, e := range list.Entities {
				switch e.Schema {
				case embargo.SchemaPerson:
					persons++
				case embargo.SchemaOrganization:
					orgs++
				}
				if e.Name == "" || !strings.HasPrefix(e.ID, "un-sc:") {
					t.Errorf("entity %q: empty name or bad id", e.ID)
				}
			}
			if persons != tt.persons || orgs != tt.organisations {
				t.Errorf("persons, organisations = %d, %d; want %d, %d", persons, orgs, tt.persons, tt.organisations)
			}
			want, _ := time.Parse(time.RFC3339Nano, tt.asOf)
			if !list.AsOf.Equal(want) {
				t.Errorf("AsOf=%v, want %v", list.AsOf, want)
			}
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
			golden.CheckJSON(t, filepath.Join("testdata", "golden", strings.TrimSuffix(tt.file, ".xml.gz")+".json"), got)
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
	var pe *embargo.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err=%v, want *embargo.ParseError", err)
	}
	if list != nil {
		t.Errorf("list=%v, want nil: a malformed file must not be half-imported", list)
	}
	if pe.File != "consolidated.xml" || pe.Line != 39788 {
		t.Errorf("File, Line = %q, %d; want consolidated.xml, 39788", pe.File, pe.Line)
	}
	if !strings.Contains(pe.Msg, "&") {
		t.Errorf("Msg=%q, want it to mention '&'", pe.Msg)
	}
}

func TestParse_Errors(t *testing.T) {
	full := listtest.MustReadFile(t, "un-sc-2026-02-27.xml.gz")
	invalidUTF8 := bytes.Replace(full, []byte("BADEGE"), []byte("BAD\xffGE"), 1)
	for _, tt := range []struct {
		name, input, want string
		line              int
	}{
		{"empty", "", "empty file", 0},
		{"whitespace only", "  \n\n", "empty file", 0},
		{"truncated", string(full[:len(full)/2]), "truncated", 0},
		{"wrong format csv", "ent_num,SDN_Name\n1,FOO\n", "not XML", 1},
		{"wrong root", `<?xml version="1.0"?>` + "\n<export><sanctionEntity/></export>", "root element is <export>", 2},
		{"invalid utf-8", string(invalidUTF8), "UTF-8", 8},
		{"no reference number", "<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>", "REFERENCE_NUMBER", 2},
		{"element after root", "<CONSOLIDATED_LIST/>\n<CONSOLIDATED_LIST/>", "after", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			list, err := un.Parse(strings.NewReader(tt.input), "consolidated.xml", embargo.ParseOptions{})
			var pe *embargo.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err=%v, want *embargo.ParseError", err)
			}
			if list != nil {
				t.Errorf("list is not nil")
			}
			if !strings.Contains(pe.Error(), tt.want) {
				t.Errorf("err=%q, want it to contain %q", pe.Error(), tt.want)
			}
			if tt.line != 0 && pe.Line != tt.line {
				t.Errorf("Line=%d, want %d", pe.Line, tt.line)
			}
			if tt.name == "truncated" && pe.Line == 0 {
				t.Errorf("Line=0, want the line where the file ends")
			}
		})
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
	head := listtest.MustReadFile(t, "un-sc-2018-10-29.xml.gz")[:4096]
	if !un.Sniff("consolidated.xml", head) {
		t.Error("Sniff(UN 2018)=false, want true")
	}
	head = listtest.MustReadFile(t, "un-sc-2026-02-27.xml.gz")[:4096]
	if !un.Sniff("consolidated.xml", head) {
		t.Error("Sniff(UN 2026)=false, want true")
	}
	for _, s := range []string{"", "ent_num,name", `<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export">`} {
		if un.Sniff("consolidated.xml", []byte(s)) {
			t.Errorf("Sniff(%q)=true, want false", s)
		}
	}
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
