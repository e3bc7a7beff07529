package monitor_test

import (
	"context"
	"net/http"
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
	if err := env.DB.CreateWebhook(ctx, &embargo.Webhook{URL: recv.URL, Secret: "k"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Millisecond)
	newAlerts(t, env, 2)
	n := monitor.NewNotifier(env.DB)
	n.Backoff, n.MaxAttempts, n.Logger = time.Millisecond, 3, quiet

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
	if err := env.DB.CreateWebhook(ctx, &embargo.Webhook{URL: "http://127.0.0.1:1/hook", Secret: "k"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Millisecond)
	created := newAlerts(t, env, 1)
	n := monitor.NewNotifier(env.DB)
	n.Backoff, n.MaxAttempts, n.Logger = time.Millisecond, 2, quiet
	if _, failed, err := n.Flush(ctx); err != nil || failed != 1 {
		t.Fatalf("Flush = %d failed, %v", failed, err)
	}
	ds, _ := env.DB.FindDeliveries(ctx, 0, 0)
	if len(ds) != 2 || ds[0].AlertID != created[0].ID || ds[0].Error == "" || ds[0].StatusCode != 0 {
		t.Fatalf("deliveries = %+v", ds)
	}
}
