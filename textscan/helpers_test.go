package textscan_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/source/ofac"
	"github.com/embargo-dev/embargo/textscan"
)

// The two real OFAC SDN snapshots the tests scan against: seq 1 is
// 2019-01-04 (Rusal still listed), seq 2 is 2021-04-25 (Rusal gone, Derkach
// added).
var (
	sdnDir   = filepath.Join("..", "source", "ofac", "testdata")
	sdnDates = []time.Time{
		time.Date(2019, 1, 4, 0, 0, 0, 0, time.UTC),
		time.Date(2021, 4, 25, 0, 0, 0, 0, time.UTC),
	}
)

// sdnAsOf returns the date of the test snapshots by seq.
func sdnAsOf(source string, seq int) time.Time {
	if source != embargo.SourceOFACSDN || seq < 1 || seq > len(sdnDates) {
		return time.Time{}
	}
	return sdnDates[seq-1]
}

var sdnOnce struct {
	sync.Once
	vers []*embargo.EntityVersion
	sc   *textscan.Scanner
}

// MustSDNVersions parses the two SDN snapshots and returns every entity
// version with its validity, as a store would hand them out.
func MustSDNVersions(tb testing.TB) []*embargo.EntityVersion {
	tb.Helper()
	sdnOnce.Do(func() {
		var lists [][]embargo.Entity
		for _, dir := range []string{"sdn-2019-01-04", "sdn-2021-04-25"} {
			paths, err := filepath.Glob(filepath.Join(sdnDir, dir, "*.csv"))
			if err != nil || len(paths) == 0 {
				return
			}
			l, err := ofac.ParseCSVSet(paths, embargo.ParseOptions{})
			if err != nil {
				tb.Logf("parse %s: %v", dir, err)
				return
			}
			lists = append(lists, l.Entities)
		}
		sdnOnce.vers = VersionsOf(lists...)
	})
	if sdnOnce.vers == nil {
		tb.Fatal("cannot read the SDN test snapshots")
	}
	return sdnOnce.vers
}

// VersionsOf turns successive snapshots of one source (seq 1, 2, ...) into
// entity versions.
func VersionsOf(lists ...[]embargo.Entity) []*embargo.EntityVersion {
	open := map[string]*embargo.EntityVersion{}
	var out []*embargo.EntityVersion
	for i, list := range lists {
		seq := i + 1
		seen := map[string]bool{}
		for _, e := range list {
			e.Normalize()
			h := e.Hash()
			seen[e.ID] = true
			if v, ok := open[e.ID]; ok && v.Hash == h {
				continue
			} else if ok {
				v.ToSeq = seq
			}
			v := &embargo.EntityVersion{Entity: e, Hash: h, FromSeq: seq}
			open[e.ID] = v
			out = append(out, v)
		}
		for id, v := range open {
			if !seen[id] {
				v.ToSeq = seq
				delete(open, id)
			}
		}
	}
	return out
}

// MustSDNScanner builds (once) a scanner over the two SDN snapshots.
func MustSDNScanner(tb testing.TB) *textscan.Scanner {
	tb.Helper()
	vers := MustSDNVersions(tb)
	if sdnOnce.sc == nil {
		b := textscan.NewBuilder()
		for _, v := range vers {
			b.Add(v)
		}
		sdnOnce.sc = b.Build(textscan.Options{})
	}
	return sdnOnce.sc
}

// MustReadFile reads a file under testdata.
func MustReadFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
