package http_test

import (
	"encoding/json"
	"io"
	nethttp "net/http"
	"net/url"
	"strings"
	"testing"
)

const rusalArticle = `Aluminium prices rose on Monday. Rusal, the producer once controlled by
Oleg Deripaska, said output would grow. Analysts at Jerusalem Capital were cautious.`

func TestScanAPI(t *testing.T) {
	ts := MustOpenServer(t)
	for _, tc := range []struct {
		asOf       string
		listed     bool
		delistedOn string
	}{
		{"2019-01-04", true, ""},
		{"2021-04-25", false, "2021-04-25"},
	} {
		resp, err := nethttp.Post(ts.URL()+"/api/v1/scan?as_of="+tc.asOf, "text/plain", strings.NewReader(rusalArticle))
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Mentions []struct {
				Text       string `json:"text"`
				Start, End int
				EntityID   string `json:"entity_id"`
				Listed     bool   `json:"listed"`
				DelistedOn string `json:"delisted_on"`
			} `json:"mentions"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var rusal bool
		for _, m := range res.Mentions {
			if got := rusalArticle[m.Start:m.End]; got != m.Text {
				t.Errorf("offsets %d-%d give %q, text says %q", m.Start, m.End, got, m.Text)
			}
			if m.EntityID == "ofac-sdn:24228" {
				rusal = true
				if m.Listed != tc.listed || m.DelistedOn != tc.delistedOn {
					t.Errorf("as of %s: Rusal listed=%v delisted_on=%q, want %v %q", tc.asOf, m.Listed, m.DelistedOn, tc.listed, tc.delistedOn)
				}
			}
			if strings.Contains(m.Text, "Jerusalem") {
				t.Errorf("as of %s: %q reported", tc.asOf, m.Text)
			}
		}
		if !rusal {
			t.Errorf("as of %s: Rusal not found in %+v", tc.asOf, res.Mentions)
		}
	}
	// Thresholds are read as screening reads them: NaN is no score either.
	for _, th := range []string{"2", "NaN"} {
		resp, err := nethttp.Post(ts.URL()+"/api/v1/scan?threshold="+th, "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Fatalf("threshold %s: HTTP %d, want 400", th, resp.StatusCode)
		}
	}
}

func TestScanPage(t *testing.T) {
	ts := MustOpenServer(t)
	resp, err := nethttp.PostForm(ts.URL()+"/scan", url.Values{"text": {rusalArticle}, "as_of": {"2019-01-04"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	page := string(body)
	if resp.StatusCode != 200 || !strings.Contains(page, `href="/entities/ofac-sdn:24228"`) || !strings.Contains(page, `class="mention listed"`) {
		t.Fatalf("HTTP %d; the page does not link Rusal as listed:\n%s\nlog:\n%s", resp.StatusCode, page, ts.Logs.String())
	}
}

// TestScanPage_GroupsDelisted: an entity delisted by the date scanned is
// grouped with the programs and listing date of its last listed version,
// and the interval of its removal.
func TestScanPage_GroupsDelisted(t *testing.T) {
	ts := MustOpenServer(t)
	resp, err := nethttp.PostForm(ts.URL()+"/scan", url.Values{"text": {rusalArticle}, "as_of": {"2021-04-25"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	var group string
	for _, g := range strings.Split(page, `<article class="scan-group">`)[1:] {
		g, _, _ = strings.Cut(g, "</article>")
		if strings.Contains(g, `href="/entities/ofac-sdn:24228"`) {
			group = g
		}
	}
	if group == "" {
		t.Fatalf("HTTP %d: no group for Rusal (ofac-sdn:24228):\n%s\nlog:\n%s", resp.StatusCode, page, ts.Logs.String())
	}
	for _, want := range []string{"badge delisted", "removed between 2019-01-04 and 2021-04-25", "Programs: UKRAINE-EO13661"} {
		if !strings.Contains(group, want) {
			t.Errorf("Rusal's group lacks %q:\n%s", want, group)
		}
	}
}

// TestScanPage_Groups: the scan page groups mentions per entity, says in
// words what found them, with programs, and exports the mentions as CSV.
func TestScanPage_Groups(t *testing.T) {
	ts := MustOpenServer(t)
	form := url.Values{"text": {rusalArticle}, "as_of": {"2019-01-04"}}
	resp, err := nethttp.PostForm(ts.URL()+"/scan", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	for _, want := range []string{`id="scan-groups"`, "UNITED COMPANY RUSAL PLC", "found by ", "Programs: ", "UKRAINE-EO13661"} {
		if !strings.Contains(page, want) {
			t.Errorf("scan page lacks %q", want)
		}
	}
	if n := strings.Count(page, `<article class="scan-group">`); n == 0 || n > strings.Count(page, `class="mention `) {
		t.Errorf("%d groups for %d mentions", n, strings.Count(page, `class="mention `))
	}
	form.Set("format", "csv")
	resp, err = nethttp.PostForm(ts.URL()+"/scan", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(body), "ofac-sdn:24228") || !strings.HasPrefix(string(body), "start,end,text") {
		t.Fatalf("scan CSV: %s\n%s", resp.Header.Get("Content-Type"), body)
	}
}
