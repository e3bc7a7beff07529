package sqlstore

import (
	"context"
	"net/url"

	"github.com/embargo-dev/embargo"
)

// Webhooks and their deliveries.

var _ embargo.WebhookService = (*Store)(nil)

// CreateWebhook adds a webhook. See embargo.WebhookService.
func (s *Store) CreateWebhook(ctx context.Context, w *embargo.Webhook) error {
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return embargo.Errorf(embargo.EINVALID, "webhook URL %q: want an http:// or https:// URL", w.URL)
	}
	if w.Secret == "" {
		return embargo.Errorf(embargo.EINVALID, "webhook %s: a secret is required to sign deliveries", w.URL)
	}
	w.CreatedAt = s.now()
	if err := s.DB.QueryRowContext(ctx, s.q(`INSERT INTO webhooks (url, secret, created_at) VALUES (?, ?, ?) RETURNING id`),
		w.URL, w.Secret, formatFixed(w.CreatedAt)).Scan(&w.ID); err != nil {
		return s.Dialect.FormatError(err)
	}
	return nil
}

// FindWebhooks returns the webhooks. See embargo.WebhookService.
func (s *Store) FindWebhooks(ctx context.Context) ([]*embargo.Webhook, error) {
	return queryAll(ctx, s, s.DB, scanWebhook, `SELECT id, url, secret, created_at FROM webhooks WHERE deleted_at IS NULL ORDER BY id`)
}

func scanWebhook(sc scanner) (*embargo.Webhook, error) {
	var w embargo.Webhook
	if err := sc.Scan(&w.ID, &w.URL, &w.Secret, storedTime{&w.CreatedAt}); err != nil {
		return nil, err
	}
	return &w, nil
}

// DeleteWebhook deletes a webhook. See embargo.WebhookService.
func (s *Store) DeleteWebhook(ctx context.Context, id int64) error {
	res, err := s.DB.ExecContext(ctx, s.q(`UPDATE webhooks SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`), formatFixed(s.now()), id)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return embargo.Errorf(embargo.ENOTFOUND, "webhook %d not found", id)
	}
	return nil
}

// RecordDelivery stores a delivery attempt. See embargo.WebhookService.
func (s *Store) RecordDelivery(ctx context.Context, d *embargo.WebhookDelivery) error {
	if d.CreatedAt.IsZero() {
		d.CreatedAt = s.now()
	}
	ok := 0
	if d.OK {
		ok = 1
	}
	if err := s.DB.QueryRowContext(ctx, s.q(`INSERT INTO webhook_deliveries (webhook_id, alert_id, attempt, ok, status_code, error, duration_ms, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		d.WebhookID, d.AlertID, d.Attempt, ok, d.StatusCode, d.Error, d.Duration, formatFixed(d.CreatedAt)).Scan(&d.ID); err != nil {
		return s.Dialect.FormatError(err)
	}
	return nil
}

// FindDeliveries returns delivery attempts. See embargo.WebhookService.
func (s *Store) FindDeliveries(ctx context.Context, webhookID int64, limit int) ([]*embargo.WebhookDelivery, error) {
	query := `SELECT id, webhook_id, alert_id, attempt, ok, status_code, error, duration_ms, created_at FROM webhook_deliveries`
	var args []any
	if webhookID != 0 {
		query += ` WHERE webhook_id = ?`
		args = append(args, webhookID)
	}
	return queryAll(ctx, s, s.DB, scanDelivery, query+` ORDER BY id`+s.limitOffset(limit, 0), args...)
}

func scanDelivery(sc scanner) (*embargo.WebhookDelivery, error) {
	var d embargo.WebhookDelivery
	var ok int
	if err := sc.Scan(&d.ID, &d.WebhookID, &d.AlertID, &d.Attempt, &ok, &d.StatusCode, &d.Error, &d.Duration, storedTime{&d.CreatedAt}); err != nil {
		return nil, err
	}
	d.OK = ok != 0
	return &d, nil
}

// UndeliveredAlerts returns the alerts a webhook still has to receive. See
// embargo.WebhookService.
func (s *Store) UndeliveredAlerts(ctx context.Context, webhookID int64, maxAttempts, limit int) ([]*embargo.PendingDelivery, error) {
	query := `SELECT ` + prefixCols("a.", alertCols) + `, COALESCE(d.attempts, 0)
		FROM alerts a
		JOIN webhooks w ON w.id = ?
		LEFT JOIN (SELECT alert_id, COUNT(*) AS attempts, MAX(ok) AS ok FROM webhook_deliveries WHERE webhook_id = ? GROUP BY alert_id) d ON d.alert_id = a.id
		WHERE a.created_at >= w.created_at AND COALESCE(d.ok, 0) = 0 AND COALESCE(d.attempts, 0) < ?
		ORDER BY a.id` + s.limitOffset(limit, 0)
	return queryAll(ctx, s, s.DB, func(sc scanner) (*embargo.PendingDelivery, error) {
		var p embargo.PendingDelivery
		a, err := scanAlert(sc, &p.Attempts)
		p.Alert = a
		return &p, err
	}, query, webhookID, webhookID, maxAttempts)
}
