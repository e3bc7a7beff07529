package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/embargo-dev/embargo"
)

// Alerts, the decisions on them and the monitoring runs that raise them.

var _ embargo.AlertService = (*Store)(nil)

const alertCols = `id, list, customer_id, customer_name, customer_hash, entity_id, entity_hash, score, match, snapshot_id, cause, status, created_at, updated_at`

func scanAlert(sc scanner, extra ...any) (*embargo.Alert, error) {
	var a embargo.Alert
	var match, status string
	dest := []any{&a.ID, &a.Customer.List, &a.Customer.ID, &a.Customer.Name, &a.CustomerHash, &a.EntityID, &a.EntityHash,
		&a.Score, &match, &a.SnapshotID, &a.Cause, &status, storedTime{&a.CreatedAt}, storedTime{&a.UpdatedAt}}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	a.Status = embargo.AlertStatus(status)
	if err := json.Unmarshal([]byte(match), &a.Match); err != nil {
		return nil, fmt.Errorf("alert %d: match: %w", a.ID, err)
	}
	return &a, nil
}

// CreateAlerts stores new alerts. See embargo.AlertService.
func (s *Store) CreateAlerts(ctx context.Context, alerts []*embargo.Alert, run *embargo.MonitorRun) ([]*embargo.Alert, error) {
	matches := make([]string, len(alerts))
	for i, a := range alerts {
		if a.Customer.List == "" || a.Customer.ID == "" || a.EntityID == "" || a.SnapshotID == "" {
			return nil, embargo.Errorf(embargo.EINVALID, "alert %d: customer, entity and snapshot required", i+1)
		}
		b, err := json.Marshal(&a.Match)
		if err != nil {
			return nil, err
		}
		matches[i] = string(b)
	}
	tx, err := s.beginSerial(ctx, "embargo:alerts")
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	active, err := tx.PrepareContext(ctx, s.q(`SELECT COUNT(*) FROM alerts WHERE list = ? AND customer_id = ? AND entity_id = ? AND status IN ('open', 'needs_review')`))
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer active.Close()
	decided, err := tx.PrepareContext(ctx, s.q(`SELECT status, customer_hash, entity_hash FROM decisions WHERE list = ? AND customer_id = ? AND entity_id = ? ORDER BY id DESC LIMIT 1`))
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer decided.Close()
	ins, err := tx.PrepareContext(ctx, s.q(`INSERT INTO alerts (list, customer_id, customer_name, customer_hash, entity_id, entity_hash, score, match, snapshot_id, cause, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`))
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer ins.Close()

	now := s.now()
	nowText := formatFixed(now)
	type pair struct{ list, id, entity string }
	seen := map[pair]bool{}
	created := []*embargo.Alert{}
	ids := []int64{}
	suppressed := 0
	for i, a := range alerts {
		p := pair{a.Customer.List, a.Customer.ID, a.EntityID}
		if seen[p] {
			suppressed++
			continue
		}
		seen[p] = true
		var n int
		if err := active.QueryRowContext(ctx, p.list, p.id, p.entity).Scan(&n); err != nil {
			return nil, s.Dialect.FormatError(err)
		} else if n > 0 {
			suppressed++
			continue
		}
		var status, customerHash, entityHash string
		err := decided.QueryRowContext(ctx, p.list, p.id, p.entity).Scan(&status, &customerHash, &entityHash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, s.Dialect.FormatError(err)
		}
		if err == nil && !embargo.AlertStatus(status).Active() && customerHash == a.CustomerHash && entityHash == a.EntityHash {
			suppressed++
			continue
		}
		var id int64
		if err := ins.QueryRowContext(ctx, a.Customer.List, a.Customer.ID, a.Customer.Name, a.CustomerHash, a.EntityID, a.EntityHash,
			a.Score, matches[i], a.SnapshotID, a.Cause, string(embargo.AlertOpen), nowText, nowText).Scan(&id); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
		created = append(created, a)
		ids = append(ids, id)
	}
	if run != nil {
		run.Alerts, run.Suppressed = len(created), suppressed
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO monitor_runs (source, from_snapshot, to_snapshot, to_seq, watch_rev, entities, customers, candidates, matches, alerts, suppressed, threshold, started_at, finished_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			run.Source, run.FromSnapshot, run.ToSnapshot, run.ToSeq, run.WatchRev, run.Entities, run.Customers, run.Candidates,
			run.Matches, run.Alerts, run.Suppressed, run.Threshold, formatFixed(run.StartedAt), formatFixed(run.FinishedAt)).Scan(&run.ID); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	for i, a := range created {
		a.ID, a.Status, a.CreatedAt, a.UpdatedAt = ids[i], embargo.AlertOpen, now, now
	}
	return created, nil
}

// FindAlertByID returns an alert. See embargo.AlertService.
func (s *Store) FindAlertByID(ctx context.Context, id int64) (*embargo.Alert, error) {
	return s.findAlert(ctx, s.DB, id)
}

func (s *Store) findAlert(ctx context.Context, q querier, id int64) (*embargo.Alert, error) {
	a, err := scanAlert(q.QueryRowContext(ctx, s.q(`SELECT `+alertCols+` FROM alerts WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "alert %d not found", id)
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	return a, nil
}

// FindAlerts returns alerts, newest first. See embargo.AlertService.
func (s *Store) FindAlerts(ctx context.Context, filter embargo.AlertFilter) ([]*embargo.Alert, int, error) {
	var w where
	if filter.Status != nil {
		w.and("status = ?", string(*filter.Status))
	}
	if filter.List != nil {
		w.and("list = ?", *filter.List)
	}
	if filter.CustomerID != nil {
		w.and("customer_id = ?", *filter.CustomerID)
	}
	if filter.EntityID != nil {
		w.and("entity_id = ?", *filter.EntityID)
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM alerts`+w.String()), w.args...).Scan(&n); err != nil {
		return nil, 0, s.Dialect.FormatError(err)
	}
	scan := func(sc scanner) (*embargo.Alert, error) { return scanAlert(sc) }
	out, err := queryAll(ctx, s, s.DB, scan, `SELECT `+alertCols+` FROM alerts`+w.String()+` ORDER BY id DESC`+s.limitOffset(filter.Limit, filter.Offset), w.args...)
	return out, n, err
}

// DecideAlert records a decision on an alert. See embargo.AlertService.
func (s *Store) DecideAlert(ctx context.Context, d *embargo.Decision) (*embargo.Alert, error) {
	switch d.Status {
	case embargo.AlertTrueMatch, embargo.AlertFalsePositive, embargo.AlertNeedsReview:
	default:
		return nil, embargo.Errorf(embargo.EINVALID, "decision status %q: want true_match, false_positive or needs_review", d.Status)
	}
	d.Note, d.By = strings.TrimSpace(d.Note), strings.TrimSpace(d.By)
	if d.Note == "" {
		return nil, embargo.Errorf(embargo.EINVALID, "a decision needs a note saying why")
	} else if d.By == "" {
		return nil, embargo.Errorf(embargo.EINVALID, "a decision needs the name of who made it")
	}
	tx, err := s.beginSerial(ctx, "embargo:alerts")
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	a, err := s.findAlert(ctx, tx, d.AlertID)
	if err != nil {
		return nil, err
	}
	if d.Status.Active() && !a.Status.Active() {
		var other int64
		err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM alerts WHERE list = ? AND customer_id = ? AND entity_id = ? AND status IN ('open', 'needs_review')`),
			a.Customer.List, a.Customer.ID, a.EntityID).Scan(&other)
		if err == nil {
			return nil, embargo.Errorf(embargo.ECONFLICT, "alert %d cannot be reopened: alert %d is open for the same customer and entity", a.ID, other)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, s.Dialect.FormatError(err)
		}
	}
	now := s.now()
	d.Customer, d.CustomerHash, d.EntityID, d.EntityHash, d.CreatedAt = a.Customer, a.CustomerHash, a.EntityID, a.EntityHash, now
	if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO decisions (alert_id, list, customer_id, customer_name, customer_hash, entity_id, entity_hash, status, note, decided_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		a.ID, a.Customer.List, a.Customer.ID, a.Customer.Name, a.CustomerHash, a.EntityID, a.EntityHash, string(d.Status), d.Note, d.By, formatFixed(now)).Scan(&d.ID); err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?`), string(d.Status), formatFixed(now), a.ID); err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	if err := tx.Commit(); err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	a.Status, a.UpdatedAt = d.Status, now
	return a, nil
}

// FindDecisions returns decisions. See embargo.AlertService.
func (s *Store) FindDecisions(ctx context.Context, alertID int64, list, customerID string) ([]*embargo.Decision, error) {
	query := `SELECT id, alert_id, list, customer_id, customer_name, customer_hash, entity_id, entity_hash, status, note, decided_by, created_at FROM decisions`
	var args []any
	if alertID != 0 {
		query += ` WHERE alert_id = ?`
		args = append(args, alertID)
	} else {
		query += ` WHERE list = ? AND customer_id = ?`
		args = append(args, list, customerID)
	}
	return queryAll(ctx, s, s.DB, scanDecision, query+` ORDER BY id`, args...)
}

func scanDecision(sc scanner) (*embargo.Decision, error) {
	var d embargo.Decision
	var status string
	if err := sc.Scan(&d.ID, &d.AlertID, &d.Customer.List, &d.Customer.ID, &d.Customer.Name, &d.CustomerHash, &d.EntityID, &d.EntityHash,
		&status, &d.Note, &d.By, storedTime{&d.CreatedAt}); err != nil {
		return nil, err
	}
	d.Status = embargo.AlertStatus(status)
	return &d, nil
}

const runCols = `id, source, from_snapshot, to_snapshot, to_seq, watch_rev, entities, customers, candidates, matches, alerts, suppressed, threshold, started_at, finished_at`

func scanRun(sc scanner) (*embargo.MonitorRun, error) {
	var r embargo.MonitorRun
	if err := sc.Scan(&r.ID, &r.Source, &r.FromSnapshot, &r.ToSnapshot, &r.ToSeq, &r.WatchRev, &r.Entities, &r.Customers, &r.Candidates,
		&r.Matches, &r.Alerts, &r.Suppressed, &r.Threshold, storedTime{&r.StartedAt}, storedTime{&r.FinishedAt}); err != nil {
		return nil, err
	}
	return &r, nil
}

// LastMonitorRun returns a source's latest run. See embargo.AlertService.
func (s *Store) LastMonitorRun(ctx context.Context, source string) (*embargo.MonitorRun, error) {
	r, err := scanRun(s.DB.QueryRowContext(ctx, s.q(`SELECT `+runCols+` FROM monitor_runs WHERE source = ? ORDER BY to_seq DESC, id DESC LIMIT 1`), source))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "source %s has not been monitored", source)
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	return r, nil
}

// FindMonitorRuns returns runs. See embargo.AlertService.
func (s *Store) FindMonitorRuns(ctx context.Context, filter embargo.MonitorRunFilter) ([]*embargo.MonitorRun, error) {
	var w where
	if filter.Source != nil {
		w.and("source = ?", *filter.Source)
	}
	if filter.Since != nil {
		w.and("finished_at >= ?", formatFixed(*filter.Since))
	}
	return queryAll(ctx, s, s.DB, scanRun, `SELECT `+runCols+` FROM monitor_runs`+w.String()+` ORDER BY id`, w.args...)
}
