package monitor

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
	"github.com/embargo-dev/embargo/source"
)

func change(rev int64, kind, id, name string) *embargo.CustomerChange {
	return &embargo.CustomerChange{Rev: rev, Change: kind, Customer: embargo.Customer{List: "l", ID: id, Name: name, Schema: embargo.SchemaPerson}}
}

// find returns the ids of the live customers a search for name finds.
func find(tb testing.TB, w *watchIndex, name string) []string {
	tb.Helper()
	found := map[int32]bool{}
	if err := w.search(embargo.Query{Name: name}, match.SearchOptions{Threshold: 0.9, Limit: 100}, found); err != nil {
		tb.Fatal(err)
	}
	var ids []string
	for i := range found {
		ids = append(ids, w.slots[i].id)
	}
	sort.Strings(ids)
	return ids
}

func TestWatchIndex(t *testing.T) {
	w := newWatchIndex()
	names := []string{"Jane Roe", "John Doe", "Max Mustermann", "Erika Musterfrau", "Pat Smith"}
	for i, n := range names {
		w.apply(change(int64(i+1), embargo.ChangeAdded, fmt.Sprint("c", i), n))
	}
	w.finish()
	if w.base == nil || w.baseN != 5 || w.delta != nil || w.live != 5 || w.rev != 5 {
		t.Fatalf("after the first load: baseN %d, delta %v, live %d, rev %d", w.baseN, w.delta != nil, w.live, w.rev)
	}
	if got := fmt.Sprint(find(t, w, "John Doe")); got != "[c1]" {
		t.Fatalf("John Doe found %s", got)
	}

	// Changes go to the delta; the old content is dead.
	w.apply(change(6, embargo.ChangeUpdated, "c1", "Johnny Walker"))
	w.apply(change(7, embargo.ChangeRemoved, "c2", "Max Mustermann"))
	w.apply(change(8, embargo.ChangeAdded, "c9", "John Doe"))
	w.finish()
	if w.baseN != 5 || w.delta == nil || w.live != 5 || len(w.slots) != 7 {
		t.Fatalf("after changes: baseN %d, delta %v, live %d, slots %d", w.baseN, w.delta != nil, w.live, len(w.slots))
	}
	for _, c := range []struct{ name, want string }{
		{"John Doe", "[c9]"}, {"Johnny Walker", "[c1]"}, {"Max Mustermann", "[]"}, {"Jane Roe", "[c0]"},
	} {
		if got := fmt.Sprint(find(t, w, c.name)); got != c.want {
			t.Errorf("%s found %s, want %s", c.name, got, c.want)
		}
	}

	// Enough changes rebuild everything, without the dead slots.
	rev := int64(8)
	for i := range 6000 {
		rev++
		w.apply(change(rev, embargo.ChangeAdded, fmt.Sprint("n", i), fmt.Sprintf("Person Number%d", i)))
	}
	w.finish()
	if w.baseN != w.live || len(w.slots) != w.live || w.delta != nil || w.live != 6005 {
		t.Fatalf("after the rebuild: baseN %d, slots %d, live %d, delta %v", w.baseN, len(w.slots), w.live, w.delta != nil)
	}
	for _, c := range []struct{ name, want string }{
		{"John Doe", "[c9]"}, {"Johnny Walker", "[c1]"}, {"Max Mustermann", "[]"},
	} {
		if got := fmt.Sprint(find(t, w, c.name)); got != c.want {
			t.Errorf("after the rebuild, %s found %s, want %s", c.name, got, c.want)
		}
	}
	if got := find(t, w, "Person Number5999"); !slices.Contains(got, "n5999") {
		t.Errorf("after the rebuild, Person Number5999 found %v", got)
	}
}

func TestDistinctNames(t *testing.T) {
	e := &embargo.Entity{Schema: embargo.SchemaPerson, Name: "DERKACH, Andrii Leonidovych", Aliases: []embargo.Alias{
		{Name: "DERKACH, Andriy Leonidovych"}, {Name: "Andrii Leonidovych DERKACH"}, {Name: "DERKACH, Andriy"}, {Name: "..."},
	}}
	got := distinctNames(e)
	want := []string{"DERKACH, Andrii Leonidovych", "DERKACH, Andriy"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("distinctNames = %q, want %q", got, want)
	}
}

// BenchmarkReverse measures re-screening one daily step's worth of changed
// entities (30 entities of the 2021 SDN list) against a watchlist of
// synthetic customers (EMBARGO_MONITOR_BENCH_CUSTOMERS, default 100000):
//
//	go test -run - -bench Reverse ./monitor
func BenchmarkReverse(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("EMBARGO_MONITOR_BENCH_CUSTOMERS"))
	if n <= 0 {
		n = 100000
	}
	given, surnames := SyntheticNames(b)
	w := newWatchIndex()
	r := rand.New(rand.NewPCG(3, 4))
	for i := range n {
		name := given[r.IntN(len(given))] + " " + surnames[r.IntN(len(surnames))]
		w.apply(change(int64(i+1), embargo.ChangeAdded, strconv.Itoa(i), name))
	}
	w.finish()
	lists, err := source.Read("../source/ofac/testdata/sdn-2021-04-25", source.Options{})
	if err != nil {
		b.Fatal(err)
	}
	all := lists[0].Entities
	ents := make([]embargo.Entity, 30)
	for i := range ents {
		ents[i] = all[r.IntN(len(all))]
	}
	s := NewService(nil, nil, nil)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := s.reverse(w, ents); err != nil {
			b.Fatal(err)
		}
	}
}

// SyntheticNames reads the given names and surnames of testdata/names.txt, the
// synthetic negatives of the evaluation set, one name a line (lines of
// fewer than two words are passed over). Exported for monitor_test.
func SyntheticNames(tb testing.TB) (given, surnames []string) {
	tb.Helper()
	data, err := os.ReadFile("testdata/names.txt")
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		given = append(given, f[0])
		surnames = append(surnames, f[len(f)-1])
	}
	return given, surnames
}
