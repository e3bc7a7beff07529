package http_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	embhttp "github.com/embargo-dev/embargo/http"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/source"
	"github.com/embargo-dev/embargo/sqlite"
)

func TestAuth(t *testing.T) {
	ts := MustOpenServer(t)
	viewer := ts.MustCreateKey(t, embargo.RoleViewer)
	analyst := ts.MustCreateKey(t, embargo.RoleAnalyst)
	admin := ts.MustCreateKey(t, embargo.RoleAdmin)
	batch := `[{"name": "Oleg Deripaska"}]`

	t.Run("MissingKey", func(t *testing.T) {
		r := ts.PostJSON(t, "/api/v1/screen", batch)
		MustStatus(t, r, 401)
		if msg, code := r.Error(t); code != "unauthorized" || !strings.Contains(msg, "API key is required") {
			t.Fatalf("error %q (%s)", msg, code)
		}
		if r.Header.Get("WWW-Authenticate") == "" {
			t.Fatal("no WWW-Authenticate header")
		}
	})
	t.Run("WrongKey", func(t *testing.T) {
		for _, h := range [][]string{
			{"Authorization", "Bearer emb_thisisnotakey"},
			{"X-API-Key", "emb_thisisnotakey"},
			{"Authorization", "Basic dXNlcjpwYXNz"},
		} {
			r := ts.PostJSON(t, "/api/v1/screen", batch, h...)
			MustStatus(t, r, 401)
			// A bad key on an open read is refused too, not ignored.
			MustStatus(t, ts.Get(t, "/api/v1/snapshots", h...), 401)
		}
	})
	t.Run("RoleTooLow", func(t *testing.T) {
		r := ts.PostJSON(t, "/api/v1/screen", batch, viewer...)
		MustStatus(t, r, 403)
		if msg, code := r.Error(t); code != "forbidden" || !strings.Contains(msg, "analyst") {
			t.Fatalf("error %q (%s)", msg, code)
		}
		r = ts.Do(t, "POST", "/api/v1/import?filename=sdn.csv", strings.NewReader("x"), analyst...)
		MustStatus(t, r, 403)
		r = ts.Do(t, "POST", "/api/v1/import?filename=sdn.csv", strings.NewReader("x"), viewer...)
		MustStatus(t, r, 403)
	})
	t.Run("Allowed", func(t *testing.T) {
		MustStatus(t, ts.PostJSON(t, "/api/v1/screen", batch, analyst...), 200)
		MustStatus(t, ts.PostJSON(t, "/api/v1/screen", batch, admin...), 200)
		xkey := []string{"X-API-Key", strings.TrimPrefix(analyst[1], "Bearer ")}
		MustStatus(t, ts.PostJSON(t, "/api/v1/screen", batch, xkey...), 200)
		MustStatus(t, ts.Get(t, "/api/v1/snapshots"), 200)
		MustStatus(t, ts.Get(t, "/api/v1/snapshots", viewer...), 200)
	})
	t.Run("Revoked", func(t *testing.T) {
		ts := MustOpenServerOn(t, ts.DB, ts.Engine, func(s *embhttp.Server) { s.Config.KeyCacheTTL = -1 })
		k, secret, err := ts.DB.CreateKey(context.Background(), "soon revoked", embargo.RoleAnalyst)
		if err != nil {
			t.Fatal(err)
		}
		MustStatus(t, ts.PostJSON(t, "/api/v1/screen", batch, "Authorization", "Bearer "+secret), 200)
		if err := ts.DB.RevokeKey(context.Background(), k.ID); err != nil {
			t.Fatal(err)
		}
		MustStatus(t, ts.PostJSON(t, "/api/v1/screen", batch, "Authorization", "Bearer "+secret), 401)
	})
}

