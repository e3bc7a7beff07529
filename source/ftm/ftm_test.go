package ftm_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/ftm"
	"github.com/embargo-dev/embargo/source/internal/listtest"
)

const (
	export = "us_ofac_sdn-2021-04-25.ftm.json"
	delta  = "us_ofac_sdn.delta.json"
)

// MustParse parses a testdata file with opts, failing the test on error.
func MustParse(tb testing.TB, name string, opts embargo.ParseOptions) *embargo.ParsedList {
	tb.Helper()
	return listtest.Parser(ftm.Parse, "", opts)(tb, name)
}

func TestParse_Export(t *testing.T) {
	list := MustParse(t, export, embargo.ParseOptions{})
	// 17 lines: 7 things (2 persons, 3 organisations, a vessel, an
	// airplane), the rest sanctions, links, an address, a passport, a
	// wallet and a Note, which is skipped.
	if got, want := len(list.Entities), 7; got != want {
		t.Errorf("entities=%d, want %d", got, want)
	}
	// The lines all name one dataset, which becomes the source.
	if list.Source != "us_ofac_sdn" {
		t.Errorf("Source=%q, want us_ofac_sdn", list.Source)
	}
	m := listtest.BySourceID(list)
	for id, schema := range map[string]embargo.Schema{
		"ofac-29366": embargo.SchemaPerson, "ofac-12927": embargo.SchemaOrganization,
		"ofac-11195": embargo.SchemaOrganization, "ofac-4234": embargo.SchemaVessel, "ofac-15445": embargo.SchemaAircraft,
	} {
		e := m[id]
		if e.Schema != schema || e.SourceID != id || e.Source != "us_ofac_sdn" {
			t.Errorf("%s: Schema, SourceID, Source = %q, %q, %q", id, e.Schema, e.SourceID, e.Source)
		}
	}
	if l := m["ofac-4234"].Links; len(l) != 1 || l[0].EntityID != "ofac-owner-4234" || l[0].Relation != "Owner" {
		t.Errorf("vessel Links=%+v, want its owner", l)
	}
	if p := m["ofac-29702"].Programs; len(p) != 2 {
		t.Errorf("29702 Programs=%q, want two from its two Sanctions", p)
	}
	listtest.Golden(t, "us_ofac_sdn-2021-04-25.json", list.Entities)
}

func TestParse_Delta(t *testing.T) {
	list := MustParse(t, delta, embargo.ParseOptions{Source: "ofac-ftm"})
	m := listtest.BySourceID(list)
	// ADD 29366, its Sanction, 12927 and 11195; MOD 12927; DEL 11195.
	if len(list.Entities) != 2 {
		t.Fatalf("entities=%d, want 2", len(list.Entities))
	}
	if _, ok := m["ofac-11195"]; ok {
		t.Error("deleted entity ofac-11195 is still there")
	}
	if a := m["ofac-12927"].Aliases; len(a) != 1 || a[0].Name != "MAHAN AIRLINES" {
		t.Errorf("12927 Aliases=%+v, want the modified version's", a)
	}
	if got := m["ofac-29366"].ListedOn; got != "2020-09-10" {
		t.Errorf("ListedOn=%q, want 2020-09-10", got)
	}
	if list.Source != "ofac-ftm" || m["ofac-29366"].Source != "ofac-ftm" {
		t.Errorf("Source=%q", list.Source)
	}
}

func TestParse_Nested(t *testing.T) {
	in := `{"id":"p1","schema":"Person","properties":{"name":["Jane Roe"],"addressEntity":[{"id":"a1","schema":"Address","properties":{"full":["1 Main St, Springfield"],"country":["us"]}}]},"datasets":["test"]}`
	list, err := ftm.Parse(strings.NewReader(in), "nested.json", embargo.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Entities) != 1 || len(list.Entities[0].Addresses) != 1 || list.Entities[0].Addresses[0].Full != "1 Main St, Springfield" {
		t.Errorf("Entities=%+v, want one with the nested address", list.Entities)
	}
}

