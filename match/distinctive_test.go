package match_test

import (
	"sync"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/match"
)

var (
	historyOnce sync.Once
	historyIdx  *match.Index
)

// MustSDNHistory returns an index of two real SDN snapshots: 2019-01-04 as
// seq 1 and 2021-04-25 as seq 2. Entities of the first that the second
// lacks are valid for seq 1 only.
func MustSDNHistory(tb testing.TB) *match.Index {
	tb.Helper()
	old, cur := testutil.MustSDNEntities(tb, "2019-01-04"), testutil.MustSDNEntities(tb, "2021-04-25")
	historyOnce.Do(func() {
		ix := match.NewIndex()
		// Versions are compared by id only: a listed entity keeps the
		// version of seq 1 until seq 2, when the 2021 version takes over.
		for i := range old {
			ix.Add(&embargo.EntityVersion{Entity: old[i], FromSeq: 1, ToSeq: 2})
		}
		for i := range cur {
			ix.Add(&embargo.EntityVersion{Entity: cur[i], FromSeq: 2})
		}
		ix.Finish()
		historyIdx = ix
	})
	return historyIdx
}

// TestSearch_DistinctiveOrgToken screens the distinctive word of a
// company's name alone: UNITED COMPANY RUSAL PLC is known as "Rusal", and
// "united", "company" and "plc" say nothing about which company it is.
func TestSearch_DistinctiveOrgToken(t *testing.T) {
	ix := MustSDNHistory(t)
	t.Run("listed in 2019", func(t *testing.T) {
		ms := MustSearch(t, ix, embargo.Query{Name: "Rusal"}, match.SearchOptions{Seqs: map[string]int{"ofac-sdn": 1}, Threshold: -1})
		if len(ms) == 0 || ms[0].EntityID != "ofac-sdn:24228" {
			t.Fatalf("Search(Rusal) as of 2019=%v, want ofac-sdn:24228 first", summarize(ms))
		}
		t.Logf("%s", ms[0].Explanation.Summary)
	})
	t.Run("delisted by 2021", func(t *testing.T) {
		ms := MustSearch(t, ix, embargo.Query{Name: "Rusal"}, match.SearchOptions{Seqs: map[string]int{"ofac-sdn": 2}, Threshold: -1})
		for _, m := range ms {
			if m.EntityID == "ofac-sdn:24228" {
				t.Fatalf("Search(Rusal) as of 2021 found %s (%.3f), want it gone", m.EntityID, m.Score)
			}
		}
	})
}

func summarize(ms []embargo.Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.EntityID+" "+m.MatchedName)
	}
	return out
}

// TestSearch_ScriptCollisions checks that names written in Chinese
// characters, read in Mandarin, do not match other names by a near
// syllable (金正恩 "jin zheng en" is not ZHANG, Jian), and that names in
// scripts without vowels or with added vowels find their listed form.
func TestSearch_ScriptCollisions(t *testing.T) {
	_, ix := MustSDN(t)
	for _, q := range []string{"金正恩", "金正日", "王明"} {
		for _, m := range MustSearch(t, ix, embargo.Query{Name: q}, match.SearchOptions{Threshold: -1}) {
			t.Errorf("Search(%q): %s %q (%.3f), want nothing above the threshold", q, m.EntityID, m.MatchedName, m.Score)
		}
	}
	checkFindFirst(t, ix, "", []findCase{
		{"katakana", "オレグ・デリパスカ", "ofac-sdn:24283"},
		{"arabic spelling of a russian name", "أوليغ ديريباسكا", "ofac-sdn:24283"},
		{"hangul foreign name", "올레크 데리파스카", "ofac-sdn:24283"},
		{"chinese characters of a foreign name", "奥列格·德里帕斯卡", "ofac-sdn:24283"},
	})
}

func TestCompareNames_Equivalents(t *testing.T) {
	// The bounds are name scores, calibrated as CompareNames calibrates.
	c := match.CurrentCalibration()
	cal := func(raw float64) float64 { return c.Apply(embargo.SchemaUnknown, raw) }
	for _, tc := range []struct {
		a, b     string
		min, max float64
	}{
		{"Michael Ivanov", "Mikhail Ivanov", cal(0.9), cal(0.99)},
		{"Pierre Durand", "Pyotr Durand", cal(0.9), cal(0.99)},
		{"Sasha Ivanov", "Aleksandr Ivanov", cal(0.85), cal(0.96)},
	} {
		if got := match.CompareNames(tc.a, tc.b); got < tc.min || got > tc.max {
			t.Errorf("CompareNames(%q, %q)=%.3f, want in [%.2f, %.2f]", tc.a, tc.b, got, tc.min, tc.max)
		}
	}
	if n, e := match.CompareNames("Sasha Ivanov", "Aleksandr Ivanov"), match.CompareNames("Alexander Ivanov", "Aleksandr Ivanov"); n >= e {
		t.Errorf("nickname scores %.3f, form of the name %.3f: want the nickname lower", n, e)
	}
}
