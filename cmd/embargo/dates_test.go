package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
	p := NewProgramWithSDN(t)

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
		p.MustRunJSON(t, &h, "history", "--json", "ofac-sdn:24228")
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
		p.MustRunJSON(t, &h, "history", "--json", "ofac-sdn:24283")
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

// TestPublishedListingDates imports the UN list and the FCDO UK Sanctions
// List XML and checks that their entities show the listing date the lists
// publish.
func TestPublishedListingDates(t *testing.T) {
	p := NewProgram(t)
	p.MustRun(t, "import", "../../source/un/testdata/un-sc-2026-02-27.xml.gz")
	out := p.MustRun(t, "import", "--json", "../../source/uk/testdata/UK-Sanctions-List-sample.xml")
	if res := decodeImport(t, out); res.Source != "uk-fcdo" || res.Entities != 3 || res.AsOf != "2026-12-02" {
		t.Fatalf("FCDO import = %+v, want uk-fcdo, 3 entities, as of 2026-12-02", res)
	}
	for _, c := range []struct{ id, listedOn string }{
		{"un-sc:CDi.001", "2012-12-31"},
		{"uk-fcdo:AFG0006", "2001-01-25"},
		{"uk-fcdo:DPR0075", "2017-10-03"},
	} {
		var h struct {
			ListedOn          *string `json:"listed_on"`
			ListedOnPublished bool    `json:"listed_on_published"`
			Note              string  `json:"note"`
		}
		p.MustRunJSON(t, &h, "history", "--json", c.id)
		if h.ListedOn == nil || *h.ListedOn != c.listedOn || !h.ListedOnPublished || !strings.HasPrefix(h.Note, "listed on "+c.listedOn) {
			t.Errorf("%s: listed_on=%v published=%v note=%q, want %s as published", c.id, h.ListedOn, h.ListedOnPublished, h.Note, c.listedOn)
		}
	}
	// The non-Latin name screens.
	var res coveredResult
	p.MustRunJSON(t, &res, "screen", "--json", "--source", "uk-fcdo", "محمد حسن آخوند")
	if len(res.Matches) == 0 || res.Matches[0].EntityID != "uk-fcdo:AFG0006" || res.Matches[0].ListedOn == nil || *res.Matches[0].ListedOn != "2001-01-25" {
		t.Fatalf("Arabic-script screening: %+v, want uk-fcdo:AFG0006 listed on 2001-01-25", res.Matches)
	}
}

// TestUpdateListSources checks that `update --list-sources` shows what would
// be downloaded, the FCDO UK Sanctions List as the UK source, without
// touching a database.
func TestUpdateListSources(t *testing.T) {
	p := NewProgram(t)
	out := p.MustRun(t, "update", "--list-sources")
	for _, want := range []string{"uk-fcdo", "uk-xml", "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml", "ofac-sdn", "eu-fsf", "xmlFullSanctionsList", "un-sc", "us-csl"} {
		if !strings.Contains(out, want) {
			t.Errorf("--list-sources lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ConList.csv") {
		t.Errorf("--list-sources still downloads OFSI's retired ConList.csv:\n%s", out)
	}
	var srcs []struct {
		Name   string `json:"name"`
		Format string `json:"format"`
		Files  []struct {
			URL string `json:"url"`
		} `json:"files"`
	}
	p.MustRunJSON(t, &srcs, "update", "--list-sources", "--json")
	var fcdo bool
	for _, s := range srcs {
		fcdo = fcdo || s.Name == "uk-fcdo" && s.Format == "uk-xml" && len(s.Files) == 1 && strings.HasPrefix(s.Files[0].URL, "https://sanctionslist.fcdo.gov.uk/")
	}
	if !fcdo {
		t.Fatalf("--list-sources --json: %+v, want uk-fcdo", srcs)
	}
	if _, err := os.Stat(p.DB); err == nil {
		t.Error("--list-sources created a database")
	}
}
