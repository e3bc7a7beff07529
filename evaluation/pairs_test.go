package evaluation_test

import (
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/match"
	"github.com/embargo-dev/embargo/name"
)

var updatePairs = flag.Bool("update-pairs", false, "rewrite testdata/pairs.csv from the SDN list")

func TestReadPairs(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []evaluation.Pair
	}{
		{"csv", "a,b,label,kind\nOleg Deripaska,DERIPASKA Oleg,1,alias\nKim Jong Un,Kim Yong Chol,no_match,\n",
			[]evaluation.Pair{{A: "Oleg Deripaska", B: "DERIPASKA Oleg", Match: true, Kind: "alias"}, {A: "Kim Jong Un", B: "Kim Yong Chol"}}},
		{"json lines", `{"a":"Ivan Petrov","b":"Petrov Ivan","label":true}` + "\n" + `{"a":"X","b":"Y","label":0,"kind":"k"}` + "\n",
			[]evaluation.Pair{{A: "Ivan Petrov", B: "Petrov Ivan", Match: true}, {A: "X", B: "Y", Kind: "k"}}},
		{"opensanctions judgements", `{"judgement":"positive","left":{"schema":"Person","properties":{"name":["Ivan Petrov"]}},"right":{"schema":"Person","caption":"Petrov Ivan"}}` + "\n" +
			`{"judgement":"unsure","left":{"schema":"Person","caption":"A"},"right":{"schema":"Person","caption":"B"}}` + "\n",
			[]evaluation.Pair{{A: "Ivan Petrov", B: "Petrov Ivan", Match: true, Kind: "person"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := evaluation.ReadPairs(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("ReadPairs: %d pairs %+v, want %d", len(got), got, len(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("pair %d=%+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
	if _, err := evaluation.ReadPairs(strings.NewReader("a,b,label\nx,y,maybe\n")); err == nil {
		t.Error("ReadPairs with label maybe: no error, want one")
	}
}

func TestRunPairs(t *testing.T) {
	pairs := []evaluation.Pair{
		{A: "a", B: "a", Match: true}, {A: "b", B: "b2", Match: true},
		{A: "c", B: "d"}, {A: "e", B: "f"},
	}
	scores := map[string]float64{"a": 1, "b": 0.7, "c": 0.8, "e": 0.1}
	rep := evaluation.RunPairs(pairs, func(p evaluation.Pair) float64 { return scores[p.A] }, []float64{0.75, 0.5})
	if got, want := rep.At(0.75), (evaluation.PairStats{Threshold: 0.75, TP: 1, FP: 1, FN: 1, TN: 1}); got != want {
		t.Errorf("At(0.75)=%+v, want %+v", got, want)
	}
	if got := rep.At(0.5); got.Recall() != 1 || got.Precision() != 2.0/3 {
		t.Errorf("At(0.5): precision %v recall %v, want 2/3 and 1", got.Precision(), got.Recall())
	}
	var b strings.Builder
	rep.Print(&b, 0.75)
	for _, want := range []string{"precision", "missed", "false+"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Print output lacks %q:\n%s", want, b.String())
		}
	}
}

// TestPairs compares the labelled name pairs of testdata/pairs.csv with
// match.CompareNames and holds F1 at embargo.DefaultThreshold. The pairs are
// our own, drawn from the SDN list of 2021-04-25 (see writePairs): the
// positives are a listed name and an alias of the same entity that spells
// the same name another way, the negatives names of two different
// entities that share a surname or a distinctive first word.
func TestPairs(t *testing.T) {
	if *updatePairs {
		writePairs(t)
	}
	f, err := os.Open(filepath.Join("testdata", "pairs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pairs, err := evaluation.ReadPairs(f)
	if err != nil {
		t.Fatal(err)
	}
	// The kind ends in the pairs' schema (alias_person, ...): the score
	// is calibrated for it.
	compare := func(p evaluation.Pair) float64 {
		schema := p.Kind[strings.LastIndexByte(p.Kind, '_')+1:]
		return match.CompareNamesAs(p.A, p.B, embargo.ParseSchema(schema))
	}
	rep := evaluation.RunPairs(pairs, compare, []float64{0.6, 0.7, embargo.DefaultThreshold, 0.8, 0.9})
	if testing.Verbose() {
		var b strings.Builder
		rep.Print(&b, embargo.DefaultThreshold)
		t.Log("\n" + b.String())
	}
	if got := rep.At(embargo.DefaultThreshold).F1(); got < 0.90 {
		t.Errorf("F1 at %.2f=%.3f, want >= 0.90", embargo.DefaultThreshold, got)
	}
}

// writePairs draws the pairs fixture from the SDN list, deterministically:
// candidates in list order, then evenly spaced picks.
func writePairs(t *testing.T) {
	ents := testutil.MustSDNEntities(t, "2021-04-25")
	distinctive := func(toks []string) map[string]bool {
		m := map[string]bool{}
		for _, tk := range toks {
			if len(tk) >= 3 && !name.IsStopWord(tk) && !name.IsGenericWord(tk) {
				m[name.Fold(tk)] = true
			}
		}
		return m
	}
	type rec struct{ a, b, kind string }
	var pos []rec
	bySurname := map[string][]int{}
	for i := range ents {
		e := &ents[i]
		if e.Schema != embargo.SchemaPerson && e.Schema != embargo.SchemaOrganization {
			continue
		}
		toks := name.Tokens(e.Name)
		if len(toks) == 0 {
			continue
		}
		prim := distinctive(toks)
		for _, al := range e.Aliases {
			if al.Quality == embargo.QualityWeak || name.Normalize(al.Name) == name.Normalize(e.Name) {
				continue
			}
			if sameName(prim, distinctive(name.Tokens(al.Name))) {
				pos = append(pos, rec{e.Name, al.Name, "alias_" + string(e.Schema)})
				break
			}
		}
		first := name.Fold(toks[0])
		if prim[first] {
			bySurname[string(e.Schema)+":"+first] = append(bySurname[string(e.Schema)+":"+first], i)
		}
	}
	var neg []rec
	for i := range ents {
		e := &ents[i]
		toks := name.Tokens(e.Name)
		if len(toks) == 0 {
			continue
		}
		group := bySurname[string(e.Schema)+":"+name.Fold(toks[0])]
		if len(group) < 2 || group[0] != i {
			continue // each group once, from its first entity
		}
		o := &ents[group[1]]
		a, b := distinctive(toks), distinctive(name.Tokens(o.Name))
		if !hasOwn(a, b) || !hasOwn(b, a) {
			// Nothing but a legal form or a generic word tells them apart
			// (NICO LIMITED, NICO SARL): no name matcher can, and a
			// screener must see both.
			continue
		}
		neg = append(neg, rec{e.Name, o.Name, "same_first_word_" + string(e.Schema)})
	}
	pick := func(rs []rec, n int) []rec {
		if len(rs) <= n {
			return rs
		}
		out := make([]rec, 0, n)
		for k := 0; k < n; k++ {
			out = append(out, rs[k*len(rs)/n])
		}
		return out
	}
	f, err := os.Create(filepath.Join("testdata", "pairs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	_ = w.Write([]string{"a", "b", "label", "kind"})
	for _, r := range pick(pos, 110) {
		_ = w.Write([]string{r.a, r.b, "1", r.kind})
	}
	for _, r := range pick(neg, 110) {
		_ = w.Write([]string{r.a, r.b, "0", r.kind})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
}

// sameName reports whether the names with distinctive word keys a and b
// are one name written differently: every word of the one with fewer has
// a counterpart in the other with the same key or the same first three
// letters, both of four or more ("Salah" and "Salahidin", "Hamid" and "Hamed"). An alias that is
// another name altogether (KIM Song Chol a.k.a. KIM Hak Song) is not a
// pair a name matcher should be judged on.
func sameName(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return false
	}
	for x := range a {
		ok := b[x]
		for y := range b {
			ok = ok || len(x) >= 4 && len(y) >= 4 && x[:3] == y[:3]
		}
		if !ok {
			return false
		}
	}
	return true
}

// hasOwn reports whether a has a key that b lacks.
func hasOwn(a, b map[string]bool) bool {
	for x := range a {
		if !b[x] {
			return true
		}
	}
	return false
}