func TestParse_Errors(t *testing.T) {
	full := string(listtest.MustReadFile(t, export))
	listtest.CheckErrors(t, ftm.Parse, "entities.ftm.json", embargo.ParseOptions{}, []listtest.ErrorCase{
		{"empty", "", "empty file", 0},
		{"blank lines", "\n\n  \n", "empty file", 0},
		{"truncated", full[:len(full)/2], "malformed JSON", 8},
		{"wrong format csv", "id,name\n1,FOO\n", "not FollowTheMoney", 1},
		{"wrong format xml", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST/>", "not FollowTheMoney", 1},
		{"invalid utf-8", `{"id":"p1","schema":"Person","properties":{"name":["J` + "\xff" + `"]},"datasets":["x"]}`, "UTF-8", 1},
		{"no id", "{\"schema\":\"Person\",\"datasets\":[\"x\"]}\n", "without \"id\"", 1},
		{"no schema", "{\"id\":\"p1\",\"datasets\":[\"x\"]}\n", "schema", 1},
		{"unknown op", "{\"op\":\"UPSERT\",\"entity\":{\"id\":\"p1\",\"schema\":\"Person\"}}\n", "unknown op", 1},
		{"del without id", "{\"op\":\"DEL\",\"entity\":{}}\n", "DEL", 1},
		{"bad property", "{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":\"Jane\"}}\n", "unexpected JSON", 1},
		{"source required", "{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]},\"datasets\":[\"a\"]}\n" +
			"{\"id\":\"p2\",\"schema\":\"Person\",\"properties\":{\"name\":[\"B\"]},\"datasets\":[\"b\"]}\n", "source name required", 0},
		{"source required, several datasets", "\n{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]},\"datasets\":[\"a\",\"b\"]}\n", "source name required", 2},
	})
}

func TestParse_NamelessThing(t *testing.T) {
	in := `{"id":"v1","schema":"Vessel","properties":{"imoNumber":["9999999"]},"datasets":["x"]}` + "\n" +
		`{"id":"p1","schema":"Person","properties":{"name":["Jane Roe"]},"datasets":["x"]}`
	list, err := ftm.Parse(strings.NewReader(in), "x.json", embargo.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Entities) != 1 || len(list.Warnings) != 1 || !strings.Contains(list.Warnings[0], "v1") {
		t.Errorf("Entities=%d Warnings=%q, want 1 entity and a warning naming v1", len(list.Entities), list.Warnings)
	}
}

func TestSniff(t *testing.T) {
	whole := listtest.SniffFiles(t, 1<<30, export, delta)
	listtest.CheckSniff(t, ftm.Sniff, whole, "x.json", "", "id,name", `{"foo": 1}`, "<xml/>")
}

func FuzzParse(f *testing.F) {
	f.Add(listtest.MustReadFile(f, export))
	f.Add(listtest.MustReadFile(f, delta))
	f.Add([]byte(`{"id":"p1","schema":"Person","properties":{"name":["A"],"addressEntity":[{"id":"a","schema":"Address","properties":{}}]},"datasets":["x"]}`))
	listtest.Fuzz(f, ftm.Parse, "fuzz.json", embargo.ParseOptions{Source: "fuzz"})
}

func BenchmarkParse(b *testing.B) {
	in := listtest.MustReadFile(b, export)
	listtest.Benchmark(b, ftm.Parse, in, export, embargo.ParseOptions{})
}

// TestParse_ListingDate checks where an FtM entity's listing date comes
// from: a Sanction's listingDate first, else the entity's own createdAt;
// never the publisher's first_seen, which dates its crawl.
func TestParse_ListingDate(t *testing.T) {
	in := `{"id":"a","schema":"Person","properties":{"name":["A"],"createdAt":["2014-03-20T00:00:00"]},"datasets":["x"],"first_seen":"2021-04-25T00:00:00"}
{"id":"b","schema":"Person","properties":{"name":["B"],"createdAt":["2014-03-20"]},"datasets":["x"]}
{"id":"s","schema":"Sanction","properties":{"entity":["b"],"listingDate":["2018-04-06"]},"datasets":["x"]}
{"id":"c","schema":"Person","properties":{"name":["C"]},"datasets":["x"],"first_seen":"2021-04-25T00:00:00"}
`
	list, err := ftm.Parse(strings.NewReader(in), "dates.json", embargo.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range list.Entities {
		got[e.SourceID] = e.ListedOn
	}
	if got["a"] != "2014-03-20" || got["b"] != "2018-04-06" || got["c"] != "" {
		t.Fatalf("listed_on=%v, want a 2014-03-20 (createdAt), b 2018-04-06 (Sanction), c none", got)
	}
}

// TestParse_MaxEntitiesDelta: in a delta stream opts.MaxEntities bounds the
// things held while reading, so the stream's peak counts, not its result:
// ADD 29366, its Sanction, 12927 and 11195 (the third thing, at line 4), MOD
// 12927, DEL 11195 leaves two. A limit of 3 reads it; a limit of 2 stops at
// line 4 (a later DEL cannot be known). The Sanction does not count, and a
// DEL frees a place.
func TestParse_MaxEntitiesDelta(t *testing.T) {
	if list := MustParse(t, delta, embargo.ParseOptions{Source: "ofac-ftm", MaxEntities: 3}); len(list.Entities) != 2 {
		t.Fatalf("limit 3: %d entities, want 2", len(list.Entities))
	}
	in := listtest.MustReadFile(t, delta)
	list, err := ftm.Parse(bytes.NewReader(in), delta, embargo.ParseOptions{Source: "ofac-ftm", MaxEntities: 2})
	listtest.CheckParseError(t, list, err, delta, "more than 2 entities in one list (the limit; raise it with --max-entities)", 4)

	add := func(op, id string) string {
		return `{"op":"` + op + `","entity":{"id":"` + id + `","schema":"Person","properties":{"name":["` + id + `"]}}}` + "\n"
	}
	list, err = ftm.Parse(strings.NewReader(add("ADD", "p1")+`{"op":"DEL","entity":{"id":"p1"}}`+"\n"+add("ADD", "p2")), "delta.json", embargo.ParseOptions{Source: "x", MaxEntities: 1})
	if err != nil || len(list.Entities) != 1 || list.Entities[0].SourceID != "p2" {
		t.Fatalf("ADD, DEL, ADD with a limit of 1: %v, %+v", err, list)
	}
	list, err = ftm.Parse(strings.NewReader(add("ADD", "p1")+add("MOD", "p1")+add("ADD", "p2")), "delta.json", embargo.ParseOptions{Source: "x", MaxEntities: 1})
	listtest.CheckParseError(t, list, err, "delta.json", "more than 1 entities", 3)
}
