package csl_test

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/csl"
	"github.com/embargo-dev/embargo/source/internal/listtest"
)

const excerpt = "consolidated-2022-04-21-excerpt.csv.gz"

// MustParse parses b, failing the test on error.
func MustParse(tb testing.TB, b []byte, name string) *embargo.ParsedList {
	tb.Helper()
	list, err := csl.Parse(bytes.NewReader(b), name, embargo.ParseOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return list
}

func TestParse_Counts(t *testing.T) {
	gz := listtest.MustReadRaw(t, excerpt)
	plain := listtest.MustReadFile(t, excerpt)
	// The excerpt has 1,387 rows of the 14,160 in the published file; 1,275
	// distinct _ids, because Treasury entries on several sub-lists repeat
	// their _id (counted with Python's csv module).
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"consolidated.csv.gz", gz},
		{"consolidated.csv", plain},
	} {
		t.Run(tt.name, func(t *testing.T) {
			list := MustParse(t, tt.data, tt.name)
			if got, want := len(list.Entities), 1275; got != want {
				t.Errorf("entities=%d, want %d", got, want)
			}
			listtest.CheckEntities(t, list, "us-csl:")
			var rows int
			for _, e := range list.Entities {
				rows += len(e.Properties["list"])
			}
			// Every row's sub-list is kept on its entity: 1,387 rows, less
			// one real duplicate (15268 twice on the CAPTA list).
			if rows != 1386 {
				t.Errorf("sub-list entries=%d, want 1386", rows)
			}
			if list.Source != embargo.SourceUSCSL || list.Files[0] != tt.name {
				t.Errorf("Source, Files = %q, %q", list.Source, list.Files)
			}
		})
	}
}

func TestParse_Golden(t *testing.T) {
	list := MustParse(t, listtest.MustReadRaw(t, excerpt), "consolidated.csv.gz")
	// 34616: on the SDN and CAPTA lists, linked to Sberbank (17018).
	// 12837: an individual with aliases and passports. 23156: a vessel.
	// 15445: an aircraft. 33858: digital currency addresses.
	// 4398d33e...: an Entity List entry without a type.
	got := listtest.Pick(t, list, "34616", "12837", "23156", "15445", "33858", "4398d33e9e93c7477af39f1e0bfffc13ddd47bcc")
	listtest.Golden(t, "consolidated-2022-04-21.json", got)
	if l := got[0].Links; len(l) != 1 || l[0].EntityID != "us-csl:17018" {
		t.Errorf("34616 Links=%+v, want one link to us-csl:17018", l)
	}
}

func TestParse_Errors(t *testing.T) {
	gz := listtest.MustReadRaw(t, excerpt)
	plain := listtest.MustReadFile(t, excerpt)
	header, _, _ := bytes.Cut(plain, []byte("\n"))
	h := string(header) + "\n"
	listtest.CheckErrors(t, csl.Parse, "consolidated.csv.gz", embargo.ParseOptions{}, []listtest.ErrorCase{
		{"empty gz", "", "empty file", 0},
		{"truncated gz", string(gz[:len(gz)/2]), "truncated", 0},
		{"gz name, plain data", string(plain), "not gzip", 0},
	})
	listtest.CheckErrors(t, csl.Parse, "consolidated.csv", embargo.ParseOptions{}, []listtest.ErrorCase{
		{"empty", "", "empty file", 0},
		{"truncated csv", string(plain[:len(plain)/2]), "", 0},
		{"wrong format", "ent_num,SDN_Name,SDN_Type\n1,FOO,individual\n", "not a Consolidated Screening List", 1},
		{"header only", h, "no rows", 0},
		{"invalid utf-8", h + "1,SDN,1,Individual,,J\xf6rg,,,,,,,,,,,,,,,,,,,,,,,\n", "UTF-8", 2},
		{"no id", h + ",SDN,,Individual,,FOO,,,,,,,,,,,,,,,,,,,,,,,\n", "_id", 2},
		{"no name", h + "1,SDN,1,Individual,,,,,,,,,,,,,,,,,,,,,,,,,\n", "no name", 2},
		{"short row", h + "1,SDN,1\n", "fields", 2},
		{"unknown type", h + "1,SDN,1,Planet,,FOO,,,,,,,,,,,,,,,,,,,,,,,\n", "type", 2},
	})
}

func TestSniff(t *testing.T) {
	heads := []listtest.Sniffed{
		{Name: "consolidated.csv.gz", Head: listtest.MustReadRaw(t, excerpt)[:4096]},
		{Name: "consolidated.csv", Head: listtest.MustReadFile(t, excerpt)[:4096]},
	}
	listtest.CheckSniff(t, csl.Sniff, heads, "x.csv", "", "ent_num,SDN_Name", "Name 6,Name 1,Group ID")
}

func FuzzParse(f *testing.F) {
	plain := listtest.MustReadFile(f, excerpt)
	lines := bytes.SplitAfter(plain, []byte("\n"))
	f.Add(bytes.Join(lines[:8], nil))
	f.Add(bytes.Join(append(lines[:1:1], lines[100:104]...), nil))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Join(lines[:4], nil))
	zw.Close()
	f.Add(gz.Bytes())
	listtest.Fuzz(f, csl.Parse, "fuzz.csv", embargo.ParseOptions{})
}

func BenchmarkParse(b *testing.B) {
	in := listtest.MustReadRaw(b, excerpt)
	listtest.Benchmark(b, csl.Parse, in, "consolidated.csv.gz", embargo.ParseOptions{})
}
