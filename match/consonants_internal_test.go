package match

import (
	"testing"

	"github.com/embargo-dev/embargo/name"
)

// TestConsonantRules pins why the matcher keeps three comparisons of
// consonants, coarsest first, and not one: name.Skeleton (a key for tokens
// of names read from abjads and syllabaries: l and r, b and v, m and n kept
// apart only), sameSkeleton (a typed Latin query's fuzzy match keeps its
// consonants up to the letters romanisations swap: l and r stay apart) and
// sameConsonants (two romanised syllables differ in their vowels only).
// The pairs show where they part: the coarser rule joins what the finer
// one keeps apart.
func TestConsonantRules(t *testing.T) {
	for _, c := range []struct {
		a, b                         string
		skeleton, skel, consonantsEq bool
	}{
		{"oleg", "oregu", true, false, false},    // kana has one liquid
		{"hussein", "husayn", true, true, false}, // y for e, ss for s
		{"pak", "bak", true, true, false},        // Korean ㅂ is p or b
		{"chong", "chung", true, true, true},     // 정 in two romanisations
		{"kim", "kin", false, false, false},      // another syllable
	} {
		if ka, kb := name.Skeleton(c.a), name.Skeleton(c.b); (ka == kb) != c.skeleton {
			t.Errorf("Skeleton(%q)=%q, Skeleton(%q)=%q, want equal: %v", c.a, ka, c.b, kb, c.skeleton)
		}
		ta, tb := name.Analyze(c.a, name.AnalyzeOptions{})[0], name.Analyze(c.b, name.AnalyzeOptions{})[0]
		if got := sameSkeleton(&ta, &tb); got != c.skel {
			t.Errorf("sameSkeleton(%q, %q)=%v, want %v", c.a, c.b, got, c.skel)
		}
		if got := sameConsonants(c.a, c.b); got != c.consonantsEq {
			t.Errorf("sameConsonants(%q, %q)=%v, want %v", c.a, c.b, got, c.consonantsEq)
		}
	}
}
