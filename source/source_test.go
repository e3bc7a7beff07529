package source_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source"
)

// TestRead reads a real file of every format through detection.
func TestRead(t *testing.T) {
	for _, tc := range []struct {
		path     string
		opts     source.Options
		source   string
		entities int
	}{
		{"ofac/testdata/sdn-2019-01-04", source.Options{}, "ofac-sdn", 7379},
		{"ofac/testdata/sdn-2021-04-25/sdn.csv", source.Options{}, "ofac-sdn", 8890},
		{"ofac/testdata/cons-2018-04-06/consolidated.xml", source.Options{}, "ofac-cons", 639},
		// The CSV set and the XML of one list: imported once.
		{"ofac/testdata/cons-2018-04-06", source.Options{}, "ofac-cons", 639},
		{"ofac/testdata/cons-2020-03-17/cons_advanced.xml.gz", source.Options{}, "ofac-cons", 375},
		{"un/testdata/un-sc-2018-10-29.xml.gz", source.Options{}, "un-sc", 1093},
		{"uk/testdata/ConList-2020-04-27.csv.gz", source.Options{}, "uk-ofsi", 2114},
		{"eu/testdata/sample_eu_sanctions.xml", source.Options{}, "eu-fsf", 7},
		{"ftm/testdata/us_ofac_sdn-2021-04-25.ftm.json", source.Options{Source: "inhouse-ftm"}, "inhouse-ftm", 7},
		{"custom/testdata/inhouse.csv", source.Options{Source: "bank-internal"}, "bank-internal", -1},
		{"csl/testdata/consolidated-2022-04-21-excerpt.csv.gz", source.Options{}, "us-csl", 1275},
	} {
		t.Run(tc.path, func(t *testing.T) {
			lists, err := source.Read(tc.path, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(lists) != 1 {
				t.Fatalf("%d lists, want 1", len(lists))
			}
			l := lists[0]
			if l.Source != tc.source {
				t.Errorf("Source=%q, want %q", l.Source, tc.source)
			}
			if tc.entities >= 0 && len(l.Entities) != tc.entities {
				t.Errorf("%d entities, want %d", len(l.Entities), tc.entities)
			} else if len(l.Entities) == 0 {
				t.Errorf("no entities")
			}
		})
	}
}

func TestRead_Errors(t *testing.T) {
	for _, tc := range []struct {
		name, path, want string
	}{
		{"malformed UN XML", "un/testdata/un-sc-2024-10-16-malformed.xml.gz", "un/testdata/un-sc-2024-10-16-malformed.xml.gz line"},
		{"missing", "nope/sdn.csv", "nope/sdn.csv"},
		{"spec text", "../go.mod", "unknown list format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := source.Read(tc.path, source.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err=%v, want it to contain %q", err, tc.want)
			}
			if embargo.ErrorCode(err) != embargo.EINVALID {
				t.Fatalf("code=%s, want EINVALID", embargo.ErrorCode(err))
			}
		})
	}
}

func TestDetect(t *testing.T) {
	if got := source.Detect(filepath.Base("x.txt"), []byte("hello")); got != "" {
		t.Fatalf("Detect(text)=%q, want none", got)
	}
}