func TestAuthReads(t *testing.T) {
	ts := MustOpenServer(t, func(s *embhttp.Server) { s.Config.AuthReads = true })
	viewer := ts.MustCreateKey(t, embargo.RoleViewer)
	MustStatus(t, ts.Get(t, "/api/v1/snapshots"), 401)
	MustStatus(t, ts.Get(t, "/api/v1/snapshots", viewer...), 200)
	// The UI asks for a key too, and the login page sets it as a cookie.
	r := ts.Get(t, "/snapshots")
	MustStatus(t, r, 401)
	if !strings.Contains(string(r.Body), "<html") {
		t.Fatalf("UI error is not a page: %s", truncate(r.Body, 200))
	}
	MustStatus(t, ts.Get(t, "/login"), 200)
	MustStatus(t, ts.Do(t, "POST", "/login", strings.NewReader("key=emb_wrong"), "Content-Type", "application/x-www-form-urlencoded"), 401)
	form := url.Values{"key": {strings.TrimPrefix(viewer[1], "Bearer ")}}.Encode()
	r = ts.Do(t, "POST", "/login", strings.NewReader(form), "Content-Type", "application/x-www-form-urlencoded")
	MustStatus(t, r, 303)
	setCookie := r.Header.Get("Set-Cookie")
	if !containsAll(setCookie, "embargo_session=embs_", "HttpOnly", "SameSite=Strict") {
		t.Fatalf("Set-Cookie %q", setCookie)
	}
	cookie, _, _ := strings.Cut(setCookie, ";")
	MustStatus(t, ts.Get(t, "/snapshots", "Cookie", cookie), 200)
	// The cookie does not work for the API: no cross-site requests with it.
	MustStatus(t, ts.Get(t, "/api/v1/snapshots", "Cookie", cookie), 401)
	// Health, readiness, metrics and the OpenAPI document stay open.
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/api/v1/openapi.json"} {
		MustStatus(t, ts.Get(t, p), 200)
	}
}

func TestBodyLimits(t *testing.T) {
	ts := MustOpenServer(t, func(s *embhttp.Server) {
		s.Config.MaxBodyBytes = 1024
		s.Config.MaxImportBytes = 2048
	})
	analyst := ts.MustCreateKey(t, embargo.RoleAnalyst)
	admin := ts.MustCreateKey(t, embargo.RoleAdmin)
	big := `[{"name": "` + strings.Repeat("a", 2000) + `"}]`
	r := ts.PostJSON(t, "/api/v1/screen", big, analyst...)
	MustStatus(t, r, 413)
	if msg, code := r.Error(t); code != "too_large" || !strings.Contains(msg, "1024") {
		t.Fatalf("error %q (%s)", msg, code)
	}
	r = ts.PostJSON(t, "/match/default", `{"queries": {"q": {"schema": "Person", "properties": {"name": ["`+strings.Repeat("a", 2000)+`"]}}}}`, analyst...)
	MustStatus(t, r, 413)
	r = ts.Do(t, "POST", "/api/v1/import?filename=sdn.csv", bytes.NewReader(bytes.Repeat([]byte("x"), 5000)), admin...)
	MustStatus(t, r, 413)
	// Customers in JSON, as in CSV, are refused over the import limit.
	customers := `[{"id": "1", "name": "a"}` + strings.Repeat(`, {"id": "1", "name": "a"}`, 100) + `]`
	r = ts.PostJSON(t, "/api/v1/watchlists/w/customers", customers, analyst...)
	MustStatus(t, r, 413)
	if msg, code := r.Error(t); code != "too_large" || !strings.Contains(msg, "2048") {
		t.Fatalf("customers: error %q (%s)", msg, code)
	}
}

func TestMalformedJSON(t *testing.T) {
	ts := MustOpenServer(t)
	analyst := ts.MustCreateKey(t, embargo.RoleAnalyst)
	for _, c := range []struct{ name, body, want string }{
		{"syntax", "[{\"name\": \"x\",,}]", "malformed JSON at line 1, column 15"},
		{"syntax on line 3", "[\n {\"name\": \"x\"},\n {\"name\" \"y\"}\n]", "line 3"},
		{"truncated", `[{"name": "x"`, "ends before"},
		{"object not array", `{"name": "x"}`, "want an array"},
		{"wrong field type", `[{"name": 42}]`, `field "name"`},
		{"empty", ``, "empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ts.PostJSON(t, "/api/v1/screen", c.body, analyst...)
			MustStatus(t, r, 400)
			if msg, code := r.Error(t); code != "invalid" || !strings.Contains(msg, c.want) {
				t.Fatalf("error %q (%s), want it to say %q", msg, code, c.want)
			}
		})
	}
	r := ts.PostJSON(t, "/match/default", `{"queries": [1, 2]}`, analyst...)
	MustStatus(t, r, 400)
}

