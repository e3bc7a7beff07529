package main_test

import (
	"encoding/csv"
	"encoding/json"
	"io"
	nethttp "net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// waitFile waits for a completed download in dir whose name ends in
// suffix and returns its path.
func waitFile(t *testing.T, dir, suffix string) string {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for time.Now().Before(deadline) {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), suffix) {
				return filepath.Join(dir, e.Name())
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no *%s downloaded into %s", suffix, dir)
	return ""
}

// TestBrowserProof drives the exports, the proof of screening and the
// sign-in in chromium: a diff exported as CSV and read back; a screening's
// printable record, printed to PDF; a sign-in that returns to the page
// asked for; customers uploaded and an alert decided; the audit log
// filtered by caller, exported as CSV and JSON lines and read back.
func TestBrowserProof(t *testing.T) {
	var key string
	ctx, dir, p, rs := browserTest(t, func(tb testing.TB) *Program {
		p := NewProgramWithSDN(tb)
		key = strings.TrimSpace(p.MustRun(tb, "keys", "create", "--role", "analyst", "--name", "ana"))
		return p
	}, 60*time.Second)

	t.Run("ExportDiffCSV", func(t *testing.T) {
		downloads := t.TempDir()
		if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
			t.Fatal(err)
		}
		submitForm(t, ctx, rs.URL+"/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25", `form.diff-form`,
			[]string{`input[name=program]`, "ukraine", `select[name=change]`, "removed"},
			chromedp.WaitVisible(css(`#diff-csv`)))
		screenshot(t, ctx, dir, "ui-1-diff-filtered")
		shown := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`#removed tbody tr`)))
		do(t, ctx, chromedp.Click(css(`#diff-csv`)))
		path := waitFile(t, downloads, ".csv")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatalf("read back %s: %v", path, err)
		}
		if len(recs) < 2 || recs[0][3] != "change" || recs[0][7] != "programs" {
			t.Fatalf("downloaded CSV header %v", recs[0])
		}
		if len(recs)-1 != len(shown) {
			t.Fatalf("CSV has %d rows, the page shows %d", len(recs)-1, len(shown))
		}
		rusal := false
		for _, r := range recs[1:] {
			if r[3] != "removed" || !strings.Contains(r[7], "UKRAINE") {
				t.Fatalf("row %v does not match the filter", r)
			}
			rusal = rusal || r[4] == "ofac-sdn:24228"
		}
		if !rusal {
			t.Fatal("Rusal (removed, UKRAINE-EO13661) is not in the export")
		}
	})

	t.Run("PrintScreeningRecord", func(t *testing.T) {
		do(t, ctx,
			chromedp.Navigate(rs.URL+"/?name=Oleg+Deripaska"),
			chromedp.WaitVisible(css(`#audit-id`)),
		)
		aid := get(t, ctx, chromedp.Text(css(`#audit-id`)))
		do(t, ctx,
			chromedp.Click(css(`#audit-id`)),
			chromedp.WaitVisible(css(`#screening-record`)),
		)
		if got := get(t, ctx, chromedp.Text(css(`#record-audit-id`))); got != aid {
			t.Fatalf("record page of %q, want %q", got, aid)
		}
		if q := get(t, ctx, chromedp.Text(css(`#record-query`))); q != "Oleg Deripaska" {
			t.Fatalf("query %q", q)
		}
		hash := get(t, ctx, chromedp.Text(css(`#record-hash`)))
		if len(hash) != 64 {
			t.Fatalf("record hash %q", hash)
		}
		// Print media: the navigation goes, the record stays.
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		nav := get(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('header.topbar')).display`))
		rec := get(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#screening-record')).display`))
		if nav != "none" || rec == "none" {
			t.Fatalf("print view: navigation display %q, record %q", nav, rec)
		}
		screenshot(t, ctx, dir, "ui-2-screening-record-print")
		pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(pdf.Data), "%PDF") {
			t.Fatal("PrintToPDF gave no PDF")
		}
		if err := os.WriteFile(filepath.Join(dir, "ui-2-screening-record.pdf"), pdf.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
			t.Fatal(err)
		}
		// The record is the one `embargo audit verify --record` checks.
		if out := p.MustRun(t, "audit", "verify", "--record", aid); !strings.Contains(out, "hash "+hash+", in the verified chain") {
			t.Fatalf("audit verify --record %s: %s", aid, out)
		}
	})

	t.Run("SignInReturns", func(t *testing.T) {
		const asked = "/alerts?status=open"
		do(t, ctx, signIn(rs.URL+asked, key, `#whoami`)...)
		if url := get(t, ctx, chromedp.Location()); !strings.HasSuffix(url, asked) {
			t.Fatalf("after sign-in at %s, want %s", url, asked)
		}
		if who := get(t, ctx, chromedp.Text(css(`#whoami`))); !strings.Contains(who, "ana") || !strings.Contains(who, "analyst") {
			t.Fatalf("role shown %q, want ana · analyst", who)
		}
		screenshot(t, ctx, dir, "ui-3-signed-in")
	})

	t.Run("PhoneWidth", func(t *testing.T) {
		// At 390 px every navigation link is inside the viewport.
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true}); err != nil {
			t.Fatal(err)
		}
		defer chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
		do(t, ctx, chromedp.Navigate(rs.URL+"/timeline"), chromedp.WaitVisible(css(`svg.chart`)))
		hidden := get(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('.topbar nav a')].filter(a => { const r = a.getBoundingClientRect(); return r.right > window.innerWidth || r.left < 0; }).length`))
		if hidden != 0 {
			t.Fatalf("%d navigation links outside a 390 px screen", hidden)
		}
		w := get(t, ctx, chromedp.Evaluate[float64](`document.querySelector('svg.chart').getBoundingClientRect().width`))
		if w < 600 {
			t.Fatalf("chart %.0f px wide on a phone: its labels shrink unreadably", w)
		}
		screenshot(t, ctx, dir, "ui-9-phone-timeline")
	})

	t.Run("UploadCustomersAndDecide", func(t *testing.T) {
		files := t.TempDir()
		bad := filepath.Join(files, "bad.csv")
		good := filepath.Join(files, "customers.csv")
		os.WriteFile(bad, []byte("id,name,type\nc1,Andriy Derkach,person\nc2,,person\n"), 0o644)
		os.WriteFile(good, []byte("id,name,type,country\nc1,Andriy Derkach,person,UA\nc2,Wilburn Kuvalis,person,US\n"), 0o644)
		do(t, ctx,
			chromedp.Navigate(rs.URL+"/watchlists"),
			chromedp.WaitVisible(css(`#upload-customers`)),
			chromedp.SendKeys(css(`#upload-customers input[name=list]`), "kyc"),
			chromedp.SetUploadFiles(css(`#upload-customers input[type=file]`), []string{bad}),
			chromedp.Click(css(`#upload-customers button[type=submit]`)),
			chromedp.WaitVisible(css(`#upload-result`)),
		)
		if msg := get(t, ctx, chromedp.Text(css(`#upload-result`))); !strings.Contains(msg, "Nothing was saved") || !strings.Contains(msg, "bad.csv line 3") {
			t.Fatalf("bad upload: %q", msg)
		}
		screenshot(t, ctx, dir, "ui-4-upload-errors")
		do(t, ctx,
			chromedp.SetValue(css(`#upload-customers input[name=list]`), "kyc"),
			chromedp.SetUploadFiles(css(`#upload-customers input[type=file]`), []string{good}),
			chromedp.Click(css(`#upload-customers button[type=submit]`)),
			chromedp.WaitVisible(css(`#upload-result a[href="/alerts?status=open"]`)),
		)
		screenshot(t, ctx, dir, "ui-5-uploaded")
		do(t, ctx,
			chromedp.Click(css(`#upload-result a[href="/alerts?status=open"]`)),
			chromedp.WaitVisible(css(`form.decide`)),
		)
		card := get(t, ctx, chromedp.Text(css(`section.card.match`)))
		if !strings.Contains(card, "Andriy Derkach") || !strings.Contains(card, "DERKACH") {
			t.Fatalf("first open alert: %q", card)
		}
		do(t, ctx,
			chromedp.SetValue(css(`form.decide select[name=status]`), "true_match"),
			chromedp.SendKeys(css(`form.decide input[name=note]`), "same person: name and country"),
			chromedp.Click(css(`form.decide button[type=submit]`)),
			// Back on the open alerts, which no longer hold it.
			chromedp.WaitVisible(css(`p.card.empty`)),
		)
		if url := get(t, ctx, chromedp.Location()); !strings.HasSuffix(url, "/alerts?status=open") {
			t.Fatalf("after deciding at %s", url)
		}
		do(t, ctx, chromedp.Navigate(rs.URL+"/alerts?status=true_match"), chromedp.WaitVisible(css(`h1`)))
		decided := get(t, ctx, chromedp.Text(css(`main`)))
		if !strings.Contains(decided, "Andriy Derkach") || !strings.Contains(decided, "true_match") {
			t.Fatalf("true matches: %q", decided)
		}
		screenshot(t, ctx, dir, "ui-6-decided")
		out := p.MustRun(t, "alerts", "--status", "true_match", "--json")
		if !strings.Contains(out, "Andriy Derkach") {
			t.Fatalf("the decision is not in the store: %s", out)
		}
		do(t, ctx, chromedp.Click(css(`#sign-out`)), chromedp.WaitVisible(css(`#sign-in`)))
		do(t, ctx, chromedp.Navigate(rs.URL+"/alerts"), chromedp.WaitVisible(css(`input[name=key]`)))
	})

	t.Run("AuditLog", func(t *testing.T) {
		admin := strings.TrimSpace(p.MustRun(t, "keys", "create", "--role", "admin", "--name", "ada"))
		// A screening, with the analyst's key, of a name a spreadsheet
		// would run as a formula; its caller as the API's audit log says.
		const formula = `=HYPERLINK("http://x")`
		apiGet := func(path, key string) []byte {
			req, err := nethttp.NewRequest("GET", rs.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("X-API-Key", key)
			resp, err := nethttp.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: HTTP %d %s", path, resp.StatusCode, body)
			}
			return body
		}
		apiGet("/api/v1/screen?name="+url.QueryEscape(formula), key)
		var log struct {
			Records []struct {
				Caller string `json:"caller"`
				Query  struct {
					Name string `json:"name"`
				} `json:"query"`
			} `json:"records"`
		}
		if err := json.Unmarshal(apiGet("/api/v1/audit?kind=screen", admin), &log); err != nil {
			t.Fatal(err)
		}
		caller := ""
		for _, r := range log.Records {
			if r.Query.Name == formula {
				caller = r.Caller
			}
		}
		if !strings.Contains(caller, "ana") {
			t.Fatalf("caller of the analyst's screening %q, in %+v", caller, log.Records)
		}
		const asked = "/audit?kind=screen"
		do(t, ctx, signIn(rs.URL+asked, admin, `#audit-table`)...)
		if u := get(t, ctx, chromedp.Location()); !strings.HasSuffix(u, asked) {
			t.Fatalf("after sign-in at %s, want %s", u, asked)
		}
		table := get(t, ctx, chromedp.Text(css(`#audit-table`)))
		if !strings.Contains(table, "Oleg Deripaska") || !strings.Contains(table, formula) {
			t.Fatalf("audit log page lacks the screenings: %q", table)
		}
		// Filter by caller: the analyst's screening only.
		do(t, ctx,
			chromedp.SetValue(css(`#audit-form input[name=caller]`), caller),
			chromedp.Click(css(`#audit-form button[type=submit]`)),
		)
		// The unfiltered page's table would satisfy a wait for the table.
		waitPage(t, ctx, `location.search.includes("caller=") && document.readyState === "complete"`)
		rows := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`#audit-table tbody tr`)))
		table = get(t, ctx, chromedp.Text(css(`#audit-table`)))
		if len(rows) != 1 || !strings.Contains(table, formula) || strings.Contains(table, "Oleg Deripaska") {
			t.Fatalf("caller %s, kind screen: %q", caller, table)
		}
		screenshot(t, ctx, dir, "ui-10-audit-log")

		downloads := t.TempDir()
		if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
			t.Fatal(err)
		}
		do(t, ctx, chromedp.Click(css(`#audit-csv`)))
		f, err := os.Open(waitFile(t, downloads, ".csv"))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs)-1 != len(rows) || recs[0][4] != "caller" || recs[0][9] != "query_name" {
			t.Fatalf("audit CSV: %d rows for %d shown, header %v", len(recs)-1, len(rows), recs[0])
		}
		for _, r := range recs[1:] {
			if r[3] != "screen" || r[4] != caller {
				t.Fatalf("row %v does not match the filter", r)
			}
			if strings.HasPrefix(r[9], "=") {
				t.Fatalf("query_name %q would run as a formula", r[9])
			}
		}
		do(t, ctx, chromedp.Click(css(`#audit-jsonl`)))
		data, err := os.ReadFile(waitFile(t, downloads, ".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for line := range strings.Lines(string(data)) {
			var rec struct {
				ID     int64  `json:"id"`
				Caller string `json:"caller"`
				Hash   string `json:"hash"`
			}
			if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.Caller != caller || len(rec.Hash) != 64 {
				t.Fatalf("JSON line %q: %+v %v", line, rec, err)
			}
			ids = append(ids, strconv.FormatInt(rec.ID, 10))
		}
		if len(ids) != len(rows) {
			t.Fatalf("JSON lines: %d records for %d shown", len(ids), len(rows))
		}
		// Each record opens its printable record.
		do(t, ctx,
			chromedp.Click(css(`#audit-table a[href="/audit/`+ids[0]+`"]`)),
			chromedp.WaitVisible(css(`#screening-record`)),
		)
		if q := get(t, ctx, chromedp.Text(css(`#record-query`))); q != formula {
			t.Fatalf("record of the first row: query %q", q)
		}
		do(t, ctx, chromedp.Click(css(`#sign-out`)), chromedp.WaitVisible(css(`#sign-in`)))
	})
}
