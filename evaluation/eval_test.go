package evaluation_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/match"
)

// MustSDNIndex returns an index of the 2021-04-25 SDN list that
// dev-queries.csv was made from, built once.
func MustSDNIndex(tb testing.TB) *match.Index {
	tb.Helper()
	_, ix := testutil.MustSDN(tb)
	return ix
}

// MustReadRows reads a query set from testdata.
func MustReadRows(tb testing.TB, file string) []evaluation.Row {
	tb.Helper()
	rows, err := evaluation.ReadCSVFile(filepath.Join("testdata", file))
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

// TestDevQueries screens the development query set against the SDN list
// and holds the acceptance figures at embargo.DefaultThreshold, so that a
// change that lowers quality fails. Run with -v for the full report.
func TestDevQueries(t *testing.T) {
	ix := MustSDNIndex(t)
	rows := MustReadRows(t, "dev-queries.csv")
	screen := func(q embargo.Query) ([]embargo.Match, error) {
		return ix.Search(q, match.SearchOptions{Threshold: 0, Limit: 10})
	}
	thresholds := []float64{0.6, 0.65, 0.7, 0.75, embargo.DefaultThreshold, 0.8, 0.85, 0.9}
	rep := evaluation.Run(rows, screen, dedupe(thresholds))
	if testing.Verbose() {
		var b strings.Builder
		rep.Print(&b, embargo.DefaultThreshold)
		t.Log("\n" + b.String())
	}
	th := embargo.DefaultThreshold
	all := rep.At("all", th)
	if got := evaluation.Rate(all.Found, all.N); got < 0.99 {
		t.Errorf("found %.4f of positives, want >= 0.99", got)
	}
	if got := evaluation.Rate(all.Top1, all.N); got < 0.98 {
		t.Errorf("ranked first %.4f of positives, want >= 0.98", got)
	}
	for _, k := range rep.Kinds {
		if k == evaluation.KindNegative {
			continue
		}
		if st := rep.At(k, th); evaluation.Rate(st.Found, st.N) < 0.95 {
			t.Errorf("kind %s: found %d of %d, want >= 95%%", k, st.Found, st.N)
		}
	}
	if neg := rep.At(evaluation.KindNegative, th); evaluation.Rate(neg.FP, neg.N) > 0.01 {
		t.Errorf("negatives with a match: %d of %d, want <= 1%%", neg.FP, neg.N)
	}
}

func dedupe(ts []float64) []float64 {
	seen := map[float64]bool{}
	var out []float64
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// TestExplain prints the matches of the names in EMBARGO_EXPLAIN (separated
// by "|") with their explanations: a tool for looking into one query.
func TestExplain(t *testing.T) {
	names := os.Getenv("EMBARGO_EXPLAIN")
	if names == "" {
		t.Skip("set EMBARGO_EXPLAIN=name|name... to explain queries")
	}
	ix := MustSDNIndex(t)
	for _, n := range strings.Split(names, "|") {
		ms, err := ix.Search(embargo.Query{Name: n}, match.SearchOptions{Threshold: 0, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s:", n)
		for _, m := range ms {
			t.Logf("  %s %.3f %s", m.EntityID, m.Score, m.Explanation.Summary)
			for _, tm := range m.Explanation.Tokens {
				t.Logf("      %+v", tm)
			}
		}
	}
}
