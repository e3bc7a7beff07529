package ofac_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/internal/listtest"
	"github.com/embargo-dev/embargo/source/ofac"
)

// checkResult fails unless a parse either returned a ParseError or entities
// that each have an id and a name.
func checkResult(t *testing.T, l *embargo.ParsedList, err error) {
	t.Helper()
	if err != nil {
		var pe *embargo.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("err=%v (%T), want *embargo.ParseError", err, err)
		}
		return
	}
	for _, e := range l.Entities {
		if e.ID == "" || e.Name == "" {
			t.Fatalf("entity without id or name: %+v", e)
		}
	}
}

// head returns the first n lines of a testdata file.
func head(tb testing.TB, name string, n int) []byte {
	lines := bytes.SplitAfter(listtest.MustReadFile(tb, name), []byte("\n"))
	return bytes.Join(lines[:min(n, len(lines))], nil)
}

func FuzzParseCSV(f *testing.F) {
	f.Add(head(f, "sdn-2019-01-04/sdn.csv", 30), head(f, "sdn-2019-01-04/alt.csv", 30), head(f, "sdn-2019-01-04/sdn_comments.csv", 3))
	f.Add(head(f, "sdn-2021-04-25/sdn.csv", 20), []byte("36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n\x1a"), []byte{})
	f.Add([]byte("24283,\"DERIPASKA, Oleg Vladimirovich\",\"individual\",\"UKRAINE-EO13661] [UKRAINE-EO13662\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 02 Jan 1968; POB Dzerzhinsk; Linked To: X.\"\n"), []byte{}, []byte("24283,\"; a.k.a. 'X'; DOB 1960 to 1962.\"\n"))
	f.Fuzz(func(t *testing.T, sdn, alt, comments []byte) {
		l, err := ofac.ParseCSVReaders([]ofac.CSVFile{
			{Name: "sdn.csv", Reader: bytes.NewReader(sdn)},
			{Name: "alt.csv", Reader: bytes.NewReader(alt)},
			{Name: "sdn_comments.csv", Reader: bytes.NewReader(comments)},
		}, embargo.ParseOptions{})
		checkResult(t, l, err)
	})
}

func FuzzParseXML(f *testing.F) {
	f.Add(listtest.MustReadFile(f, "cons-2020-03-17/consolidated.xml")[:6000])
	f.Add([]byte(`<sdnList><publshInformation><Publish_Date>04/06/2018</Publish_Date></publshInformation><sdnEntry><uid>1</uid><lastName>X</lastName><idList><id><idType>Passport</idType><idNumber>1 (a)</idNumber></id></idList><dateOfBirthList><dateOfBirthItem><dateOfBirth>circa 1960</dateOfBirth></dateOfBirthItem></dateOfBirthList></sdnEntry></sdnList>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ofac.ParseXML(bytes.NewReader(data), "sdn.xml", embargo.ParseOptions{})
		checkResult(t, l, err)
	})
}

func FuzzParseAdvancedXML(f *testing.F) {
	real := listtest.MustReadFile(f, "cons-2020-03-17/cons_advanced.xml.gz")
	f.Add(real[:20000])
	f.Add([]byte(`<Sanctions><DateOfIssue><Year>2020</Year><Month>3</Month><Day>17</Day></DateOfIssue><ReferenceValueSets><FeatureTypeValues><FeatureType ID="8">Birthdate</FeatureType></FeatureTypeValues></ReferenceValueSets><DistinctParties><DistinctParty FixedRef="1"><Profile ID="1"><Identity ID="2"><Alias Primary="true"><DocumentedName><DocumentedNamePart><NamePartValue>X</NamePartValue></DocumentedNamePart></DocumentedName></Alias></Identity><Feature FeatureTypeID="8"><FeatureVersion><DatePeriod><Start><From><Year>1960</Year><Month>1</Month><Day>1</Day></From></Start><End><To><Year>1962</Year><Month>12</Month><Day>31</Day></To></End></DatePeriod></FeatureVersion></Feature></Profile></DistinctParty></DistinctParties><ProfileRelationships><ProfileRelationship From-ProfileID="1" To-ProfileID="1" /></ProfileRelationships></Sanctions>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ofac.ParseAdvancedXML(bytes.NewReader(data), "sdn_advanced.xml", embargo.ParseOptions{})
		checkResult(t, l, err)
	})
}
