package custom_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/custom"
	"github.com/embargo-dev/embargo/source/internal/listtest"
)

var opts = embargo.ParseOptions{Source: "inhouse"}

func TestParse(t *testing.T) {
	list, err := custom.Parse(bytes.NewReader(listtest.MustReadFile(t, "inhouse.csv")), "inhouse.csv", opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Entities) != 5 || list.Source != "inhouse" || list.Files[0] != "inhouse.csv" {
		t.Fatalf("entities=%d Source=%q Files=%q", len(list.Entities), list.Source, list.Files)
	}
	if e := list.Entities[0]; e.ID != "inhouse:C-001" || e.Schema != embargo.SchemaPerson || e.Name != "Ivan Petrov" {
		t.Errorf("first entity = %q %q %q", e.ID, e.Schema, e.Name)
	}
	// The file starts with a BOM: the first column must still be "id".
	listtest.Golden(t, "inhouse.json", list.Entities)
}

func TestParse_MinimalColumns(t *testing.T) {
	list, err := custom.Parse(strings.NewReader("Name,ID\nJane Roe,1\n"), "x.csv", opts)
	if err != nil {
		t.Fatal(err)
	}
	if e := list.Entities[0]; e.ID != "inhouse:1" || e.Name != "Jane Roe" {
		t.Errorf("entity = %q %q", e.ID, e.Name)
	}
}

func TestParse_Errors(t *testing.T) {
	full := string(listtest.MustReadFile(t, "inhouse.csv"))
	const h = "id,name,type,dob,identifiers\n"
	for _, tt := range []struct {
		name, input, source, want string
		line                      int
	}{
		{"no source", full, "", "source name is required", 0},
		{"empty", "", "inhouse", "empty file", 0},
		{"bom only", "\xef\xbb\xbf\n", "inhouse", "empty file", 0},
		{"header only", h, "inhouse", "no rows", 0},
		{"truncated", full[:len(full)*2/3], "inhouse", "", 0},
		{"wrong format", "ent_num,SDN_Name,SDN_Type\n1,FOO,individual\n", "inhouse", "unknown column \"ent_num\"", 1},
		{"misspelt column", "id,name,alias\n1,A,B\n", "inhouse", "unknown column \"alias\"", 1},
		{"no name column", "id,type\n1,person\n", "inhouse", "no \"name\" column", 1},
		{"invalid utf-8", h + "1,J\xfcrgen,person,,\n", "inhouse", "UTF-8", 2},
		{"no id", h + ",Jane,person,,\n", "inhouse", "without id", 2},
		{"no name", h + "1,,person,,\n", "inhouse", "no name", 2},
		{"repeated id", h + "1,A,,,\n2,B,,,\n1,C,,,\n", "inhouse", "repeated (first on line 2)", 4},
		{"bad type", h + "1,A,planet,,\n", "inhouse", "unknown type", 2},
		{"bad dob", h + "1,A,person,01/02/1970,\n", "inhouse", "bad date of birth", 2},
		{"bad range", h + "1,A,person,1980..1970,\n", "inhouse", "bad date of birth", 2},
		{"bad identifier", h + "1,A,person,,X1234\n", "inhouse", "bad identifier", 2},
		{"field count", h + "1,A\n", "inhouse", "number of fields", 2},
		{"bad quote", h + "1,\"A,person,,\n", "inhouse", "malformed CSV", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			list, err := custom.Parse(strings.NewReader(tt.input), "inhouse.csv", embargo.ParseOptions{Source: tt.source})
			listtest.CheckParseError(t, list, err, "inhouse.csv", tt.want, tt.line)
		})
	}
}

func TestSniff(t *testing.T) {
	whole := listtest.SniffFiles(t, 1<<30, "inhouse.csv")
	listtest.CheckSniff(t, custom.Sniff, whole, "x.csv", "", "ent_num,SDN_Name", "id,type", "Name 6,Name 1,Group ID", "_id,source,entity_number,type,programs,name")
}

func FuzzParse(f *testing.F) {
	f.Add(listtest.MustReadFile(f, "inhouse.csv"))
	f.Add([]byte("id,name\n1,A\n"))
	f.Add([]byte("id,name,dob,identifiers\n1,\"A\"\"B\",1970..1971,a:b;c:d\n"))
	listtest.Fuzz(f, custom.Parse, "fuzz.csv", opts)
}

func BenchmarkParse(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("id,name,type,aliases,dob,country,program,identifiers,remarks\n")
	row := strings.SplitN(string(listtest.MustReadFile(b, "inhouse.csv")), "\n", 3)[1]
	for i := range 2000 {
		fmt.Fprintf(&buf, "%s\n", strings.Replace(row, "C-001", fmt.Sprintf("C-%d", i), 1))
	}
	in := buf.Bytes()
	listtest.Benchmark(b, custom.Parse, in, "bench.csv", opts)
}
