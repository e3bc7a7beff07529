package listfmt_test

import (
	"slices"
	"testing"
	"time"

	"github.com/embargo-dev/embargo/internal/tabletest"
	"github.com/embargo-dev/embargo/source/internal/listfmt"
)

func TestTrimBOM(t *testing.T) {
	tabletest.Run(t, "TrimBOM", func(in string) string { return string(listfmt.TrimBOM([]byte(in))) }, []tabletest.Case[string, string]{
		{"utf-8 bom", "\xef\xbb\xbfid,name", "id,name"},
		{"no bom", "id,name", "id,name"},
		{"bom only once", "\xef\xbb\xbf\xef\xbb\xbfx", "\xef\xbb\xbfx"},
		{"utf-16 bom kept", "\xff\xfeN\x00", "\xff\xfeN\x00"},
		{"empty", "", ""},
	})
}

func TestClean(t *testing.T) {
	tabletest.Run(t, "Clean", listfmt.Clean, []tabletest.Case[string, string]{
		{"already clean", "Abid Hammadou", "Abid Hammadou"},
		{"padded", "  Abid Hammadou \n", "Abid Hammadou"},
		{"inner runs", "Pyotr\t Sergeyevich\r\n IVANOV", "Pyotr Sergeyevich IVANOV"},
		{"no-break space is white space", "René\u00a0JOSÉ", "René JOSÉ"},
		{"white space only", " \t\n", ""},
		{"empty", "", ""},
	})
}

func TestCleanAll(t *testing.T) {
	tabletest.RunEqual(t, "CleanAll", listfmt.CleanAll, tabletest.Slices[string], []tabletest.Case[[]string, []string]{
		{"remarks with blanks", []string{" Listed  in 2008. ", "", "  ", "Linked to X."}, []string{"Listed in 2008.", "Linked to X."}},
		{"all blank", []string{"", " "}, nil},
		{"nil", nil, nil},
	})
}

func TestJoinClean(t *testing.T) {
	for _, tt := range []struct {
		name, sep string
		parts     []string
		want      string
	}{
		{"first middle last", " ", []string{"Ivan", "", "  Petrov "}, "Ivan Petrov"},
		{"inner runs collapsed", ", ", []string{"1  Main St", "Springfield"}, "1 Main St, Springfield"},
		{"all empty", " ", []string{"", " "}, ""},
		{"none", " ", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := listfmt.JoinClean(tt.sep, tt.parts...); got != tt.want {
				t.Errorf("JoinClean(%q, %q)=%q, want %q", tt.sep, tt.parts, got, tt.want)
			}
		})
	}
}

func TestJoinTrimmed(t *testing.T) {
	for _, tt := range []struct {
		name, sep string
		parts     []string
		want      string
	}{
		{"first last", " ", []string{" Oleg ", "", "DERIPASKA"}, "Oleg DERIPASKA"},
		{"inner runs kept", ", ", []string{"1  Main St", " Springfield "}, "1  Main St, Springfield"},
		{"all empty", ", ", []string{"", "\t"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := listfmt.JoinTrimmed(tt.sep, tt.parts...); got != tt.want {
				t.Errorf("JoinTrimmed(%q, %q)=%q, want %q", tt.sep, tt.parts, got, tt.want)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		name, in, sep string
		want          []string
	}{
		{"csl programs", "SDGT; IRGC; ", "; ", []string{"SDGT", "IRGC"}},
		{"bare semicolon inside a value", "Tehran;Iran; Qom", "; ", []string{"Tehran;Iran", "Qom"}},
		{"custom aliases", "Ivan Petrov; I. Petrov;;", ";", []string{"Ivan Petrov", "I. Petrov"}},
		{"empty cell", "", ";", nil},
		{"separators only", " ; ; ", ";", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := listfmt.Split(tt.in, tt.sep); !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("Split(%q, %q)=%q, want %q", tt.in, tt.sep, got, tt.want)
			}
		})
	}
}

func TestUniq(t *testing.T) {
	tabletest.RunEqual(t, "Uniq", listfmt.Uniq, tabletest.Slices[string], []tabletest.Case[[]string, []string]{
		{"repeated titles", []string{"Colonel", "Dr", "Colonel"}, []string{"Colonel", "Dr"}},
		{"case matters", []string{"Dr", "DR"}, []string{"Dr", "DR"}},
		{"no repeats", []string{"a", "b"}, []string{"a", "b"}},
		{"nil", nil, nil},
	})
}

func TestISODate(t *testing.T) {
	tabletest.Run(t, "ISODate", listfmt.ISODate, []tabletest.Case[string, string]{
		{"date", "1964-07-17", "1964-07-17"},
		{"date with zone", "1964-07-17-05:00", "1964-07-17"},
		{"date-time", "2020-04-15T15:29:22.497+02:00", "2020-04-15"},
		{"padded", " 1964-07-17 ", "1964-07-17"},
		{"leap day", "2000-02-29", "2000-02-29"},
		{"not a leap year", "1900-02-29", ""},
		{"month 13", "1964-13-01", ""},
		{"year only", "1964", ""},
		{"year and month", "1964-07", ""},
		{"day first", "17/07/1964", ""},
		{"empty", "", ""},
	})
}

func TestIsYear(t *testing.T) {
	tabletest.Run(t, "IsYear", listfmt.IsYear, []tabletest.Case[string, bool]{
		{"year", "1964", true},
		{"unknown year 0000", "0000", true},
		{"two digits", "64", false},
		{"five digits", "19640", false},
		{"padded", " 1964", false},
		{"circa", "c1964", false},
		{"arabic-indic digits", "١٩٦٤", false},
		{"empty", "", false},
	})
}

func TestParseTimestamp(t *testing.T) {
	est := time.FixedZone("", -4*3600)
	for _, tt := range []struct {
		name, in string
		want     time.Time
	}{
		{"un 2018 with offset", "2018-10-29T19:09:49.856-04:00", time.Date(2018, 10, 29, 19, 9, 49, 856e6, est)},
		{"un 2026 in utc", "2026-02-27T00:00:09.554Z", time.Date(2026, 2, 27, 0, 0, 9, 554e6, time.UTC)},
		{"no zone", "2020-04-15T15:29:22", time.Date(2020, 4, 15, 15, 29, 22, 0, time.UTC)},
		{"no zone, fraction", "2020-04-15T15:29:22.5", time.Date(2020, 4, 15, 15, 29, 22, 5e8, time.UTC)},
		{"date only", " 2020-01-01\n", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := listfmt.ParseTimestamp(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseTimestamp(%q)=%v, want %v", tt.in, got, tt.want)
			}
		})
	}
	for _, in := range []string{"", "29/10/2018", "2018-10-29 19:09:49", "yesterday"} {
		if _, err := listfmt.ParseTimestamp(in); err == nil {
			t.Errorf("ParseTimestamp(%q): no error", in)
		}
	}
}

func TestInvalidUTF8Line(t *testing.T) {
	tabletest.Run(t, "InvalidUTF8Line", func(in string) int { return listfmt.InvalidUTF8Line([]byte(in)) }, []tabletest.Case[string, int]{
		{"valid", "id,name\n1,Jürgen\n", 0},
		{"empty", "", 0},
		{"latin-1 on line 2", "id,name\n1,J\xfcrgen\n", 2},
		{"first byte", "\xff\xfeN", 1},
		{"truncated sequence at the end", "a\nb\nc\xe2\x82", 3},
		{"encoded surrogate", "a\n\xed\xa0\x80", 2},
	})
}
