package csl_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/golden"
	"github.com/embargo-dev/embargo/source/csl"
	"github.com/embargo-dev/embargo/source/internal/listtest"
)

const excerpt = "consolidated-2022-04-21-excerpt.csv.gz"

// MustReadRaw returns the contents of a file in testdata as they are, not
// gunzipped, as csl.Parse reads compressed files itself.
func MustReadRaw(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

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
	gz := MustReadRaw(t, excerpt)
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
			var rows int
			for _, e := range list.Entities {
				rows += len(e.Properties["list"])
				if e.Name == "" || !strings.HasPrefix(e.ID, "us-csl:") {
					t.Errorf("%q: no name or bad id", e.ID)
				}
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
	list := MustParse(t, MustReadRaw(t, excerpt), "consolidated.csv.gz")
	// 34616: on the SDN and CAPTA lists, linked to Sberbank (17018).
	// 12837: an individual with aliases and passports. 23156: a vessel.
	// 15445: an aircraft. 33858: digital currency addresses.
	// 4398d33e...: an Entity List entry without a type.
	got := listtest.Pick(t, list, "34616", "12837", "23156", "15445", "33858", "4398d33e9e93c7477af39f1e0bfffc13ddd47bcc")
	golden.CheckJSON(t, filepath.Join("testdata", "golden", "consolidated-2022-04-21.json"), got)
	if l := got[0].Links; len(l) != 1 || l[0].EntityID != "us-csl:17018" {
		t.Errorf("34616 Links=%+v, want one link to us-csl:17018", l)
	}
}

func TestParse_Errors(t *testing.T) {
	gz := MustReadRaw(t, excerpt)
	plain := listtest.MustReadFile(t, excerpt)
	header, _, _ := bytes.Cut(plain, []byte("\n"))
	h := string(header) + "\n"
	for _, tt := range []struct {
		name, file, input, want string
		line                    int
	}{
		{"empty", "consolidated.csv", "", "empty file", 0},
		{"empty gz", "consolidated.csv.gz", "", "empty file", 0},
		{"truncated gz", "consolidated.csv.gz", string(gz[:len(gz)/2]), "truncated", 0},
		{"truncated csv", "consolidated.csv", string(plain[:len(plain)/2]), "", 0},
		{"gz name, plain data", "consolidated.csv.gz", string(plain), "not gzip", 0},
		{"wrong format", "consolidated.csv", "ent_num,SDN_Name,SDN_Type\n1,FOO,individual\n", "not a Consolidated Screening List", 1},
		{"header only", "consolidated.csv", h, "no rows", 0},
		{"invalid utf-8", "consolidated.csv", h + "1,SDN,1,Individual,,J\xf6rg,,,,,,,,,,,,,,,,,,,,,,,\n", "UTF-8", 2},
		{"no id", "consolidated.csv", h + ",SDN,,Individual,,FOO,,,,,,,,,,,,,,,,,,,,,,,\n", "_id", 2},
		{"no name", "consolidated.csv", h + "1,SDN,1,Individual,,,,,,,,,,,,,,,,,,,,,,,,,\n", "no name", 2},
		{"short row", "consolidated.csv", h + "1,SDN,1\n", "fields", 2},
		{"unknown type", "consolidated.csv", h + "1,SDN,1,Planet,,FOO,,,,,,,,,,,,,,,,,,,,,,,\n", "type", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			list, err := csl.Parse(strings.NewReader(tt.input), tt.file, embargo.ParseOptions{})
			listtest.CheckParseError(t, list, err, tt.file, tt.want, tt.line)
		})
	}
}

func TestSniff(t *testing.T) {
	gz := MustReadRaw(t, excerpt)
	if !csl.Sniff("consolidated.csv.gz", gz[:4096]) {
		t.Error("Sniff(gz)=false, want true")
	}
	if !csl.Sniff("consolidated.csv", listtest.MustReadFile(t, excerpt)[:4096]) {
		t.Error("Sniff(csv)=false, want true")
	}
	for _, s := range []string{"", "ent_num,SDN_Name", "Name 6,Name 1,Group ID"} {
		if csl.Sniff("x.csv", []byte(s)) {
			t.Errorf("Sniff(%q)=true, want false", s)
		}
	}
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
	in := MustReadRaw(b, excerpt)
	listtest.Benchmark(b, csl.Parse, in, "consolidated.csv.gz", embargo.ParseOptions{})
}
