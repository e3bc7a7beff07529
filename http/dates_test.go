package http_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
)

// TestDates_API checks dates, coverage and delisted matches through the
// API, on the SDN lists of 2019-01-04 and 2021-04-25.
func TestDates_API(t *testing.T) {
	ts := MustOpenServer(t)

	t.Run("EntityUnpublishedDate", func(t *testing.T) {
		r := ts.Get(t, "/api/v1/entities/ofac-sdn:24283")
		MustStatus(t, r, 200)
		var e map[string]any
		r.JSON(t, &e)
		if v, ok := e["listed_on"]; !ok || v != nil || e["listed_on_published"] != false || e["first_seen"] != "2019-01-04" ||
			!strings.Contains(e["dates_note"].(string), "the list does not publish designation dates") {
			t.Fatalf("DERIPASKA: listed_on=%v (present %v) published=%v first_seen=%v note=%v", v, ok, e["listed_on_published"], e["first_seen"], e["dates_note"])
		}
	})

	t.Run("EntityRemovalInterval", func(t *testing.T) {
		var e struct {
			Listed  bool
			Between *embargo.Interval
		}
		ts.Get(t, "/api/v1/entities/ofac-sdn:24228").JSON(t, &e)
		if e.Listed || e.Between == nil || e.Between.From.AsOf != "2019-01-04" || e.Between.To.SnapshotID != "ofac-sdn@2021-04-25" {
			t.Fatalf("Rusal: %+v, want delisted between 2019-01-04 and 2021-04-25", e)
		}
	})

	t.Run("ScreenNotCovered", func(t *testing.T) {
		r := ts.Get(t, "/api/v1/screen?name=Rusal&as_of=2010-01-01")
		MustStatus(t, r, 200)
		var res embargo.ScreenResult
		r.JSON(t, &res)
		if len(res.NotCovered) != 1 || res.NotCovered[0].Source != "ofac-sdn" || len(res.Matches) != 0 {
			t.Fatalf("result %s, want ofac-sdn not covered", truncate(r.Body, 600))
		}
		r = ts.Get(t, "/api/v1/screen?name=Rusal")
		if !strings.Contains(string(r.Body), `"not_covered":[]`) {
			t.Fatalf("covered result lacks \"not_covered\":[]: %s", truncate(r.Body, 600))
		}
	})

	t.Run("ScreenDelisted", func(t *testing.T) {
		var res embargo.ScreenResult
		ts.Get(t, "/api/v1/screen?name=Rusal&as_of=2021-04-25&include_delisted=true").JSON(t, &res)
		var found bool
		for _, m := range res.Delisted {
			if m.EntityID == "ofac-sdn:24228" && m.Between != nil && m.Between.From.AsOf == "2019-01-04" && m.Between.To.AsOf == "2021-04-25" {
				found = true
			}
		}
		if !found {
			t.Fatalf("delisted=%+v, want ofac-sdn:24228 with its interval", res.Delisted)
		}
	})

	t.Run("MatchNotCoveredAndDates", func(t *testing.T) {
		key := ts.MustCreateKey(t, embargo.RoleAnalyst)
		body := `{"queries": {"q": {"schema": "Company", "properties": {"name": ["Rusal"]}}}}`
		var resp struct {
			Responses map[string]struct {
				NotCovered []embargo.NotCovered `json:"not_covered"`
				Results    []struct {
					ID        string  `json:"id"`
					FirstSeen *string `json:"first_seen"`
					LastSeen  *string `json:"last_seen"`
				} `json:"results"`
			} `json:"responses"`
		}
		r := ts.PostJSON(t, "/match/default?as_of=2010-01-01", body, key...)
		MustStatus(t, r, 200)
		r.JSON(t, &resp)
		if q := resp.Responses["q"]; len(q.NotCovered) != 1 || q.NotCovered[0].Source != "ofac-sdn" || len(q.Results) != 0 {
			t.Fatalf("/match as of 2010: %s", truncate(r.Body, 600))
		}
		r = ts.PostJSON(t, "/match/default", `{"queries": {"q": {"schema": "Person", "properties": {"name": ["Oleg Deripaska"]}}}}`, key...)
		MustStatus(t, r, 200)
		r.JSON(t, &resp)
		q := resp.Responses["q"]
		if q.NotCovered == nil || len(q.NotCovered) != 0 || len(q.Results) == 0 || q.Results[0].FirstSeen == nil || *q.Results[0].FirstSeen != "2019-01-04" || q.Results[0].LastSeen == nil {
			t.Fatalf("/match: %s", truncate(r.Body, 800))
		}
	})
}

