package monitor_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/monitor"
)

func TestSign(t *testing.T) {
	body := []byte(`{"event":"alert.created"}`)
	// HMAC-SHA256 of the body with key "secret", as computed by
	// `printf '%s' BODY | openssl dgst -sha256 -hmac secret`.
	const want = "sha256=53097c60a5425c805f93a08b8d9faca8ded285fa3b4fc621f538ff907f8b8168"
	got := monitor.Sign("secret", body)
	if got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
	if !monitor.VerifySignature("secret", body, got) {
		t.Fatal("a signature does not verify")
	}
	for _, bad := range []string{monitor.Sign("other", body), monitor.Sign("secret", append(body, ' ')), "", "sha256=", got[7:]} {
		if monitor.VerifySignature("secret", body, bad) {
			t.Errorf("signature %q verifies", bad)
		}
	}
}

// newAlerts raises n alerts for one customer against made-up entities.
func newAlerts(tb testing.TB, env *Env, n int) []*embargo.Alert {
	tb.Helper()
	c := &embargo.Customer{List: "l", ID: "c1", Name: "Jane Roe"}
	if _, err := env.DB.SaveCustomers(context.Background(), []*embargo.Customer{c}); err != nil {
		tb.Fatal(err)
	}
	var alerts []*embargo.Alert
	for i := range n {
		id := "test:" + string(rune('a'+i))
		alerts = append(alerts, &embargo.Alert{Customer: c.Ref(), CustomerHash: c.Hash(), EntityID: id, EntityHash: "h",
			Score: 0.9, Match: embargo.Match{EntityID: id}, SnapshotID: "test@2020-01-01", Cause: embargo.CauseListChange})
	}
	created, err := env.DB.CreateAlerts(context.Background(), alerts, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return created
}

// newNotifier registers a webhook to url, then makes the given number of
// alerts with newAlerts, and returns a notifier (allowPrivate as
// monitor.NewNotifier takes it) that tries each delivery up to attempts
// times a millisecond apart, and the alerts.
func newNotifier(tb testing.TB, env *Env, url string, alerts, attempts int, allowPrivate bool) (*monitor.Notifier, []*embargo.Alert) {
	tb.Helper()
	if err := env.DB.CreateWebhook(context.Background(), &embargo.Webhook{URL: url, Secret: "k"}); err != nil {
		tb.Fatal(err)
	}
	time.Sleep(time.Millisecond)
	created := newAlerts(tb, env, alerts)
	n := monitor.NewNotifier(env.DB, allowPrivate)
	n.Backoff, n.MaxAttempts, n.Logger = time.Millisecond, attempts, quiet
	return n, created
}

func TestNotifier_Retries(t *testing.T) {
	ctx := context.Background()
	env := NewEnv(t)
	var calls atomic.Int32
	status := atomic.Int32{}
	status.Store(http.StatusServiceUnavailable)
	recv := NewReceiver(t, "k")
	recv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(int(status.Load()))
	})
	n, _ := newNotifier(t, env, recv.URL, 2, 3, true)

	// A failing endpoint: 3 attempts on the first alert, then the flush
	// stops; the second alert waits.
	start := time.Now()
	ok, failed, err := n.Flush(ctx)
	if err != nil || ok != 0 || failed != 1 || calls.Load() != 3 {
		t.Fatalf("Flush = %d ok, %d failed, %v, %d calls; want 0, 1, nil, 3", ok, failed, err, calls.Load())
	}
	if d := time.Since(start); d < 3*time.Millisecond {
		t.Fatalf("3 attempts in %v: no backoff", d)
	}
	ds, _ := env.DB.FindDeliveries(ctx, 0, 0)
	if len(ds) != 3 || ds[2].Attempt != 3 || ds[2].StatusCode != 503 || ds[2].OK {
		t.Fatalf("deliveries = %+v", ds)
	}
	// The endpoint is back: the first alert has used its attempts, the
	// second gets through.
	status.Store(http.StatusOK)
	if ok, failed, err := n.Flush(ctx); err != nil || ok != 1 || failed != 0 {
		t.Fatalf("second Flush = %d, %d, %v; want 1 delivered", ok, failed, err)
	}
	if ok, _, _ := n.Flush(ctx); ok != 0 || calls.Load() != 4 {
		t.Fatalf("third Flush delivered %d (%d calls); want nothing left", ok, calls.Load())
	}

	// A client error is not retried within a flush.
	newAlerts(t, env, 3)
	status.Store(http.StatusUnauthorized)
	before := calls.Load()
	if _, failed, _ := n.Flush(ctx); failed != 1 || calls.Load() != before+1 {
		t.Fatalf("401: %d failed, %d calls; want 1 and 1", failed, calls.Load()-before)
	}
}

