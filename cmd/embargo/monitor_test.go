package main_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
	"github.com/embargo-dev/embargo/monitor"
	"github.com/embargo-dev/embargo/sqlite"
)

const customersCSV = "../../monitor/testdata/customers.csv"

type alertsOutput struct {
	Total  int              `json:"total"`
	Alerts []*embargo.Alert `json:"alerts"`
}

func (p *Program) alerts(tb testing.TB, args ...string) alertsOutput {
	tb.Helper()
	var out alertsOutput
	p.MustRunJSON(tb, &out, append([]string{"alerts", "--json"}, args...)...)
	return out
}

// TestWatch is monitoring through the command line: customers registered,
// lists imported, alerts raised and posted, decided, and the evidence kept.
func TestWatch(t *testing.T) {
	p := NewProgram(t)
	p.Env = map[string]string{"EMBARGO_ALLOW_PRIVATE_WEBHOOKS": "true"} // the receiver is on loopback
	var mu sync.Mutex
	var received []monitor.Payload
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !monitor.VerifySignature("s3cret", body, r.Header.Get(monitor.SignatureHeader)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var pl monitor.Payload
		if err := json.Unmarshal(body, &pl); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		received = append(received, pl)
		mu.Unlock()
	}))
	defer recv.Close()

	out := p.MustRun(t, "watch", "add", "--list", "customers", customersCSV)
	if !strings.Contains(out, "52 added") {
		t.Fatalf("watch add: %s", out)
	}
	p.MustRun(t, "webhooks", "add", recv.URL, "--secret", "s3cret")
	p.MustRun(t, "import", "--as-of", "2019-01-04", testutil.SDN2019)
	if a := p.alerts(t); a.Total != 0 {
		t.Fatalf("alerts after 2019: %+v", a.Alerts)
	}
	code, _, errOut := p.Run("import", "--as-of", "2021-04-25", testutil.SDN2021)
	if code != 0 || !strings.Contains(errOut, "2 new alert(s)") {
		t.Fatalf("import 2021: exit %d, stderr %q", code, errOut)
	}
	a := p.alerts(t, "--status", "open")
	if a.Total != 2 {
		t.Fatalf("open alerts = %d, want 2", a.Total)
	}
	got := map[string]int64{}
	for _, al := range a.Alerts {
		got[al.Customer.Name] = al.ID
		if al.SnapshotID != "ofac-sdn@2021-04-25" {
			t.Errorf("alert %d caused by %s", al.ID, al.SnapshotID)
		}
	}
	if got["Andriy Derkach"] == 0 || got["Darya Aslanova"] == 0 {
		t.Fatalf("alerts for %v, want Derkach and Aslanova", got)
	}
	mu.Lock()
	if len(received) != 2 {
		t.Errorf("webhook received %d alerts, want 2", len(received))
	}
	mu.Unlock()

	// Decisions.
	if code, _, _ := p.Run("alerts", "decide", fmt.Sprint(got["Darya Aslanova"]), "--status", "maybe", "--note", "x"); code != 2 {
		t.Fatalf("bad status: exit %d, want 2", code)
	}
	if code, _, errOut := p.Run("alerts", "decide", fmt.Sprint(got["Darya Aslanova"]), "--status", "false_positive", "--by", "ann"); code != 1 || !strings.Contains(errOut, "note") {
		t.Fatalf("no note: exit %d, %q", code, errOut)
	}
	p.MustRun(t, "alerts", "decide", fmt.Sprint(got["Darya Aslanova"]), "--status", "false_positive", "--note", "born in 1990", "--by", "ann")
	if a := p.alerts(t, "--status", "open"); a.Total != 1 || a.Alerts[0].Customer.Name != "Andriy Derkach" {
		t.Fatalf("open alerts after the decision = %+v", a.Alerts)
	}
	show := p.MustRun(t, "alerts", "show", fmt.Sprint(got["Darya Aslanova"]))
	if !strings.Contains(show, "false_positive by ann: born in 1990") {
		t.Fatalf("alerts show:\n%s", show)
	}

	// The customer's timeline.
	var tl monitor.Timeline
	p.MustRunJSON(t, &tl, "watch", "history", "--json", "--list", "customers", "C-1002")
	kinds := map[string]int{}
	for _, ev := range tl.Events {
		kinds[ev.Kind]++
	}
	if kinds["customer"] != 1 || kinds["rescreen"] != 2 || kinds["alert"] != 1 || kinds["decision"] != 1 || kinds["screening"] != 2 {
		t.Fatalf("timeline event kinds = %v", kinds)
	}

	// Removing a customer keeps its history.
	p.MustRun(t, "watch", "remove", "--list", "customers", "C-2001")
	if code, _, _ := p.Run("watch", "show", "--list", "customers", "C-2001"); code != 1 {
		t.Fatalf("show removed customer: exit %d, want 1", code)
	}
	if out := p.MustRun(t, "watch", "history", "--list", "customers", "C-2001"); !strings.Contains(out, "removed") {
		t.Fatalf("history of a removed customer:\n%s", out)
	}
	if out := p.MustRun(t, "watch", "list"); !strings.Contains(out, "customers  51") {
		t.Fatalf("watch list:\n%s", out)
	}

	// Every screening is in the audit log, which verifies and exports.
	p.MustRun(t, "screen", "Andriy Derkach")
	if out := p.MustRun(t, "audit", "verify"); !strings.Contains(out, "hash chain intact") {
		t.Fatalf("audit verify: %s", out)
	}
	export := p.MustRun(t, "audit", "export", "--kind", "screen")
	var rec embargo.AuditRecord
	if err := json.Unmarshal([]byte(strings.TrimSpace(export)), &rec); err != nil {
		t.Fatalf("export %q: %v", export, err)
	}
	if rec.Query.Name != "Andriy Derkach" || len(rec.Matches) == 0 || rec.Snapshots["ofac-sdn"] != "ofac-sdn@2021-04-25" || rec.Threshold == 0 {
		t.Fatalf("recorded screening = %+v", rec)
	}
	if out := p.MustRun(t, "audit", "rerun", fmt.Sprint(rec.ID)); !strings.Contains(out, "same result") {
		t.Fatalf("audit rerun:\n%s", out)
	}
	if code, _, _ := p.Run("audit", "prune", "--older-than", "1h"); code != 2 {
		t.Fatalf("prune 1h: exit %d, want 2", code)
	}
	if out := p.MustRun(t, "audit", "prune", "--older-than", "365d"); !strings.HasPrefix(out, "0 audit record(s)") {
		t.Fatalf("prune: %s", out)
	}
}

