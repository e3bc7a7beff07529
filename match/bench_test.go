package match_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/match"
)

// MustSDN returns the entities of the real OFAC SDN list of 2021-04-25 and
// an index of them, built once per test binary.
func MustSDN(tb testing.TB) ([]embargo.Entity, *match.Index) {
	tb.Helper()
	return testutil.MustSDN(tb)
}

// buildIndex indexes entities as copies versions of each: version k valid
// for snapshots [k, k+1), the last one still listed.
func buildIndex(ents []embargo.Entity, copies int) *match.Index {
	ix := match.NewIndex()
	for k := 1; k <= copies; k++ {
		for i := range ents {
			v := &embargo.EntityVersion{Entity: ents[i], FromSeq: k, ToSeq: k + 1}
			if k == copies {
				v.ToSeq = 0
			}
			ix.Add(v)
		}
	}
	ix.Finish()
	return ix
}

// benchQueries makes a realistic mix of queries from listed names: exact,
// reordered, a token dropped, a typo, and names that are not listed.
func benchQueries(ents []embargo.Entity, n int) []embargo.Query {
	r := rand.New(rand.NewPCG(1, 2))
	qs := make([]embargo.Query, 0, n)
	syl := []string{"ka", "ri", "mo", "len", "sta", "vor", "bel", "ni", "tu", "gar", "son", "de", "mar", "lin", "ech", "ola"}
	for len(qs) < n {
		e := &ents[r.IntN(len(ents))]
		names := e.AllNames()
		toks := strings.Fields(strings.NewReplacer(",", " ").Replace(names[r.IntN(len(names))]))
		switch r.IntN(5) {
		case 1:
			r.Shuffle(len(toks), func(i, j int) { toks[i], toks[j] = toks[j], toks[i] })
		case 2:
			if len(toks) > 2 {
				toks = slices.Delete(toks, 1, 2)
			}
		case 3:
			t := []byte(toks[0])
			if len(t) > 3 {
				i := 1 + r.IntN(len(t)-2)
				t[i], t[i+1] = t[i+1], t[i]
				toks[0] = string(t)
			}
		case 4:
			toks = nil
			for k := 0; k < 2+r.IntN(2); k++ {
				w := ""
				for s := 0; s < 2+r.IntN(2); s++ {
					w += syl[r.IntN(len(syl))]
				}
				toks = append(toks, w)
			}
		}
		qs = append(qs, embargo.Query{Name: strings.Join(toks, " ")})
	}
	return qs
}

// searchLatencies runs the queries in turn and reports p50 and p99
// latency: wall-clock, and the CPU time of the searching thread, which a
// machine shared with other work does not inflate.
func searchLatencies(b *testing.B, ix *match.Index, qs []embargo.Query) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lat := make([]time.Duration, 0, len(qs))
	cpu := make([]time.Duration, 0, len(qs))
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		i++
		t, c := time.Now(), threadCPUTime()
		if _, err := ix.Search(q, match.SearchOptions{Threshold: -1}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		cpu = append(cpu, threadCPUTime()-c)
	}
	slices.Sort(lat)
	slices.Sort(cpu)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds()), "cpu-p50-µs")
		b.ReportMetric(float64(cpu[len(cpu)*99/100].Microseconds()), "cpu-p99-µs")
	}
}

// BenchmarkSearch measures single-query latency against the real SDN list.
func BenchmarkSearch(b *testing.B) {
	ents, ix := MustSDN(b)
	searchLatencies(b, ix, benchQueries(ents, 5000))
}

