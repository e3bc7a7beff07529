package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo/internal/testutil"
)

// buildBinary builds embargo once per test binary, without the race
// detector: the replicas are separate processes, timed like production.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "embargo-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "embargo")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// replica is one `embargo serve` process.
type replica struct {
	name string
	cmd  *exec.Cmd
	url  string
	log  *testutil.SyncBuffer
}

func startReplica(t *testing.T, bin, dsn, name string, extra ...string) *replica {
	t.Helper()
	args := append([]string{"--db", dsn, "serve", "--addr", "127.0.0.1:0", "--anon-rate", "0", "--log-level", "debug"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "EMBARGO_CONFIG=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{name: name, cmd: cmd, log: &testutil.SyncBuffer{}}
	cmd.Stderr = r.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s log:\n%s", name, r.log.String())
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("%s: no address: %v", name, err)
	}
	r.url = strings.TrimSpace(strings.TrimPrefix(line, "embargo: serving on "))
	go io.Copy(io.Discard, stdout)
	return r
}

// screen asks a replica for a name and returns the ofac-sdn snapshot it
// screened against and the first match's entity id.
func (r *replica) screen(name string) (snapshot, first string, err error) {
	resp, err := http.Get(r.url + "/api/v1/screen?name=" + url.QueryEscape(name))
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	var res struct {
		Snapshots map[string]string `json:"snapshots"`
		Matches   []struct {
			EntityID string `json:"entity_id"`
		} `json:"matches"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return "", "", fmt.Errorf("%s: HTTP %d: %v", r.name, resp.StatusCode, err)
	}
	if len(res.Matches) > 0 {
		first = res.Matches[0].EntityID
	}
	return res.Snapshots["ofac-sdn"], first, nil
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, within time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(within)
	last := ""
	for {
		ok, detail := cond()
		if ok {
			return
		}
		last = detail
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s (%s)", what, within, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func uploadSet(t *testing.T, base, key, dir, asOf string) {
	t.Helper()
	if res := uploadSetResponse(t, base, key, dir, asOf); res.status/100 != 2 {
		t.Fatalf("import: HTTP %d: %s", res.status, res.body)
	}
}

// uploadSetResponse posts an OFAC set to POST /api/v1/import and returns
// the response, whatever its status.
func uploadSetResponse(t *testing.T, base, key, dir, asOf string) apiResponse {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, name := range []string{"sdn.csv", "alt.csv", "add.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	return apiDo(t, "POST", base+"/api/v1/import?as_of="+asOf, key, mw.FormDataContentType(), &body)
}

// gatedPublisher serves the 2021-04-25 SDN set less its first entry, and
// holds every request until released, recording which replica asked first
// (each replica's sources file puts its name in the path).
type gatedPublisher struct {
	mu       sync.Mutex
	first    string
	release  chan struct{}
	files    map[string][]byte
	requests int
}

func (p *gatedPublisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)
	p.mu.Lock()
	if p.first == "" {
		p.first = parts[0]
	}
	p.requests++
	p.mu.Unlock()
	select {
	case <-p.release:
	case <-r.Context().Done():
		return
	}
	data, ok := p.files[parts[1]]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}

// TestReplicas runs three servers on one PostgreSQL database: a snapshot
// imported through one is screened against by all three within 2 s, and
// when the replica running the scheduled update is killed mid-update,
// another takes over and nothing is half imported.
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three servers")
	}
	dsn := testutil.PostgresDSN(t)
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		out, err := exec.Command(bin, append([]string{"--db", dsn}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("embargo %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("import", "--as-of", "2019-01-04", testutil.SDN2019)
	key := ""
	for _, line := range strings.Split(run("keys", "create", "--role", "admin", "--name", "test"), "\n") {
		for _, f := range strings.Fields(line) {
			if len(f) > 30 {
				key = f
			}
		}
	}
	if key == "" {
		t.Fatal("no key printed by keys create")
	}

	// The publisher the scheduled updates download from.
	pub := &gatedPublisher{release: make(chan struct{}), files: map[string][]byte{}}
	sdn, _ := os.ReadFile(filepath.Join(testutil.SDN2021, "sdn.csv"))
	pub.files["SDN.CSV"] = sdn[bytes.IndexByte(sdn, '\n')+1:] // one entry fewer than 2021-04-25
	ps := httptest.NewServer(pub)
	defer ps.Close()
	defer func() {
		select {
		case <-pub.release:
		default:
			close(pub.release)
		}
	}()

	var reps []*replica
	for i := 1; i <= 3; i++ {
		name := fmt.Sprintf("r%d", i)
		sources := filepath.Join(t.TempDir(), "sources.json")
		os.WriteFile(sources, []byte(fmt.Sprintf(`[{"name": "ofac-sdn", "files": [{"url": "%s/%s/SDN.CSV", "name": "sdn.csv"}]}]`, ps.URL, name)), 0o644)
		reps = append(reps, startReplica(t, bin, dsn, name, "--update-interval", "300ms", "--sources-file", sources))
	}
	for _, r := range reps {
		waitFor(t, 30*time.Second, r.name+" ready", func() (bool, string) {
			snap, _, err := r.screen("Oleg Deripaska")
			return err == nil && snap == "ofac-sdn@2019-01-04", fmt.Sprint(snap, err)
		})
	}

	// 1. A snapshot imported through one replica reaches all three.
	uploadSet(t, reps[0].url, key, testutil.SDN2021, "2021-04-25")
	start := time.Now()
	for _, r := range reps {
		waitFor(t, 2*time.Second-time.Since(start), r.name+" screens against 2021-04-25", func() (bool, string) {
			snap, first, err := r.screen("Andriy Derkach")
			return err == nil && snap == "ofac-sdn@2021-04-25" && first == "ofac-sdn:29366", fmt.Sprint(snap, first, err)
		})
	}
	t.Logf("all three replicas screened against the new snapshot %s after the import", time.Since(start).Round(time.Millisecond))

	// 2. Exactly one replica is updating (its download is held); kill it.
	waitFor(t, 10*time.Second, "an update starts", func() (bool, string) {
		pub.mu.Lock()
		defer pub.mu.Unlock()
		return pub.first != "", ""
	})
	time.Sleep(time.Second) // the others' ticks find the lock taken
	pub.mu.Lock()
	holder, requests := pub.first, pub.requests
	pub.mu.Unlock()
	if requests != 1 {
		t.Fatalf("%d update downloads at once, want 1 (the lock holder's)", requests)
	}
	var survivors []*replica
	for _, r := range reps {
		if r.name == holder {
			r.cmd.Process.Kill()
			r.cmd.Wait()
		} else {
			survivors = append(survivors, r)
		}
	}
	close(pub.release)
	for _, r := range survivors {
		waitFor(t, 20*time.Second, r.name+" screens against the updated list", func() (bool, string) {
			snap, _, err := r.screen("Andriy Derkach")
			return err == nil && snap != "ofac-sdn@2021-04-25" && strings.HasPrefix(snap, "ofac-sdn@"), fmt.Sprint(snap, err)
		})
	}
	var snaps []struct {
		SnapshotID string `json:"snapshot_id"`
		Entities   int    `json:"entities"`
	}
	if err := json.Unmarshal([]byte(run("snapshots", "--json")), &snaps); err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 3 || snaps[2].Entities != 8889 {
		t.Fatalf("snapshots after the take-over: %+v; want 3, the last with 8,889 entities", snaps)
	}
}

// TestServe_AuditJournalKill kills a server on SQLite (SIGKILL) right after
// it answered screenings whose records were still in its audit journal:
// the next start moves them into the audit log, each once.
func TestServe_AuditJournalKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server twice")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	p := NewProgramWithSDN(t)
	count := func() int {
		t.Helper()
		out := p.MustRun(t, "audit", "verify")
		var n int
		if _, err := fmt.Sscanf(out, "%d audit record(s)", &n); err != nil {
			t.Fatalf("audit verify: %s", out)
		}
		return n
	}
	ready := func(r *replica) {
		waitFor(t, 30*time.Second, r.name+" ready", func() (bool, string) {
			resp, err := http.Get(r.url + "/readyz")
			if err != nil {
				return false, err.Error()
			}
			resp.Body.Close()
			return resp.StatusCode == 200, resp.Status
		})
	}
	// No move before the kill: every record is still in the journal.
	r1 := startReplica(t, bin, p.DB, "r1", "--audit-journal-interval", "1h")
	ready(r1)
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, _, err := r1.screen(fmt.Sprintf("Oleg Deripaska %d", i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	r1.cmd.Process.Kill()
	r1.cmd.Wait()
	moved := count()
	segs, _ := filepath.Glob(filepath.Join(p.DB+".audit-journal", "*.jsonl"))
	t.Logf("killed after %d answers: %d records in the audit log, %d journal segments", n, moved, len(segs))
	if moved != 0 || len(segs) == 0 {
		t.Fatalf("%d records in the audit log and %d segments before the restart, want 0 and the journal", moved, len(segs))
	}

	r2 := startReplica(t, bin, p.DB, "r2")
	ready(r2)
	if !strings.Contains(r2.log.String(), "moved records of an earlier run") {
		t.Errorf("the restart does not say it moved the journal's records:\n%s", r2.log.String())
	}
	r2.cmd.Process.Signal(os.Interrupt)
	if err := r2.cmd.Wait(); err != nil {
		t.Fatalf("r2: %v\n%s", err, r2.log.String())
	}
	if got := count(); got != n {
		t.Fatalf("%d records after the restart, want %d", got, n)
	}
}
