package textscan_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/csl"
	"github.com/embargo-dev/embargo/source/ofac"
	"github.com/embargo-dev/embargo/source/uk"
	"github.com/embargo-dev/embargo/source/un"
	"github.com/embargo-dev/embargo/textscan"
)

// sharedData is where the full lists are on a development machine; the
// benchmarks over all lists skip without it.
const sharedData = "../../shared/data"

var allOnce struct {
	sync.Once
	vers []*embargo.EntityVersion
	err  error
}

// MustAllVersions parses every full list under sharedData (OFAC SDN and
// non-SDN, UN, UK, US CSL; the EU file is not available in full) into
// entity versions, one snapshot each.
func MustAllVersions(tb testing.TB) []*embargo.EntityVersion {
	tb.Helper()
	if _, err := os.Stat(sharedData); err != nil {
		tb.Skipf("full lists not available: %v", err)
	}
	allOnce.Do(func() {
		var lists []*embargo.ParsedList
		for _, dir := range []string{"ofac-sdn/2021-04-25", "ofac-consolidated/2025-12-19"} {
			paths, _ := filepath.Glob(filepath.Join(sharedData, dir, "*.csv"))
			l, err := ofac.ParseCSVSet(paths, embargo.ParseOptions{})
			if err != nil {
				allOnce.err = err
				return
			}
			lists = append(lists, l)
		}
		for _, f := range []struct {
			path  string
			parse func(io.Reader, string, embargo.ParseOptions) (*embargo.ParsedList, error)
		}{
			{"un-sc/2026-02-27/consolidated.xml", un.Parse},
			{"uk-ofsi/2020-04-27/ConList.csv", uk.Parse},
			{"us-csl/2022-04-21/consolidated.csv.gz", csl.Parse},
		} {
			r, err := os.Open(filepath.Join(sharedData, f.path))
			if err != nil {
				allOnce.err = err
				return
			}
			l, err := f.parse(r, f.path, embargo.ParseOptions{})
			r.Close()
			if err != nil {
				allOnce.err = err
				return
			}
			lists = append(lists, l)
		}
		for _, l := range lists {
			allOnce.vers = append(allOnce.vers, VersionsOf(l.Entities)...)
		}
	})
	if allOnce.err != nil {
		tb.Fatal(allOnce.err)
	}
	return allOnce.vers
}

var allScanner struct {
	sync.Once
	sc *textscan.Scanner
}

// MustAllScanner builds (once) a scanner over every full list.
func MustAllScanner(tb testing.TB) *textscan.Scanner {
	tb.Helper()
	vers := MustAllVersions(tb)
	allScanner.Do(func() {
		start := time.Now()
		b := textscan.NewBuilder()
		for _, v := range vers {
			b.Add(v)
		}
		allScanner.sc = b.Build(textscan.Options{})
		tb.Logf("scanner over all lists: %d versions, %d entities, %d patterns, built in %v",
			len(vers), allScanner.sc.Entities(), allScanner.sc.Patterns(), time.Since(start).Round(time.Millisecond))
	})
	return allScanner.sc
}

// EnglishText returns about n bytes of English: the licence texts every
// Debian system has, with the test news articles mixed in (so that names
// are found and confirmed too, as in real news), repeated.
func EnglishText(tb testing.TB, n int) []byte {
	tb.Helper()
	var parts [][]byte
	paths, _ := filepath.Glob("/usr/share/common-licenses/*")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			parts = append(parts, b)
		}
	}
	news, _ := filepath.Glob(filepath.Join("testdata", "news", "*.txt"))
	for _, p := range news {
		parts = append(parts, MustReadFile(tb, filepath.Join("news", filepath.Base(p))))
	}
	var b bytes.Buffer
	for b.Len() < n {
		for _, p := range parts {
			b.Write(p)
			b.WriteString("\n\n")
		}
	}
	return b.Bytes()[:n]
}

// benchText returns the 8 MiB of English text the scan benchmarks read,
// with b set to report bytes and allocations.
func benchText(b *testing.B) []byte {
	text := EnglishText(b, 8<<20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	return text
}

// BenchmarkScan scans English text against every full list, in memory.
func BenchmarkScan(b *testing.B) {
	sc := MustAllScanner(b)
	text := benchText(b)
	n := 0
	for b.Loop() {
		n = len(sc.Scan(text, textscan.ScanOptions{Threshold: -1}))
	}
	b.ReportMetric(float64(n), "mentions/op")
}

// BenchmarkScanReader scans the same text streamed through ScanReader.
func BenchmarkScanReader(b *testing.B) {
	sc := MustAllScanner(b)
	text := benchText(b)
	for b.Loop() {
		err := sc.ScanReader(context.Background(), bytes.NewReader(text), textscan.ScanOptions{Threshold: -1}, func(textscan.Mention) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScan_SDN scans the same text against the two SDN test snapshots
// only (runs without the full lists).
func BenchmarkScan_SDN(b *testing.B) {
	sc := MustSDNScanner(b)
	text := benchText(b)
	for b.Loop() {
		sc.Scan(text, textscan.ScanOptions{Threshold: -1})
	}
}

// BenchmarkBuildAll measures building the scanner over every full list.
func BenchmarkBuildAll(b *testing.B) {
	vers := MustAllVersions(b)
	b.ReportAllocs()
	for b.Loop() {
		bd := textscan.NewBuilder()
		for _, v := range vers {
			bd.Add(v)
		}
		bd.Build(textscan.Options{})
	}
}

// repeatReader yields text over and over up to n bytes, without holding
// more than one copy.
type repeatReader struct {
	text []byte
	off  int
	n    int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n {
		p = p[:r.n]
	}
	k := copy(p, r.text[r.off:])
	r.off = (r.off + k) % len(r.text)
	r.n -= int64(k)
	return k, nil
}

// TestScanReader_100MB streams 100 MB through the scanner and checks that
// the heap stays small: the input is never held whole.
func TestScanReader_100MB(t *testing.T) {
	if testing.Short() {
		t.Skip("100 MB scan skipped in -short mode")
	}
	sc := MustSDNScanner(t)
	text := EnglishText(t, 1<<20)
	const size = 100 << 20
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	n := 0
	start := time.Now()
	err := sc.ScanReader(context.Background(), &repeatReader{text: text, n: size}, textscan.ScanOptions{Threshold: -1}, func(m textscan.Mention) error {
		n++
		if n%20000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapInuse)
	t.Logf("100 MB: %d mentions in %v; heap in use %d MiB before, peak %d MiB", n, time.Since(start).Round(time.Millisecond), base>>20, peak>>20)
	if n == 0 {
		t.Fatal("no mentions found")
	}
	if grew := int64(peak) - int64(base); grew > 48<<20 {
		t.Fatalf("heap grew by %d MiB scanning 100 MB, want under 48 MiB", grew>>20)
	}
}

// BenchmarkBuild measures building a scanner over the two SDN snapshots.
func BenchmarkBuild(b *testing.B) {
	vers := MustSDNVersions(b)
	for b.Loop() {
		bd := textscan.NewBuilder()
		for _, v := range vers {
			bd.Add(v)
		}
		bd.Build(textscan.Options{})
	}
}
