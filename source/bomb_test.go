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
	// Under the limit, the same kind of file reads.
	if _, err := source.Read(path, source.Options{MaxBytes: 128 << 20}); err != nil {
		t.Fatalf("within the limit: %v", err)
	}
}
