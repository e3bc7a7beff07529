package monitor_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/monitor"
)

// TestScale_DailySeries re-screens a large watchlist (EMBARGO_MONITOR_SCALE
// customers, e.g. 1000000) over the 308 daily OFAC SDN snapshots of
// 2021-08-18 to 2024-05-03 and checks that each step (tens of entities
// added or changed) takes under 10 s and the whole series under 15
// minutes. It reports the figures.
//
//	EMBARGO_MONITOR_SCALE=1000000 go test -run TestScale_DailySeries -v -timeout 60m ./monitor
func TestScale_DailySeries(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("EMBARGO_MONITOR_SCALE"))
	if n <= 0 || testing.Short() {
		t.Skip("set EMBARGO_MONITOR_SCALE to the number of customers (e.g. 1000000) to run")
	}
	ctx := context.Background()
	env := NewEnv(t)
	env.Monitor.Screener = nil // customers are loaded, not screened one by one
	if v, err := strconv.ParseFloat(os.Getenv("EMBARGO_MONITOR_CANDIDATE"), 64); err == nil {
		env.Monitor.CandidateThreshold = v
	}
	maxSteps, _ := strconv.Atoi(os.Getenv("EMBARGO_MONITOR_STEPS"))

	start := time.Now()
	customers := SyntheticCustomers(t, n)
	for i := 0; i < len(customers); i += 100000 {
		if _, err := env.DB.SaveCustomers(ctx, customers[i:min(i+100000, len(customers))]); err != nil {
			t.Fatal(err)
		}
	}
	customers = nil
	t.Logf("%d customers saved in %v", n, time.Since(start).Round(time.Millisecond))

	start = time.Now()
	if err := env.Monitor.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("customer index built in %v (heap %d MB)", time.Since(start).Round(time.Millisecond), ms.HeapAlloc>>20)

	dir := testutil.MustExtractSeries(t)
	folders, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var steps []time.Duration
	var first time.Duration
	total, alerts, entities := time.Duration(0), 0, 0
	seriesStart := time.Now()
	for i, f := range folders {
		if maxSteps > 0 && i > maxSteps {
			break
		}
		l := MustReadList(t, filepath.Join(dir, f.Name()))
		asOf, err := embargo.ParseAsOf(f.Name(), false)
		if err != nil {
			t.Fatal(err)
		}
		res, err := env.DB.ImportList(ctx, l, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if res.Unchanged {
			continue
		}
		stepStart := time.Now()
		out, err := env.Monitor.CatchUp(ctx, res.Source)
		if err != nil {
			t.Fatal(err)
		}
		d := time.Since(stepStart)
		alerts += len(out.Alerts)
		if i == 0 {
			first = d
			t.Logf("first run (all %d entities against %d customers): %v, %d candidates, %d alerts",
				out.Runs[0].Entities, out.Runs[0].Customers, d.Round(time.Millisecond), out.Runs[0].Candidates, len(out.Alerts))
			continue
		}
		for _, r := range out.Runs {
			entities += r.Entities
		}
		steps = append(steps, d)
		total += d
	}
	sort.Slice(steps, func(i, j int) bool { return steps[i] < steps[j] })
	p := func(q float64) time.Duration { return steps[int(q*float64(len(steps)-1))].Round(time.Millisecond) }
	t.Logf("%d daily steps (%d added or changed entities in all): monitoring %v in all, median %v, p90 %v, max %v; %d alerts; whole series with imports %v",
		len(steps), entities, total.Round(time.Millisecond), p(0.5), p(0.9), p(1), alerts, time.Since(seriesStart).Round(time.Second))
	if max := steps[len(steps)-1]; max > 10*time.Second {
		t.Errorf("slowest step took %v, want under 10 s", max)
	}
	if all := total + first; all > 15*time.Minute {
		t.Errorf("monitoring the series took %v, want under 15 minutes", all)
	}
}

// SyntheticCustomers makes n customers with realistic, unlisted names: given
// names and surnames of the synthetic negatives of the evaluation set,
// recombined, some with a middle name, a date of birth and a country.
func SyntheticCustomers(tb testing.TB, n int) []*embargo.Customer {
	tb.Helper()
	given, surnames := monitor.SyntheticNames(tb)
	countries := []string{"US", "GB", "DE", "FR", "NL", "CA", "AU", "IE", "SE", "CH"}
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]*embargo.Customer, n)
	for i := range out {
		name := given[r.IntN(len(given))]
		if r.IntN(3) == 0 {
			name += " " + given[r.IntN(len(given))]
		}
		name += " " + surnames[r.IntN(len(surnames))]
		c := &embargo.Customer{List: "retail", ID: fmt.Sprintf("R%07d", i), Name: name, Schema: embargo.SchemaPerson}
		if r.IntN(2) == 0 {
			c.BirthDate = fmt.Sprintf("%d-%02d-%02d", 1940+r.IntN(65), 1+r.IntN(12), 1+r.IntN(28))
			c.Country = countries[r.IntN(len(countries))]
		}
		out[i] = c
	}
	return out
}
