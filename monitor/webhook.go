package monitor

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/clock"
)

// Webhook delivery headers.
const (
	// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the
	// body, keyed with the webhook's secret.
	SignatureHeader = "X-Embargo-Signature"
	// EventHeader names the event ("alert.created").
	EventHeader = "X-Embargo-Event"
	// DeliveryHeader identifies the delivery (webhook and alert ids): the
	// same across retries, so that receivers can drop repeats.
	DeliveryHeader = "X-Embargo-Delivery"
)

// EventAlertCreated is the event of a new alert.
const EventAlertCreated = "alert.created"

// Delivery defaults.
const (
	DefaultMaxAttempts = 5
	DefaultBackoff     = time.Second
	DefaultMaxBackoff  = time.Minute
	DefaultTimeout     = 10 * time.Second
)

// Payload is the JSON body posted to webhooks.
type Payload struct {
	Event    string         `json:"event"`
	Delivery string         `json:"delivery"`
	Alert    *embargo.Alert `json:"alert"`
}

// Sign returns the signature header value of body: "sha256=" and the hex
// HMAC-SHA256 of body keyed with secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// VerifySignature reports whether header is body's signature with secret,
// comparing in constant time. Receivers use it.
func VerifySignature(secret string, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(strings.TrimSpace(header)))
}

// Notifier posts alerts to the webhooks. Each alert is posted on its own;
// a failed attempt is retried after Backoff, doubling up to MaxBackoff,
// until MaxAttempts attempts in all (counting those of earlier flushes).
// Every attempt is recorded.
type Notifier struct {
	Webhooks embargo.WebhookService
	// Client posts the deliveries; NewNotifier's follows no redirects and
	// connects to no private address unless AllowPrivate.
	Client *http.Client
	// MaxAttempts bounds the attempts per alert and webhook.
	MaxAttempts int
	Backoff     time.Duration
	MaxBackoff  time.Duration
	Logger      *slog.Logger
}

// NewNotifier returns a notifier with the default settings. allowPrivate
// lets deliveries reach private, loopback and link-local addresses
// (--allow-private-webhooks).
func NewNotifier(webhooks embargo.WebhookService, allowPrivate bool) *Notifier {
	return &Notifier{
		Webhooks:    webhooks,
		Client:      webhookClient(allowPrivate),
		MaxAttempts: DefaultMaxAttempts,
		Backoff:     DefaultBackoff,
		MaxBackoff:  DefaultMaxBackoff,
		Logger:      slog.Default(),
	}
}

// Flush posts every alert each webhook has not received yet, webhooks in
// parallel, and returns how many were delivered and how many failed for
// good in this flush. An alert whose attempts run out stops its webhook's
// flush: the endpoint is failing, and the rest wait for the next flush.
// The error is a store error; delivery failures are only recorded.
func (n *Notifier) Flush(ctx context.Context) (delivered, failed int, err error) {
	hooks, err := n.Webhooks.FindWebhooks(ctx)
	if err != nil {
		return 0, 0, err
	}
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for _, w := range hooks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, bad, err := n.flushOne(ctx, w)
			mu.Lock()
			delivered += ok
			failed += bad
			if err != nil {
				errs = append(errs, fmt.Errorf("webhook %d: %w", w.ID, err))
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return delivered, failed, errs[0]
	}
	return delivered, failed, nil
}

func (n *Notifier) maxAttempts() int {
	if n.MaxAttempts > 0 {
		return n.MaxAttempts
	}
	return DefaultMaxAttempts
}

func (n *Notifier) flushOne(ctx context.Context, w *embargo.Webhook) (delivered, failed int, err error) {
	pending, err := n.Webhooks.UndeliveredAlerts(ctx, w.ID, n.maxAttempts(), 0)
	if err != nil {
		return 0, 0, err
	}
	for _, p := range pending {
		ok, err := n.deliver(ctx, w, p)
		if err != nil {
			return delivered, failed, err
		}
		if !ok {
			return delivered, failed + 1, nil
		}
		delivered++
	}
	return delivered, failed, nil
}

// deliver posts one alert, retrying, and reports whether it got through.
func (n *Notifier) deliver(ctx context.Context, w *embargo.Webhook, p *embargo.PendingDelivery) (bool, error) {
	id := strconv.FormatInt(w.ID, 10) + "-" + strconv.FormatInt(p.Alert.ID, 10)
	body, err := json.Marshal(&Payload{Event: EventAlertCreated, Delivery: id, Alert: p.Alert})
	if err != nil {
		return false, err
	}
	wait := n.Backoff
	if wait <= 0 {
		wait = DefaultBackoff
	}
	maxWait := n.MaxBackoff
	if maxWait <= 0 {
		maxWait = DefaultMaxBackoff
	}
	for attempt := p.Attempts + 1; attempt <= n.maxAttempts(); attempt++ {
		if attempt > p.Attempts+1 {
			if err := clock.Sleep(ctx, wait); err != nil {
				return false, err
			}
			wait = min(2*wait, maxWait)
		}
		d := n.post(ctx, w, id, body)
		d.WebhookID, d.AlertID, d.Attempt = w.ID, p.Alert.ID, attempt
		if err := n.Webhooks.RecordDelivery(context.WithoutCancel(ctx), d); err != nil {
			return false, err
		}
		if d.OK {
			return true, nil
		}
		n.logger().Warn("webhook delivery failed", "webhook", w.ID, "alert", p.Alert.ID, "attempt", attempt, "status", d.StatusCode, "err", d.Error)
		if !retryable(d.StatusCode) {
			return false, nil
		}
	}
	return false, nil
}

// retryable reports whether a failed attempt may succeed later: network
// errors, timeouts, rate limits and server errors may; other client errors
// (a wrong URL, a rejected signature) will not until someone fixes them.
func retryable(status int) bool {
	return status == 0 || status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500
}

func (n *Notifier) post(ctx context.Context, w *embargo.Webhook, id string, body []byte) *embargo.WebhookDelivery {
	d := &embargo.WebhookDelivery{}
	start := time.Now()
	defer func() { d.Duration = float64(time.Since(start).Microseconds()) / 1000 }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		d.Error = err.Error()
		return d
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "embargo-webhook")
	req.Header.Set(EventHeader, EventAlertCreated)
	req.Header.Set(DeliveryHeader, id)
	req.Header.Set(SignatureHeader, Sign(w.Secret, body))
	client := n.Client
	if client == nil {
		client = webhookClient(false)
	}
	resp, err := client.Do(req)
	if err != nil {
		d.Error = err.Error()
		return d
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	d.StatusCode = resp.StatusCode
	d.OK = resp.StatusCode >= 200 && resp.StatusCode < 300
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		// A redirect is a failed delivery, never a silent success.
		d.Error = resp.Status + ": " + errRedirect.Error()
		if loc := resp.Header.Get("Location"); loc != "" {
			d.Error += " (to " + RedactURL(loc) + ")"
		}
	case !d.OK:
		d.Error = resp.Status
	}
	return d
}

func (n *Notifier) logger() *slog.Logger {
	if n.Logger != nil {
		return n.Logger
	}
	return slog.Default()
}
