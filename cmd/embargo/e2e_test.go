package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds the browser for the end-to-end tests: $EMBARGO_CHROMIUM,
// else /usr/bin/chromium. Under CI (CI=true) a missing browser fails the
// test; elsewhere the test is skipped with a message saying how to run it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	path := os.Getenv("EMBARGO_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium not found at %s (CI=true: the test script must install it: apt-get install -y chromium)", path)
		}
		t.Skipf("chromium not found at %s: install it (apt-get install -y chromium) or set EMBARGO_CHROMIUM to run the browser tests", path)
	}
	return path
}

// artifactDir is where screenshots go, kept as the tests' artifacts:
// $EMBARGO_ARTIFACTS, else artifacts/screenshots at the repository's root.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("EMBARGO_ARTIFACTS")
	if dir == "" {
		// Kept after the test (the repository ignores artifacts/).
		var err error
		if dir, err = filepath.Abs(filepath.Join("..", "..", "artifacts", "screenshots")); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// MustBrowser starts a headless chromium and returns a browser context.
func MustBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first call starts the browser, which lives as long as ctx: no
	// timeout on it (see chromedp.NewContext); steps get theirs.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// stepTimeout bounds each browser step.
const stepTimeout = 30 * time.Second

// do runs browser steps, failing the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// submitForm opens url, waits for the form (a CSS selector), sets its
// fields (pairs of a CSS selector and a value), clicks its submit button,
// waits for the page the form leads to (the page before it is marked, so
// a selector both pages have cannot match the old one), then runs then.
func submitForm(t *testing.T, ctx context.Context, url, form string, fields []string, then ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(url), chromedp.WaitVisible(css(form))}
	for i := 0; i+1 < len(fields); i += 2 {
		steps = append(steps, chromedp.SetValue(css(fields[i]), fields[i+1]))
	}
	steps = append(steps,
		chromedp.Evaluate[chromedp.Void](`window.embargoFormPage = true`),
		chromedp.Click(css(form+` button[type=submit]`)))
	do(t, ctx, steps...)
	waitPage(t, ctx, `!window.embargoFormPage && document.readyState === "complete"`)
	if len(then) > 0 {
		do(t, ctx, then...)
	}
}

