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
