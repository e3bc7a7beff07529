package country_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo/country"
	"github.com/embargo-dev/embargo/internal/tabletest"
)

func TestCode(t *testing.T) {
	tabletest.Run(t, "Code", country.Code, []tabletest.Case[string, string]{
		{"short name", "Russia", "RU"},
		{"iso name", "Russian Federation", "RU"},
		{"demonym", "Russian", "RU"},
		{"alpha-2 lower case", "ru", "RU"},
		{"alpha-3", "RUS", "RU"},
		{"ofac korea north", "Korea, North", "KP"},
		{"north korea", "North Korea", "KP"},
		{"dprk", "DPRK", "KP"},
		{"iso korea dprk", "Korea, Democratic People's Republic of", "KP"},
		{"korea south", "Korea, South", "KR"},
		{"iran", "Iran", "IR"},
		{"iran un form", "Iran (Islamic Republic of)", "IR"},
		{"iranian", "Iranian", "IR"},
		{"burma", "Burma", "MM"},
		{"myanmar", "Myanmar", "MM"},
		{"syria", "Syria", "SY"},
		{"syrian arab republic", "Syrian Arab Republic", "SY"},
		{"syrian", "syrian", "SY"},
		{"venezuela un form", "Venezuela (Bolivarian Republic of)", "VE"},
		{"drc ofac form", "Congo, Democratic Republic of the", "CD"},
		{"drc", "Democratic Republic of the Congo", "CD"},
		{"republic of the congo", "Congo, Republic of the", "CG"},
		{"cote d'ivoire with diacritic", "Côte d’Ivoire", "CI"},
		{"cote d ivoire ofac", "Cote d Ivoire", "CI"},
		{"ivory coast", "IVORY COAST", "CI"},
		{"crimea region", "Crimea", "UA"},
		{"ofac region prefix", "Region: Crimea", "UA"},
		{"gaza", "Region: Gaza", "PS"},
		{"palestinian", "Palestinian", "PS"},
		{"west bank", "West Bank", "PS"},
		{"kosovo", "Kosovo", "XK"},
		{"kosovo code", "xk", "XK"},
		{"the gambia", "The Gambia", "GM"},
		{"bahamas the", "Bahamas, The", "BS"},
		{"virgin islands british", "Virgin Islands, British", "VG"},
		{"isle of man ofac form", "Man, Isle of", "IM"},
		{"macedonia old name", "Macedonia, The Former Yugoslav Republic of", "MK"},
		{"turkiye", "Türkiye", "TR"},
		{"bosnia ampersand", "Bosnia & Herzegovina", "BA"},
		{"netherlands antilles withdrawn", "Netherlands Antilles", "AN"},
		{"ussr", "U.S.S.R.", "SU"},
		{"united states", "U.S.A.", "US"},
		{"surrounding spaces", "  Germany  ", "DE"},
		{"unknown", "Atlantis", ""},
		{"undetermined", "undetermined", ""},
		{"empty", "", ""},
		{"ofac none", "-0-", ""},
	})
}

func TestName(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"RU", "Russia"}, {"kp", "North Korea"}, {"CI", "Cote d'Ivoire"}, {"XK", "Kosovo"},
		{"GB", "United Kingdom"}, {"ZZ", ""}, {"", ""}, {"RUS", ""},
	} {
		if got := country.Name(tc.code); got != tc.want {
			t.Errorf("Name(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}

// TestCodeNameRoundTrip checks that every name Name gives resolves back.
func TestCodeNameRoundTrip(t *testing.T) {
	for _, c := range []string{"AD", "AE", "CD", "CG", "KP", "KR", "MM", "PS", "TW", "VG", "VI", "XK", "ZW"} {
		n := country.Name(c)
		if got := country.Code(n); got != c {
			t.Errorf("Code(Name(%q) = %q) = %q", c, n, got)
		}
	}
}

// TestCodeOFAC resolves every country and nationality value of an OFAC
// SDN list (testdata/ofac-sdn-2021-04-25.txt). Only the values in
// unresolved may fail, and they must.
func TestCodeOFAC(t *testing.T) {
	unresolved := map[string]bool{
		"undetermined":         true, // OFAC's own "unknown"
		"possibly Palestinian": true, // a hedge, not a country
	}
	f, err := os.Open(filepath.Join("testdata", "ofac-sdn-2021-04-25.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var n, entries int
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		count, value, _ := strings.Cut(line, "\t")
		c, _ := strconv.Atoi(count)
		n++
		entries += c
		got := country.Code(value)
		switch {
		case got == "" && !unresolved[value]:
			t.Errorf("Code(%q) = \"\" (%d entries), want a code", value, c)
		case got != "" && unresolved[value]:
			t.Errorf("Code(%q) = %q, listed as unresolved", value, got)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 150 {
		t.Fatalf("read %d values, want the whole file", n)
	}
}

func BenchmarkCode(b *testing.B) {
	for b.Loop() {
		country.Code("Korea, Democratic People's Republic of")
	}
}
