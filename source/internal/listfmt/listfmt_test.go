package listfmt_test

import (
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

// joinArgs are the arguments of JoinClean and JoinTrimmed.
type joinArgs struct {
	sep   string
	parts []string
}

func TestJoinClean(t *testing.T) {
	tabletest.Run(t, "JoinClean", func(a joinArgs) string { return listfmt.JoinClean(a.sep, a.parts...) }, []tabletest.Case[joinArgs, string]{
		{"first middle last", joinArgs{" ", []string{"Ivan", "", "  Petrov "}}, "Ivan Petrov"},
		{"inner runs collapsed", joinArgs{", ", []string{"1  Main St", "Springfield"}}, "1 Main St, Springfield"},
		{"all empty", joinArgs{" ", []string{"", " "}}, ""},
		{"none", joinArgs{" ", nil}, ""},
	})
}

func TestJoinTrimmed(t *testing.T) {
	tabletest.Run(t, "JoinTrimmed", func(a joinArgs) string { return listfmt.JoinTrimmed(a.sep, a.parts...) }, []tabletest.Case[joinArgs, string]{
		{"first last", joinArgs{" ", []string{" Oleg ", "", "DERIPASKA"}}, "Oleg DERIPASKA"},
		{"inner runs kept", joinArgs{", ", []string{"1  Main St", " Springfield "}}, "1  Main St, Springfield"},
		{"all empty", joinArgs{", ", []string{"", "\t"}}, ""},
	})
}

func TestSplit(t *testing.T) {
	split := func(in [2]string) []string { return listfmt.Split(in[0], in[1]) }
	tabletest.RunEqual(t, "Split", split, tabletest.Slices[string], []tabletest.Case[[2]string, []string]{
		{"csl programs", [2]string{"SDGT; IRGC; ", "; "}, []string{"SDGT", "IRGC"}},
		{"bare semicolon inside a value", [2]string{"Tehran;Iran; Qom", "; "}, []string{"Tehran;Iran", "Qom"}},
		{"custom aliases", [2]string{"Ivan Petrov; I. Petrov;;", ";"}, []string{"Ivan Petrov", "I. Petrov"}},
		{"empty cell", [2]string{"", ";"}, nil},
		{"separators only", [2]string{" ; ; ", ";"}, nil},
	})
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
