package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
)

// TestEngine_Dates checks, on the real SDN lists of 2019-01-04 and
// 2021-04-25, the dates, the coverage and the delisted matches of
// screenings and scans.
func TestEngine_Dates(t *testing.T) {
	eng := MustSDNEngine(t)
	ctx := context.Background()
	day := func(s string) time.Time {
		t, err := embargo.ParseAsOf(s, true)
		if err != nil {
			panic(err)
		}
		return t
	}
	find := func(ms []embargo.Match, id string) *embargo.Match {
		for i := range ms {
			if ms[i].EntityID == id {
				return &ms[i]
			}
		}
		return nil
	}

	t.Run("DelistedRusal", func(t *testing.T) {
		res, err := eng.Screen(ctx, embargo.Query{Name: "Rusal"}, embargo.ScreenOptions{AsOf: day("2021-04-25"), Threshold: -1, IncludeDelisted: true})
		if err != nil {
			t.Fatal(err)
		}
		if find(res.Matches, "ofac-sdn:24228") != nil {
			t.Fatalf("UNITED COMPANY RUSAL PLC among the listed matches of 2021-04-25: %+v", res.Matches)
		}
		m := find(res.Delisted, "ofac-sdn:24228")
		if m == nil {
			t.Fatalf("delisted=%+v, want ofac-sdn:24228", res.Delisted)
		}
		if m.Name != "UNITED COMPANY RUSAL PLC" || m.Between == nil ||
			m.Between.From != (embargo.SnapshotRef{SnapshotID: "ofac-sdn@2019-01-04", AsOf: "2019-01-04"}) ||
			m.Between.To != (embargo.SnapshotRef{SnapshotID: "ofac-sdn@2021-04-25", AsOf: "2021-04-25"}) {
			t.Fatalf("got %+v between %+v, want UNITED COMPANY RUSAL PLC removed between the two snapshots", m, m.Between)
		}
		if m.FirstSeen != "2019-01-04" || m.LastSeen != "2019-01-04" || m.ListedOn != nil || m.ListedOnPublished {
			t.Fatalf("dates=%+v, want seen 2019-01-04 only, no published listing date", m.Dates)
		}
		if len(res.NotCovered) != 0 {
			t.Fatalf("not_covered=%+v, want none", res.NotCovered)
		}
		// Without the option, no delisted section.
		res, err = eng.Screen(ctx, embargo.Query{Name: "Rusal"}, embargo.ScreenOptions{AsOf: day("2021-04-25"), Threshold: -1})
		if err != nil || res.Delisted != nil {
			t.Fatalf("got %+v, %v; want no delisted section", res.Delisted, err)
		}
	})

	t.Run("ListedMatchDates", func(t *testing.T) {
		res, err := eng.Screen(ctx, embargo.Query{Name: "Oleg Deripaska"}, embargo.ScreenOptions{Threshold: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Matches) == 0 {
			t.Fatal("no match for Oleg Deripaska")
		}
		m := res.Matches[0]
		if m.FirstSeen != "2019-01-04" || m.LastSeen != "2021-04-25" || m.ListedOn != nil || m.ListedOnPublished {
			t.Fatalf("%s: dates=%+v, want first 2019-01-04, last 2021-04-25, no published date", m.EntityID, m.Dates)
		}
	})

	t.Run("NotCoveredBeforeData", func(t *testing.T) {
		res, err := eng.Screen(ctx, embargo.Query{Name: "Rusal"}, embargo.ScreenOptions{AsOf: day("2010-01-01"), Threshold: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Matches) != 0 || len(res.Snapshots) != 0 {
			t.Fatalf("got %+v against %v, want nothing screened", res.Matches, res.Snapshots)
		}
		if len(res.NotCovered) != 1 || res.NotCovered[0].Source != "ofac-sdn" || !strings.Contains(res.NotCovered[0].Reason, "2019-01-04") {
			t.Fatalf("not_covered=%+v, want ofac-sdn, naming its first snapshot 2019-01-04", res.NotCovered)
		}
		nc, err := eng.Coverage(embargo.ScreenOptions{AsOf: day("2010-01-01")})
		if err != nil || len(nc) != 1 {
			t.Fatalf("Coverage=%+v, %v; want ofac-sdn", nc, err)
		}
	})

	t.Run("NotCoveredSourceNotHeld", func(t *testing.T) {
		res, err := eng.Screen(ctx, embargo.Query{Name: "Rusal"}, embargo.ScreenOptions{Sources: []string{"ofac-sdn", "un-sc"}, Threshold: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.NotCovered) != 1 || res.NotCovered[0].Source != "un-sc" {
			t.Fatalf("not_covered=%+v, want un-sc", res.NotCovered)
		}
	})

	t.Run("ErrUnknownSource", func(t *testing.T) {
		_, err := eng.Screen(ctx, embargo.Query{Name: "Rusal"}, embargo.ScreenOptions{Sources: []string{"ofac-sdm"}, Threshold: -1})
		if embargo.ErrorCode(err) != embargo.EINVALID || !strings.Contains(err.Error(), "ofac-sdn") {
			t.Fatalf("err=%v, want EINVALID naming the valid sources", err)
		}
	})

	t.Run("ScanDelistedInterval", func(t *testing.T) {
		res, err := eng.Scan(ctx, strings.NewReader(news), engine.ScanOptions{AsOf: day("2021-04-25"), Threshold: -1})
		if err != nil {
			t.Fatal(err)
		}
		var got *embargo.Interval
		for _, m := range res.Mentions {
			if m.EntityID == "ofac-sdn:24228" && !m.Listed {
				got = m.Between
				if m.FirstSeen != "2019-01-04" || !strings.Contains(m.Explanation.Summary, "delisted between 2019-01-04 and 2021-04-25") {
					t.Fatalf("mention %+v: want first seen 2019-01-04, summary with the interval", m)
				}
			}
		}
		if got == nil || got.From.AsOf != "2019-01-04" || got.To.AsOf != "2021-04-25" {
			t.Fatalf("between=%+v in %+v, want 2019-01-04..2021-04-25", got, res.Mentions)
		}
		if res.NotCovered == nil || len(res.NotCovered) != 0 {
			t.Fatalf("not_covered=%#v, want []", res.NotCovered)
		}
	})
}

// TestScreen_AuditNotCovered checks that the audit record of a screening
// that could not cover a source keeps its not_covered.
func TestScreen_AuditNotCovered(t *testing.T) {
	eng, db := MustEngine(t)
	ctx := context.Background()
	asOf, _ := embargo.ParseAsOf("2010-01-01", true)
	res, err := eng.Screen(ctx, embargo.Query{Name: "Rusal"}, embargo.ScreenOptions{AsOf: asOf, Threshold: -1})
	if err != nil || len(res.NotCovered) != 1 {
		t.Fatalf("result %+v, %v; want ofac-sdn not covered", res, err)
	}
	recs := auditRecords(t, db, embargo.AuditFilter{})
	if len(recs) != 1 || len(recs[0].NotCovered) != 1 || recs[0].NotCovered[0].Source != "ofac-sdn" || recs[0].NotCovered[0].Reason != res.NotCovered[0].Reason {
		t.Fatalf("audit records %+v, want one keeping ofac-sdn not covered", recs)
	}
	if n, err := db.VerifyAudit(ctx); err != nil || n != 1 {
		t.Fatalf("VerifyAudit = %d, %v", n, err)
	}
}
