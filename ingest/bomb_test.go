package ingest_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/source"
	"github.com/embargo-dev/embargo/sqlite"
)

// writeBomb writes sdn.csv.gz: a real OFAC sdn.csv, then well-formed rows
// with new ids for rowBytes, then newlines up to total bytes once
// decompressed (a repeated gzip member, so the file stays small).
func writeBomb(t *testing.T, path string, rowBytes, total int64) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	zw, _ := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	real, err := os.ReadFile("../source/ofac/testdata/sdn-2021-04-25/sdn.csv")
	if err != nil {
		t.Fatal(err)
	}
	real = bytes.TrimRight(real, "\x1a") // the DOS end-of-file mark
	n, _ := zw.Write(real)
	written := int64(n)
	line := `,"DOE, John",individual,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\n"
	for i := 10000000; written < rowBytes; i++ {
		k, _ := fmt.Fprintf(zw, "%d%s", i, line)
		written += int64(k)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	// One member of 64 MiB of newlines, repeated: gzip readers read
	// concatenated members as one stream.
	var member bytes.Buffer
	mw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	mw.Write(bytes.Repeat([]byte("\n"), 64<<20))
	mw.Close()
	for ; written < total; written += 64 << 20 {
		bw.Write(member.Bytes())
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return written
}

// TestDecompressionBombMemory is the "must show" of issue 15's finding 1:
// importing, through the one import path and with the default limit, a
// gzip file that inflates to 4 GiB stops at the limit with an error naming
// it, and the process stays under 500 MB resident. The import runs in a
// child process (this test binary) whose peak resident size the kernel
// reports.
func TestDecompressionBombMemory(t *testing.T) {
	if bomb := os.Getenv("EMBARGO_TEST_BOMB"); bomb != "" {
		ctx := context.Background()
		db, err := sqlite.Open(ctx, filepath.Join(filepath.Dir(bomb), "embargo.db"), sqlite.Options{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		im := &ingest.Importer{Store: db}
		_, err = im.ImportPaths(ctx, []string{bomb}, source.Options{}, date("2024-01-01"))
		fmt.Printf("IMPORT ERROR: %v\n", err)
		return
	}
	if testing.Short() {
		t.Skip("inflates the default limit's worth of a bomb (several seconds)")
	}
	for _, c := range []struct {
		name            string
		rowBytes, total int64
		want            string // in the error, with the file's path
	}{
		// Newlines past the rows: the decompressed-size limit stops it.
		{"newlines", 0, 4 << 30, strconv.Itoa(source.DefaultMaxBytes)},
		// Well-formed rows just under the size limit (1.6 million
		// entities, 2.2 GB resident before the entity limit): the entity
		// limit stops it, at a line.
		{"valid rows", source.DefaultMaxBytes - 1<<20, 0, fmt.Sprintf(" line %d: more than %d entities", source.DefaultMaxEntities+1, source.DefaultMaxEntities)},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sdn.csv.gz")
			total := writeBomb(t, path, c.rowBytes, c.total)
			st, _ := os.Stat(path)
			t.Logf("bomb: %d bytes of gzip, %d bytes inflated", st.Size(), total)

			cmd := exec.Command(os.Args[0], "-test.run=^TestDecompressionBombMemory$", "-test.v")
			cmd.Env = append(os.Environ(), "EMBARGO_TEST_BOMB="+path)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			// The file is named as read, without its .gz where the set's
			// parser names it.
			if !strings.Contains(string(out), "IMPORT ERROR: "+strings.TrimSuffix(path, ".gz")) || !strings.Contains(string(out), c.want) {
				t.Fatalf("child output:\n%s\nwant an error naming %s and %q", out, path, c.want)
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024 // KiB on Linux
			t.Logf("peak resident: %d MB; %s", rss>>20, bytes.TrimSpace(out))
			if rss >= 500<<20 {
				t.Fatalf("peak resident %d MB, want under 500 MB", rss>>20)
			}
		})
	}
}
