package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// MustSDNProgram returns a program whose database holds the SDN lists of
// 2019-01-04 and 2021-04-25.
func MustSDNProgram(tb testing.TB) *Program {
	tb.Helper()
	p := NewProgram(tb)
	p.MustRun(tb, "import", "--as-of", "2019-01-04", sdn2019)
	p.MustRun(tb, "import", "--as-of", "2021-04-25", sdn2021)
	return p
}

type snapRef struct {
	SnapshotID string `json:"snapshot_id"`
	AsOf       string `json:"as_of"`
}

type datedMatch struct {
	EntityID          string  `json:"entity_id"`
	Name              string  `json:"name"`
	ListedOn          *string `json:"listed_on"`
	ListedOnPublished bool    `json:"listed_on_published"`
	FirstSeen         string  `json:"first_seen"`
	LastSeen          string  `json:"last_seen"`
	Between           *struct {
		From snapRef `json:"from"`
		To   snapRef `json:"to"`
	} `json:"between"`
}

type coveredResult struct {
	Snapshots  map[string]string `json:"snapshots"`
	Matches    []datedMatch      `json:"matches"`
	Delisted   []datedMatch      `json:"delisted"`
	NotCovered []struct {
		Source string `json:"source"`
		Reason string `json:"reason"`
	} `json:"not_covered"`
}

// TestDates checks the acceptance checks of issue 14 on the command line:
// removal intervals, unpublished designation dates, coverage and delisted
// matches, with the real SDN lists of 2019-01-04 and 2021-04-25.
func TestDates(t *testing.T) {
	p := MustSDNProgram(t)

	t.Run("HistoryRemovalInterval", func(t *testing.T) {
		var h struct {
			Events []struct {
				Change  string `json:"change"`
				Between *struct {
					From snapRef `json:"from"`
					To   snapRef `json:"to"`
				} `json:"between"`
			} `json:"events"`
		}
		if err := json.Unmarshal([]byte(p.MustRun(t, "history", "--json", "ofac-sdn:24228")), &h); err != nil {
			t.Fatal(err)
		}
		if len(h.Events) != 2 || h.Events[1].Change != "removed" || h.Events[1].Between == nil ||
			h.Events[1].Between.From != (snapRef{"ofac-sdn@2019-01-04", "2019-01-04"}) ||
			h.Events[1].Between.To != (snapRef{"ofac-sdn@2021-04-25", "2021-04-25"}) {
			t.Fatalf("history of ofac-sdn:24228 = %+v, want a removal between the two snapshots", h)
		}
		out := p.MustRun(t, "history", "ofac-sdn:24228")
		if !strings.Contains(out, "removed between 2019-01-04 and 2021-04-25") {
			t.Fatalf("human history lacks the interval:\n%s", out)
		}
	})

	t.Run("DesignationDateNotPublished", func(t *testing.T) {
		var h struct {
			ListedOn          *string `json:"listed_on"`
			ListedOnPublished bool    `json:"listed_on_published"`
			FirstSeen         string  `json:"first_seen"`
			Note              string  `json:"note"`
		}
		if err := json.Unmarshal([]byte(p.MustRun(t, "history", "--json", "ofac-sdn:24283")), &h); err != nil {
			t.Fatal(err)
		}
		want := "first seen in the first snapshot held (2019-01-04); the list does not publish designation dates"
		if h.ListedOn != nil || h.ListedOnPublished || h.FirstSeen != "2019-01-04" || h.Note != want {
			t.Fatalf("DERIPASKA history = %+v, want no listing date and the note %q", h, want)
		}
	})

	t.Run("NotCoveredExits3", func(t *testing.T) {
		code, out, errOut := p.Run("screen", "--json", "--as-of", "2010-01-01", "Rusal")
		if code != 3 {
			t.Fatalf("exit %d, want 3\n%s", code, errOut)
		}
		var res coveredResult
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.NotCovered) != 1 || res.NotCovered[0].Source != "ofac-sdn" || len(res.Matches) != 0 {
			t.Fatalf("result = %+v, want ofac-sdn not covered", res)
		}
		code, out, _ = p.Run("screen", "--as-of", "2010-01-01", "Rusal")
		if code != 3 || !strings.Contains(out, "NOT COVERED: ofac-sdn") || !strings.Contains(out, "screened against no list") || strings.Contains(out, "no match") {
			t.Fatalf("table output (exit %d):\n%s", code, out)
		}
		// Covered: exit 0 and not_covered is [].
		out = p.MustRun(t, "screen", "--json", "Rusal")
		if !strings.Contains(out, `"not_covered": []`) {
			t.Fatalf("covered result lacks \"not_covered\": []:\n%s", out)
		}
	})

	t.Run("BatchNotCovered", func(t *testing.T) {
		in := filepath.Join(t.TempDir(), "in.csv")
		if err := os.WriteFile(in, []byte("id,name\n1,Rusal\n2,Oleg Deripaska\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, _ := p.Run("screen", "--in", in, "--as-of", "2010-01-01")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 3 || len(lines) != 2 {
			t.Fatalf("exit %d, %d lines; want 3, 2 rows", code, len(lines))
		}
		for _, l := range lines {
			var res coveredResult
			if err := json.Unmarshal([]byte(l), &res); err != nil || len(res.NotCovered) != 1 {
				t.Fatalf("row %s: want ofac-sdn not covered (%v)", l, err)
			}
		}
		if code, _, _ := p.Run("screen", "--in", in); code != 0 {
			t.Fatalf("covered batch: exit %d, want 0", code)
		}
	})

	t.Run("IncludeDelisted", func(t *testing.T) {
		var res coveredResult
		out := p.MustRun(t, "screen", "--json", "--as-of", "2021-04-25", "--include-delisted", "Rusal")
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		var rusal *datedMatch
		for i := range res.Delisted {
			if res.Delisted[i].EntityID == "ofac-sdn:24228" {
				rusal = &res.Delisted[i]
			}
		}
		if rusal == nil || rusal.Name != "UNITED COMPANY RUSAL PLC" || rusal.Between == nil ||
			rusal.Between.From.AsOf != "2019-01-04" || rusal.Between.To.AsOf != "2021-04-25" {
			t.Fatalf("delisted = %+v, want UNITED COMPANY RUSAL PLC removed between 2019-01-04 and 2021-04-25", res.Delisted)
		}
		out = p.MustRun(t, "screen", "--as-of", "2021-04-25", "--include-delisted", "Rusal")
		if !strings.Contains(out, "DELISTED") || !strings.Contains(out, "removed between 2019-01-04 and 2021-04-25") {
			t.Fatalf("table output lacks the delisted section:\n%s", out)
		}
	})

	t.Run("UsageErrors", func(t *testing.T) {
		for _, args := range [][]string{
			{"screen", "--country", "Narnia", "Rusal"},
			{"screen", "--source", "ofac-sdm", "Rusal"},
		} {
			code, _, errOut := p.Run(args...)
			if code != 2 || !strings.Contains(errOut, "want") && !strings.Contains(errOut, "valid") {
				t.Errorf("embargo %s: exit %d, want 2 naming the valid values\n%s", strings.Join(args, " "), code, errOut)
			}
		}
	})
}
