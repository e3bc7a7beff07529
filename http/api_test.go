package http_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
)

func TestScreen_Get(t *testing.T) {
	ts := MustOpenServer(t)
	r := ts.Get(t, "/api/v1/screen?name="+url.QueryEscape("Oleg Deripaska")+"&type=person")
	MustStatus(t, r, 200)
	var res embargo.ScreenResult
	r.JSON(t, &res)
	if len(res.Matches) == 0 {
		t.Fatalf("no matches for Oleg Deripaska: %s", r.Body)
	}
	if m := res.Matches[0]; !strings.Contains(m.Name, "DERIPASKA") || m.Source != "ofac-sdn" || m.Explanation == nil {
		t.Fatalf("best match = %+v, want DERIPASKA with an explanation", m)
	}
	if res.Snapshots["ofac-sdn"] != "ofac-sdn@2021-04-25" {
		t.Fatalf("snapshots = %v, want the latest", res.Snapshots)
	}
	if res.ID != nil {
		t.Fatalf("id = %v, want null", *res.ID)
	}

	t.Run("AsOf", func(t *testing.T) {
		// Rusal was delisted in 2019: listed on 2019-01-04, not in 2021.
		r := ts.Get(t, "/api/v1/screen?name="+url.QueryEscape("United Company Rusal")+"&as_of=2019-06-01")
		MustStatus(t, r, 200)
		var res embargo.ScreenResult
		r.JSON(t, &res)
		if res.Snapshots["ofac-sdn"] != "ofac-sdn@2019-01-04" || len(res.Matches) == 0 || res.Matches[0].EntityID != "ofac-sdn:24228" {
			t.Fatalf("as of 2019: %s", truncate(r.Body, 800))
		}
		r = ts.Get(t, "/api/v1/screen?name="+url.QueryEscape("United Company Rusal PLC")+"&threshold=0.95")
		r.JSON(t, &res)
		for _, m := range res.Matches {
			if m.EntityID == "ofac-sdn:24228" {
				t.Fatalf("Rusal matched in 2021, when it was no longer listed")
			}
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		for _, c := range []struct{ query, want string }{
			{"", "name parameter is required"},
			{"name=x&threshold=2", "threshold"},
			{"name=x&limit=0", "limit"},
			{"name=x&type=planet", "unknown type"},
			{"name=x&as_of=yesterday", "invalid date"},
			{"name=x&dob=1968-13-01", "date of birth"},
			{"name=x&dob=sometime", "date of birth"},
			// Unknown countries and sources are refused, naming what is valid.
			{"name=x&country=Narnia", "ISO 3166-1 alpha-2"},
			{"name=x&source=nope", "valid sources are"},
			{"name=x&include_delisted=maybe", "include_delisted"},
		} {
			r := ts.Get(t, "/api/v1/screen?"+c.query)
			MustStatus(t, r, 400)
			if msg, code := r.Error(t); code != "invalid" || !strings.Contains(msg, c.want) {
				t.Errorf("%q: error %q (%s), want %q", c.query, msg, code, c.want)
			}
		}
	})
}

func TestScreen_Post(t *testing.T) {
	ts := MustOpenServer(t)
	key := ts.MustCreateKey(t, embargo.RoleAnalyst)
	queries := []map[string]string{
		{"id": "a", "name": "Oleg Deripaska", "type": "person"},
		{"id": "b", "name": "Basic Element Limited"},
		{"id": "c", "name": ""},
		{"id": "d", "name": "Zzyzx Qwvbnm Plokij"},
	}
	r := ts.PostJSON(t, "/api/v1/screen?limit=3", queries, key...)
	MustStatus(t, r, 200)
	var res []embargo.ScreenResult
	r.JSON(t, &res)
	if len(res) != 4 {
		t.Fatalf("%d results, want 4", len(res))
	}
	for i, id := range []string{"a", "b", "c", "d"} {
		if res[i].ID == nil || *res[i].ID != id {
			t.Fatalf("result %d has id %v, want %s (input order)", i, res[i].ID, id)
		}
	}
	if len(res[0].Matches) == 0 || !strings.Contains(res[0].Matches[0].Name, "DERIPASKA") {
		t.Errorf("a: %+v", res[0])
	}
	if len(res[1].Matches) == 0 || res[1].Matches[0].EntityID != "ofac-sdn:24224" {
		t.Errorf("b: %+v", res[1].Matches)
	}
	if len(res[1].Matches) > 3 {
		t.Errorf("b: %d matches, want at most limit=3", len(res[1].Matches))
	}
	if res[2].Error == "" || res[2].Matches == nil {
		t.Errorf("c: error %q, matches %v; want an error and an empty list", res[2].Error, res[2].Matches)
	}
	if len(res[3].Matches) != 0 {
		t.Errorf("d: %+v, want no match", res[3].Matches)
	}

	t.Run("TooMany", func(t *testing.T) {
		many := make([]embargo.Query, 1001)
		for i := range many {
			many[i].Name = "x"
		}
		r := ts.PostJSON(t, "/api/v1/screen", many, key...)
		MustStatus(t, r, 413)
		if msg, code := r.Error(t); code != "too_large" || !strings.Contains(msg, "1000") {
			t.Fatalf("error %q (%s)", msg, code)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		r := ts.PostJSON(t, "/api/v1/screen", "[]", key...)
		MustStatus(t, r, 200)
		if strings.TrimSpace(string(r.Body)) != "[]" {
			t.Fatalf("body %s, want []", r.Body)
		}
	})
}

func TestEntity(t *testing.T) {
	ts := MustOpenServer(t)
	var e struct {
		embargo.Entity
		Listed   bool
		Snapshot struct {
			SnapshotID string `json:"snapshot_id"`
		}
		RemovedIn *struct {
			SnapshotID string `json:"snapshot_id"`
		} `json:"removed_in"`
		LinkedFrom []embargo.Link `json:"linked_from"`
	}
	// BASIC ELEMENT LIMITED is "Linked To: DERIPASKA, Oleg Vladimirovich."
	r := ts.Get(t, "/api/v1/entities/ofac-sdn:24224")
	MustStatus(t, r, 200)
	r.JSON(t, &e)
	if e.Name != "BASIC ELEMENT LIMITED" || !e.Listed || e.Snapshot.SnapshotID != "ofac-sdn@2021-04-25" || e.RemovedIn != nil {
		t.Fatalf("entity = %s", truncate(r.Body, 800))
	}
	var deripaska string
	for _, l := range e.Links {
		if strings.Contains(l.Name, "DERIPASKA") {
			deripaska = l.EntityID
		}
	}
	if deripaska == "" {
		t.Fatalf("links %+v: the link to Deripaska is not resolved", e.Links)
	}
	// And the other way round.
	r = ts.Get(t, "/api/v1/entities/"+deripaska)
	MustStatus(t, r, 200)
	e.LinkedFrom = nil
	r.JSON(t, &e)
	found := false
	for _, l := range e.LinkedFrom {
		found = found || l.EntityID == "ofac-sdn:24224"
	}
	if !found {
		t.Fatalf("%s linked_from = %+v, want BASIC ELEMENT", deripaska, e.LinkedFrom)
	}

	t.Run("Delisted", func(t *testing.T) {
		r := ts.Get(t, "/api/v1/entities/ofac-sdn:24228")
		MustStatus(t, r, 200)
		e.RemovedIn = nil
		r.JSON(t, &e)
		if e.Listed || e.Name != "UNITED COMPANY RUSAL PLC" || e.Snapshot.SnapshotID != "ofac-sdn@2019-01-04" ||
			e.RemovedIn == nil || e.RemovedIn.SnapshotID != "ofac-sdn@2021-04-25" {
			t.Fatalf("Rusal = %s", truncate(r.Body, 600))
		}
		r = ts.Get(t, "/api/v1/entities/ofac-sdn:24228?as_of=2020-01-01")
		MustStatus(t, r, 200)
		r = ts.Get(t, "/api/v1/entities/ofac-sdn:24228?as_of=2019-01-05")
		MustStatus(t, r, 200)
		e.RemovedIn = nil
		r.JSON(t, &e)
		if !e.Listed || e.RemovedIn != nil {
			t.Fatalf("Rusal as of 2019-01-05: %s", truncate(r.Body, 400))
		}
		// A snapshot id, as the diff page links a removed entity.
		r = ts.Get(t, "/api/v1/entities/ofac-sdn:24228?as_of=ofac-sdn%402019-01-04")
		MustStatus(t, r, 200)
		e.RemovedIn = nil
		r.JSON(t, &e)
		if !e.Listed || e.Snapshot.SnapshotID != "ofac-sdn@2019-01-04" {
			t.Fatalf("Rusal in ofac-sdn@2019-01-04: %s", truncate(r.Body, 400))
		}
	})
	t.Run("NotYetListed", func(t *testing.T) {
		// DERKACH was designated in 2020.
		r := ts.Get(t, "/api/v1/entities/ofac-sdn:29366?as_of=2019-06-01")
		MustStatus(t, r, 404)
		if msg, _ := r.Error(t); !strings.Contains(msg, "not listed yet") {
			t.Fatalf("message %q", msg)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		MustStatus(t, ts.Get(t, "/api/v1/entities/ofac-sdn:999999999"), 404)
		MustStatus(t, ts.Get(t, "/api/v1/entities/nocolon"), 400)
		MustStatus(t, ts.Get(t, "/api/v1/entities/nosuch:1"), 404)
		MustStatus(t, ts.Get(t, "/api/v1/entities/ofac-sdn:24224?as_of=1999-01-01"), 404)
		MustStatus(t, ts.Get(t, "/api/v1/entities/ofac-sdn:24224?as_of=ofac-sdn%401999-01-01"), 404)
		MustStatus(t, ts.Get(t, "/api/v1/entities/ofac-sdn:24224?as_of=un-sc%402019-01-04"), 400)
	})
}

func TestEntityHistory(t *testing.T) {
	ts := MustOpenServer(t)
	r := ts.Get(t, "/api/v1/entities/ofac-sdn:24228/history")
	MustStatus(t, r, 200)
	var h embargo.History
	r.JSON(t, &h)
	if h.FirstSeen != "2019-01-04" || h.LastSeen != "2019-01-04" || h.Listed || len(h.Events) != 2 ||
		h.Events[0].Change != "added" || h.Events[1].Change != "removed" || h.Events[1].AsOf != "2021-04-25" {
		t.Fatalf("history of Rusal = %+v", h)
	}
	MustStatus(t, ts.Get(t, "/api/v1/entities/ofac-sdn:999999999/history"), 404)
}

func TestSnapshots(t *testing.T) {
	ts := MustOpenServer(t)
	var rows []struct {
		SnapshotID string `json:"snapshot_id"`
		Source     string
		AsOf       string `json:"as_of"`
		Entities   int
	}
	r := ts.Get(t, "/api/v1/snapshots")
	MustStatus(t, r, 200)
	r.JSON(t, &rows)
	if len(rows) != 2 || rows[0].SnapshotID != "ofac-sdn@2019-01-04" || rows[0].Entities != 7379 || rows[1].Entities != 8890 || rows[1].AsOf != "2021-04-25" {
		t.Fatalf("snapshots = %+v", rows)
	}
	r = ts.Get(t, "/api/v1/snapshots?source=un-sc")
	MustStatus(t, r, 200)
	if strings.TrimSpace(string(r.Body)) != "[]" {
		t.Fatalf("un-sc snapshots = %s, want []", r.Body)
	}
}

func TestDiff(t *testing.T) {
	ts := MustOpenServer(t)
	for _, q := range []string{"source=ofac-sdn&from=2019-01-04&to=2021-04-25", "from=ofac-sdn@2019-01-04&to=ofac-sdn@2021-04-25", "from=2019-01-04&to=2021-04-25"} {
		r := ts.Get(t, "/api/v1/diff?"+q)
		MustStatus(t, r, 200)
		var d embargo.Diff
		r.JSON(t, &d)
		// SERIES.tsv: 1712 added, 201 removed.
		if d.From != "ofac-sdn@2019-01-04" || d.To != "ofac-sdn@2021-04-25" || len(d.Added) != 1712 || len(d.Removed) != 201 || len(d.Changed) == 0 {
			t.Fatalf("%s: %s → %s, %d added, %d removed, %d changed", q, d.From, d.To, len(d.Added), len(d.Removed), len(d.Changed))
		}
		rusal := false
		for _, ref := range d.Removed {
			rusal = rusal || (ref.EntityID == "ofac-sdn:24228" && ref.Name == "UNITED COMPANY RUSAL PLC")
		}
		if !rusal {
			t.Fatalf("Rusal not among the removed")
		}
	}
	MustStatus(t, ts.Get(t, "/api/v1/diff?source=ofac-sdn&from=2019-01-04"), 400)
	MustStatus(t, ts.Get(t, "/api/v1/diff?source=ofac-sdn&from=2010-01-01&to=2021-04-25"), 404)
}

func TestTimeline(t *testing.T) {
	ts := MustOpenServer(t)
	var tl struct {
		Source   string
		By       string
		Baseline struct {
			SnapshotID string `json:"snapshot_id"`
		}
		Months       []string
		Snapshots    []int
		Designations []int
		Delistings   []int
		Series       []struct {
			Key               string
			Designations      []int
			TotalDesignations int `json:"total_designations"`
			TotalDelistings   int `json:"total_delistings"`
		}
	}
	r := ts.Get(t, "/api/v1/timeline?source=ofac-sdn&by=program")
	MustStatus(t, r, 200)
	r.JSON(t, &tl)
	n := len(tl.Months)
	if tl.Baseline.SnapshotID != "ofac-sdn@2019-01-04" || n != 1 || tl.Months[0] != "2021-04" {
		t.Fatalf("timeline: baseline %s, months %v", tl.Baseline.SnapshotID, tl.Months)
	}
	if tl.Designations[0] != 1712 || tl.Delistings[0] != 201 || tl.Snapshots[0] != 1 {
		t.Fatalf("2021-04: %d designations, %d delistings, %d snapshots; want 1712, 201, 1", tl.Designations[0], tl.Delistings[0], tl.Snapshots[0])
	}
	var ukraine int
	for _, s := range tl.Series {
		if len(s.Designations) != n {
			t.Fatalf("series %s has %d months, want %d", s.Key, len(s.Designations), n)
		}
		if s.Key == "UKRAINE-EO13661" {
			ukraine = s.TotalDelistings
		}
	}
	if ukraine == 0 {
		t.Fatalf("no UKRAINE-EO13661 delistings (Rusal, En+ ...): %+v", tl.Series)
	}

	r = ts.Get(t, "/api/v1/timeline?by=country&filter=russia")
	MustStatus(t, r, 200)
	tl.Series = nil
	r.JSON(t, &tl)
	if tl.By != "country" || len(tl.Series) == 0 {
		t.Fatalf("by country: %s", truncate(r.Body, 400))
	}
	for _, s := range tl.Series {
		if !strings.Contains(strings.ToLower(s.Key), "russia") {
			t.Fatalf("filter=russia kept %q", s.Key)
		}
	}
	r = ts.Get(t, "/api/v1/timeline?from=2022-01")
	MustStatus(t, r, 200)
	tl.Months = nil
	r.JSON(t, &tl)
	if len(tl.Months) != 0 {
		t.Fatalf("from=2022-01: months %v, want none", tl.Months)
	}
	MustStatus(t, ts.Get(t, "/api/v1/timeline?by=planet"), 400)
	MustStatus(t, ts.Get(t, "/api/v1/timeline?from=soon"), 400)
	MustStatus(t, ts.Get(t, "/api/v1/timeline?source=nope"), 404)
}
