package http_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/source"
)

// TestImportBombUpload: an uploaded sdn.csv.gz of a few MB that inflates
// to 4 GiB is refused with 413 naming the default limit on a list file
// once decompressed, and nothing is stored.
func TestImportBombUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 128 MiB (about 10 s)")
	}
	real, err := os.ReadFile(testutil.SDN2021 + "/sdn.csv")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	zw.Write(bytes.TrimRight(real, "\x1a"))
	zw.Close()
	// 64 MiB of blank lines as one gzip member, repeated (a gzip reader
	// reads concatenated members as one stream): 4 GiB once inflated.
	var member bytes.Buffer
	mw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	mw.Write(bytes.Repeat([]byte("\n"), 64<<20))
	mw.Close()
	for range 64 {
		gz.Write(member.Bytes())
	}
	ts := MustOpenServer(t)
	admin := ts.MustCreateKey(t, embargo.RoleAdmin)
	before, _ := ts.DB.FindSnapshots(t.Context(), embargo.SnapshotFilter{})
	r := ts.Do(t, "POST", "/api/v1/import?filename=sdn.csv.gz&as_of=2024-01-01", &gz, admin...)
	MustStatus(t, r, 413)
	if msg, _ := r.Error(t); !strings.Contains(msg, strconv.Itoa(source.DefaultMaxBytes)) {
		t.Fatalf("413 %q does not name the %d-byte limit", msg, source.DefaultMaxBytes)
	}
	if after, _ := ts.DB.FindSnapshots(t.Context(), embargo.SnapshotFilter{}); len(after) != len(before) {
		t.Fatalf("snapshots %d, want %d: the bomb stored something", len(after), len(before))
	}
}