func TestNotifier_Unreachable(t *testing.T) {
	ctx := context.Background()
	env := NewEnv(t)
	n, created := newNotifier(t, env, "http://127.0.0.1:1/hook", 1, 2, true)
	if _, failed, err := n.Flush(ctx); err != nil || failed != 1 {
		t.Fatalf("Flush = %d failed, %v", failed, err)
	}
	ds, _ := env.DB.FindDeliveries(ctx, 0, 0)
	if len(ds) != 2 || ds[0].AlertID != created[0].ID || ds[0].Error == "" || ds[0].StatusCode != 0 {
		t.Fatalf("deliveries = %+v", ds)
	}
}

// Finding 7a: a receiver answering 302 made the notifier send a GET
// elsewhere, and the delivery was recorded ok: the alert was lost silently.
func TestWebhookRedirectIsFailedDelivery(t *testing.T) {
	ctx := context.Background()
	env := NewEnv(t)
	var elsewhere atomic.Int32
	other := NewReceiver(t, "k")
	other.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) })
	recv := NewReceiver(t, "k")
	recv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/moved", http.StatusFound)
	})
	n, _ := newNotifier(t, env, recv.URL, 1, 2, true) // both receivers are on loopback
	if ok, failed, err := n.Flush(ctx); err != nil || ok != 0 || failed != 1 {
		t.Fatalf("Flush = %d ok, %d failed, %v; want the redirect to fail the delivery", ok, failed, err)
	}
	if elsewhere.Load() != 0 {
		t.Fatalf("the redirect was followed: %d requests elsewhere", elsewhere.Load())
	}
	ds, _ := env.DB.FindDeliveries(ctx, 0, 0)
	if len(ds) != 1 || ds[0].OK || ds[0].StatusCode != 302 || !strings.Contains(ds[0].Error, "redirect not followed") {
		t.Fatalf("deliveries = %+v, want one failed 302 (a redirect is not retried)", ds)
	}
}

// Finding 7b: webhooks reached internal and metadata addresses. Without
// --allow-private-webhooks they are refused at add time and at delivery
// time (the address connected to is checked, after name resolution).
func TestWebhookPrivateTargets(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{
		"http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/hook", "http://127.0.0.1:8080/hook",
		"http://[::1]/hook", "http://localhost/hook", "http://100.100.100.200/", "http://0.0.0.0/",
		"http://[fd00:ec2::254]/", "http://192.168.1.1/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
	} {
		err := monitor.CheckWebhookURL(ctx, u, false)
		if embargo.ErrorCode(err) != embargo.EINVALID || !strings.Contains(err.Error(), "--allow-private-webhooks") {
			t.Errorf("CheckWebhookURL(%s) = %v, want EINVALID naming --allow-private-webhooks", u, err)
		}
		if err := monitor.CheckWebhookURL(ctx, u, true); err != nil {
			t.Errorf("CheckWebhookURL(%s, allowed) = %v", u, err)
		}
	}
	for _, u := range []string{"ftp://example.org/x", "file:///etc/passwd", "http:///x", "javascript:alert(1)"} {
		if err := monitor.CheckWebhookURL(ctx, u, true); embargo.ErrorCode(err) != embargo.EINVALID {
			t.Errorf("CheckWebhookURL(%s) = %v, want EINVALID", u, err)
		}
	}
	if err := monitor.CheckWebhookURL(ctx, "https://user:pw@93.184.215.14/hook", false); err != nil {
		t.Errorf("a public address: %v", err)
	}
	if got := monitor.RedactURL("https://user:hunter2@hooks.example.org/x?y=1"); strings.Contains(got, "hunter2") {
		t.Errorf("RedactURL kept the password: %s", got)
	}

	// Delivery: the receiver is on loopback, so a notifier that does not
	// allow private addresses never connects to it.
	env := NewEnv(t)
	var calls atomic.Int32
	recv := NewReceiver(t, "k")
	recv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) })
	n, _ := newNotifier(t, env, recv.URL, 1, 1, false)
	if ok, failed, err := n.Flush(ctx); err != nil || ok != 0 || failed != 1 || calls.Load() != 0 {
		t.Fatalf("Flush = %d ok, %d failed, %v, %d calls; want the delivery refused", ok, failed, err, calls.Load())
	}
	ds, _ := env.DB.FindDeliveries(ctx, 0, 0)
	if len(ds) != 1 || !strings.Contains(ds[0].Error, "private") {
		t.Fatalf("deliveries = %+v", ds)
	}
}
