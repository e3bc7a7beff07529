package textscan

import (
	"testing"

	"github.com/embargo-dev/embargo/name"
)

// TestAppendFold checks that appendFold computes name.Fold's key, over
// the common English words and tricky name spellings.
func TestAppendFold(t *testing.T) {
	words := append(commonWords(),
		"shchegolev", "schegolev", "leonidovitch", "tschaikowsky", "dzhokhar", "djamel", "czeslaw",
		"khalid", "ghulam", "phillip", "thabit", "dhabi", "mckenzie", "aleksandr", "yousef", "noor",
		"hameed", "ivanow", "qadhafi", "yevgeniy", "ievgen", "ie", "iea", "andrei", "andrey", "ivanoff",
		"kerimeff", "schultz", "tzvi", "abdullah", "fatimah", "mohammed", "2000", "aa", "a", "", "ooo", "eee", "yeyeye")
	for _, w := range words {
		got := string(appendFold(nil, []byte(w)))
		if want := name.Fold(w); got != want {
			t.Errorf("appendFold(%q)=%q, want %q", w, got, want)
		}
	}
}

func FuzzAppendFold(f *testing.F) {
	f.Add("shchegolev")
	f.Fuzz(func(t *testing.T, s string) {
		if !isLowerASCII(s) {
			return
		}
		if got, want := string(appendFold(nil, []byte(s))), name.Fold(s); got != want {
			t.Fatalf("appendFold(%q)=%q, want %q", s, got, want)
		}
	})
}

func TestAppendFold_Allocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	word := []byte("deripaska")
	if n := testing.AllocsPerRun(100, func() { buf = appendFold(buf[:0], word) }); n != 0 {
		t.Fatalf("appendFold allocates %v times, want 0", n)
	}
}
