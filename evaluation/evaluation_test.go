package evaluation_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
)

func TestReadCSV(t *testing.T) {
	in := "\ufeffid,name,type,expected_source_id,kind\n" +
		"q1,\"DERIPASKA, Oleg\",person,24283,exact_primary\n" +
		"q2,Anna Weber,person,,negative\n"
	rows, err := evaluation.ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []evaluation.Row{
		{ID: "q1", Name: "DERIPASKA, Oleg", Type: "person", ExpectedSourceID: "24283", Kind: "exact_primary"},
		{ID: "q2", Name: "Anna Weber", Type: "person", Kind: "negative"},
	}
	if len(rows) != len(want) {
		t.Fatalf("ReadCSV: %d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d=%+v, want %+v", i, rows[i], want[i])
		}
	}
	if !rows[1].Negative() || rows[0].Negative() {
		t.Error("Negative() wrong")
	}
	if _, err := evaluation.ReadCSV(strings.NewReader("id,expected\n1,2\n")); err == nil {
		t.Error("ReadCSV without name and kind columns: no error, want one")
	}
}

func TestRun(t *testing.T) {
	rows := []evaluation.Row{
		{ID: "1", Name: "first", ExpectedSourceID: "10", Kind: "typo1"},
		{ID: "2", Name: "second", ExpectedSourceID: "20", Kind: "typo1"},
		{ID: "3", Name: "third", ExpectedSourceID: "30", Kind: "alias"},
		{ID: "4", Name: "nobody", Kind: evaluation.KindNegative},
		{ID: "5", Name: "someone", Kind: evaluation.KindNegative},
	}
	m := func(id string, score float64) embargo.Match {
		return embargo.Match{EntityID: "s:" + id, SourceID: id, MatchedName: "N" + id, Score: score}
	}
	answers := map[string][]embargo.Match{
		"first":   {m("10", 0.95)},              // found, first
		"second":  {m("99", 0.9), m("20", 0.8)}, // found, second
		"third":   {m("30", 0.6)},               // found only at a low threshold
		"nobody":  nil,                          // no false positive
		"someone": {m("77", 0.85)},              // a false positive
	}
	rep := evaluation.Run(rows, func(q embargo.Query) ([]embargo.Match, error) { return answers[q.Name], nil }, []float64{0.5, 0.7})
	for _, tc := range []struct {
		kind string
		t    float64
		want evaluation.KindStats
	}{
		{"typo1", 0.7, evaluation.KindStats{N: 2, Found: 2, Top1: 1}},
		{"alias", 0.7, evaluation.KindStats{N: 1}},
		{"alias", 0.5, evaluation.KindStats{N: 1, Found: 1, Top1: 1}},
		{"all", 0.7, evaluation.KindStats{N: 3, Found: 2, Top1: 1}},
		{evaluation.KindNegative, 0.7, evaluation.KindStats{N: 2, FP: 1}},
	} {
		if got := rep.At(tc.kind, tc.t); got != tc.want {
			t.Errorf("At(%s, %.1f)=%+v, want %+v", tc.kind, tc.t, got, tc.want)
		}
	}
	var b strings.Builder
	rep.Print(&b, 0.7)
	for _, want := range []string{"typo1", "negative", "all", "missed", "false+", "not-top1"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Print output lacks %q:\n%s", want, b.String())
		}
	}
}

// TestRun_NamesakeTie: the expected entity tied with another listed entity
// of the same name (the same words in another order) is ranked first; a tie
// with another name, or a namesake scoring higher, is not.
func TestRun_NamesakeTie(t *testing.T) {
	m := func(id, matched string, score float64) embargo.Match {
		return embargo.Match{EntityID: "s:" + id, SourceID: id, MatchedName: matched, Score: score}
	}
	answers := map[string][]embargo.Match{
		"namesake": {m("99", "VOLKOV, Ivan P.", 0.9), m("10", "(Dr.) Ivan P. Volkov", 0.9)},
		"other":    {m("99", "VOLKOVA, Ivana", 0.9), m("20", "Ivan Volkov", 0.9)},
		"higher":   {m("99", "VOLKOV, Ivan", 0.95), m("30", "Ivan Volkov", 0.9)},
		"both":     {m("98", "Ivan Volkov", 0.9), m("99", "Petr Volkov", 0.9), m("40", "Volkov Ivan", 0.9)},
	}
	rows := []evaluation.Row{
		{ID: "1", Name: "namesake", ExpectedSourceID: "10", Kind: "namesake"},
		{ID: "2", Name: "other", ExpectedSourceID: "20", Kind: "other"},
		{ID: "3", Name: "higher", ExpectedSourceID: "30", Kind: "higher"},
		{ID: "4", Name: "both", ExpectedSourceID: "40", Kind: "both"},
	}
	rep := evaluation.Run(rows, func(q embargo.Query) ([]embargo.Match, error) { return answers[q.Name], nil }, []float64{0.5})
	for kind, top1 := range map[string]int{"namesake": 1, "other": 0, "higher": 0, "both": 0} {
		if got := rep.At(kind, 0.5); got.Found != 1 || got.Top1 != top1 {
			t.Errorf("At(%s)=%+v, want found 1, top-1 %d", kind, got, top1)
		}
	}
}
