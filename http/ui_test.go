package http_test

import (
	"strings"
	"testing"
)

func TestUI(t *testing.T) {
	ts := MustOpenServer(t)
	for _, c := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"search form", "/", 200, []string{`<form class="search card"`, "Lists loaded", "ofac-sdn"}},
		{"search results", "/?name=Oleg+Deripaska&type=person", 200, []string{"DERIPASKA, Oleg Vladimirovich", `class="scorebar"`, "Why:", "exact", `href="/entities/ofac-sdn:`}},
		{"search as of", "/?name=United+Company+Rusal&as_of=2019-06-01", 200, []string{"UNITED COMPANY RUSAL PLC", "ofac-sdn@2019-01-04", "?as_of=2019-06-01"}},
		{"search invalid", "/?name=x&threshold=7", 400, []string{"threshold", `class="alert"`}},
		{"entity", "/entities/ofac-sdn:24224", 200, []string{"BASIC ELEMENT LIMITED", "badge listed", "Linked to", "DERIPASKA", "History", "ofac-sdn@2019-01-04"}},
		{"entity delisted", "/entities/ofac-sdn:24228", 200, []string{"UNITED COMPANY RUSAL PLC", "badge delisted", "removed in", "ch-removed", "EN&#43; GROUP PLC"}},
		{"entity changed", "/entities/ofac-sdn:906", 200, []string{"HAVIN BANK LIMITED", "ch-changed", `class="ins"`, "HAVANA INTERNATIONAL BANK"}},
		{"entity missing", "/entities/ofac-sdn:999999999", 404, []string{"not found"}},
		{"snapshots", "/snapshots", 200, []string{"ofac-sdn@2021-04-25", "+1511", `/diff?source=ofac-sdn&amp;from=ofac-sdn%402019-01-04&amp;to=ofac-sdn%402021-04-25`}},
		{"snapshots unknown source", "/snapshots?source=nope", 404, []string{"no snapshots"}},
		{"diff form", "/diff", 200, []string{`<select name="from">`, "ofac-sdn@2019-01-04"}},
		{"diff", "/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25", 200, []string{"1712", "201", "UNITED COMPANY RUSAL PLC", "and 1212 more", "HAVIN BANK LIMITED"}},
		{"diff error", "/diff?source=ofac-sdn&from=1999-01-01&to=2021-04-25", 404, []string{`class="alert"`}},
		{"timeline", "/timeline", 200, []string{`<svg class="chart"`, `class="bar"`, "Designations", "2021-04", "UKRAINE-EO13661"}},
		{"timeline by country", "/timeline?by=country&filter=russia", 200, []string{`<svg class="chart"`, "Russia"}},
		{"timeline error", "/timeline?by=planet", 400, []string{"program or country"}},
		{"scan form", "/scan", 200, []string{`<textarea id="text" name="text"`, `action="/scan"`}},
		{"unknown page", "/nope", 404, nil},
		{"stylesheet", "/static/style.css", 200, []string{"--accent"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ts.Get(t, c.path)
			MustStatus(t, r, c.status)
			body := string(r.Body)
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				if !strings.Contains(body, "<nav") || strings.Contains(body, "<script") || strings.Contains(body, "http://") && strings.Contains(body, "cdn") {
					t.Errorf("page is not a self-contained, script-free layout page")
				}
				if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'none'") {
					t.Errorf("CSP %q", csp)
				}
			}
		})
	}
}
