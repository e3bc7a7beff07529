package match

import (
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/name"
)

// TestScoreName_TitleIsNoTypo: a query title ("Col.") is not paired by
// edit distance with a listed name part ("Chol"), even when the title,
// rare in the index, outweighs that part: the pair would leave the
// query's own "Chol" unexplained. Weights are set as an index gives them
// (a rare word weighs more than a common one).
func TestScoreName_TitleIsNoTypo(t *testing.T) {
	score := func(query, listedName string, weights map[string]float64) float64 {
		opts := name.AnalyzeOptions{}
		qt, lt := name.Analyze(query, opts), name.Analyze(listedName, opts)
		qs := make([]qtok, len(qt))
		for i := range qt {
			qs[i] = qtok{t: qt[i], w: weights[qt[i].Text]}
		}
		setQueryRoles(query, qs, embargo.SchemaPerson)
		l := listed{initials: true, person: true, roleMasks: listedRoles(listedName, lt, embargo.SchemaPerson)}
		for j := range lt {
			l.toks[j], l.w[j], l.id[j], l.fold[j] = &lt[j], weights[lt[j].Text], -1, -1
			l.n++
		}
		var p pairing
		return scoreName(qs, &l, &p)
	}
	w := map[string]float64{"col": 9, "hyok": 7, "chol": 5, "pak": 6, "il": 5}
	if s := score("COL. HYOK CHOL PAK", "PAK, Hyok Chol", w); s < 0.99 {
		t.Errorf("COL. HYOK CHOL PAK against PAK, Hyok Chol: %.3f, want 1 (the title left out)", s)
	}
	if s := score("COL. HYOK CHOL PAK", "PAK, Hyok Il", w); s > 0.8 {
		t.Errorf("COL. HYOK CHOL PAK against PAK, Hyok Il: %.3f, want the disagreeing part to cost", s)
	}
}
