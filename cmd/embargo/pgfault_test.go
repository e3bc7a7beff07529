package main_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo/internal/testutil"
)

// pgFaultPort is the port of TestPostgresRestart's own server: it stops
// and starts it, so it cannot share the one the other tests use.
const pgFaultPort = "55439"

// pgServer is a private PostgreSQL server started with
// scripts/pg-test-server.
type pgServer struct {
	dir string
	dsn string
}

// startPGServer starts a private PostgreSQL server, stopped when the test
// ends. Without the server binaries it skips, except under CI.
func startPGServer(t *testing.T) *pgServer {
	t.Helper()
	if _, err := os.Stat("/usr/lib/postgresql"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("PostgreSQL server binaries not found; .ci/run installs them")
		}
		t.Skip("PostgreSQL server binaries not found (apt-get install postgresql)")
	}
	// Not t.TempDir(): the server runs as the postgres user, who must be
	// able to reach the directory.
	dir, err := os.MkdirTemp("/tmp", "embargo-pgfault-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	p := &pgServer{dir: dir + "/data"}
	t.Cleanup(func() {
		p.stop(t)
		os.RemoveAll(dir)
	})
	p.dsn = p.start(t)
	return p
}

func (p *pgServer) script(t *testing.T, cmd string) string {
	t.Helper()
	c := exec.Command("../../scripts/pg-test-server", cmd, p.dir)
	c.Env = append(os.Environ(), "EMBARGO_TEST_PG_PORT="+pgFaultPort)
	out, err := c.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("pg-test-server %s: %v\n%s", cmd, err, stderr)
	}
	return strings.TrimSpace(string(out))
}

func (p *pgServer) start(t *testing.T) string { return p.script(t, "start") }
func (p *pgServer) stop(t *testing.T)         { p.script(t, "stop") }

// apiResponse is a response's status and its JSON error, if any.
type apiResponse struct {
	status int
	body   string
	err    struct {
		Error string `json:"error"`
		Code  string `json:"code"`
	}
}

// apiDo sends a request with an API key (if not empty) and a body (if
// not nil) of the given type.
func apiDo(t *testing.T, method, u, key, contentType string, body io.Reader) apiResponse {
	t.Helper()
	req, _ := http.NewRequest(method, u, body)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := apiResponse{status: resp.StatusCode, body: string(b)}
	if resp.StatusCode/100 != 2 {
		json.Unmarshal(b, &r.err)
	}
	return r
}