func TestRateLimit(t *testing.T) {
	ts := MustOpenServer(t, func(s *embhttp.Server) {
		s.Config.AnonRate, s.Config.AnonBurst = 1, 3
		s.Config.KeyRate, s.Config.KeyBurst = 1, 5
	})
	for i := range 3 {
		MustStatus(t, ts.Get(t, "/api/v1/snapshots"), 200)
		_ = i
	}
	r := ts.Get(t, "/api/v1/snapshots")
	MustStatus(t, r, 429)
	if msg, code := r.Error(t); code != "rate_limited" || r.Header.Get("Retry-After") == "" || !strings.Contains(msg, "Rate limit") {
		t.Fatalf("error %q (%s), Retry-After %q", msg, code, r.Header.Get("Retry-After"))
	}
	// A key has its own bucket.
	key := ts.MustCreateKey(t, embargo.RoleViewer)
	for range 5 {
		MustStatus(t, ts.Get(t, "/api/v1/snapshots", key...), 200)
	}
	MustStatus(t, ts.Get(t, "/api/v1/snapshots", key...), 429)
	// Operations are never limited.
	MustStatus(t, ts.Get(t, "/healthz"), 200)
}

func TestInternalError(t *testing.T) {
	// A store whose database is closed: every query fails.
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "closed.db"), sqlite.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, eng := sharedFixture(t)
	ts := MustOpenServerOn(t, db, eng)
	for _, p := range []string{"/api/v1/snapshots", "/api/v1/entities/ofac-sdn:24224", "/api/v1/diff?source=ofac-sdn&from=2019-01-04&to=2021-04-25"} {
		r := ts.Get(t, p)
		MustStatus(t, r, 500)
		if msg, code := r.Error(t); msg != "Internal error." || code != "internal" {
			t.Fatalf("%s: error %q (%s)", p, msg, code)
		}
		if strings.Contains(string(r.Body), "closed") || strings.Contains(string(r.Body), "sql") {
			t.Fatalf("%s: details leaked: %s", p, r.Body)
		}
	}
	r := ts.Get(t, "/snapshots")
	MustStatus(t, r, 500)
	if !strings.Contains(string(r.Body), "Internal error.") || strings.Contains(string(r.Body), "closed") {
		t.Fatalf("UI error page: %s", truncate(r.Body, 2000))
	}
	if logs := ts.Logs.String(); !strings.Contains(logs, "database is closed") {
		t.Fatalf("the real error was not logged: %s", logs)
	}
}

// panicEngine is the real engine, except that screening panics.
type panicEngine struct{ embhttp.Engine }

func (panicEngine) Screen(context.Context, embargo.Query, embargo.ScreenOptions) (*embargo.ScreenResult, error) {
	panic("secret detail: index corrupted")
}

func TestPanicRecovered(t *testing.T) {
	db, eng := sharedFixture(t)
	ts := MustOpenServerOn(t, db, panicEngine{eng})
	r := ts.Get(t, "/api/v1/screen?name=x")
	MustStatus(t, r, 500)
	if msg, _ := r.Error(t); msg != "Internal error." || strings.Contains(string(r.Body), "secret") || strings.Contains(string(r.Body), "goroutine") {
		t.Fatalf("body %s", r.Body)
	}
	r = ts.Get(t, "/?name=x")
	MustStatus(t, r, 500)
	if strings.Contains(string(r.Body), "secret") {
		t.Fatalf("UI leaked the panic")
	}
	if logs := ts.Logs.String(); !strings.Contains(logs, "secret detail") || !strings.Contains(logs, "stack") {
		t.Fatalf("panic not logged with its stack: %s", truncate([]byte(logs), 500))
	}
	// The server goes on.
	MustStatus(t, ts.Get(t, "/healthz"), 200)
}