// TestAudit_RerunAfterLaterImports records a screening against 2019, imports
// 2021 (which changes the screening index's token statistics), then re-runs
// it: the rerun rebuilds the index as it was and finds exactly the same.
func TestAudit_RerunAfterLaterImports(t *testing.T) {
	p := NewProgram(t)
	p.MustRun(t, "import", "--as-of", "2019-01-04", testutil.SDN2019)
	p.MustRun(t, "screen", "--limit", "25", "--threshold", "0.6", "Mohammad Ali")
	p.MustRun(t, "import", "--as-of", "2021-04-25", testutil.SDN2021)
	var rec embargo.AuditRecord
	p.MustRunJSON(t, &rec, "audit", "export", "--kind", "screen")
	if len(rec.Matches) < 5 || rec.Index["ofac-sdn"] != "ofac-sdn@2019-01-04" {
		t.Fatalf("record = %d matches, index %v", len(rec.Matches), rec.Index)
	}
	var rr monitor.RerunResult
	p.MustRunJSON(t, &rr, "audit", "rerun", "--json", fmt.Sprint(rec.ID))
	if !rr.Same || len(rr.Matches) != len(rec.Matches) {
		t.Fatalf("rerun differs: %v", rr.Differences)
	}
}

// TestAudit_CrashMidBatch kills `embargo screen --in` (a separate process)
// in the middle of a batch, then checks that what the audit log recorded is
// intact and readable, that every result written out has its record, and
// that a recorded row re-runs identically.
func TestAudit_CrashMidBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and screens a large batch")
	}
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "embargo")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	p := NewProgram(t)
	p.MustRun(t, "import", "--as-of", "2021-04-25", testutil.SDN2021)

	// A batch far longer than the test waits for: unlisted names with a
	// listed one every tenth row.
	names, err := os.ReadFile("../../monitor/testdata/names.txt")
	if err != nil {
		t.Fatal(err)
	}
	listed := []string{"Andriy Derkach", "Darya Aslanova", "Oleg Deripaska", "Bank Melli Iran"}
	var in bytes.Buffer
	in.WriteString("id,name\n")
	const rows = 200000
	lines := strings.Split(strings.TrimSpace(string(names)), "\n")
	for i := range rows {
		name := lines[i%len(lines)]
		if i%10 == 0 {
			name = listed[(i/10)%len(listed)]
		}
		fmt.Fprintf(&in, "r%d,%s\n", i+1, name)
	}
	inPath, outPath := filepath.Join(dir, "in.csv"), filepath.Join(dir, "out.jsonl")
	if err := os.WriteFile(inPath, in.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin, "--db", p.DB, "screen", "--in", inPath, "--out", outPath)
	cmd.Env = append(os.Environ(), "USER=batcher")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	// Wait until a few audit transactions are in, then kill it hard.
	db, err := sqlite.Open(context.Background(), p.DB, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		n := 0
		_ = db.FindAuditRecords(context.Background(), embargo.AuditFilter{Kind: embargo.AuditBatch, AfterID: 2500, Limit: 1},
			func(*embargo.AuditRecord) error { n++; return nil })
		if n > 0 {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the batch ended before it was killed (%v): %s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("no batch records after 3 minutes")
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited

	// The chain is intact, every record readable.
	if _, err := db.VerifyAudit(context.Background()); err != nil {
		t.Fatalf("audit log after the crash: %v", err)
	}
	var recs []*embargo.AuditRecord
	if err := db.FindAuditRecords(context.Background(), embargo.AuditFilter{Kind: embargo.AuditBatch}, func(r *embargo.AuditRecord) error {
		recs = append(recs, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	n := len(recs)
	if n == 0 || n >= rows || n%1000 != 0 {
		t.Fatalf("%d batch records after the crash, want whole transactions of 1000, fewer than %d", n, rows)
	}
	for i, r := range recs {
		if r.Row != i+1 || r.Query.ID != fmt.Sprintf("r%d", i+1) || r.BatchID != recs[0].BatchID || r.Caller != "cli:batcher" || r.Snapshots["ofac-sdn"] != "ofac-sdn@2021-04-25" {
			t.Fatalf("record %d = %+v", i, r)
		}
	}

	// Every complete line of the output has its record, with the same
	// matches; a line cut by the crash may follow.
	data, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	written := 0
	for sc.Scan() {
		var res embargo.ScreenResult
		if err := json.Unmarshal(sc.Bytes(), &res); err != nil {
			if !bytes.HasSuffix(data, []byte("\n")) && written == bytes.Count(data, []byte("\n")) {
				break // the last, cut line
			}
			t.Fatalf("output line %d: %v", written+1, err)
		}
		if written >= n {
			t.Fatalf("output line %d has no audit record (%d recorded)", written+1, n)
		}
		want, _ := json.Marshal(recs[written].Matches)
		got, _ := json.Marshal(embargo.WithoutExplanations(res.Matches))
		if res.ID == nil || *res.ID != recs[written].Query.ID || !bytes.Equal(got, want) {
			t.Fatalf("output line %d (%s) differs from its record:\n%s\n%s", written+1, *res.ID, got, want)
		}
		written++
	}
	t.Logf("killed after %d rows recorded, %d written out", n, written)

	// A recorded row with matches re-runs identically.
	for _, r := range recs {
		if len(r.Matches) > 0 {
			out := p.MustRun(t, "audit", "rerun", fmt.Sprint(r.ID))
			if !strings.Contains(out, "same result") {
				t.Fatalf("rerun of record %d:\n%s", r.ID, out)
			}
			break
		}
	}
}

// Finding 7c: `webhooks add` accepted internal addresses, and `webhooks
// list` printed a URL's credentials back.
func TestWebhookURLChecks(t *testing.T) {
	p := NewProgram(t)
	p.MustRun(t, "import", "--as-of", "2019-01-04", testutil.SDN2019)
	code, _, errOut := p.Run("webhooks", "add", "http://169.254.169.254/latest/", "--secret", "s")
	if code != 1 || !strings.Contains(errOut, "--allow-private-webhooks") {
		t.Fatalf("metadata address: exit %d, %q; want 1 naming --allow-private-webhooks", code, errOut)
	}
	out := p.MustRun(t, "webhooks", "add", "--allow-private-webhooks", "http://ops:hunter2@127.0.0.1:9/hook", "--secret", "s")
	for _, args := range [][]string{{"webhooks", "list"}, {"webhooks", "list", "--json"}} {
		out += p.MustRun(t, args...)
	}
	if strings.Contains(out, "hunter2") || !strings.Contains(out, "ops:xxxxx@127.0.0.1:9/hook") {
		t.Fatalf("listings show the password, or not the redacted URL:\n%s", out)
	}
}

// Finding 2 on the command line: a list dated in the far future (the
// file's own date, or --as-of) is refused, and `snapshots retract` takes a
// bad snapshot back, audited, so that imports follow the one before it.
func TestFutureSnapshotCLI(t *testing.T) {
	p := NewProgram(t)
	gz, err := os.ReadFile("../../source/un/testdata/un-sc-2018-10-29.xml.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	xml, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	future := filepath.Join(t.TempDir(), "consolidated.xml")
	if err := os.WriteFile(future, bytes.Replace(xml, []byte(`dateGenerated="2018-10-29`), []byte(`dateGenerated="2999-10-29`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := p.Run("import", future); code != 1 || !strings.Contains(errOut, "2999-10-29") || !strings.Contains(errOut, "in the future") {
		t.Fatalf("import of a file dated 2999: exit %d, %q", code, errOut)
	}
	if code, _, errOut := p.Run("import", "--as-of", "9999-12-31", testutil.SDN2019); code != 1 || !strings.Contains(errOut, "in the future") {
		t.Fatalf("import --as-of 9999-12-31: exit %d, %q", code, errOut)
	}
	p.MustRun(t, "import", "--as-of", "2019-01-04", testutil.SDN2019)
	p.MustRun(t, "import", "--as-of", "2021-04-25", testutil.SDN2021)
	before := p.MustRun(t, "history", "--json", "ofac-sdn:24228")
	if code, _, errOut := p.Run("snapshots", "retract", "ofac-sdn@2021-04-25"); code != 2 || !strings.Contains(errOut, "--reason") {
		t.Fatalf("retract without --reason: exit %d, %q", code, errOut)
	}
	out := p.MustRun(t, "snapshots", "retract", "ofac-sdn@2021-04-25", "--reason", "wrong file")
	if !strings.Contains(out, "retracted ofac-sdn@2021-04-25") {
		t.Fatalf("retract: %s", out)
	}
	if out := p.MustRun(t, "snapshots"); strings.Contains(out, "2021-04-25") || !strings.Contains(out, "ofac-sdn@2019-01-04") {
		t.Fatalf("snapshots after the retraction:\n%s", out)
	}
	if out := p.MustRun(t, "snapshots", "retractions"); !strings.Contains(out, "ofac-sdn@2021-04-25") || !strings.Contains(out, "wrong file") {
		t.Fatalf("retractions:\n%s", out)
	}
	p.MustRun(t, "import", "--as-of", "2021-04-25", testutil.SDN2021)
	if after := p.MustRun(t, "history", "--json", "ofac-sdn:24228"); after != before {
		t.Fatalf("history after retracting and importing again:\n%s\nwant\n%s", after, before)
	}
}
