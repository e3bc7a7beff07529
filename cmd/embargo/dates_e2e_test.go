package main_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowser_Dates drives the search page in chromium: a screening as of
// a date before the data says that nothing was screened, never "0
// matches"; a screening as of 2021-04-25 shows UNITED COMPANY RUSAL PLC in
// the delisted section with its removal interval; a timeline over a range
// that starts before the data says so.
func TestBrowser_Dates(t *testing.T) {
	ctx, dir, _, rs := browserTest(t, NewProgramWithSDN, 60*time.Second)
	search := func(t *testing.T, name, asOf string) {
		do(t, ctx,
			chromedp.Navigate(rs.URL+"/"),
			chromedp.WaitVisible(css(`#name`)),
			chromedp.SendKeys(css(`#name`), name),
			chromedp.SetValue(css(`input[name=as_of]`), asOf),
			chromedp.Click(css(`form.search button[type=submit]`)),
			chromedp.WaitVisible(css(`section.results`)),
		)
	}

	t.Run("NotCovered", func(t *testing.T) {
		search(t, "Rusal", "2010-01-01")
		screenshot(t, ctx, dir, "dates-1-not-covered")
		alert := get(t, ctx, chromedp.Text(css(`#not-covered`)))
		head := get(t, ctx, chromedp.Text(css(`.results-head h2`)))
		if !strings.Contains(alert, "Not screened") || !strings.Contains(alert, "ofac-sdn") || !strings.Contains(alert, "2019-01-04") {
			t.Fatalf("coverage alert %q, want ofac-sdn not covered before 2019-01-04", alert)
		}
		if strings.Contains(head, "0 matches") || !strings.Contains(head, "no list") {
			t.Fatalf("heading %q reads as a clean result", head)
		}
	})

	t.Run("Delisted", func(t *testing.T) {
		search(t, "Rusal", "2021-04-25")
		do(t, ctx, chromedp.WaitVisible(css(`#delisted`)))
		screenshot(t, ctx, dir, "dates-2-delisted")
		section := get(t, ctx, chromedp.Text(css(`#delisted`)))
		if !strings.Contains(section, "UNITED COMPANY RUSAL PLC") || !strings.Contains(section, "removed between 2019-01-04 and 2021-04-25") {
			t.Fatalf("delisted section %q, want UNITED COMPANY RUSAL PLC removed between 2019-01-04 and 2021-04-25", section)
		}
		if n := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`#not-covered`), chromedp.AtLeast(0))); len(n) != 0 {
			t.Fatalf("coverage alert shown for a covered screening")
		}
	})

	// A timeline over a range that starts years before the data says so,
	// and draws the bar of 2021-04 as spanning the gap since 2019-01-04.
	t.Run("TimelineBeforeData", func(t *testing.T) {
		submitForm(t, ctx, rs.URL+"/timeline", `form.timeline-form`,
			[]string{`input[name=from]`, "2010-01", `input[name=filter]`, "Russia-related"})
		do(t, ctx, chromedp.WaitVisible(css(`#timeline-notes`)))
		screenshot(t, ctx, dir, "dates-3-timeline")
		notes := get(t, ctx, chromedp.Text(css(`#timeline-notes`)))
		if !strings.Contains(notes, "before the data") || !strings.Contains(notes, "2019-01-04") {
			t.Fatalf("notes %q, want the range said to start before the data (2019-01-04)", notes)
		}
		span := get(t, ctx, chromedp.TextContent(css(`svg.chart g.span`)))
		if !strings.Contains(span, "since 2019-01-04") {
			t.Fatalf("gap bracket %q, want it to span since 2019-01-04", span)
		}
		years := get(t, ctx, chromedp.Text(css(`#per-year`)))
		if !strings.Contains(years, "2021") {
			t.Fatalf("per-year table %q, want 2021", years)
		}
	})
}