// signIn returns the steps that open url, which asks for a key, sign in
// with key and wait for shown (a CSS selector) on the page it returns to.
func signIn(url, key, shown string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(url),
		chromedp.WaitVisible(css(`input[name=key]`)),
		chromedp.SendKeys(css(`input[name=key]`), key),
		chromedp.Click(css(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(css(shown)),
	}
}

// get runs one browser action that returns a value.
func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// waitPage waits until the JavaScript expression is true in the page,
// across navigations (a poll is cut off when the page it runs in goes).
func waitPage(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		pctx, cancel := context.WithDeadline(ctx, deadline)
		err := chromedp.Do(pctx, chromedp.Poll[chromedp.Void](expr))
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("wait for %s: %v", expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// screenshot saves the whole page as NAME.png in dir.
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	// A click that submits a form may leave the old page matching the
	// step's wait while the new one loads: a screenshot taken then fails
	// with "0 width". Wait for a laid-out, loaded page first.
	waitPage(t, ctx, `document.readyState === "complete" && document.documentElement.clientWidth > 0`)
	buf := get(t, ctx, chromedp.FullScreenshot(100))
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// css selects by CSS selector.
func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// browserTest starts what a browser test needs, or skips the test under
// -short: chromium, the directory the screenshots go to, and a server of
// the program newProgram returns, ready (within ready).
func browserTest(t *testing.T, newProgram func(testing.TB) *Program, ready time.Duration) (ctx context.Context, dir string, p *Program, rs *RunningServer) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test")
	}
	ctx = MustBrowser(t)
	dir = artifactDir(t)
	p = newProgram(t)
	rs = p.MustServe(t, nil)
	rs.WaitReady(t, ready)
	return ctx, dir, p, rs
}

// TestBrowser drives the web UI in chromium: search, entity and history,
// diff, timeline.
func TestBrowser(t *testing.T) {
	ctx, dir, _, rs := browserTest(t, NewProgramWithSDN, 60*time.Second)

	t.Run("Search", func(t *testing.T) {
		do(t, ctx,
			chromedp.Navigate(rs.URL+"/"),
			chromedp.WaitVisible(css(`#name`)),
			chromedp.SendKeys(css(`#name`), "Oleg Deripaska"),
			chromedp.Click(css(`form.search button[type=submit]`)),
			chromedp.WaitVisible(css(`article.match`)),
		)
		screenshot(t, ctx, dir, "1-search")
		if first := get(t, ctx, chromedp.Text(css(`article.match h3 a`))); !strings.Contains(first, "DERIPASKA") {
			t.Fatalf("first match %q, want DERIPASKA", first)
		}
		why := get(t, ctx, chromedp.Text(css(`article.match details.explain`)))
		if !strings.Contains(why, "deripaska") || !strings.Contains(why, "exact") {
			t.Fatalf("explanation %q lacks the token pairs and rules", why)
		}
	})

	t.Run("Entity", func(t *testing.T) {
		do(t, ctx,
			chromedp.Click(css(`article.match h3 a`)),
			chromedp.WaitVisible(css(`section.history`)),
		)
		screenshot(t, ctx, dir, "2-entity")
		title := get(t, ctx, chromedp.Text(css(`h1`)))
		history := get(t, ctx, chromedp.Text(css(`section.history`)))
		if !strings.Contains(title, "DERIPASKA") || !strings.Contains(history, "added") || !strings.Contains(history, "2019-01-04") {
			t.Fatalf("entity page: title %q, history %q", title, history)
		}
		// Related entities link to their pages.
		if related := get(t, ctx, chromedp.Text(css(`.entity-grid`))); !strings.Contains(related, "BASIC ELEMENT LIMITED") {
			t.Fatalf("no link from BASIC ELEMENT: %q", related)
		}
		do(t, ctx,
			chromedp.Click(chromedp.Search(`//a[normalize-space(text())="BASIC ELEMENT LIMITED"]`)),
			chromedp.WaitVisible(css(`section.history`)),
		)
		if url := get(t, ctx, chromedp.Location()); !strings.HasSuffix(url, "/entities/ofac-sdn:24224") {
			t.Fatalf("related link went to %s", url)
		}
	})

	t.Run("Diff", func(t *testing.T) {
		submitForm(t, ctx, rs.URL+"/diff", `form.diff-form`,
			[]string{`select[name=from]`, "ofac-sdn@2019-01-04", `select[name=to]`, "ofac-sdn@2021-04-25"},
			chromedp.WaitVisible(css(`#removed`)))
		screenshot(t, ctx, dir, "3-diff")
		if summary := get(t, ctx, chromedp.Text(css(`.diff-summary`))); !strings.Contains(summary, "1712") || !strings.Contains(summary, "201") {
			t.Fatalf("diff summary %q, want 1712 added and 201 removed", summary)
		}
		if removed := get(t, ctx, chromedp.Text(css(`#removed`))); !strings.Contains(removed, "UNITED COMPANY RUSAL PLC") {
			t.Fatalf("RUSAL not among the removed")
		}
	})

	t.Run("Timeline", func(t *testing.T) {
		do(t, ctx,
			chromedp.Navigate(rs.URL+"/timeline"),
			chromedp.WaitVisible(css(`svg.chart`)),
		)
		screenshot(t, ctx, dir, "4-timeline")
		bars := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`svg.chart rect.bar`)))
		legend := get(t, ctx, chromedp.TextContent(css(`svg.chart`)))
		if len(bars) == 0 || !strings.Contains(legend, "Designations") {
			t.Fatalf("chart has %d bars, text %q", len(bars), legend)
		}
	})

	t.Run("Scan", func(t *testing.T) {
		do(t, ctx,
			chromedp.Navigate(rs.URL+"/scan"),
			chromedp.WaitVisible(css(`#text`)),
			chromedp.SendKeys(css(`#text`), "Shares of Rusal rose after Oleg Deripaska spoke in Jerusalem."),
			chromedp.SetValue(css(`input[name=as_of]`), "2019-01-04"),
			chromedp.Click(css(`form[action="/scan"] button[type=submit]`)),
			chromedp.WaitVisible(css(`#scanned a.mention`)),
		)
		screenshot(t, ctx, dir, "5-scan")
		marks := get(t, ctx, chromedp.Text(css(`#scanned`)))
		links := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`#scanned a.mention`)))
		if len(links) < 2 || !strings.Contains(marks, "Rusal") {
			t.Fatalf("scan page marked %d mentions in %q, want Rusal and Deripaska", len(links), marks)
		}
	})
}
