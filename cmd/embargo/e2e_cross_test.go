package main_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/demo"
	"github.com/embargo-dev/embargo/sqlite"
)

// NewProgramWithDemoLists returns a program whose database holds the
// latest bundled demo lists: OFAC SDN, UN, UK OFSI and EU.
func NewProgramWithDemoLists(tb testing.TB) *Program {
	tb.Helper()
	p := NewProgram(tb)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, p.DB, sqlite.Options{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	lists, err := demo.LatestLists()
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range lists {
		asOf := l.AsOf
		if asOf.IsZero() {
			asOf = time.Date(2021, 4, 25, 0, 0, 0, 0, time.UTC)
		}
		if _, err := db.ImportList(ctx, l, asOf); err != nil {
			tb.Fatalf("import %s: %v", l.Source, err)
		}
	}
	return p
}

// TestBrowserCrossList opens an entity listed by OFAC and the UK, follows
// "also listed by" to the UK's entry and back, and asks the comparison
// page who the US lists under Russia-related programs and the UK does not.
func TestBrowserCrossList(t *testing.T) {
	ctx, dir, _, rs := browserTest(t, NewProgramWithDemoLists, 120*time.Second)

	t.Run("AlsoListedBy", func(t *testing.T) {
		// Qasem Soleimani: OFAC SDN 10481, UK OFSI group 9062, one passport.
		do(t, ctx,
			chromedp.Navigate(rs.URL+"/entities/ofac-sdn:10481"),
			chromedp.WaitVisible(css(`#also-listed-by`)),
		)
		also := get(t, ctx, chromedp.Text(css(`#also-listed-by`)))
		if !strings.Contains(also, "uk-ofsi") || !strings.Contains(also, "Qasem SOLEIMANI") || !strings.Contains(also, "passport 008827") {
			t.Fatalf("also listed by: %q", also)
		}
		screenshot(t, ctx, dir, "ui-7-also-listed-by")
		do(t, ctx,
			chromedp.Click(css(`#also-listed-by a[href="/entities/uk-ofsi:9062"]`)),
			chromedp.WaitVisible(css(`#also-listed-by a[href="/entities/ofac-sdn:10481"]`)),
		)
		if url := get(t, ctx, chromedp.Location()); !strings.HasSuffix(url, "/entities/uk-ofsi:9062") {
			t.Fatalf("followed to %s", url)
		}
		code, body := rs.Get(t, "/api/v1/entities/uk-ofsi:9062")
		var e struct {
			AlsoListedBy []struct {
				EntityID string `json:"entity_id"`
				Reason   string `json:"reason"`
			} `json:"also_listed_by"`
		}
		if err := json.Unmarshal([]byte(body), &e); code != 200 || err != nil {
			t.Fatalf("API entity: %d %v", code, err)
		}
		found := false
		for _, a := range e.AlsoListedBy {
			found = found || a.EntityID == "ofac-sdn:10481" && a.Reason == "identifier"
		}
		if !found {
			t.Fatalf("API also_listed_by %+v lacks ofac-sdn:10481 by identifier", e.AlsoListedBy)
		}
	})

	t.Run("Compare", func(t *testing.T) {
		submitForm(t, ctx, rs.URL+"/compare", `#compare-form`, []string{
			`#compare-form select[name=a]`, "ofac-sdn",
			`#compare-form select[name=b]`, "uk-ofsi",
			`#compare-form input[name=program]`, "russia",
			`#compare-form select[name=type]`, "person",
		}, chromedp.WaitVisible(css(`#compare-table`)))
		screenshot(t, ctx, dir, "ui-8-compare")
		total := get(t, ctx, chromedp.Text(css(`#compare-total`)))
		rows := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`#compare-table tbody tr`)))
		if total == "0" || len(rows) == 0 {
			t.Fatalf("no person listed by OFAC under a Russia program and not by the UK (total %s)", total)
		}
		code, body := rs.Get(t, "/api/v1/compare?a=ofac-sdn&b=uk-ofsi&program=russia&type=person&format=csv")
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if code != 200 || err != nil || len(recs)-1 != len(rows) && len(rows) < 500 {
			t.Fatalf("compare CSV: %d %v, %d rows for %d shown", code, err, len(recs)-1, len(rows))
		}
		for _, r := range recs[1:] {
			if !strings.Contains(strings.ToUpper(r[5]), "RUSSIA") || r[4] != string(embargo.SchemaPerson) {
				t.Fatalf("row %v does not match the filter", r)
			}
			if strings.Contains(r[8], "uk-ofsi:") {
				t.Fatalf("row %v is listed by the UK", r)
			}
		}
		// Soleimani is listed by both: never in the comparison.
		_, body = rs.Get(t, "/api/v1/compare?a=ofac-sdn&b=uk-ofsi&format=csv")
		if strings.Contains(body, "ofac-sdn:10481,") {
			t.Fatal("Soleimani, listed by the UK too, is in 'OFAC but not the UK'")
		}
	})
}
