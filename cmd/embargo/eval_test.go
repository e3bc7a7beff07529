package main_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestEval_Bench runs the committed benchmark's test split through the
// command: the JSON report has per-category figures and the threshold
// table, and a bad split is a usage error.
func TestEval_Bench(t *testing.T) {
	p := NewProgram(t)
	out := p.MustRun(t, "eval", "--bench", "../../evaluation/testdata/bench", "--root", "../..", "--split", "test", "--json")
	var s struct {
		Split      string
		Pairs      int
		Queries    int
		PairKinds  []struct{ Kind string } `json:"pair_kinds"`
		QueryKinds []struct{ Kind string } `json:"query_kinds"`
		Thresholds []struct {
			Threshold, Precision, Recall float64
		}
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if s.Split != "test" || s.Pairs < 900 || s.Queries < 600 || len(s.PairKinds) < 20 || len(s.QueryKinds) < 20 || len(s.Thresholds) < 5 {
		t.Errorf("report: split %s, %d pairs, %d queries, %d and %d kinds, %d thresholds", s.Split, s.Pairs, s.Queries, len(s.PairKinds), len(s.QueryKinds), len(s.Thresholds))
	}
	if code, _, errOut := p.Run("eval", "--bench", "../../evaluation/testdata/bench", "--split", "dev"); code == 0 || !strings.Contains(errOut, "--split") {
		t.Errorf("--split dev: exit %d, %q; want an error naming --split", code, errOut)
	}
}
