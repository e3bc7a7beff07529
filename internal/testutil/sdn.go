package testutil

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/match"
	"github.com/embargo-dev/embargo/source/ofac"
)

// SDNDir returns the folder of the real OFAC SDN list of date, 2019-01-04
// or 2021-04-25 (source/ofac/testdata/sdn-<date>: sdn.csv, alt.csv and
// add.csv), that tests import and screen against.
func SDNDir(date string) string {
	return filepath.Join(Root(), "source", "ofac", "testdata", "sdn-"+date)
}

// SDN2019 and SDN2021 are the folders of the SDN lists of 2019-01-04 and
// 2021-04-25 (see SDNDir).
var (
	SDN2019 = SDNDir("2019-01-04")
	SDN2021 = SDNDir("2021-04-25")
)

// sdnList is one SDN list, parsed once per test binary.
type sdnList struct {
	once sync.Once
	ents []embargo.Entity
	err  error
}

var sdnLists sync.Map // date -> *sdnList

// MustSDNEntities returns the entities of the SDN list of date (see
// SDNDir), parsed once per test binary. They are shared: do not change
// them.
func MustSDNEntities(tb testing.TB, date string) []embargo.Entity {
	tb.Helper()
	v, _ := sdnLists.LoadOrStore(date, &sdnList{})
	l := v.(*sdnList)
	l.once.Do(func() {
		var paths []string
		for _, f := range []string{"sdn.csv", "alt.csv", "add.csv"} {
			paths = append(paths, filepath.Join(SDNDir(date), f))
		}
		list, err := ofac.ParseCSVSet(paths, embargo.ParseOptions{})
		if err != nil {
			l.err = err
			return
		}
		l.ents = list.Entities
	})
	if l.err != nil {
		tb.Fatalf("load SDN %s: %v", date, l.err)
	}
	return l.ents
}

var (
	sdnOnce  sync.Once
	sdnIndex *match.Index
)

// MustSDN returns the entities of the SDN list of 2021-04-25 and an index
// of them (each valid from snapshot 1 on), built once per test binary.
func MustSDN(tb testing.TB) ([]embargo.Entity, *match.Index) {
	tb.Helper()
	ents := MustSDNEntities(tb, "2021-04-25")
	sdnOnce.Do(func() {
		sdnIndex = match.NewIndex()
		for i := range ents {
			sdnIndex.Add(&embargo.EntityVersion{Entity: ents[i], FromSeq: 1})
		}
		sdnIndex.Finish()
	})
	return ents, sdnIndex
}
