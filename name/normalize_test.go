package name_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/embargo-dev/embargo/name"
)

func TestNormalize(t *testing.T) {
	checkStrings(t, "Normalize", name.Normalize, []stringCase{
		{"ofac surname-first form", "DERIPASKA, Oleg Vladimirovich", "deripaska oleg vladimirovich"},
		{"korean apostrophes and hyphen", "MUN, Cho'ng-ch'o'l", "mun chong chol"},
		{"arabic ayn apostrophe", "'Abd al-Salam", "abdal salam"},
		{"abd al joined", "Abd al-Baset AZZOUZ", "abdal baset azzouz"},
		{"spacing and punctuation noise", "  mun ,  cho'ng-ch'o'l  ", "mun chong chol"},
		{"ampersand", "D'AGOSTINO & COMPANY, LTD", "dagostino and company ltd"},
		{"latin diacritics", "Adélaïde Lefèvre", "adelaide lefevre"},
		{"cyrillic", "Олег Дерипаска", "oleg deripaska"},
		{"empty", "", ""},
		{"punctuation only", "!!! ---", ""},
	})
}

func TestAnalyze(t *testing.T) {
	kinds := func(toks []name.Token) []string {
		var out []string
		for _, t := range toks {
			out = append(out, t.Kind.String()+":"+t.Text)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		in    string
		legal bool
		want  []string
	}{
		{"initials", "O. V. Deripaska", false, []string{"initial:o", "initial:v", "word:deripaska"}},
		{"arabic al- prefix", "Al-Qasir Nazar", false, []string{"stop:al", "word:qasir", "word:nazar"}},
		{"legal form OOO", "ООО Ромашка", true, []string{"legal_form:llc", "word:romashka"}},
		{"legal form spelled out", "GEFEST-M Limited Liability Company", true, []string{"word:gefest", "initial:m", "legal_form:llc"}},
		{"legal form co ltd", "ANGLO-CARIBBEAN CO., LTD.", true, []string{"word:anglo", "word:caribbean", "legal_form:ltd"}},
		{"legal form company limited", "ANGLO-CARIBBEAN Company Limited", true, []string{"word:anglo", "word:caribbean", "legal_form:ltd"}},
		{"legal form AO at the start", "AO ZAVOD FIOLENT", true, []string{"legal_form:jsc", "word:zavod", "word:fiolent"}},
		{"legal form SA de CV", "GRUPO X, S.A. de C.V.", true, []string{"word:grupo", "initial:x", "legal_form:sadecv"}},
		{"no legal forms for persons", "IVANOV S. A.", false, []string{"word:ivanov", "initial:s", "initial:a"}},
		{"number", "ADRIAN DARYA 1", true, []string{"word:adrian", "word:darya", "number:1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := kinds(name.Analyze(tc.in, name.AnalyzeOptions{LegalForms: tc.legal}))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Analyze(%q)=%v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestLegalFormCode(t *testing.T) {
	checkStrings(t, "LegalFormCode", name.LegalFormCode, []stringCase{
		{"legal form LLC", "LLC", "llc"},
		{"legal form OOO", "OOO", "llc"},
		{"legal form limited liability company", "Limited Liability Company", "llc"},
		{"legal form TOV", "TOV", "llc"},
		{"legal form SRL", "S.R.L.", "llc"},
		{"legal form JSC", "JSC", "jsc"},
		{"legal form AO", "AO", "jsc"},
		{"legal form OAO", "OAO", "jsc"},
		{"legal form ZAO", "ZAO", "jsc"},
		{"legal form CJSC", "CJSC", "jsc"},
		{"legal form PJSC", "PJSC", "pjsc"},
		{"legal form PAO", "PAO", "pjsc"},
		{"legal form co ltd", "Co. Ltd", "ltd"},
		{"legal form company limited", "Company Limited", "ltd"},
		{"legal form GmbH", "GmbH", "gmbh"},
		{"legal form Gesellschaft mbH", "Gesellschaft mbH", "gmbh"},
		{"legal form SA", "S.A.", "sa"},
		{"legal form SA de CV", "SA de CV", "sadecv"},
		{"legal form PLC", "PLC", "plc"},
		{"legal form LLP", "LLP", "llp"},
		{"legal form Inc", "Inc.", "inc"},
		{"legal form Incorporated", "Incorporated", "inc"},
		{"legal form Corp", "Corp", "corp"},
		{"legal form Corporation", "Corporation", "corp"},
		{"legal form FZE", "FZE", "fze"},
		{"legal form FZCO", "FZCO", "fzco"},
		{"not a legal form", "Deripaska", ""},
	})
	if got := name.LegalFormSimilarity("llc", "gmbh"); got <= 0 || got >= 1 {
		t.Errorf("LegalFormSimilarity(llc, gmbh)=%v, want between 0 and 1", got)
	}
	if got := name.LegalFormSimilarity("llc", "jsc"); got != 0 {
		t.Errorf("LegalFormSimilarity(llc, jsc)=%v, want 0", got)
	}
}

// FuzzNormalize checks that normalisation never panics, always returns
// valid UTF-8 without leading, trailing or double spaces, and is
// idempotent, and that Analyze agrees with it.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"DERIPASKA, Oleg Vladimirovich", "Олег Дерипаска", "محمد علي", "MUN, Cho'ng-ch'o'l",
		"ANGLO-CARIBBEAN CO., LTD.", "\x00\x01", "\xff\xfe", "Μιχαήλ", "李 方伟", "a\u0301", "  ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := name.Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q)=%q: invalid UTF-8", s, n)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q)=%q: stray spaces", s, n)
		}
		if n2 := name.Normalize(n); n2 != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, n2)
		}
		for _, tok := range name.Analyze(s, name.AnalyzeOptions{LegalForms: true}) {
			if tok.Text == "" || !utf8.ValidString(tok.Fold) || !utf8.ValidString(tok.Phonetic) {
				t.Fatalf("Analyze(%q): bad token %+v", s, tok)
			}
		}
	})
}
