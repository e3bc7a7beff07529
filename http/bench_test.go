package http_test

import (
	"context"
	"encoding/csv"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	embhttp "github.com/embargo-dev/embargo/http"
)

// benchNames reads the names of the development query set.
func benchNames(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("../evaluation/testdata/dev-queries.csv")
	if err != nil {
		tb.Skip(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, r := range recs[1:] {
		names = append(names, r[1])
	}
	return names
}

// BenchmarkScreen_Handler measures GET /api/v1/screen through the whole
// handler chain (metrics, access checks, JSON), without the network.
func BenchmarkScreen_Handler(b *testing.B) {
	ts := MustOpenServer(b)
	h := ts.Handler()
	names := benchNames(b)
	urls := make([]string, len(names))
	for i, n := range names {
		urls[i] = "/api/v1/screen?name=" + url.QueryEscape(n)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req := httptest.NewRequest("GET", urls[i%len(urls)], nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
		i++
	}
}

// BenchmarkScreen_Engine measures the engine alone, for comparison.
func BenchmarkScreen_Engine(b *testing.B) {
	_, eng := sharedFixture(b)
	names := benchNames(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := eng.Screen(context.Background(), embargo.Query{Name: names[i%len(names)]}, embargo.ScreenOptions{Threshold: -1, Limit: 10}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkScan_Handler measures POST /api/v1/scan of a 1 MiB text through
// the whole handler chain (the body read, the scan budget, JSON), without
// the network: the cost an anonymous client can ask for once per burst.
func BenchmarkScan_Handler(b *testing.B) {
	ts := MustOpenServer(b, func(s *embhttp.Server) { s.Config.AnonScanBytesRate = 0 })
	h := ts.Handler()
	text := strings.Repeat("Payment to Oleg Deripaska for services. ", (1<<20)/40)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/api/v1/scan", strings.NewReader(text))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