func TestNotFoundAndMethods(t *testing.T) {
	ts := MustOpenServer(t)
	r := ts.Get(t, "/api/v1/nope")
	MustStatus(t, r, 404)
	if _, code := r.Error(t); code != "not_found" {
		t.Fatalf("code %q", code)
	}
	r = ts.Do(t, "DELETE", "/api/v1/screen", nil)
	MustStatus(t, r, 405)
	if r.Header.Get("Allow") != "GET, POST" {
		t.Fatalf("Allow %q", r.Header.Get("Allow"))
	}
	r = ts.Get(t, "/match/default")
	MustStatus(t, r, 405)
	if r.Header.Get("Allow") != "POST" {
		t.Fatalf("Allow %q", r.Header.Get("Allow"))
	}
}

// Finding 11a: POST /api/v1/screen turned invalid UTF-8 into U+FFFD and
// answered 200 where GET answered 400.
func TestInvalidUTF8SameOnGetAndPost(t *testing.T) {
	ts := MustOpenServer(t)
	analyst := ts.MustCreateKey(t, embargo.RoleAnalyst)
	get := ts.Get(t, "/api/v1/screen?name=Oleg%FF%FEDeripaska")
	MustStatus(t, get, 400)
	post := ts.PostJSON(t, "/api/v1/screen", "[{\"name\": \"Oleg\xff\xfeDeripaska\"}]", analyst...)
	MustStatus(t, post, 400)
	for _, r := range []*Response{get, post} {
		if msg, code := r.Error(t); code != "invalid" || !strings.Contains(msg, "not valid UTF-8") {
			t.Errorf("error %q (%s), want invalid UTF-8", msg, code)
		}
	}
	// Other parameters and other routes are held to the same rule.
	MustStatus(t, ts.Get(t, "/api/v1/screen?name=Oleg&country=%C0"), 400)
	// Valid UTF-8, escaped or not, still passes.
	MustStatus(t, ts.Get(t, "/api/v1/screen?name=%D0%9E%D0%BB%D0%B5%D0%B3"), 200)
	MustStatus(t, ts.PostJSON(t, "/api/v1/screen", `[{"name": "Олег Дерипаска"}]`, analyst...), 200)
}

// Finding 11b: the OpenAPI document declared no security on routes that
// need a key (the monitoring routes inherited "key optional"). Each route
// is asked without a key; the document must say what the server does.
func TestOpenAPISecurityDeclared(t *testing.T) {
	for _, authReads := range []bool{false, true} {
		ts := MustOpenServer(t, func(s *embhttp.Server) { s.Config.AuthReads = authReads })
		var doc struct {
			Paths map[string]map[string]struct {
				Security *[]map[string][]string `json:"security"`
			} `json:"paths"`
		}
		ts.Get(t, "/api/v1/openapi.json").JSON(t, &doc)
		n := 0
		for _, pattern := range ts.Routes() {
			method, path, _ := strings.Cut(pattern, " ")
			if !isAPI(path) {
				continue
			}
			op, ok := doc.Paths[path][strings.ToLower(method)]
			if !ok {
				continue // TestOpenAPI_Coverage reports it
			}
			concrete := strings.NewReplacer("{id}", "1", "{list}", "l", "{dataset}", "default").Replace(path)
			needsKey := ts.Do(t, method, concrete, nil).Status == 401
			if op.Security == nil {
				t.Errorf("auth_reads=%v: %s declares no security", authReads, pattern)
				continue
			}
			optional := len(*op.Security) == 0
			for _, req := range *op.Security {
				if len(req) == 0 {
					optional = true
				}
			}
			if needsKey == optional {
				t.Errorf("auth_reads=%v: %s answers without a key with 401=%v, but declares security %v", authReads, pattern, needsKey, *op.Security)
			}
			if needsKey {
				n++
			}
		}
		if n < 10 {
			t.Errorf("auth_reads=%v: only %d routes need a key", authReads, n)
		}
	}
}

// countingKeys counts the key lookups that reach the store.
type countingKeys struct {
	embargo.KeyService
	n atomic.Int64
}

func (k *countingKeys) Authenticate(ctx context.Context, secret string) (*embargo.APIKey, error) {
	k.n.Add(1)
	return k.KeyService.Authenticate(ctx, secret)
}

