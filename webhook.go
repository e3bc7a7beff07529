package embargo

import (
	"context"
	"time"
)

// Webhook is an endpoint that alerts are posted to, signed with its secret.
type Webhook struct {
	ID  int64  `json:"id"`
	URL string `json:"url"`
	// Secret is the shared HMAC-SHA256 key; it is never shown again.
	Secret    string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// WebhookDelivery is one attempt to post an alert to a webhook.
type WebhookDelivery struct {
	ID        int64 `json:"id"`
	WebhookID int64 `json:"webhook_id"`
	AlertID   int64 `json:"alert_id"`
	Attempt   int   `json:"attempt"` // 1-based
	// OK is set when the endpoint answered with a 2xx status.
	OK         bool      `json:"ok"`
	StatusCode int       `json:"status_code,omitempty"`
	Error      string    `json:"error,omitempty"`
	Duration   float64   `json:"duration_ms"`
	CreatedAt  time.Time `json:"created_at"`
}

// WebhookService keeps webhooks and their deliveries.
type WebhookService interface {
	// CreateWebhook adds a webhook, setting its ID and CreatedAt. Returns
	// EINVALID for a URL that is not http(s) or an empty secret.
	CreateWebhook(ctx context.Context, w *Webhook) error

	// FindWebhooks returns the webhooks not deleted, by id.
	FindWebhooks(ctx context.Context) ([]*Webhook, error)

	// DeleteWebhook deletes a webhook; its deliveries stay. Returns
	// ENOTFOUND if there is no such webhook.
	DeleteWebhook(ctx context.Context, id int64) error

	// RecordDelivery stores one delivery attempt, setting its ID.
	RecordDelivery(ctx context.Context, d *WebhookDelivery) error

	// FindDeliveries returns the attempts to deliver to a webhook (every
	// webhook when webhookID is 0), oldest first, at most limit (0: all).
	FindDeliveries(ctx context.Context, webhookID int64, limit int) ([]*WebhookDelivery, error)

	// UndeliveredAlerts returns the alerts a webhook has not received yet
	// (no successful attempt) and has tried fewer than maxAttempts times,
	// among those created since the webhook was, oldest first, at most
	// limit (0: all).
	UndeliveredAlerts(ctx context.Context, webhookID int64, maxAttempts, limit int) ([]*PendingDelivery, error)
}

// PendingDelivery is an alert a webhook has not received yet.
type PendingDelivery struct {
	Alert *Alert
	// Attempts is how many times delivery failed so far.
	Attempts int
}
