package fetch_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/fetch"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/sqlite"
)

const sdnDir = "../source/ofac/testdata/sdn-2019-01-04"

// publisher is a loopback list publisher that misbehaves on request.
type publisher struct {
	mu    sync.Mutex
	files map[string][]byte // path → body
	etags map[string]string
	// fail holds, per path, how many of the next requests answer 500.
	fail map[string]int
	// truncate cuts the next response of a path short of its Content-Length.
	truncate map[string]bool
	// delay slows every response.
	delay    time.Duration
	requests map[string]int
}

func newPublisher(t *testing.T) (*publisher, *httptest.Server) {
	p := &publisher{files: map[string][]byte{}, etags: map[string]string{}, fail: map[string]int{},
		truncate: map[string]bool{}, requests: map[string]int{}}
	for _, name := range []string{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"} {
		data, err := os.ReadFile(filepath.Join(sdnDir, name))
		if err != nil {
			t.Fatal(err)
		}
		p.set("/"+strings.ToUpper(name), data)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

func (p *publisher) set(path string, data []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files[path] = data
	p.etags[path] = fmt.Sprintf(`"%x-%d"`, len(data), len(p.etags)+1)
}

func (p *publisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests[r.URL.Path]++
	data, ok := p.files[r.URL.Path]
	etag := p.etags[r.URL.Path]
	fail := p.fail[r.URL.Path]
	if fail > 0 {
		p.fail[r.URL.Path]--
	}
	truncate := p.truncate[r.URL.Path]
	delete(p.truncate, r.URL.Path)
	delay := p.delay
	p.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}
	switch {
	case !ok:
		http.NotFound(w, r)
	case fail > 0:
		http.Error(w, "upstream trouble", http.StatusInternalServerError)
	case r.Header.Get("If-None-Match") == etag:
		w.WriteHeader(http.StatusNotModified)
	case truncate:
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Header().Set("ETag", etag)
		w.Write(data[:len(data)/2])
	default:
		w.Header().Set("ETag", etag)
		w.Write(data)
	}
}

func (p *publisher) count(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests[path]
}

func newUpdater(t *testing.T, srv *httptest.Server) (*fetch.Updater, *sqlite.DB) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "embargo.db"), sqlite.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := fetch.NewFetcher()
	f.Backoff = time.Millisecond
	f.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	f.Client = &http.Client{Timeout: 2 * time.Second}
	src := fetch.Source{Name: "ofac-sdn", Files: []fetch.File{
		{URL: srv.URL + "/SDN.CSV", Name: "sdn.csv"},
		{URL: srv.URL + "/ALT.CSV", Name: "alt.csv", Optional: true},
		{URL: srv.URL + "/ADD.CSV", Name: "add.csv", Optional: true},
		{URL: srv.URL + "/SDN_COMMENTS.CSV", Name: "sdn_comments.csv", Optional: true},
		{URL: srv.URL + "/EXTRA.CSV", Name: "extra.csv", Optional: true},
	}}
	now := time.Date(2019, 1, 4, 12, 0, 0, 0, time.UTC)
	f.Now = func() time.Time { return now }
	return &fetch.Updater{Fetcher: f, Importer: &ingest.Importer{Store: db}, States: db, Sources: []fetch.Source{src}, TempDir: t.TempDir()}, db
}

