package ofac_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listtest"
	"github.com/embargo-dev/embargo/source/ofac"
)

// MustParseDir parses every CSV file of a testdata set directory.
func MustParseDir(tb testing.TB, dir string) *embargo.ParsedList {
	tb.Helper()
	l, err := ofac.ParseCSVSet(setPaths(tb, dir), embargo.ParseOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

func setPaths(tb testing.TB, dir string) []string {
	tb.Helper()
	ents, err := os.ReadDir(filepath.Join("testdata", dir))
	if err != nil {
		tb.Fatal(err)
	}
	var paths []string
	for _, e := range ents {
		if strings.HasSuffix(strings.ToLower(e.Name()), ".csv") {
			paths = append(paths, filepath.Join("testdata", dir, e.Name()))
		}
	}
	return paths
}

func MustParseXML(tb testing.TB, name string) *embargo.ParsedList {
	tb.Helper()
	l, err := ofac.ParseXML(bytes.NewReader(listtest.MustReadFile(tb, name)), name, embargo.ParseOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

func MustParseAdvanced(tb testing.TB, name string) *embargo.ParsedList {
	tb.Helper()
	base := strings.TrimSuffix(filepath.Base(name), ".gz")
	l, err := ofac.ParseAdvancedXML(bytes.NewReader(listtest.MustReadFile(tb, name)), base, embargo.ParseOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

func byID(l *embargo.ParsedList) map[string]*embargo.Entity {
	m := map[string]*embargo.Entity{}
	for i := range l.Entities {
		m[l.Entities[i].SourceID] = &l.Entities[i]
	}
	return m
}

func TestParseCSVSet_Counts(t *testing.T) {
	for _, tt := range []struct {
		dir    string
		source string
		n      int
	}{
		{"sdn-2019-01-04", "ofac-sdn", 7379},
		{"sdn-2021-04-25", "ofac-sdn", 8890},
		{"cons-2018-04-06", "ofac-cons", 639},
		{"cons-2025-12-19", "ofac-cons", 442},
	} {
		t.Run(tt.dir, func(t *testing.T) {
			l := MustParseDir(t, tt.dir)
			if got := len(l.Entities); got != tt.n {
				t.Errorf("entities=%d, want %d", got, tt.n)
			}
			if l.Source != tt.source {
				t.Errorf("Source=%q, want %q", l.Source, tt.source)
			}
			if len(l.Files) == 0 {
				t.Error("Files is empty")
			}
			for _, e := range l.Entities {
				if e.ID != tt.source+":"+e.SourceID || e.Name == "" || e.Schema == "" {
					t.Fatalf("bad entity %+v", e)
				}
			}
		})
	}
}

// TestParseCSVSet_DailySeries checks the entry counts of two daily
// snapshots against SERIES.tsv, and the +397 difference between them.
func TestParseCSVSet_DailySeries(t *testing.T) {
	want := map[string]int{}
	for _, line := range strings.Split(string(listtest.MustReadFile(t, "daily/SERIES.tsv")), "\n")[1:] {
		f := strings.Split(line, "\t")
		if len(f) > 2 {
			n, _ := strconv.Atoi(f[1])
			want[f[0]] = n
		}
	}
	ids := map[string]map[string]bool{}
	for snap, n := range want {
		l, err := ofac.ParseCSVSet([]string{filepath.Join("testdata", "daily", snap, "sdn.csv")}, embargo.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Entities) != n {
			t.Errorf("%s: entities=%d, want %d", snap, len(l.Entities), n)
		}
		if len(l.Warnings) != 3 {
			t.Errorf("%s: Warnings=%q, want 3 (alt, add, comments missing)", snap, l.Warnings)
		}
		ids[snap] = map[string]bool{}
		for _, e := range l.Entities {
			ids[snap][e.SourceID] = true
		}
	}
	added := 0
	for id := range ids["2022-03-24T184905Z"] {
		if !ids["2022-03-21T184922Z"][id] {
			added++
		}
	}
	if added != 397 {
		t.Errorf("added=%d, want 397", added)
	}
}

func TestParseCSVSet_Golden(t *testing.T) {
	for _, tt := range []struct {
		dir string
		ids []string
	}{
		// DERIPASKA, RUSAL, EN+ (linked from RUSAL), CIFUENTES VILLA (remarks
		// continued in sdn_comments.csv, 25 links).
		{"sdn-2019-01-04", []string{"24283", "24228", "24226", "12300"}},
		// DERIPASKA again, DERKACH, YAN Xiaobing (digital currency), an
		// aircraft, a vessel with IMO number and call sign, Internet
		// Research Agency staff.
		{"sdn-2021-04-25", []string{"24283", "29366", "25308", "15431", "15036", "29702"}},
		{"cons-2025-12-19", []string{"9639", "17016"}},
	} {
		t.Run(tt.dir, func(t *testing.T) {
			checkGolden(t, "csv-"+tt.dir, MustParseDir(t, tt.dir), tt.ids)
		})
	}
}

func TestParseXML_Golden(t *testing.T) {
	l := MustParseXML(t, "cons-2018-04-06/consolidated.xml")
	if len(l.Entities) != 639 || l.Source != "ofac-cons" || l.AsOf.Format("2006-01-02") != "2018-04-06" {
		t.Fatalf("entities=%d source=%s as_of=%s, want 639 ofac-cons 2018-04-06", len(l.Entities), l.Source, l.AsOf)
	}
	checkGolden(t, "xml-cons-2018-04-06", l, []string{"4632", "4637", "9639", "15087", "17015"})
}

func TestParseAdvancedXML_Golden(t *testing.T) {
	l := MustParseAdvanced(t, "cons-2020-03-17/cons_advanced.xml.gz")
	if len(l.Entities) != 375 || l.Source != "ofac-cons" || l.AsOf.Format("2006-01-02") != "2020-03-17" {
		t.Fatalf("entities=%d source=%s as_of=%s, want 375 ofac-cons 2020-03-17", len(l.Entities), l.Source, l.AsOf)
	}
	checkGolden(t, "advanced-cons-2020-03-17", l, []string{"9639", "9642", "17015", "18292"})
}

// TestParseAdvancedXML_MatchesLegacy checks that the Advanced XML and the
// legacy XML of the same day list the same entries under the same names.
func TestParseAdvancedXML_MatchesLegacy(t *testing.T) {
	adv := byID(MustParseAdvanced(t, "cons-2020-03-17/cons_advanced.xml.gz"))
	leg := MustParseXML(t, "cons-2020-03-17/consolidated.xml")
	if len(adv) != len(leg.Entities) {
		t.Fatalf("advanced has %d entries, legacy %d", len(adv), len(leg.Entities))
	}
	differ := 0
	for _, e := range leg.Entities {
		a, ok := adv[e.SourceID]
		if !ok {
			t.Fatalf("%s missing from the advanced file", e.ID)
		}
		// OFAC writes some names in capitals in one file and mixed case in
		// the other.
		if !strings.EqualFold(a.Name, e.Name) || a.Schema != e.Schema {
			differ++
			t.Logf("%s: advanced %q %s, legacy %q %s", e.ID, a.Name, a.Schema, e.Name, e.Schema)
		}
	}
	if differ > 0 {
		t.Errorf("%d entries differ in name or schema", differ)
	}
}

// checkGolden compares the entities of l with the given ent_nums, in that
// order, with testdata/golden/<name>.json.
func checkGolden(t *testing.T, name string, l *embargo.ParsedList, ids []string) {
	t.Helper()
	listtest.Golden(t, name+".json", listtest.Pick(t, l, ids...))
}

func TestParseCSVSet_Facts(t *testing.T) {
	m := byID(MustParseDir(t, "sdn-2021-04-25"))
	d := m["29366"] // DERKACH
	if d.Schema != embargo.SchemaPerson || d.Gender != "male" {
		t.Errorf("DERKACH schema=%s gender=%s", d.Schema, d.Gender)
	}
	if got := strings.Join(d.BirthDates, ","); got != "1967-08-19" {
		t.Errorf("DERKACH BirthDates=%s, want 1967-08-19", got)
	}
	wantIDs := map[embargo.Identifier]bool{
		{Type: embargo.IDPassport, Value: "FB513714", Country: "Ukraine"}:     true,
		{Type: embargo.IDPassport, Value: "ET855378", Country: "Ukraine"}:     true,
		{Type: embargo.IDNationalID, Value: "2470211979", Country: "Ukraine"}: true,
	}
	for _, id := range d.Identifiers {
		delete(wantIDs, id)
	}
	if len(wantIDs) > 0 {
		t.Errorf("DERKACH lacks identifiers %v; has %v", wantIDs, d.Identifiers)
	}
	y := m["25308"]
	n := 0
	for _, id := range y.Identifiers {
		if id.Type == embargo.IDCryptoAddress && id.Note == "XBT" {
			n++
		}
	}
	if n != 6 {
		t.Errorf("YAN Xiaobing has %d XBT addresses, want 6", n)
	}
	weak := 0
	for _, a := range y.Aliases {
		if a.Quality == embargo.QualityWeak {
			weak++
		}
	}
	if weak != 2 {
		t.Errorf("YAN Xiaobing has %d weak aliases, want 2", weak)
	}
}

func TestParseDOB(t *testing.T) {
	l, err := ofac.ParseCSVReaders([]ofac.CSVFile{{Name: "sdn.csv", Reader: strings.NewReader(
		`1,"A, B","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 04 Mar 1947; alt. DOB Mar 1948; alt. DOB 1949; alt. DOB circa 1960; alt. DOB 1960 to 1962; alt. DOB 01 Jan 1953 to 31 Dec 1954; alt. DOB 01 Feb 1960 to 29 Feb 1960; alt. DOB circa 1979-1982; alt. DOB 26 Sep 1946 to 07 Dec 1946; POB Roubaix, France; nationality Russia; citizenship Cyprus; Gender Female; Passport No. 123 (Russia) issued 01 Jan 2001; Title: Colonel."` + "\r\n")}}, embargo.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := l.Entities[0]
	want := "1947-03-04,1948-03,1949,1960,1960..1962,1953..1954,1960-02,1979..1982,1946-09-26..1946-12-07"
	if got := strings.Join(e.BirthDates, ","); got != want {
		t.Errorf("BirthDates=%s, want %s", got, want)
	}
	if e.BirthPlaces[0] != "Roubaix, France" || e.Nationalities[0] != "Russia" || e.Citizenships[0] != "Cyprus" || e.Gender != "female" || e.Title != "Colonel" {
		t.Errorf("got %+v", e)
	}
	if id := e.Identifiers[0]; id != (embargo.Identifier{Type: "passport", Value: "123", Country: "Russia", Note: "issued 01 Jan 2001"}) {
		t.Errorf("Identifier=%+v", id)
	}
}

func TestParseCSVSet_LinkedTo(t *testing.T) {
	l := MustParseDir(t, "sdn-2019-01-04")
	// The parser keeps links by name; readers resolve them.
	for _, e := range l.Entities {
		for _, link := range e.Links {
			if link.EntityID != "" {
				t.Fatalf("%s: parser resolved link %+v; resolution belongs to readers", e.ID, link)
			}
		}
	}
	embargo.ResolveLinks(l.Entities)
	m := byID(l)
	rusal := m["24228"]
	if len(rusal.Links) != 1 || rusal.Links[0] != (embargo.Link{EntityID: "ofac-sdn:24226", Name: "EN+ GROUP PLC", Relation: "linked_to"}) {
		t.Errorf("RUSAL Links=%+v, want EN+ GROUP PLC ofac-sdn:24226", rusal.Links)
	}
	// The link to "PROMO RAIZ S.A.S." is cut in sdn.csv and continues in
	// sdn_comments.csv; the last one ends with the remarks' full stop.
	c := m["12300"]
	got := map[string]string{}
	for _, l := range c.Links {
		got[l.Name] = l.EntityID
	}
	if got["PROMO RAIZ S.A.S."] == "" || got["R D I S.A."] == "" {
		t.Errorf("unresolved links of 12300: %v", got)
	}
	resolved, total := 0, 0
	for _, e := range m {
		for _, l := range e.Links {
			total++
			if l.EntityID != "" {
				resolved++
				if _, ok := m[strings.TrimPrefix(l.EntityID, "ofac-sdn:")]; !ok {
					t.Fatalf("%s links to missing %s", e.ID, l.EntityID)
				}
			}
		}
	}
	if resolved*100 < total*99 {
		t.Errorf("resolved %d of %d links, want 99%%", resolved, total)
	}
}

func TestParseCSVSet_MissingFiles(t *testing.T) {
	_, err := ofac.ParseCSVSet([]string{"testdata/sdn-2021-04-25/sdn.csv", "testdata/sdn-2021-04-25/ADD.CSV"}, embargo.ParseOptions{})
	if err == nil || !strings.Contains(err.Error(), "ADD.CSV") {
		t.Fatalf("err=%v, want an error naming ADD.CSV (no such file)", err)
	}
	l, err := ofac.ParseCSVSet([]string{"testdata/sdn-2021-04-25/sdn.csv", "testdata/sdn-2021-04-25/add.csv"}, embargo.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sdn_comments.csv missing: remarks longer than 1000 characters may be cut short", "alt.csv missing: aliases kept from the previous snapshot"}
	if strings.Join(l.Warnings, "|") != strings.Join(want, "|") {
		t.Errorf("Warnings=%q, want %q", l.Warnings, want)
	}
	if len(l.Entities) != 8890 {
		t.Errorf("entities=%d, want 8890", len(l.Entities))
	}
	if len(l.Unknown) != 1 || l.Unknown[0] != embargo.FieldAliases {
		t.Errorf("Unknown=%q, want [aliases]", l.Unknown)
	}
}

func TestParseCSVSet_PartialSet(t *testing.T) {
	_, err := ofac.ParseCSVSet(setPaths(t, "sdn-2025-12-24-partial"), embargo.ParseOptions{})
	var pe *embargo.ParseError
	if !errors.As(err, &pe) || pe.File != "sdn.csv" || !strings.Contains(pe.Msg, "nothing to import") {
		t.Fatalf("err=%v, want a ParseError naming the missing sdn.csv", err)
	}
	if embargo.ErrorCode(err) != embargo.EINVALID {
		t.Errorf("ErrorCode=%s, want %s", embargo.ErrorCode(err), embargo.EINVALID)
	}
}

func TestParseCSVSet_OptionsSource(t *testing.T) {
	l, err := ofac.ParseCSVSet([]string{"testdata/daily/2022-03-21T184922Z/sdn.csv"}, embargo.ParseOptions{Source: "custom"})
	if err != nil {
		t.Fatal(err)
	}
	if l.Source != "custom" || !strings.HasPrefix(l.Entities[0].ID, "custom:") {
		t.Errorf("Source=%s ID=%s, want custom", l.Source, l.Entities[0].ID)
	}
}

// TestParseCSV_BadInput feeds damaged copies of a real sdn.csv and checks
// that each fails with a ParseError naming the file and line.
func TestParseCSV_BadInput(t *testing.T) {
	real := listtest.MustReadFile(t, "sdn-2021-04-25/sdn.csv")
	lines := bytes.SplitAfter(real, []byte("\n"))
	head := bytes.Join(lines[:100], nil)
	// Cut inside the quoted remarks of row 120.
	row := lines[119]
	q := bytes.LastIndexByte(row, '"')
	truncated := append(bytes.Join(lines[:119], nil), row[:q-5]...)
	dup := append(append([]byte{}, head...), lines[5]...)
	nonUTF8 := bytes.Replace(append([]byte{}, head...), []byte("AEROCARIBBEAN"), []byte("AERO\xe9CARIBBEAN"), 1)
	binary := append(append([]byte{}, head...), []byte("\x00\x01\x02PK\x03\x04")...)
	badNum := append(append([]byte{}, head...), []byte("12a,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")...)
	short := append(append([]byte{}, head...), []byte("99999,\"X\",-0- ,-0- \r\n")...)
	cutRow := append(append([]byte{}, head...), lines[100][:40]...)
	for _, tt := range []struct {
		name string
		file string
		data []byte
		line int
		msg  string
	}{
		{"truncated mid quoted field", "sdn.csv", truncated, 120, "quote"},
		{"truncated mid row", "sdn.csv", cutRow, 101, "fields"},
		{"duplicate ent_num", "sdn.csv", dup, 101, "duplicate ent_num"},
		{"non-UTF-8", "sdn.csv", nonUTF8, 1, "UTF-8"},
		{"binary", "sdn.csv", binary, 101, "control character"},
		{"non-numeric ent_num", "sdn.csv", badNum, 101, "not a positive number"},
		{"wrong number of fields", "sdn.csv", short, 101, "4 fields, want 12"},
		{"empty file", "sdn.csv", nil, 0, "empty"},
		{"only end-of-file mark", "sdn.csv", []byte("\r\n\x1a"), 0, "empty"},
		{"XML given as CSV", "sdn.csv", listtest.MustReadFile(t, "cons-2020-03-17/consolidated.xml")[:4000], 1, "not an OFAC sdn.csv"},
		{"alt.csv in place of sdn.csv", "sdn.csv", listtest.MustReadFile(t, "sdn-2021-04-25/alt.csv")[:2000], 1, "5 fields, want 12"},
		{"sdn.csv in place of alt.csv", "alt.csv", head, 1, "12 fields, want 5"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := []ofac.CSVFile{{Name: tt.file, Reader: bytes.NewReader(tt.data)}}
			if tt.file != "sdn.csv" {
				files = append(files, ofac.CSVFile{Name: "sdn.csv", Reader: bytes.NewReader(head)})
			}
			_, err := ofac.ParseCSVReaders(files, embargo.ParseOptions{})
			var pe *embargo.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err=%v, want *embargo.ParseError", err)
			}
			if pe.File != tt.file || pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("err=%q (line %d), want %s line %d containing %q", err, pe.Line, tt.file, tt.line, tt.msg)
			}
		})
	}
}

// TestParseXML_BadInput feeds bad legacy and Advanced XML to their parsers:
// each must return a ParseError naming the file, and its line where the
// input is XML at all.
func TestParseXML_BadInput(t *testing.T) {
	legacy := listtest.MustReadFile(t, "cons-2020-03-17/consolidated.xml")
	adv := listtest.MustReadFile(t, "cons-2020-03-17/cons_advanced.xml.gz")
	const legacyName, advName = "consolidated.xml", "cons_advanced.xml"
	for _, tt := range []struct {
		name     string
		parse    listtest.ParseFunc
		file     string
		data     []byte
		msg      string
		wantLine bool
	}{
		{"legacy/truncated", ofac.ParseXML, legacyName, legacy[:len(legacy)/2], "cut short", true},
		{"legacy/empty", ofac.ParseXML, legacyName, nil, "empty", false},
		{"legacy/CSV", ofac.ParseXML, legacyName, listtest.MustReadFile(t, "sdn-2021-04-25/alt.csv")[:1000], "not XML", false},
		{"legacy/advanced XML", ofac.ParseXML, legacyName, adv[:5000], "want <sdnList>", true},
		{"legacy/duplicate uid", ofac.ParseXML, legacyName, bytes.Replace(legacy, []byte("<uid>9640</uid>"), []byte("<uid>9639</uid>"), 1), "duplicate", true},
		{"legacy/bad uid", ofac.ParseXML, legacyName, bytes.Replace(legacy, []byte("<uid>9640</uid>"), []byte("<uid>x</uid>"), 1), "uid", true},
		{"legacy/non-UTF-8", ofac.ParseXML, legacyName, bytes.Replace(legacy, []byte("HANIYA"), []byte("HAN\xffIYA"), 1), "UTF-8", true},
		{"advanced/truncated", ofac.ParseAdvancedXML, advName, adv[:len(adv)*2/3], "cut short", false},
		{"advanced/empty", ofac.ParseAdvancedXML, advName, nil, "empty", false},
		{"advanced/legacy XML", ofac.ParseAdvancedXML, advName, legacy, "want <Sanctions>", false},
		{"advanced/duplicate party", ofac.ParseAdvancedXML, advName, bytes.Replace(adv, []byte(`<DistinctParty FixedRef="9640">`), []byte(`<DistinctParty FixedRef="9639">`), 1), "duplicate", false},
		{"advanced/no parties", ofac.ParseAdvancedXML, advName, []byte(`<?xml version="1.0"?><Sanctions xmlns="http://www.un.org/sanctions/1.0"><DateOfIssue><Year>2020</Year></DateOfIssue></Sanctions>`), "nothing to import", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.parse(bytes.NewReader(tt.data), tt.file, embargo.ParseOptions{})
			var pe *embargo.ParseError
			if !errors.As(err, &pe) || pe.File != tt.file || !strings.Contains(pe.Msg, tt.msg) {
				t.Fatalf("err=%v, want a ParseError containing %q", err, tt.msg)
			}
			if tt.wantLine && pe.Line == 0 {
				t.Errorf("err=%v has no line", err)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	csv := listtest.MustReadFile(t, "sdn-2021-04-25/sdn.csv")[:4096]
	leg := listtest.MustReadFile(t, "cons-2018-04-06/consolidated.xml")[:4096]
	adv := listtest.MustReadFile(t, "cons-2020-03-17/cons_advanced.xml.gz")[:4096]
	if !ofac.SniffCSV("dir/SDN.CSV", csv) || !ofac.SniffCSV("cons_alt.csv", []byte("4632,3553,\"aka\"")) {
		t.Error("SniffCSV rejects OFAC CSV")
	}
	if ofac.SniffCSV("other.csv", csv) || ofac.SniffCSV("sdn.csv", leg) {
		t.Error("SniffCSV accepts a non-OFAC file")
	}
	if !ofac.SniffXML(leg) || ofac.SniffXML(adv) || ofac.SniffXML(csv) {
		t.Error("SniffXML is wrong")
	}
	if !ofac.SniffAdvancedXML(adv) || ofac.SniffAdvancedXML(leg) || ofac.SniffAdvancedXML(csv) {
		t.Error("SniffAdvancedXML is wrong")
	}
}

func BenchmarkParseSDN(b *testing.B) {
	var files [][]byte
	names := []string{"sdn.csv", "alt.csv", "add.csv"}
	for _, n := range names {
		files = append(files, listtest.MustReadFile(b, "sdn-2021-04-25/"+n))
	}
	b.ReportAllocs()
	for b.Loop() {
		var in []ofac.CSVFile
		for i, n := range names {
			in = append(in, ofac.CSVFile{Name: n, Reader: bytes.NewReader(files[i])})
		}
		if _, err := ofac.ParseCSVReaders(in, embargo.ParseOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseAdvancedXML(b *testing.B) {
	data := listtest.MustReadFile(b, "cons-2020-03-17/cons_advanced.xml.gz")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ofac.ParseAdvancedXML(bytes.NewReader(data), "cons_advanced.xml", embargo.ParseOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
