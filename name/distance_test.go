package name_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/embargo-dev/embargo/name"
)

func TestDamerauLevenshtein(t *testing.T) {
	distance := func(a, b string) float64 { return float64(name.DamerauLevenshtein(a, b, -1)) }
	checkDistances(t, "DamerauLevenshtein", distance, 0, []distanceCase{
		{"equal", "deripaska", "deripaska", 0},
		{"one substitution", "deripaska", "derypaska", 1},
		{"one insertion", "orlay", "orlaay", 1},
		{"one deletion", "mrksic", "mrkic", 1},
		{"transposition", "mrksic", "mrskic", 1},
		{"transposition at the start", "hkimat", "hikmat", 1},
		{"two typos", "jsesu", "jesus", 2},
		{"empty", "", "abc", 3},
		{"cyrillic runes", "дерипаска", "дерипаско", 1},
		{"completely different", "abc", "xyz", 3},
	})
}

// distanceCase is two strings and the distance (or similarity) between them.
type distanceCase struct {
	name string
	a, b string
	want float64
}

// checkDistances runs each case as a subtest: f(a, b) must be want, give
// or take tol.
func checkDistances(t *testing.T, fn string, f func(a, b string) float64, tol float64, cases []distanceCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := f(tc.a, tc.b); math.Abs(got-tc.want) > tol {
				t.Errorf("%s(%q, %q)=%.3f, want %.3f", fn, tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// TestDamerauLevenshtein_Max checks the bounded forms (including the
// linear one-edit check) against the unbounded distance on random strings.
func TestDamerauLevenshtein_Max(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, r.IntN(8))
		for i := range b {
			b[i] = "abcd"[r.IntN(4)]
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		a, b := word(), word()
		full := name.DamerauLevenshtein(a, b, -1)
		for k := 0; k <= 3; k++ {
			want := min(full, k+1)
			if got := min(name.DamerauLevenshtein(a, b, k), k+1); got != want {
				t.Fatalf("DamerauLevenshtein(%q, %q, %d)=%d, want %d (distance %d)", a, b, k, got, want, full)
			}
		}
	}
}

func TestJaroWinkler(t *testing.T) {
	checkDistances(t, "JaroWinkler", name.JaroWinkler, 0.001, []distanceCase{
		{"equal", "martha", "martha", 1},
		{"classic martha", "martha", "marhta", 0.961},
		{"classic dwayne", "dwayne", "duane", 0.84},
		{"classic dixon", "dixon", "dicksonx", 0.813},
		{"nothing in common", "abc", "xyz", 0},
		{"empty", "", "abc", 0},
	})
}

func BenchmarkDamerauLevenshtein(b *testing.B) {
	for b.Loop() {
		name.DamerauLevenshtein("aleskandrovdch", "aleksandrovich", 2)
	}
}