func snapshotCount(t *testing.T, db *sqlite.DB) int {
	t.Helper()
	snaps, err := db.FindSnapshots(context.Background(), embargo.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(snaps)
}

func mustUpdate(t *testing.T, u *fetch.Updater, want string) fetch.Outcome {
	t.Helper()
	out, err := u.Update(context.Background(), nil)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if len(out) != 1 || out[0].Status != want {
		t.Fatalf("update = %+v, want status %s", out, want)
	}
	return out[0]
}

func TestUpdate_ImportThenNotModified(t *testing.T) {
	p, srv := newPublisher(t)
	u, db := newUpdater(t, srv)
	o := mustUpdate(t, u, "imported")
	if o.Results[0].Entities != 7379 {
		t.Fatalf("imported %d entities, want 7379", o.Results[0].Entities)
	}
	// The publisher answers 304 to the conditional requests: nothing new.
	mustUpdate(t, u, "not-modified")
	if n := snapshotCount(t, db); n != 1 {
		t.Fatalf("%d snapshots, want 1", n)
	}
	// A changed sdn.csv (one entry delisted) makes a new snapshot, and the
	// unchanged files are fetched again in full to complete the set.
	data, _ := os.ReadFile(filepath.Join(sdnDir, "sdn.csv"))
	lines := strings.SplitAfter(string(data), "\n")
	p.set("/SDN.CSV", []byte(strings.Join(lines[1:], "")))
	before := p.count("/ALT.CSV")
	u.Fetcher.Now = func() time.Time { return time.Date(2019, 1, 5, 12, 0, 0, 0, time.UTC) }
	o = mustUpdate(t, u, "imported")
	if r := o.Results[0]; r.Removed != 1 || r.Entities != 7378 {
		t.Fatalf("second import = %+v, want 1 removed", r)
	}
	if got := p.count("/ALT.CSV") - before; got != 2 {
		t.Fatalf("alt.csv fetched %d times, want 2 (conditional, then in full)", got)
	}
}

func TestUpdate_RetriesServerErrors(t *testing.T) {
	p, srv := newPublisher(t)
	p.fail["/SDN.CSV"] = 2
	u, _ := newUpdater(t, srv)
	mustUpdate(t, u, "imported")
	if n := p.count("/SDN.CSV"); n != 3 {
		t.Fatalf("sdn.csv requested %d times, want 3", n)
	}
}

func TestUpdate_FailuresLeaveSnapshot(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(p *publisher, u *fetch.Updater)
		want  string
	}{
		{"persistent 500", func(p *publisher, u *fetch.Updater) { p.fail["/SDN.CSV"] = 100 }, "500"},
		{"truncated every time", func(p *publisher, u *fetch.Updater) {
			u.Fetcher.Attempts = 1
			p.truncate["/ALT.CSV"] = true
		}, "truncated"},
		{"wrong content", func(p *publisher, u *fetch.Updater) {
			p.set("/SDN.CSV", []byte("<html><body>Service unavailable</body></html>\n"))
		}, "sdn.csv"},
		{"too slow", func(p *publisher, u *fetch.Updater) {
			u.Fetcher.Attempts = 1
			u.Fetcher.Client.Timeout = 50 * time.Millisecond
			p.delay = 300 * time.Millisecond
		}, "Timeout"},
		{"too large", func(p *publisher, u *fetch.Updater) { u.Fetcher.MaxBytes = 1000 }, "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, srv := newPublisher(t)
			u, db := newUpdater(t, srv)
			tc.setup(p, u)
			out, err := u.Update(context.Background(), nil)
			if err == nil || len(out) != 1 || out[0].Status != "failed" || !strings.Contains(out[0].Error, tc.want) {
				t.Fatalf("update = %+v, %v; want failure mentioning %q", out, err, tc.want)
			}
			if n := snapshotCount(t, db); n != 0 {
				t.Fatalf("%d snapshots after a failed update, want 0", n)
			}
			states, _ := db.FetchStates(context.Background(), "ofac-sdn")
			if len(states) != 0 {
				t.Fatalf("fetch states saved after a failure: %v", states)
			}
		})
	}
}

func TestUpdate_TruncatedOnceIsRetried(t *testing.T) {
	p, srv := newPublisher(t)
	p.truncate["/SDN.CSV"] = true
	u, _ := newUpdater(t, srv)
	o := mustUpdate(t, u, "imported")
	if o.Results[0].Entities != 7379 {
		t.Fatalf("imported %d entities, want 7379", o.Results[0].Entities)
	}
}

func TestUpdate_UnknownSource(t *testing.T) {
	_, srv := newPublisher(t)
	u, _ := newUpdater(t, srv)
	if _, err := u.Update(context.Background(), []string{"nope"}); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("err=%v, want EINVALID", err)
	}
}

// Finding 8: a --sources-file entry named ../../x wrote the download
// outside the download folder.
func TestDownloadNameEscape(t *testing.T) {
	p, srv := newPublisher(t)
	p.set("/X", []byte("planted\n"))
	u, _ := newUpdater(t, srv)
	base := t.TempDir()
	u.TempDir = filepath.Join(base, "a", "b")
	if err := os.MkdirAll(u.TempDir, 0o755); err != nil {
		t.Fatal(err)
	}
	u.Sources[0].Files = append(u.Sources[0].Files, fetch.File{URL: srv.URL + "/X", Name: "../../x"})
	out, err := u.Update(context.Background(), nil)
	if err == nil || len(out) != 1 || out[0].Status != "failed" || !strings.Contains(out[0].Error, `"../../x"`) {
		t.Fatalf("update = %+v, %v; want a failure naming the file \"../../x\"", out, err)
	}
	for _, p := range []string{filepath.Join(base, "a", "x"), filepath.Join(base, "x")} {
		if _, err := os.Stat(p); err == nil {
			t.Fatalf("%s was written outside the download folder", p)
		}
	}
	if p.count("/X") != 0 {
		t.Fatalf("the escaping file was downloaded")
	}

	// A sources file naming such a file is refused when read.
	for _, bad := range []string{"../../x", "/etc/x", "sub/x", `..\x`, ""} {
		data := fmt.Sprintf(`[{"name": "ofac-sdn", "files": [{"url": "https://example.org/SDN.CSV", "name": %q}]}]`, bad)
		if _, err := fetch.ParseSources([]byte(data)); err == nil {
			t.Errorf("ParseSources accepted file name %q", bad)
		}
	}
	if _, err := fetch.ParseSources([]byte(`[{"name": "x", "files": [{"url": "file:///etc/passwd", "name": "x.csv"}]}]`)); err == nil {
		t.Errorf("ParseSources accepted a file: URL")
	}
	if _, err := fetch.ParseSources([]byte(`[{"name": "x", "files": [{"url": "https://example.org/x.csv", "name": "x.csv"}]}]`)); err != nil {
		t.Errorf("ParseSources refused a good source: %v", err)
	}
}
