package source_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source"
)

// TestDecompressionBomb is finding 1 of issue 15: a small list.csv.gz that
// inflates far beyond the upload limit was parsed whole, in memory. The
// decompressed bytes are counted and bounded, and the error names the file
// and the limit.
func TestDecompressionBomb(t *testing.T) {
	// 64 MiB of well-formed OFAC CSV rows, gzipped to a few hundred KB.
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	line := `,"DOE, John",individual,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\n"
	for i, n := 1, 0; n < 64<<20; i++ {
		k, _ := fmt.Fprintf(zw, "%d%s", i, line)
		n += k
	}
	zw.Close()
	path := filepath.Join(t.TempDir(), "sdn.csv.gz")
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("bomb: %d bytes gzipped, 64 MiB inflated", gz.Len())
	_, err := source.Read(path, source.Options{MaxBytes: 8 << 20})
	if embargo.ErrorCode(err) != embargo.ETOOLARGE || !strings.Contains(err.Error(), "8388608") || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v (%s), want ETOOLARGE naming %s and the 8388608-byte limit", err, embargo.ErrorCode(err), path)
	}
	// Under the limit, the same kind of file reads (with no bound on its
	// 800,000 entities: TestMaxEntities).
	if _, err := source.Read(path, source.Options{MaxBytes: 128 << 20, MaxEntities: -1}); err != nil {
		t.Fatalf("within the limit: %v", err)
	}
}

// TestMaxEntities: a list file with more entities than Options.MaxEntities
// is refused at the line of the first one beyond, naming the file and the
// limit, in every parser, the OFAC Advanced XML (per DistinctParty) and
// FollowTheMoney (per listed thing) ones included (a file of valid rows
// cannot take memory without end); no list is returned.
func TestMaxEntities(t *testing.T) {
	for _, path := range []string{
		"ofac/testdata/sdn-2021-04-25",                        // OFAC CSV set
		"ofac/testdata/cons-2018-04-06/consolidated.xml",      // OFAC XML
		"ofac/testdata/cons-2020-03-17/cons_advanced.xml.gz",  // OFAC Advanced XML
		"ftm/testdata/us_ofac_sdn-2021-04-25.ftm.json",        // FollowTheMoney
		"eu/testdata/sample_eu.xml",                           // EU XML
		"uk/testdata/UK-Sanctions-List-sample.xml",            // UK FCDO XML
		"uk/testdata/ConList-2020-04-27.csv.gz",               // UK OFSI CSV
		"csl/testdata/consolidated-2022-04-21-excerpt.csv.gz", // CSL
	} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			all, err := source.Read(path, source.Options{})
			if err != nil {
				t.Fatal(err)
			}
			n := len(all[0].Entities)
			if _, err := source.Read(path, source.Options{MaxEntities: n}); err != nil {
				t.Fatalf("a limit of exactly its %d entities: %v", n, err)
			}
			lists, err := source.Read(path, source.Options{MaxEntities: n - 1})
			want := fmt.Sprintf("more than %d entities in one list (the limit; raise it with --max-entities)", n-1)
			if err == nil || lists != nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), " line ") {
				t.Fatalf("a limit of %d for %d entities: %v, %d lists; want an error at a line with %q", n-1, n, err, len(lists), want)
			}
			t.Log(err)
		})
	}
}
