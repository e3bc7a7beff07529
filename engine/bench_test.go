package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
)

// BenchmarkLoad loads the screening index from a SQLite store holding the
// 2021-04-25 SDN snapshot, the start-up part of a batch screening: built
// from the stored versions without the index cache (build), built and
// stored in it as the first process after an import does (first), and
// loaded from it as the processes after do (cached).
func BenchmarkLoad(b *testing.B) {
	for _, mode := range []string{"build", "first", "cached"} {
		b.Run(mode, func(b *testing.B) {
			eng, db := MustEngine(b)
			eng.NoIndexCache = mode == "build"
			ctx := context.Background()
			for b.Loop() {
				if mode == "first" {
					b.StopTimer()
					if _, err := db.DB.ExecContext(ctx, `DELETE FROM index_cache`); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if err := eng.Load(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(eng.IndexSize()), "versions")
		})
	}
}

// BenchmarkScreenBatch screens 2,000 rows of listed and unlisted names with
// and without the audit log, as `embargo screen --in` does after start-up.
func BenchmarkScreenBatch(b *testing.B) {
	b.Run("audit", func(b *testing.B) { benchScreenBatch(b, true) })
	b.Run("no-audit", func(b *testing.B) { benchScreenBatch(b, false) })
}

func benchScreenBatch(b *testing.B, audit bool) {
	eng, _ := MustEngine(b)
	if !audit {
		eng.Audit = nil
	}
	names := []string{"Oleg Deripaska", "Andriy Derkach", "Олег Дерипаска", "John Smith", "Rosneft Trading SA", "Mohamed Ali Hassan", "Kim Jong Un", "Acme Widgets Ltd"}
	var in bytes.Buffer
	in.WriteString("id,name\n")
	const rows = 2000
	for i := range rows {
		fmt.Fprintf(&in, "r%d,%s\n", i, names[i%len(names)])
	}
	input := in.Bytes()
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if _, err := eng.ScreenBatch(context.Background(), bytes.NewReader(input), &out, engine.BatchOptions{ScreenOptions: embargo.ScreenOptions{Threshold: -1}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N*rows)*1e6, "µs/row")
}
