package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	main "github.com/embargo-dev/embargo/cmd/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
)

// syncBuffer collects a running server's output.
type syncBuffer = testutil.SyncBuffer

// RunningServer is `embargo serve` running in the test.
type RunningServer struct {
	URL    string
	Stdout *syncBuffer
	Stderr *syncBuffer
	cancel context.CancelFunc
	done   chan int
}

var servingRE = regexp.MustCompile(`serving on (http://\S+)`)

// MustServe runs `embargo serve` with args on a random port and waits until
// it listens. env is the environment the program sees.
func (p *Program) MustServe(tb testing.TB, env map[string]string, args ...string) *RunningServer {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	rs := &RunningServer{Stdout: &syncBuffer{}, Stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	m := main.NewMain()
	m.Stdin = strings.NewReader("")
	m.Stdout, m.Stderr = rs.Stdout, rs.Stderr
	m.Getenv = func(k string) string { return env[k] }
	go func() {
		rs.done <- m.Run(ctx, append([]string{"--db", p.DB, "serve", "--addr", "127.0.0.1:0"}, args...))
	}()
	deadline := time.Now().Add(30 * time.Second)
	for rs.URL == "" {
		if m := servingRE.FindStringSubmatch(rs.Stdout.String()); m != nil {
			rs.URL = m[1]
			break
		}
		select {
		case code := <-rs.done:
			tb.Fatalf("serve exited with %d:\n%s", code, rs.Stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			tb.Fatalf("serve did not start:\n%s", rs.Stderr.String())
		}
	}
	tb.Cleanup(func() { rs.Stop(tb) })
	return rs
}

// Stop cancels the server's context, as SIGTERM does, and waits for it.
func (rs *RunningServer) Stop(tb testing.TB) int {
	tb.Helper()
	if rs.cancel == nil {
		return 0
	}
	rs.cancel()
	rs.cancel = nil
	select {
	case code := <-rs.done:
		return code
	case <-time.After(30 * time.Second):
		tb.Fatal("serve did not shut down")
	}
	return -1
}

// WaitReady polls /readyz until it answers 200.
func (rs *RunningServer) WaitReady(tb testing.TB, timeout time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		resp, err := http.Get(rs.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("not ready after %s:\n%s", timeout, rs.Stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Get fetches a path and returns the status and body.
func (rs *RunningServer) Get(tb testing.TB, path string) (int, string) {
	tb.Helper()
	return rs.Do(tb, "GET", path, "", nil)
}

// Do sends a request with an optional body and API key.
func (rs *RunningServer) Do(tb testing.TB, method, path, key string, body io.Reader) (int, string) {
	tb.Helper()
	req, err := http.NewRequest(method, rs.URL+path, body)
	if err != nil {
		tb.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// NewProgramWithSDN returns a program whose database holds the 2019-01-04
// and 2021-04-25 SDN snapshots.
func NewProgramWithSDN(tb testing.TB) *Program {
	tb.Helper()
	p := NewProgram(tb)
	p.MustRun(tb, "import", "--as-of", "2019-01-04", testutil.SDN2019)
	p.MustRun(tb, "import", "--as-of", "2021-04-25", testutil.SDN2021)
	return p
}

func TestServe(t *testing.T) {
	p := NewProgramWithSDN(t)
	key := strings.TrimSpace(p.MustRun(t, "keys", "create", "--role", "analyst", "--name", "ci"))
	admin := strings.TrimSpace(p.MustRun(t, "keys", "create", "--role", "admin", "--name", "ops"))
	procs := runtime.GOMAXPROCS(0)
	rs := p.MustServe(t, nil, "--log-format", "json")
	rs.WaitReady(t, 60*time.Second)

	code, body := rs.Get(t, "/api/v1/screen?name=Oleg+Deripaska")
	if code != 200 || !strings.Contains(body, "DERIPASKA") {
		t.Fatalf("screen: %d %s", code, body)
	}
	code, body = rs.Get(t, "/")
	if code != 200 || !strings.Contains(body, "<form") {
		t.Fatalf("UI: %d", code)
	}
	req := `{"queries": {"q": {"schema": "Person", "properties": {"name": ["Oleg Deripaska"]}}}}`
	if code, body := rs.Do(t, "POST", "/match/default", key, strings.NewReader(req)); code != 200 || !strings.Contains(body, `"match":true`) {
		t.Fatalf("match: %d %s", code, body)
	}
	if code, _ := rs.Do(t, "POST", "/match/default", "", strings.NewReader(req)); code != 401 {
		t.Fatalf("match without key: %d", code)
	}
	// An upload goes through the import workflow serve wires, whose
	// observers include the import metrics.
	uploadSet(t, rs.URL, admin, testutil.SDN2019, "2022-01-01")
	code, body = rs.Get(t, "/metrics")
	if code != 200 || !strings.Contains(body, `embargo_http_requests_total{code="200",route="GET /api/v1/screen"} 1`) || !strings.Contains(body, "go_goroutines") ||
		!strings.Contains(body, `embargo_import_snapshots_total{source="ofac-sdn"} 1`) {
		t.Fatalf("metrics: %d\n%s", code, body)
	}
	if code := rs.Stop(t); code != 0 {
		t.Fatalf("serve exited with %d:\n%s", code, rs.Stderr.String())
	}
	if n := runtime.GOMAXPROCS(0); n != procs {
		t.Errorf("GOMAXPROCS %d after serve, was %d", n, procs)
	}
	// Logs are structured (JSON lines here) and say what happened; once
	// loaded, Go code runs on all cores but one.
	logs := rs.Stderr.String()
	for _, want := range []string{`"msg":"serving"`, `"msg":"ready"`, `"msg":"shutting down"`, fmt.Sprintf(`"procs":%d`, max(1, procs-1))} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
}

func TestServe_Config(t *testing.T) {
	p := NewProgramWithSDN(t)
	cfg := filepath.Join(t.TempDir(), "embargo.json")
	if err := os.WriteFile(cfg, []byte(`{"auth_reads": true, "anon_rate": 1, "max_batch": 5}`), 0o644); err != nil {
		t.Fatal(err)
	}
	// The file asks for keyed reads; the environment raises the batch
	// limit; a flag turns keyed reads off again.
	rs := p.MustServe(t, map[string]string{"EMBARGO_CONFIG": cfg, "EMBARGO_MAX_BATCH": "7"}, "--auth-reads=false")
	rs.WaitReady(t, 60*time.Second)
	if code, body := rs.Get(t, "/api/v1/snapshots"); code != 200 {
		t.Fatalf("snapshots with --auth-reads=false: %d %s", code, body)
	}
	key := strings.TrimSpace(p.MustRun(t, "keys", "create", "--role", "analyst"))
	batch := "[" + strings.TrimSuffix(strings.Repeat(`{"name":"x"},`, 8), ",") + "]"
	if code, body := rs.Do(t, "POST", "/api/v1/screen", key, strings.NewReader(batch)); code != 413 || !strings.Contains(body, "limit is 7") {
		t.Fatalf("batch of 8 with max_batch 7: %d %s", code, body)
	}

	t.Run("Errors", func(t *testing.T) {
		for _, c := range []struct {
			env  map[string]string
			args []string
			want string
		}{
			{map[string]string{"EMBARGO_ANON_RATE": "fast"}, nil, "EMBARGO_ANON_RATE"},
			{nil, []string{"--config", filepath.Join(t.TempDir(), "nope.json")}, "config file"},
			{nil, []string{"--log-level", "loud"}, "log_level"},
		} {
			code, _, errOut := p.RunEnv(c.env, append([]string{"serve", "--addr", "127.0.0.1:0"}, c.args...)...)
			if code != 2 || !strings.Contains(errOut, c.want) {
				t.Errorf("%v %v: exit %d, %q", c.env, c.args, code, errOut)
			}
		}
		bad := filepath.Join(t.TempDir(), "bad.json")
		os.WriteFile(bad, []byte(`{"adr": "x"}`), 0o644)
		if code, _, errOut := p.Run("serve", "--config", bad); code != 2 || !strings.Contains(errOut, `unknown field "adr"`) {
			t.Errorf("typo in the file: exit %d, %q", code, errOut)
		}
	})
}

func TestServe_MissingDatabase(t *testing.T) {
	p := NewProgram(t)
	code, _, errOut := p.Run("serve", "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errOut, "does not exist") || !strings.Contains(errOut, "--demo") {
		t.Fatalf("exit %d, %q", code, errOut)
	}
}

func TestServe_Demo(t *testing.T) {
	p := NewProgram(t)
	demoDB := filepath.Join(t.TempDir(), "demo.db")
	rs := p.MustServe(t, nil, "--demo", "--demo-db", demoDB, "--demo-daily", "2")
	// It listens at once, and says it is loading until the lists are in.
	if code, _ := rs.Get(t, "/healthz"); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	if code, body := rs.Get(t, "/readyz"); code != 503 || !strings.Contains(body, "loading") {
		t.Logf("readyz right after start: %d %s (the import may already be done)", code, body)
	}
	rs.WaitReady(t, 120*time.Second)
	_, body := rs.Get(t, "/api/v1/snapshots")
	for _, want := range []string{"ofac-sdn@2019-01-04", "ofac-sdn@2021-04-25", "ofac-sdn@2021-08-18T09:39:01Z", "un-sc@2026-02-27", "uk-ofsi@2020-04-27", "eu-fsf@2020-04-15"} {
		if !strings.Contains(body, want) {
			t.Errorf("demo snapshots lack %s: %s", want, body)
		}
	}
	rs.Stop(t)
	// A partial demo is not marked complete; the next start resumes.
	if _, err := os.Stat(demoDB + ".complete"); err == nil {
		t.Fatal("a partial demo import was marked complete")
	}
	rs = p.MustServe(t, nil, "--demo", "--demo-db", demoDB, "--demo-daily", "3")
	rs.WaitReady(t, 120*time.Second)
	_, body = rs.Get(t, "/api/v1/snapshots?source=ofac-sdn")
	var snaps []any
	json.Unmarshal([]byte(body), &snaps)
	if len(snaps) != 5 {
		t.Fatalf("%d SDN snapshots after resuming, want 5: %s", len(snaps), body)
	}
}

func TestKeys(t *testing.T) {
	p := NewProgram(t)
	out := p.MustRun(t, "keys", "create", "--role", "viewer", "--name", "dashboard")
	secret := strings.TrimSpace(out)
	if !strings.HasPrefix(secret, "emb_") || len(secret) < 30 {
		t.Fatalf("key %q", secret)
	}
	var created struct {
		ID   int64
		Role string
		Key  string
	}
	p.MustRunJSON(t, &created, "keys", "create", "--role", "admin", "--json")
	if created.Role != "admin" || !strings.HasPrefix(created.Key, "emb_") || created.ID != 2 {
		t.Fatalf("created %+v", created)
	}
	list := p.MustRun(t, "keys", "list")
	if !strings.Contains(list, "dashboard") || !strings.Contains(list, "viewer") || strings.Contains(list, secret) {
		t.Fatalf("list:\n%s", list)
	}
	p.MustRun(t, "keys", "revoke", "1")
	var keys []struct {
		ID        int64
		RevokedAt *string `json:"revoked_at"`
	}
	p.MustRunJSON(t, &keys, "keys", "list", "--json")
	if len(keys) != 2 || keys[0].RevokedAt == nil || keys[1].RevokedAt != nil {
		t.Fatalf("keys %+v", keys)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"keys", "create", "--role", "god"}, 2},
		{[]string{"keys", "create"}, 2},
		{[]string{"keys", "revoke", "x"}, 2},
		{[]string{"keys", "revoke"}, 2},
		{[]string{"keys", "revoke", "99"}, 1},
		{[]string{"keys", "revoke", "1"}, 1},
	} {
		if code, _, _ := p.Run(c.args...); code != c.code {
			t.Errorf("%v: exit %d, want %d", c.args, code, c.code)
		}
	}
}

// RunEnv runs a command line with an environment and returns the exit
// status and output.
func (p *Program) RunEnv(env map[string]string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	m := main.NewMain()
	m.Stdin = strings.NewReader("")
	m.Stdout, m.Stderr = &out, &errOut
	m.Getenv = func(k string) string { return env[k] }
	code = m.Run(context.Background(), append([]string{"--db", p.DB}, args...))
	return code, out.String(), errOut.String()
}

// TestServe_AuditJournal checks the audit journal beside a SQLite
// database: a screening answered is in the audit log as soon as the log is
// read, and everything is moved by the time serve exits.
func TestServe_AuditJournal(t *testing.T) {
	p := NewProgramWithSDN(t)
	admin := strings.TrimSpace(p.MustRun(t, "keys", "create", "--role", "admin", "--name", "ci"))
	rs := p.MustServe(t, nil)
	rs.WaitReady(t, 60*time.Second)
	for _, name := range []string{"Oleg Deripaska", "Rusal"} {
		if code, body := rs.Get(t, "/api/v1/screen?name="+url.QueryEscape(name)); code != 200 {
			t.Fatalf("screen: %d %s", code, body)
		}
	}
	// Read at once: the records are moved before the log is read.
	code, body := rs.Do(t, "GET", "/api/v1/audit", admin, nil)
	if code != 200 || !strings.Contains(body, `"name":"Oleg Deripaska"`) || !strings.Contains(body, `"name":"Rusal"`) {
		t.Fatalf("audit: %d %s", code, body)
	}
	for range 3 {
		rs.Get(t, "/api/v1/screen?name=Arkady+Rotenberg")
	}
	if _, body := rs.Get(t, "/metrics"); !strings.Contains(body, "embargo_audit_journal_pending") {
		t.Fatalf("metrics lack the journal's pending records:\n%s", body)
	}
	if code := rs.Stop(t); code != 0 {
		t.Fatalf("serve exited with %d:\n%s", code, rs.Stderr.String())
	}
	if out := p.MustRun(t, "audit", "verify"); !strings.Contains(out, "5 audit record(s), hash chain intact") {
		t.Fatalf("audit verify: %s", out)
	}
	left, err := filepath.Glob(filepath.Join(p.DB+".audit-journal", "*.jsonl"))
	if err != nil || len(left) != 0 {
		t.Fatalf("journal segments left after a clean exit: %v %v", left, err)
	}
}

// TestLockOutDuringImport is finding 3 of issue 15: opening a database
// took the write lock even when its schema was current, so while an import
// ran, `embargo snapshots` and even `embargo serve` failed with "database
// is locked". They now start and work beside the import of the whole daily
// series (308 snapshots in one transaction); the server's screenings go to
// its audit journal and reach the audit log once the import commits.
// `embargo screen` started during the import answers once the import has
// committed and its audit record is written (it failed with SQLITE_BUSY).
func TestLockOutDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the daily series (308 snapshots) while other commands run")
	}
	dir := testutil.MustExtractSeries(t)
	p := NewProgram(t)
	p.MustRun(t, "import", "--as-of", "2021-04-25", testutil.SDN2021)
	folders, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"import"}
	for _, f := range folders {
		args = append(args, filepath.Join(dir, f.Name()))
	}
	type result struct {
		code   int
		errOut string
		took   time.Duration
	}
	importDone := make(chan result, 1)
	start := time.Now()
	go func() {
		code, _, errOut := p.Run(args...)
		importDone <- result{code, errOut, time.Since(start)}
	}()
	// Wait until the import holds the write lock: its write-ahead log grows.
	wal := p.DB + "-wal"
	for deadline := time.Now().Add(60 * time.Second); ; {
		if fi, err := os.Stat(wal); err == nil && fi.Size() > 1<<20 {
			break
		}
		select {
		case r := <-importDone:
			t.Fatalf("the import ended (exit %d, %s) before it was seen writing", r.code, r.took)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("the import did not start writing within 60 s")
		}
	}
	running := func(what string) {
		select {
		case r := <-importDone:
			importDone <- r
			t.Fatalf("the import (%s) ended before %s was checked: nothing overlapped", r.took, what)
		default:
		}
	}

	// `embargo screen` answers once its audit record is in the audit log:
	// the record waits for the import's write lock (it failed with
	// SQLITE_BUSY after 10 s), and says so on stderr.
	type screened struct {
		code        int
		out, errOut string
		took        time.Duration
	}
	screenDone := make(chan screened, 1)
	go func() {
		t0 := time.Now()
		code, out, errOut := p.Run("screen", "Vladimir Putin")
		screenDone <- screened{code: code, out: out, errOut: errOut, took: time.Since(t0)}
	}()

	t0 := time.Now()
	if out := p.MustRun(t, "snapshots"); !strings.Contains(out, "ofac-sdn@2021-04-25") {
		t.Fatalf("snapshots during the import:\n%s", out)
	}
	t.Logf("embargo snapshots during the import: %s", time.Since(t0))
	running("embargo snapshots")

	t0 = time.Now()
	rs := p.MustServe(t, nil)
	rs.WaitReady(t, 60*time.Second)
	for _, path := range []string{"/api/v1/snapshots", "/api/v1/screen?name=Vladimir+Putin"} {
		if code, body := rs.Get(t, path); code != 200 || !strings.Contains(body, "ofac-sdn") {
			t.Fatalf("GET %s during the import: %d %s", path, code, body)
		}
	}
	t.Logf("embargo serve ready and answering during the import: %s", time.Since(t0))
	running("embargo serve")
	rs.Stop(t)

	sr := <-screenDone
	r := <-importDone
	if r.code != 0 {
		t.Fatalf("the import failed (exit %d): %s", r.code, r.errOut)
	}
	t.Logf("the import of %d snapshots took %s", len(folders), r.took)
	t.Logf("embargo screen during the import: exit %d after %s; stderr: %s", sr.code, sr.took, strings.TrimSpace(sr.errOut))
	if sr.code != 0 && sr.code != 3 { // 3: a match
		t.Fatalf("embargo screen during the import: exit %d\n%s%s", sr.code, sr.out, sr.errOut)
	}
	// SQLite's default busy timeout, after which the write failed, is 10 s.
	if !strings.Contains(sr.errOut, "waiting for another process's write") || sr.took < 10*time.Second {
		t.Fatalf("embargo screen did not wait for the import (%s; %q): the test shows nothing", sr.took, sr.errOut)
	}
	i := strings.Index(sr.out, "audit id: ")
	if i < 0 {
		t.Fatalf("embargo screen printed no audit id:\n%s", sr.out)
	}
	aid := strings.Fields(sr.out[i+len("audit id: "):])[0]
	if out := p.MustRun(t, "audit", "verify", "--record", aid); !strings.Contains(out, "in the verified chain") {
		t.Fatalf("audit verify --record %s: %s", aid, out)
	}
	if out := p.MustRun(t, "snapshots"); strings.Count(out, "ofac-sdn@") < 100 {
		t.Fatalf("after the import:\n%s", out)
	}
}
