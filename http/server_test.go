package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/crosslist"
	"github.com/embargo-dev/embargo/engine"
	embhttp "github.com/embargo-dev/embargo/http"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/monitor"
	"github.com/embargo-dev/embargo/source"
	"github.com/embargo-dev/embargo/sqlite"
)

// fixture is one database holding the 2019-01-04 and 2021-04-25 SDN
// snapshots and an engine loaded from it, shared by the tests that only
// read: importing and indexing two full lists takes seconds.
var fixture struct {
	once   sync.Once
	dir    string
	db     *sqlite.DB
	engine *engine.Engine
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.db != nil {
		fixture.db.Close()
	}
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

// discard is a logger for tests: errors only, to the test's output.
func discard() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// MustImportSDN imports the two real SDN snapshots into db.
func MustImportSDN(tb testing.TB, db embargo.Store) {
	tb.Helper()
	for _, c := range []struct{ path, asOf string }{{testutil.SDN2019, "2019-01-04"}, {testutil.SDN2021, "2021-04-25"}} {
		lists, err := source.Read(c.path, source.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		asOf, _ := time.Parse("2006-01-02", c.asOf)
		for _, l := range lists {
			if _, err := db.ImportList(context.Background(), l, asOf); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// sharedFixture returns the shared database and loaded engine.
func sharedFixture(tb testing.TB) (*sqlite.DB, *engine.Engine) {
	tb.Helper()
	fixture.once.Do(func() {
		fixture.dir, fixture.err = os.MkdirTemp("", "embargo-http-test-*")
		if fixture.err != nil {
			return
		}
		fixture.db, fixture.err = sqlite.Open(context.Background(), filepath.Join(fixture.dir, "embargo.db"), sqlite.Options{Create: true})
		if fixture.err != nil {
			return
		}
		MustImportSDN(tb, fixture.db)
		fixture.engine = engine.New(fixture.db)
		fixture.engine.Logger = discard()
		fixture.err = fixture.engine.Load(context.Background())
	})
	if fixture.err != nil {
		tb.Fatal(fixture.err)
	}
	return fixture.db, fixture.engine
}

// TestServer is a Server listening on a random port, with the client
// helpers the tests use.
type TestServer struct {
	*embhttp.Server
	DB       *sqlite.DB
	Registry *prometheus.Registry
	Logs     *syncBuffer
}

// syncBuffer collects a running server's output.
type syncBuffer = testutil.SyncBuffer

// MustOpenServer starts a server over the shared fixture on ":0". configure
// may change its settings before it opens.
func MustOpenServer(tb testing.TB, configure ...func(*embhttp.Server)) *TestServer {
	tb.Helper()
	db, eng := sharedFixture(tb)
	return MustOpenServerOn(tb, db, eng, configure...)
}

// MustOpenServerOn starts a server over the given store and engine.
func MustOpenServerOn(tb testing.TB, db *sqlite.DB, eng embhttp.Engine, configure ...func(*embhttp.Server)) *TestServer {
	tb.Helper()
	ts := &TestServer{Server: embhttp.NewServer(), DB: db, Registry: prometheus.NewRegistry(), Logs: &syncBuffer{}}
	ts.Config.Addr = "127.0.0.1:0"
	ts.Config.AnonRate = 0 // the tests that need limits set them
	ts.Config.KeyRate = 0
	ts.Engine, ts.Store, ts.Keys = eng, db, db
	ts.Watchlists, ts.Alerts, ts.Audit = db, db, db
	ts.Monitor = monitor.New(db, eng, false, nil)
	links := crosslist.New(db, slog.New(slog.DiscardHandler))
	ts.CrossLinks = links
	ts.Importer = &ingest.Importer{Store: db, Observers: []embargo.ImportObserver{eng, links, ts.Monitor}}
	ts.Server.Registry = ts.Registry
	ts.Logger = slog.New(slog.NewJSONHandler(ts.Logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ts.Version = "test"
	for _, fn := range configure {
		fn(ts.Server)
	}
	if err := ts.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ts.Close() })
	return ts
}

// Response is a response read in full.
type Response struct {
	Status int
	Header nethttp.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r *Response) JSON(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Error returns the error message and code of a JSON error body.
func (r *Response) Error(tb testing.TB) (msg, code string) {
	tb.Helper()
	var e struct{ Error, Code string }
	r.JSON(tb, &e)
	return e.Error, e.Code
}

// noRedirects is a client that returns redirects as they are.
var noRedirects = &nethttp.Client{CheckRedirect: func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse }}

// Do sends a request and reads the response. headers are name, value pairs.
func (ts *TestServer) Do(tb testing.TB, method, path string, body io.Reader, headers ...string) *Response {
	tb.Helper()
	req, err := nethttp.NewRequest(method, ts.URL()+path, body)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// Get sends a GET request.
func (ts *TestServer) Get(tb testing.TB, path string, headers ...string) *Response {
	tb.Helper()
	return ts.Do(tb, "GET", path, nil, headers...)
}

// PostJSON sends a POST request with a JSON body (a string is sent as is).
func (ts *TestServer) PostJSON(tb testing.TB, path string, body any, headers ...string) *Response {
	tb.Helper()
	var data []byte
	if s, ok := body.(string); ok {
		data = []byte(s)
	} else {
		var err error
		if data, err = json.Marshal(body); err != nil {
			tb.Fatal(err)
		}
	}
	return ts.Do(tb, "POST", path, bytes.NewReader(data), append([]string{"Content-Type", "application/json"}, headers...)...)
}

// MustCreateKey creates an API key with a role and returns the headers
// that send it.
func (ts *TestServer) MustCreateKey(tb testing.TB, role embargo.Role) []string {
	tb.Helper()
	_, secret, err := ts.DB.CreateKey(context.Background(), "test "+string(role), role)
	if err != nil {
		tb.Fatal(err)
	}
	return []string{"Authorization", "Bearer " + secret}
}

// MustStatus fails the test unless the response has the status.
func MustStatus(tb testing.TB, r *Response, want int) {
	tb.Helper()
	if r.Status != want {
		tb.Fatalf("status %d, want %d; body: %s", r.Status, want, truncate(r.Body, 600))
	}
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + fmt.Sprintf("… (%d bytes)", len(b))
	}
	return string(b)
}

// containsAll reports whether s contains every sub, ignoring case.
func containsAll(s string, subs ...string) bool {
	s = strings.ToLower(s)
	for _, sub := range subs {
		if !strings.Contains(s, strings.ToLower(sub)) {
			return false
		}
	}
	return true
}
