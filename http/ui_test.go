package http_test

import (
	"fmt"
	"html"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
)

func TestUI(t *testing.T) {
	ts := MustOpenServer(t)
	for _, c := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"search form", "/", 200, []string{`<form class="search card"`, "Lists loaded", "ofac-sdn", fmt.Sprintf(`placeholder="%v"`, embargo.DefaultThreshold)}}, // as screening uses
		{"search results", "/?name=Oleg+Deripaska&type=person", 200, []string{"DERIPASKA, Oleg Vladimirovich", `class="scorebar"`, "Why:", "exact", `href="/entities/ofac-sdn:`}},
		{"search as of", "/?name=United+Company+Rusal&as_of=2019-06-01", 200, []string{"UNITED COMPANY RUSAL PLC", "ofac-sdn@2019-01-04", "?as_of=2019-06-01"}},
		{"search before the data", "/?name=Rusal&as_of=2010-01-01", 200, []string{"Not screened: no list covers this date", "ofac-sdn", "not a clean result", "was screened against no list"}},
		{"search delisted section", "/?name=Rusal&as_of=2021-04-25", 200, []string{`id="delisted"`, "Delisted: listed before, but not on", "UNITED COMPANY RUSAL PLC", "removed between 2019-01-04 and 2021-04-25"}},
		{"search invalid country", "/?name=x&country=Narnia", 400, []string{"unknown country", `class="alert"`}},
		{"entity undated", "/entities/ofac-sdn:24283", 200, []string{"DERIPASKA", "first seen in the first snapshot held (2019-01-04); the list does not publish designation dates", "not published by this list; the data starts at 2019-01-04"}},
		{"search invalid", "/?name=x&threshold=7", 400, []string{"threshold", `class="alert"`}},
		{"search invalid date of birth", "/?name=x&dob=1968-02-30", 400, []string{"date of birth", `class="alert"`}},
		{"entity", "/entities/ofac-sdn:24224", 200, []string{"BASIC ELEMENT LIMITED", "badge listed", "Linked to", "DERIPASKA", "History", "ofac-sdn@2019-01-04"}},
		{"entity delisted", "/entities/ofac-sdn:24228", 200, []string{"UNITED COMPANY RUSAL PLC", "badge delisted", "removed between 2019-01-04 and 2021-04-25 (the snapshots before and after)", "ch-removed", "EN&#43; GROUP PLC"}},
		{"entity changed", "/entities/ofac-sdn:906", 200, []string{"HAVIN BANK LIMITED", "ch-changed", `class="ins"`, "HAVANA INTERNATIONAL BANK"}},
		{"entity missing", "/entities/ofac-sdn:999999999", 404, []string{"not found"}},
		{"snapshots", "/snapshots", 200, []string{"ofac-sdn@2021-04-25", "+1511", `/diff?source=ofac-sdn&amp;from=ofac-sdn%402019-01-04&amp;to=ofac-sdn%402021-04-25`}},
		{"snapshots unknown source", "/snapshots?source=nope", 404, []string{"no snapshots"}},
		{"diff form", "/diff", 200, []string{`<select name="from">`, "ofac-sdn@2019-01-04"}},
		{"diff", "/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25", 200, []string{"1712", "201", "UNITED COMPANY RUSAL PLC", "page 1 of 9", "HAVIN BANK LIMITED", "UKRAINE-EO13661", "Export CSV", "format=csv"}},
		{"diff page 9", "/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25&page=9", 200, []string{"page 9 of 9", "previous"}},
		{"diff filtered", "/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25&program=ukraine&country=RU&change=removed", 200, []string{"UNITED COMPANY RUSAL PLC", "Filtered to programs containing", "0</strong> added"}},
		{"diff bad page", "/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25&page=99", 400, []string{"page"}},
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

// TestUI_Links follows the links of the pages (search results, an entity,
// snapshots, a diff, the timeline) and of the pages they lead to, a few of
// each kind (path and query keys), and checks that each answers 200: a
// link the UI draws must work.
func TestUI_Links(t *testing.T) {
	ts := MustOpenServer(t)
	href := regexp.MustCompile(`href="(/[^"#]*)"`)
	type page struct {
		path  string
		depth int
	}
	queue := []page{
		{"/?name=Oleg+Deripaska", 0}, {"/?name=United+Company+Rusal&as_of=2019-06-01", 0}, {"/entities/ofac-sdn:24228", 0},
		{"/snapshots", 0}, {"/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25", 0}, {"/timeline", 0},
	}
	seen := map[string]bool{}
	kinds := map[string]int{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		r := ts.Get(t, p.path)
		if r.Status != 200 {
			t.Errorf("%s: status %d", p.path, r.Status)
			continue
		}
		if p.depth == 2 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range href.FindAllStringSubmatch(string(r.Body), -1) {
			link := html.UnescapeString(m[1])
			switch {
			case seen[link], strings.HasPrefix(link, "/static/"), strings.HasPrefix(link, "/api/"), link == "/metrics",
				strings.HasPrefix(link, "/watchlists"), strings.HasPrefix(link, "/alerts"), strings.HasPrefix(link, "/login"):
				continue // seen, or assets, JSON, and pages behind a key (tested elsewhere)
			}
			if kind := linkKind(link); kinds[kind] < 5 {
				kinds[kind]++
				seen[link] = true
				queue = append(queue, page{link, p.depth + 1})
			}
		}
	}
	if len(kinds) < 10 || len(seen) < 20 {
		t.Fatalf("followed %d links of %d kinds, want more", len(seen), len(kinds))
	}
	t.Logf("followed %d links of %d kinds", len(seen), len(kinds))
}

// linkKind is a link's path without its last segment, and its query's
// keys: "/entities/*?as_of".
func linkKind(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	kind := u.Path
	if i := strings.LastIndexByte(kind, '/'); i > 0 {
		kind = kind[:i] + "/*"
	}
	keys := slices.Sorted(maps.Keys(u.Query()))
	return kind + "?" + strings.Join(keys, "&")
}