// Finding 9: failed authentication was not rate-limited: 1,000 bad keys
// gave 1,000 401s, each a database lookup.
func TestFailedAuthRateLimit(t *testing.T) {
	keys := &countingKeys{}
	ts := MustOpenServer(t, func(s *embhttp.Server) {
		keys.KeyService = s.Keys
		s.Keys = keys
		s.Config.AuthFailRate, s.Config.AuthFailBurst = 1, 10
	})
	good := ts.MustCreateKey(t, embargo.RoleAnalyst)
	// A valid key checked before the storm is remembered, and keeps working.
	MustStatus(t, ts.Get(t, "/api/v1/snapshots", good...), 200)
	statuses := map[int]int{}
	for i := range 1000 {
		r := ts.Get(t, "/api/v1/snapshots", "Authorization", fmt.Sprintf("Bearer emb_guess%04d", i))
		statuses[r.Status]++
		if r.Status == 429 && r.Header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	if statuses[401] > 12 || statuses[429] < 980 {
		t.Fatalf("statuses %v: want at most 10 (+ refill) 401s, the rest 429", statuses)
	}
	if n := keys.n.Load(); n > 13 {
		t.Fatalf("%d key lookups for 1,000 bad keys, want at most the burst of 10 (+ the good key, + refill)", n)
	}
	MustStatus(t, ts.Get(t, "/api/v1/snapshots", good...), 200)
	r := ts.Get(t, "/api/v1/snapshots", "Authorization", "Bearer emb_onemore")
	MustStatus(t, r, 429)
	if msg, _ := r.Error(t); !strings.Contains(msg, "auth_fail_rate") {
		t.Fatalf("message %q does not name the limit", msg)
	}
}

// Finding 5: slow request bodies (Content-Length 100000, a byte every two
// seconds) were never timed out.
func TestSlowRequestBody(t *testing.T) {
	ts := MustOpenServer(t, func(s *embhttp.Server) { s.Config.BodyTimeout = time.Second })
	analyst := ts.MustCreateKey(t, embargo.RoleAnalyst)
	addr := strings.TrimPrefix(ts.URL(), "http://")
	const conns = 20
	closed := make(chan time.Duration, conns)
	start := time.Now()
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		path := "/api/v1/screen"
		auth := analyst[1]
		if i%2 == 1 {
			path, auth = "/api/v1/scan", "" // anonymous, and a handler that streams
		}
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n", path)
		if auth != "" {
			fmt.Fprintf(c, "Authorization: %s\r\n", auth)
		}
		fmt.Fprint(c, "\r\n[")
		go func() {
			// A byte every 200 ms, until the server hangs up.
			for {
				time.Sleep(200 * time.Millisecond)
				if _, err := c.Write([]byte(" ")); err != nil {
					break
				}
			}
		}()
		go func() {
			io.Copy(io.Discard, c)
			closed <- time.Since(start)
		}()
	}
	deadline := time.After(10 * time.Second)
	for i := range conns {
		select {
		case d := <-closed:
			if d < 900*time.Millisecond {
				t.Fatalf("connection closed after %s, before the 1 s body timeout", d)
			}
		case <-deadline:
			t.Fatalf("%d of %d slow-body connections still open after 10 s (body timeout 1 s)", conns-i, conns)
		}
	}
	// A body sent at a fair rate is not cut off.
	MustStatus(t, ts.PostJSON(t, "/api/v1/screen", `[{"name": "Oleg Deripaska"}]`, analyst...), 200)
}

