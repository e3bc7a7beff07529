package evaluation_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/evaluation"
	"github.com/embargo-dev/embargo/match"
)

// TestScripts screens testdata/scripts.csv, a handful of listed persons'
// names (Deripaska, Kadyrov, Kim Jong Un, Li Fangwei, Hasan Nasrallah,
// Maduro) each written in up to 25 scripts and language forms, the kind
// of each row naming its script (ISO 15924, with a language where the
// script serves several). The spellings are our own transcriptions, made
// as a speaker of each language would write the name, not taken from any
// source; some are surely not the form a given newspaper uses. At least
// 80% must find the listed person above embargo.DefaultThreshold.
func TestScripts(t *testing.T) {
	ix := MustSDNIndex(t)
	rows := MustReadRows(t, "scripts.csv")
	screen := func(q embargo.Query) ([]embargo.Match, error) {
		return ix.Search(q, match.SearchOptions{Threshold: 0, Limit: 10})
	}
	rep := evaluation.Run(rows, screen, []float64{0.6, 0.7, embargo.DefaultThreshold, 0.8, 0.9})
	if testing.Verbose() {
		var b strings.Builder
		rep.Print(&b, embargo.DefaultThreshold)
		t.Log("\n" + b.String())
	}
	all := rep.At("all", embargo.DefaultThreshold)
	if got := evaluation.Rate(all.Found, all.N); got < 0.80 {
		t.Errorf("found %d of %d (%.3f), want >= 0.80", all.Found, all.N, got)
	}
}