// BenchmarkSearchParallel measures throughput with every core searching.
func BenchmarkSearchParallel(b *testing.B) {
	ents, ix := MustSDN(b)
	qs := benchQueries(ents, 5000)
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			q := qs[next.Add(1)%int64(len(qs))]
			if _, err := ix.Search(q, match.SearchOptions{Threshold: -1}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkBatch20k screens a batch of 20,000 queries on every core, as
// `embargo screen --in` does, and reports queries per second.
func BenchmarkBatch20k(b *testing.B) {
	ents, ix := MustSDN(b)
	qs := benchQueries(ents, 20000)
	workers := runtime.GOMAXPROCS(0)
	var total, cpu time.Duration
	n := 0
	for b.Loop() {
		ix.Finish() // a cold start each time: Finish empties the expansion cache
		t, c := time.Now(), cpuTime()
		var wg sync.WaitGroup
		var next atomic.Int64
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := next.Add(1) - 1
					if i >= int64(len(qs)) {
						return
					}
					if _, err := ix.Search(qs[i], match.SearchOptions{Threshold: -1}); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		total += time.Since(t)
		cpu += cpuTime() - c
		n += len(qs)
	}
	b.ReportMetric(float64(n)/total.Seconds(), "queries/s")
	// CPU time per query, which a machine shared with other work does not
	// distort: 30,000 queries/s on two cores needs at most 66 µs.
	b.ReportMetric(float64(cpu.Microseconds())/float64(n), "cpu-µs/query")
}

// BenchmarkIndexBuild builds an index of about 53,000 entity versions (the
// SDN list six times over, as six snapshots' versions) and reports the heap
// it holds.
func BenchmarkIndexBuild(b *testing.B) {
	ents, _ := MustSDN(b)
	var ix *match.Index
	var before, after runtime.MemStats
	var cpu time.Duration
	for b.Loop() {
		ix = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		c := cpuTime()
		ix = buildIndex(ents, 6)
		cpu += cpuTime() - c
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(ix.Len()), "versions")
	// CPU time (user and system, both goroutines of Finish), which a
	// machine shared with other work distorts less than the wall time.
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	// The index's own memory: the entities it points to belong to the
	// caller (a store or a parsed list) and are not counted.
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MB")
}

// BenchmarkIndexLoad decodes the index BenchmarkIndexBuild builds from
// its encoding (Index.MarshalBinary), as a process loading a cached index
// instead of building one does.
func BenchmarkIndexLoad(b *testing.B) {
	ents, _ := MustSDN(b)
	data, err := buildIndex(ents, 6).MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	var ix *match.Index
	for b.Loop() {
		ix = nil
		runtime.GC()
		c := cpuTime()
		if ix, err = match.UnmarshalIndex(data); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c
	}
	b.ReportMetric(float64(ix.Len()), "versions")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(data))/(1<<20), "file-MB")
}

// BenchmarkScale1M searches an index of 1,000,000 synthetic entities.
func BenchmarkScale1M(b *testing.B) {
	if testing.Short() {
		b.Skip("heavy: builds 1,000,000 entities")
	}
	ents := syntheticEntities(1_000_000)
	t := time.Now()
	ix := buildIndex(ents, 1)
	b.Logf("built %d entities in %v", ix.Len(), time.Since(t))
	qs := benchQueries(ents, 5000)
	b.ResetTimer()
	searchLatencies(b, ix, qs)
}

// syntheticEntities makes persons and companies with names drawn from
// generated given names and surnames, so that the vocabulary and the
// token frequencies look like a large list's.
func syntheticEntities(n int) []embargo.Entity {
	r := rand.New(rand.NewPCG(7, 8))
	on := []string{"b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "kh", "ch", "al", "ab", "y", ""}
	nu := []string{"a", "e", "i", "o", "u", "ia", "ou", "ai"}
	co := []string{"n", "r", "l", "s", "v", "k", "m", "d", "t", "ch", "sh", "ov", "ev", "in", "an", ""}
	word := func(syl int) string {
		var b strings.Builder
		for s := 0; s < syl; s++ {
			b.WriteString(on[r.IntN(len(on))])
			b.WriteString(nu[r.IntN(len(nu))])
		}
		b.WriteString(co[r.IntN(len(co))])
		w := b.String()
		return strings.ToUpper(w[:1]) + w[1:]
	}
	given := make([]string, 3000)
	for i := range given {
		given[i] = word(2)
	}
	sur := make([]string, 300000)
	for i := range sur {
		sur[i] = word(2 + r.IntN(2))
	}
	forms := []string{"LLC", "LTD", "JSC", "SA", "GMBH", "CO., LTD.", "INC"}
	ents := make([]embargo.Entity, n)
	for i := range ents {
		e := &ents[i]
		e.Source, e.SourceID = "synthetic", fmt.Sprint(i)
		e.ID = embargo.EntityID(e.Source, e.SourceID)
		// Zipf-like given names: a few very common ones.
		g := given[int(float64(len(given))*r.Float64()*r.Float64()*r.Float64())]
		if i%5 == 4 {
			e.Schema = embargo.SchemaOrganization
			e.Name = strings.ToUpper(sur[r.IntN(len(sur))]+" "+word(2)) + " " + forms[r.IntN(len(forms))]
			continue
		}
		e.Schema = embargo.SchemaPerson
		e.Name = strings.ToUpper(sur[r.IntN(len(sur))]) + ", " + g
		if r.IntN(2) == 0 {
			e.Name += " " + given[r.IntN(len(given))]
		}
		if r.IntN(3) == 0 {
			e.Aliases = []embargo.Alias{{Name: g + " " + sur[r.IntN(len(sur))]}}
		}
	}
	return ents
}