// TestPostgresRestart restarts PostgreSQL under a serving replica: while
// it is down, writes fail with 503 and a message saying so (no driver
// text), the process stays up, and once it is back the same writes
// succeed, the replica reloads on the new snapshot and nothing is lost.
func TestPostgresRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts a PostgreSQL server")
	}
	pg := startPGServer(t)
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append([]string{"--db", pg.dsn}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("embargo %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("import", "--as-of", "2019-01-04", testutil.SDN2019)
	key := ""
	for _, f := range strings.Fields(run("keys", "create", "--role", "admin", "--name", "ops")) {
		if strings.HasPrefix(f, "emb_") {
			key = f
		}
	}
	if key == "" {
		t.Fatal("no key printed by keys create")
	}

	// r1 has seen the key before the restart (its key cache holds it); r2
	// sees it first while the database is down, then after.
	r1 := startReplica(t, bin, pg.dsn, "r1")
	r2 := startReplica(t, bin, pg.dsn, "r2", "--audit-spool", filepath.Join(t.TempDir(), "audit-spool"))
	// r3 keeps an audit journal, which also holds records while the
	// database is away.
	r3 := startReplica(t, bin, pg.dsn, "r3", "--audit-journal", filepath.Join(t.TempDir(), "audit-journal"))
	for _, r := range []*replica{r1, r2, r3} {
		waitFor(t, 30*time.Second, r.name+" ready", func() (bool, string) {
			snap, _, err := r.screen("Oleg Deripaska")
			return err == nil && snap == "ofac-sdn@2019-01-04", fmt.Sprint(snap, err)
		})
	}
	screenURL := r1.url + "/api/v1/screen?name=" + url.QueryEscape("Oleg Deripaska")
	if res := apiDo(t, "GET", screenURL, key, "", nil); res.status != http.StatusOK {
		t.Fatalf("screen before the restart: HTTP %d: %s", res.status, res.body)
	}
	customers := "/api/v1/watchlists/clients/customers"
	customer := `[{"id": "c1", "name": "Oleg Deripaska", "type": "person"}]`
	saveCustomer := func(r *replica) apiResponse {
		return apiDo(t, "POST", r.url+customers, key, "application/json", strings.NewReader(customer))
	}
	upload := func() apiResponse { return uploadSetResponse(t, r1.url, key, testutil.SDN2021, "2021-04-25") }

	pg.stop(t)

	// r2 has an audit spool: it goes on screening from its in-memory
	// index, recording on local disk until the database is back.
	if res := apiDo(t, "GET", r2.url+"/api/v1/screen?name=Rusal&id=outage", "", "", nil); res.status != http.StatusOK || !strings.Contains(res.body, "ofac-sdn:24228") {
		t.Fatalf("screen on r2 (audit spool) while PostgreSQL is down: HTTP %d %s, want 200 with Rusal", res.status, res.body)
	}
	if res := apiDo(t, "GET", r3.url+"/api/v1/screen?name=Rusal&id=outage-journal", "", "", nil); res.status != http.StatusOK || !strings.Contains(res.body, "ofac-sdn:24228") {
		t.Fatalf("screen on r3 (audit journal) while PostgreSQL is down: HTTP %d %s, want 200 with Rusal", res.status, res.body)
	}

	// Writes fail, saying why, with nothing of the driver in the message;
	// so does a key that must be looked up (503, not 401). Screening on r1,
	// which has no spool, is refused too: each screening is recorded in
	// the audit log before it is answered, and none is answered
	// unrecorded.
	for name, res := range map[string]apiResponse{
		"import":                  upload(),
		"save customer":           saveCustomer(r1),
		"screen":                  apiDo(t, "GET", screenURL, key, "", nil),
		"save customer, cold key": saveCustomer(r2),
	} {
		if res.status != http.StatusServiceUnavailable || res.err.Code != "unavailable" || !strings.Contains(res.err.Error, "database is unavailable") {
			t.Errorf("%s while PostgreSQL is down: HTTP %d %s, want 503 saying the database is unavailable", name, res.status, res.body)
		}
		for _, leak := range []string{"dial", "connect", "127.0.0.1", "pgx", "SQLSTATE"} {
			if strings.Contains(res.err.Error, leak) {
				t.Errorf("%s: message %q leaks driver text (%q)", name, res.err.Error, leak)
			}
		}
	}
	for _, r := range []*replica{r1, r2, r3} {
		if res := apiDo(t, "GET", r.url+"/healthz", "", "", nil); res.status != http.StatusOK {
			t.Fatalf("%s /healthz while PostgreSQL is down: HTTP %d %s", r.name, res.status, res.body)
		}
	}

	pg.start(t)

	// database/sql drops the broken connections and dials anew: the same
	// writes succeed within a few seconds, and the key authenticates on
	// both replicas.
	waitFor(t, 15*time.Second, "import after the restart", func() (bool, string) {
		res := upload()
		return res.status/100 == 2, fmt.Sprint(res.status, " ", res.body)
	})
	for _, r := range []*replica{r1, r2} {
		if res := saveCustomer(r); res.status/100 != 2 {
			t.Fatalf("save customer on %s after the restart: HTTP %d %s", r.name, res.status, res.body)
		}
	}
	// r2 learns of the import through its snapshot listener, which has
	// reconnected.
	for _, r := range []*replica{r1, r2} {
		waitFor(t, 10*time.Second, r.name+" screens against 2021-04-25", func() (bool, string) {
			snap, first, err := r.screen("Andriy Derkach")
			return err == nil && snap == "ofac-sdn@2021-04-25" && first == "ofac-sdn:29366", fmt.Sprint(snap, first, err)
		})
	}
	if res := apiDo(t, "GET", screenURL, key, "", nil); res.status != http.StatusOK {
		t.Fatalf("screen with the key after the restart: HTTP %d: %s", res.status, res.body)
	}
	// r2's spooled record and r3's journaled one reach the audit log, each
	// once, and the chain verifies.
	waitFor(t, 10*time.Second, "the spooled and journaled audit records in the log", func() (bool, string) {
		out, err := exec.Command(bin, "--db", pg.dsn, "audit", "export").CombinedOutput()
		return err == nil && strings.Count(string(out), `"id":"outage"`) == 1 && strings.Count(string(out), `"id":"outage-journal"`) == 1, string(out)
	})
	if out, err := exec.Command(bin, "--db", pg.dsn, "audit", "verify").CombinedOutput(); err != nil {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}

	var snaps []struct {
		SnapshotID string `json:"snapshot_id"`
		Entities   int    `json:"entities"`
	}
	if err := json.Unmarshal([]byte(run("snapshots", "--json")), &snaps); err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 2 || snaps[0].SnapshotID != "ofac-sdn@2019-01-04" || snaps[1].SnapshotID != "ofac-sdn@2021-04-25" || snaps[1].Entities != 8890 {
		t.Fatalf("snapshots after the restart: %+v; want 2019-01-04 and 2021-04-25 with 8,890 entities", snaps)
	}
}
