package bench

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
)

// benchDir is the committed benchmark; repoRoot is where the screened
// lists' paths start.
var (
	benchDir = filepath.Join("..", "testdata", "bench")
	repoRoot = filepath.Join("..", "..")
)

var updateFloors = flag.Bool("update-floors", false, "rewrite testdata/bench/floors.json with today's figures (raise the floors after an improvement)")

var (
	ixOnce   sync.Once
	ix       *match.Index
	entities []*embargo.Entity
	ixErr    error
)

func screenedIndex(t testing.TB) *match.Index {
	t.Helper()
	ixOnce.Do(func() {
		var ps []string
		for _, l := range ScreenedLists {
			ps = append(ps, filepath.Join(repoRoot, l))
		}
		if entities, ixErr = ReadLists(ps); ixErr == nil {
			ix = Index(entities)
		}
	})
	if ixErr != nil {
		t.Fatal(ixErr)
	}
	return ix
}

// TestBench_Invariants checks the committed benchmark: its sizes, that
// every row has a kind and a split, that the split is the one the entity
// keys give (recomputed, so a row cannot move between splits), that the
// expected entities are on the screened lists and the negatives are not
// listed names.
func TestBench_Invariants(t *testing.T) {
	b, err := Read(benchDir, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Pairs) < 3000 || len(b.Queries) < 2000 {
		t.Fatalf("%d pairs and %d queries, want at least 3000 and 2000", len(b.Pairs), len(b.Queries))
	}
	ids := map[string]bool{}
	kinds := kindCounts{}
	check := func(id, kind, split, keys string) {
		if id == "" || ids[id] {
			t.Errorf("id %q empty or repeated", id)
		}
		ids[id] = true
		if kind == "" || keys == "" {
			t.Errorf("%s: kind %q, keys %q: both are required", id, kind, keys)
		}
		if want := SplitOf(keys); split != want {
			t.Errorf("%s: split %q, but its keys %q are in %q", id, split, keys, want)
		}
		kinds.add(kind, split)
	}
	var pos, neg int
	for _, p := range b.Pairs {
		check(p.ID, "pair:"+p.Kind, p.Split, p.Keys)
		if p.Match {
			pos++
		} else {
			neg++
		}
	}
	if pos < 1000 || neg < 1000 {
		t.Errorf("%d matching and %d non-matching pairs, want at least 1000 of each", pos, neg)
	}
	for _, q := range b.Queries {
		check(q.ID, "query:"+q.Kind, q.Split, q.Keys)
	}
	for k, c := range kinds {
		if c.test == 0 || c.train == 0 {
			t.Errorf("kind %s: %d train and %d test rows, want both", k, c.train, c.test)
		}
	}
	// About TestPercent of the entities are in the test split.
	var nTest, n int
	for _, c := range kinds {
		nTest += c.test
		n += c.train + c.test
	}
	if f := float64(nTest) / float64(n); math.Abs(f-TestPercent/100.0) > 0.08 {
		t.Errorf("test split holds %.2f of the rows, want about %.2f", f, TestPercent/100.0)
	}
	// Expected entities are listed; negatives are not listed names.
	screenedIndex(t)
	listed := map[string]bool{}
	for _, e := range entities {
		listed[e.ID] = true
		for _, n := range e.AllNames() {
			listed["name:"+tokenKey(n)] = true
		}
	}
	for _, q := range b.Queries {
		for _, id := range strings.Split(q.ExpectedSourceID, "|") {
			if id != "" && !listed[id] {
				t.Errorf("%s: expects %s, which is not on the screened lists", q.ID, id)
			}
		}
		if q.Negative() && listed["name:"+tokenKey(q.Name)] {
			t.Errorf("%s: negative %q is a listed name", q.ID, q.Name)
		}
	}
}