// Finding 2: a snapshot dated in the far future (stored before dates were
// checked) kept /readyz green and made embargo_snapshot_age_seconds
// overflow to -9.2e9; there was no way to take it back. An admin retracts
// it through the API, and the source takes real imports again.
func TestFutureSnapshotRetract(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "embargo.db"), sqlite.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lists, err := source.Read(testutil.SDN2019, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportList(ctx, lists[0], time.Date(2999, 10, 29, 0, 0, 0, 0, time.UTC)); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("import dated 2999: err=%v, want EINVALID", err)
	}
	// A database written before the check: the store's clock says 3000.
	db.Now = func() time.Time { return time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC) }
	if _, err := db.ImportList(ctx, lists[0], time.Date(2999, 10, 29, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	db.Now = nil
	eng := engine.New(db)
	eng.Logger = discard()
	if err := eng.Load(ctx); err != nil {
		t.Fatal(err)
	}
	ts := MustOpenServerOn(t, db, eng, func(s *embhttp.Server) { s.Config.MaxSourceAge = 48 * time.Hour })
	admin, analyst := ts.MustCreateKey(t, embargo.RoleAdmin), ts.MustCreateKey(t, embargo.RoleAnalyst)

	var ready struct{ Status, Detail string }
	ts.Get(t, "/readyz").JSON(t, &ready)
	if ready.Status != "amber" || !strings.Contains(ready.Detail, "ofac-sdn@2999-10-29") {
		t.Fatalf("readyz = %+v, want amber naming the future snapshot", ready)
	}
	metrics := string(ts.Get(t, "/metrics").Body)
	for _, line := range strings.Split(metrics, "\n") {
		if strings.HasPrefix(line, "embargo_snapshot_age_seconds{") && strings.Contains(line, " -") {
			t.Fatalf("negative age: %s", line)
		}
	}

	path := "/api/v1/snapshots/ofac-sdn@2999-10-29/retract"
	MustStatus(t, ts.PostJSON(t, path, `{"reason": "dated 2999"}`, analyst...), 403)
	MustStatus(t, ts.PostJSON(t, path, `{"reason": ""}`, admin...), 400)
	r := ts.PostJSON(t, path, `{"reason": "dated 2999"}`, admin...)
	MustStatus(t, r, 200)
	var ret embargo.SnapshotRetraction
	r.JSON(t, &ret)
	if ret.Snapshot.ID != "ofac-sdn@2999-10-29" || ret.Reason != "dated 2999" || !strings.HasPrefix(ret.By, "api:key ") {
		t.Fatalf("retraction = %+v", ret)
	}
	var rs []embargo.SnapshotRetraction
	ts.Get(t, "/api/v1/retractions").JSON(t, &rs)
	if len(rs) != 1 || rs[0].Snapshot.ID != ret.Snapshot.ID {
		t.Fatalf("retractions = %+v", rs)
	}
	var snaps []struct{ SnapshotID string }
	ts.Get(t, "/api/v1/snapshots").JSON(t, &snaps)
	if len(snaps) != 0 {
		t.Fatalf("snapshots after the retraction = %+v, want none", snaps)
	}
	// The real list imports again, and screening sees it.
	if _, err := db.ImportList(ctx, lists[0], time.Date(2019, 1, 4, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatalf("import after the retraction: %v", err)
	}
	if err := eng.Load(ctx); err != nil {
		t.Fatal(err)
	}
	ts.Get(t, "/readyz").JSON(t, &ready)
	if strings.Contains(ready.Detail, "future") {
		t.Fatalf("readyz = %+v", ready)
	}
}

// Finding 10: login CSRF. A page on another origin could sign a browser in
// with the attacker's key (no Origin check); the cookie held the raw API
// key for 30 days, and signing out did not revoke it.
func TestLoginCSRF(t *testing.T) {
	ts := MustOpenServer(t, func(s *embhttp.Server) { s.Config.AuthReads = true; s.Config.KeyCacheTTL = -1 })
	viewer := ts.MustCreateKey(t, embargo.RoleViewer)
	secret := strings.TrimPrefix(viewer[1], "Bearer ")
	form := url.Values{"key": {secret}}.Encode()
	login := func(headers ...string) *Response {
		return ts.Do(t, "POST", "/login", strings.NewReader(form), append([]string{"Content-Type", "application/x-www-form-urlencoded"}, headers...)...)
	}
	// A form on another site, as a browser posts it.
	for _, h := range [][]string{
		{"Origin", "https://attacker.example"},
		{"Sec-Fetch-Site", "cross-site", "Origin", "https://attacker.example"},
		{"Origin", "null"},
	} {
		r := login(h...)
		MustStatus(t, r, 403)
		if r.Header.Get("Set-Cookie") != "" {
			t.Fatalf("cross-origin sign-in (%v) set a cookie: %s", h, r.Header.Get("Set-Cookie"))
		}
	}
	// From this site's own page.
	r := login("Origin", ts.URL(), "Sec-Fetch-Site", "same-origin")
	MustStatus(t, r, 303)
	cookie, _, _ := strings.Cut(r.Header.Get("Set-Cookie"), ";")
	if strings.Contains(cookie, secret) || !strings.HasPrefix(cookie, "embargo_session=embs_") {
		t.Fatalf("cookie %q holds the key, or no session token", cookie)
	}
	if exp := r.Header.Get("Set-Cookie"); strings.Contains(exp, "Max-Age=2592000") {
		t.Fatalf("cookie lasts 30 days: %s", exp)
	}
	MustStatus(t, ts.Get(t, "/snapshots", "Cookie", cookie), 200)
	// Signing out from another site is refused too; from here it revokes.
	MustStatus(t, ts.Do(t, "POST", "/logout", nil, "Cookie", cookie, "Origin", "https://attacker.example"), 403)
	MustStatus(t, ts.Get(t, "/snapshots", "Cookie", cookie), 200)
	MustStatus(t, ts.Do(t, "POST", "/logout", nil, "Cookie", cookie, "Origin", ts.URL()), 303)
	MustStatus(t, ts.Get(t, "/snapshots", "Cookie", cookie), 401)
	// A session is bound to its key: revoking the key ends it.
	r = login("Origin", ts.URL())
	MustStatus(t, r, 303)
	cookie, _, _ = strings.Cut(r.Header.Get("Set-Cookie"), ";")
	MustStatus(t, ts.Get(t, "/snapshots", "Cookie", cookie), 200)
	keys, err := ts.DB.ListKeys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.DB.RevokeKey(context.Background(), keys[len(keys)-1].ID); err != nil {
		t.Fatal(err)
	}
	MustStatus(t, ts.Get(t, "/snapshots", "Cookie", cookie), 401)
	// The raw key in the old cookie's place is not a session.
	MustStatus(t, ts.Get(t, "/snapshots", "Cookie", "embargo_key="+secret), 401)
}

// Finding 4: anonymous clients posting 1 MiB texts within the request
// rate took the CPU from keyed screening. Scanning is charged by the byte
// to each client's budget.
func TestAnonymousScanCost(t *testing.T) {
	ts := MustOpenServer(t, func(s *embhttp.Server) {
		s.Config.AnonScanBytesRate, s.Config.AnonScanBytesBurst = 64<<10, 1<<20
	})
	analyst := ts.MustCreateKey(t, embargo.RoleAnalyst)
	text := strings.Repeat("Payment to Oleg Deripaska for services. ", (1<<20)/40)
	MustStatus(t, ts.Do(t, "POST", "/api/v1/scan", strings.NewReader(text)), 200)
	// A refused text is not read: the server answers and closes the
	// connection. A client that sends its body at once may find the
	// connection reset before it reads the answer; one that asks first
	// (Expect: 100-continue) reads the answer and sends nothing.
	r := ts.Do(t, "POST", "/api/v1/scan", strings.NewReader(text), "Expect", "100-continue")
	MustStatus(t, r, 429)
	if msg, _ := r.Error(t); r.Header.Get("Retry-After") == "" || !strings.Contains(msg, "Scan limit") {
		t.Fatalf("429 %q without Retry-After or naming the scan limit", msg)
	}
	// A key has its own budget, and screening is not scanning.
	MustStatus(t, ts.Do(t, "POST", "/api/v1/scan", strings.NewReader(text), analyst...), 200)
	MustStatus(t, ts.Get(t, "/api/v1/screen?name=Oleg+Deripaska", analyst...), 200)
	// A text over the burst can never pass: 413, not a retry.
	ts2 := MustOpenServerOn(t, ts.DB, ts.Engine, func(s *embhttp.Server) {
		s.Config.AnonScanBytesRate, s.Config.AnonScanBytesBurst = 64<<10, 64<<10
	})
	MustStatus(t, ts2.Do(t, "POST", "/api/v1/scan", strings.NewReader(text), "Expect", "100-continue"), 413)
}