// TestTimeline_Honesty checks that a timeline says where the range goes
// beyond the data, marks the months whose counts span a gap, totals the
// years, and filters by several terms and named groups, totals included.
func TestTimeline_Honesty(t *testing.T) {
	ts := MustOpenServer(t)
	get := func(query string) embhttpTimeline {
		var tl embhttpTimeline
		r := ts.Get(t, "/api/v1/timeline?source=ofac-sdn&"+query)
		MustStatus(t, r, 200)
		r.JSON(t, &tl)
		return tl
	}
	all := get("from=2010-01")
	if len(all.Notes) == 0 || !strings.Contains(all.Notes[0], "before the data") || !strings.Contains(all.Notes[0], "2019-01-04") || all.DataFrom != "2019-01-04" {
		t.Fatalf("notes %q, data_from %q: want a note that the range starts before the data (2019-01-04)", all.Notes, all.DataFrom)
	}
	i := indexOf(all.Months, "2021-04")
	if i < 0 || all.Since[i] != "2019-01-04" {
		t.Fatalf("since=%v at %d, want 2021-04 to span the gap since 2019-01-04", all.Since, i)
	}
	sum := func(xs []int) (n int) {
		for _, x := range xs {
			n += x
		}
		return n
	}
	var yearAdded int
	for _, y := range all.Years {
		yearAdded += y.Designations
	}
	if len(all.Years) == 0 || yearAdded != sum(all.Designations) {
		t.Fatalf("years=%+v, want totals that sum the months (%d)", all.Years, sum(all.Designations))
	}
	if get("").Notes == nil {
		t.Fatal("notes is null, want []")
	}

	russia := get("filter=Russia-related")
	if indexOf(russia.Filter, "ukraine-eo13661") < 0 || indexOf(russia.Filter, "russia") < 0 {
		t.Fatalf("filter=%v, want the Russia-related group expanded", russia.Filter)
	}
	if n := sum(russia.Delistings); n == 0 || n >= sum(all.Delistings) {
		t.Fatalf("Russia-related delistings %d of %d: want the totals to follow the filter", n, sum(all.Delistings))
	}
	for _, s := range russia.Series {
		k := strings.ToUpper(s.Key)
		if !strings.Contains(k, "RUSSIA") && !strings.Contains(k, "UKRAINE-EO136") && !strings.Contains(k, "CYBER2") {
			t.Errorf("series %q is not Russia-related", s.Key)
		}
	}
	two := get("filter=UKRAINE-EO13661,SDGT")
	var keys []string
	for _, s := range two.Series {
		keys = append(keys, s.Key)
	}
	if indexOf(keys, "UKRAINE-EO13661") < 0 || indexOf(keys, "SDGT") < 0 {
		t.Fatalf("series %v, want both UKRAINE-EO13661 and SDGT", keys)
	}

	r := ts.Get(t, "/timeline?source=ofac-sdn&from=2010-01&filter=Russia-related")
	MustStatus(t, r, 200)
	for _, want := range []string{`id="timeline-notes"`, "before the data", `class="span"`, `id="per-year"`, "since 2019-01-04", "Russia-related"} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("timeline page lacks %q", want)
		}
	}
}

type embhttpTimeline struct {
	Months       []string
	Since        []string
	Designations []int
	Delistings   []int
	Filter       []string
	Notes        []string
	DataFrom     string `json:"data_from"`
	Years        []struct {
		Year         string
		Designations int
	}
	Series []struct{ Key string }
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