func TestSplitOf(t *testing.T) {
	// The split of a key never changes: these are pinned.
	if IsTestKey("ofac-sdn:24283") == IsTestKey("ofac-sdn:24284") && IsTestKey("ofac-sdn:24284") == IsTestKey("ofac-sdn:24285") &&
		IsTestKey("ofac-sdn:24285") == IsTestKey("ofac-sdn:24286") && IsTestKey("ofac-sdn:24286") == IsTestKey("ofac-sdn:24287") &&
		IsTestKey("ofac-sdn:24287") == IsTestKey("ofac-sdn:24288") {
		t.Error("six keys in a row in one split: the hash does not spread")
	}
	var a, b string
	for i := 0; i < 1000 && (a == "" || b == ""); i++ {
		k := "k" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		if IsTestKey(k) {
			a = k
		} else {
			b = k
		}
	}
	if SplitOf(b) != Train || SplitOf(a) != Test || SplitOf(b+" "+a) != Test || SplitOf(a+" "+b) != Test {
		t.Errorf("SplitOf: a row is a test row when any of its keys is a test key")
	}
}

// TestBench_Regenerate rebuilds the benchmark from ../shared/data (when
// present) and checks that it is the committed one, byte for byte.
func TestBench_Regenerate(t *testing.T) {
	data := filepath.Join(repoRoot, "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(data, dataSDN)); err != nil {
		t.Skip("no ../shared/data: cannot regenerate the benchmark here")
	}
	if testing.Short() {
		t.Skip("slow: regenerates the benchmark")
	}
	b, err := Build(data)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := b.Write(out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{PairsFile, QueriesFile, "COUNTS.md"} {
		got, _ := os.ReadFile(filepath.Join(out, f))
		want, err := os.ReadFile(filepath.Join(benchDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a fresh build: run embargo eval build --data ../shared/data --out evaluation/testdata/bench", f)
		}
	}
}

// Floors are the figures today's matcher reaches on the benchmark, per
// split and category at the default threshold: recall or found (higher is
// better) and false-positive rates (lower is better).
type Floors map[string]map[string]float64

const floorsFile = "floors.json"

// floorSlack is how far a figure may fall below its floor: none beyond
// rounding. A change that improves a category raises its floor with
// go test ./evaluation/bench -run TestBench_Floors -update-floors.
const floorSlack = 0.0005

func figures(s Summary) map[string]float64 {
	out := map[string]float64{
		"pairs/f1": s.At.F1, "pairs/precision": s.At.Precision, "pairs/recall": s.At.Recall,
		"queries/found": s.At.Found, "queries/top1": s.At.Top1, "queries/negatives_matching": s.At.FP,
	}
	for _, k := range s.PairKinds {
		if k.Positive {
			out["pairs/"+k.Kind+"/recall"] = k.Recall
		} else {
			out["pairs/"+k.Kind+"/false_positive_rate"] = k.FalseRate
		}
	}
	for _, k := range s.QueryKinds {
		if k.Positive {
			out["queries/"+k.Kind+"/found"] = k.Found
			out["queries/"+k.Kind+"/top1"] = k.Top1
		} else {
			out["queries/"+k.Kind+"/false_positive_rate"] = k.FalseRate
		}
	}
	return out
}

func lowerIsBetter(name string) bool {
	return strings.HasSuffix(name, "false_positive_rate") || strings.HasSuffix(name, "negatives_matching")
}

// TestBench_Floors runs both splits through the real matcher and fails
// when a figure falls below its floor in testdata/bench/floors.json (a
// ratchet: figures may only improve).
func TestBench_Floors(t *testing.T) {
	index := screenedIndex(t)
	got := Floors{}
	for _, split := range []string{Train, Test} {
		b, err := Read(benchDir, split)
		if err != nil {
			t.Fatal(err)
		}
		got[split] = figures(b.Run(index, split).Summary())
	}
	path := filepath.Join(benchDir, floorsFile)
	if *updateFloors {
		for _, fs := range got {
			for k, v := range fs {
				fs[k] = math.Round(v*10000) / 10000
			}
		}
		buf, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(path, append(buf, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	buf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var floors Floors
	if err := json.Unmarshal(buf, &floors); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, split := range []string{Train, Test} {
		var names []string
		for k := range floors[split] {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			floor := floors[split][k]
			v, ok := got[split][k]
			switch {
			case !ok:
				t.Errorf("%s %s: no longer measured", split, k)
			case lowerIsBetter(k) && v > floor+floorSlack:
				t.Errorf("%s %s: %.4f, worse than the floor %.4f", split, k, v, floor)
			case !lowerIsBetter(k) && v < floor-floorSlack:
				t.Errorf("%s %s: %.4f, below the floor %.4f", split, k, v, floor)
			}
		}
	}
}
