package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

var (
	_ embargo.WatchlistService = (*Store)(nil)
	_ embargo.AlertService     = (*Store)(nil)
	_ embargo.AuditService     = (*Store)(nil)
	_ embargo.WebhookService   = (*Store)(nil)
)

// fixedTime is the layout of the monitoring tables' times: fixed width, so
// that string order is time order and range filters work in SQL.
const fixedTime = "2006-01-02T15:04:05.000000000Z"

func formatFixed(t time.Time) string { return t.UTC().Format(fixedTime) }

func parseFixed(s string) (time.Time, error) { return time.Parse(fixedTime, s) }

// beginSerial starts a transaction that runs alone among those with the
// same key (see Dialect.Lock).
func (s *Store) beginSerial(ctx context.Context, key string) (*sql.Tx, error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	if err := s.lock(ctx, tx, key); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// lock makes tx the one transaction holding key until it ends.
func (s *Store) lock(ctx context.Context, tx *sql.Tx, key string) error {
	if s.Dialect.Lock == nil {
		return nil
	}
	if err := s.Dialect.Lock(ctx, tx, key); err != nil {
		return s.Dialect.FormatError(err)
	}
	return nil
}

// importKey is the lock key of imports (and retractions) of a source.
func importKey(source string) string { return "import:" + source }

// limitOffset returns the LIMIT/OFFSET clause of a page; limit 0 is no limit.
func (s *Store) limitOffset(limit, offset int) string {
	var b strings.Builder
	if limit > 0 {
		b.WriteString(" LIMIT " + strconv.Itoa(limit))
	} else if offset > 0 {
		b.WriteString(" " + s.Dialect.NoLimit)
	}
	if offset > 0 {
		b.WriteString(" OFFSET " + strconv.Itoa(offset))
	}
	return b.String()
}

type scanner interface{ Scan(...any) error }

// where joins conditions into a WHERE clause.
func where(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// ---- Watchlists ----

// customerData is what a customer is screened as, stored as JSON.
type customerData struct {
	Name        string               `json:"name"`
	Schema      embargo.Schema       `json:"type,omitempty"`
	BirthDate   string               `json:"dob,omitempty"`
	Country     string               `json:"country,omitempty"`
	Identifiers []embargo.Identifier `json:"identifiers,omitempty"`
}

func marshalCustomer(c *embargo.Customer) (string, error) {
	b, err := json.Marshal(customerData{c.Name, c.Schema, c.BirthDate, c.Country, c.Identifiers})
	return string(b), err
}

func unmarshalCustomer(data string, c *embargo.Customer) error {
	var d customerData
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		return fmt.Errorf("customer %s/%s: %w", c.List, c.ID, err)
	}
	c.Name, c.Schema, c.BirthDate, c.Country, c.Identifiers = d.Name, d.Schema, d.BirthDate, d.Country, d.Identifiers
	return nil
}

const customerCols = `list, customer_id, data, rev, created_at, updated_at, removed_at`

func scanCustomer(sc scanner) (*embargo.Customer, error) {
	var c embargo.Customer
	var data, created, updated string
	var removed sql.NullString
	if err := sc.Scan(&c.List, &c.ID, &data, &c.Rev, &created, &updated, &removed); err != nil {
		return nil, err
	}
	if err := unmarshalCustomer(data, &c); err != nil {
		return nil, err
	}
	var err error
	if c.CreatedAt, err = parseFixed(created); err != nil {
		return nil, fmt.Errorf("customer %s/%s: %w", c.List, c.ID, err)
	}
	if c.UpdatedAt, err = parseFixed(updated); err != nil {
		return nil, fmt.Errorf("customer %s/%s: %w", c.List, c.ID, err)
	}
	if removed.Valid {
		t, err := parseFixed(removed.String)
		if err != nil {
			return nil, fmt.Errorf("customer %s/%s: %w", c.List, c.ID, err)
		}
		c.RemovedAt = &t
	}
	return &c, nil
}

// existingCustomer is what SaveCustomers needs to know of a stored customer.
type existingCustomer struct {
	hash    string
	created string
	removed bool
}

// bulkSave is the size from which SaveCustomers reads the affected lists
// whole instead of one customer at a time.
const bulkSave = 2000

// SaveCustomers adds or updates customers. See embargo.WatchlistService.
func (s *Store) SaveCustomers(ctx context.Context, customers []*embargo.Customer) (*embargo.SaveResult, error) {
	type key struct{ list, id string }
	hashes := make([]string, len(customers))
	datas := make([]string, len(customers))
	seen := make(map[key]bool, len(customers))
	lists := map[string]bool{}
	for i, c := range customers {
		c.Normalize()
		if err := c.Validate(); err != nil {
			return nil, err
		}
		k := key{c.List, c.ID}
		if seen[k] {
			return nil, embargo.Errorf(embargo.EINVALID, "customer %q appears twice in list %q", c.ID, c.List)
		}
		seen[k] = true
		lists[c.List] = true
		hashes[i] = c.Hash()
		data, err := marshalCustomer(c)
		if err != nil {
			return nil, err
		}
		datas[i] = data
	}

	tx, err := s.beginSerial(ctx, "embargo:watchlists")
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rev, err := s.watchRev(ctx, tx)
	if err != nil {
		return nil, err
	}

	// What is stored already: for a big upload, every customer of the
	// lists concerned in one query; else one lookup per customer.
	var lookup func(c *embargo.Customer) (*existingCustomer, error)
	if len(customers) >= bulkSave {
		existing := map[key]*existingCustomer{}
		for list := range lists {
			rows, err := tx.QueryContext(ctx, s.q(`SELECT customer_id, hash, created_at, removed_at IS NOT NULL FROM customers WHERE list = ?`), list)
			if err != nil {
				return nil, s.Dialect.FormatError(err)
			}
			for rows.Next() {
				var id string
				var ex existingCustomer
				if err := rows.Scan(&id, &ex.hash, &ex.created, &ex.removed); err != nil {
					rows.Close()
					return nil, err
				}
				existing[key{list, id}] = &ex
			}
			if err := rows.Close(); err != nil {
				return nil, err
			}
		}
		lookup = func(c *embargo.Customer) (*existingCustomer, error) { return existing[key{c.List, c.ID}], nil }
	} else {
		get, err := tx.PrepareContext(ctx, s.q(`SELECT hash, created_at, removed_at IS NOT NULL FROM customers WHERE list = ? AND customer_id = ?`))
		if err != nil {
			return nil, s.Dialect.FormatError(err)
		}
		defer get.Close()
		lookup = func(c *embargo.Customer) (*existingCustomer, error) {
			var ex existingCustomer
			err := get.QueryRowContext(ctx, c.List, c.ID).Scan(&ex.hash, &ex.created, &ex.removed)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, nil
			} else if err != nil {
				return nil, s.Dialect.FormatError(err)
			}
			return &ex, nil
		}
	}

	ins, err := tx.PrepareContext(ctx, s.q(`INSERT INTO customers (list, customer_id, name, data, hash, rev, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, s.q(`UPDATE customers SET name = ?, data = ?, hash = ?, rev = ?, created_at = ?, updated_at = ?, removed_at = NULL WHERE list = ? AND customer_id = ?`))
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer upd.Close()
	insChange, err := tx.PrepareContext(ctx, s.q(`INSERT INTO customer_changes (rev, list, customer_id, change, data, changed_at) VALUES (?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer insChange.Close()

	now := s.now()
	nowText := formatFixed(now)
	res := &embargo.SaveResult{}
	type done struct {
		c       *embargo.Customer
		rev     int64
		created time.Time
	}
	var changed []done
	for i, c := range customers {
		ex, err := lookup(c)
		if err != nil {
			return nil, err
		}
		if ex != nil && !ex.removed && ex.hash == hashes[i] {
			res.Unchanged++
			continue
		}
		rev++
		change, created := embargo.ChangeAdded, now
		switch {
		case ex == nil:
			_, err = ins.ExecContext(ctx, c.List, c.ID, c.Name, datas[i], hashes[i], rev, nowText, nowText)
			res.Added++
		case ex.removed:
			_, err = upd.ExecContext(ctx, c.Name, datas[i], hashes[i], rev, nowText, nowText, c.List, c.ID)
			res.Added++
		default:
			if created, err = parseFixed(ex.created); err != nil {
				return nil, fmt.Errorf("customer %s/%s: %w", c.List, c.ID, err)
			}
			_, err = upd.ExecContext(ctx, c.Name, datas[i], hashes[i], rev, ex.created, nowText, c.List, c.ID)
			change = embargo.ChangeUpdated
			res.Updated++
		}
		if err != nil {
			return nil, s.Dialect.FormatError(err)
		}
		if _, err := insChange.ExecContext(ctx, rev, c.List, c.ID, change, datas[i], nowText); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
		changed = append(changed, done{c, rev, created})
	}
	if err := tx.Commit(); err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	res.Changed = make([]*embargo.Customer, len(changed))
	for i, d := range changed {
		d.c.Rev, d.c.CreatedAt, d.c.UpdatedAt, d.c.RemovedAt = d.rev, d.created, now, nil
		res.Changed[i] = d.c
	}
	return res, nil
}

func (s *Store) watchRev(ctx context.Context, q querier) (int64, error) {
	var rev int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(rev), 0) FROM customer_changes`).Scan(&rev); err != nil {
		return 0, s.Dialect.FormatError(err)
	}
	return rev, nil
}

// WatchRev returns the latest watchlist revision. See embargo.WatchlistService.
func (s *Store) WatchRev(ctx context.Context) (int64, error) { return s.watchRev(ctx, s.DB) }

// FindCustomer returns a customer. See embargo.WatchlistService.
func (s *Store) FindCustomer(ctx context.Context, list, id string) (*embargo.Customer, error) {
	c, err := scanCustomer(s.DB.QueryRowContext(ctx, s.q(`SELECT `+customerCols+` FROM customers WHERE list = ? AND customer_id = ? AND removed_at IS NULL`), list, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "customer %q not found in list %q", id, list)
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	return c, nil
}

// FindCustomers returns customers. See embargo.WatchlistService.
func (s *Store) FindCustomers(ctx context.Context, filter embargo.CustomerFilter) ([]*embargo.Customer, int, error) {
	conds := []string{"removed_at IS NULL"}
	var args []any
	if filter.List != nil {
		conds = append(conds, "list = ?")
		args = append(args, *filter.List)
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM customers`+where(conds)), args...).Scan(&n); err != nil {
		return nil, 0, s.Dialect.FormatError(err)
	}
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT `+customerCols+` FROM customers`+where(conds)+` ORDER BY list, customer_id`+s.limitOffset(filter.Limit, filter.Offset)), args...)
	if err != nil {
		return nil, 0, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := []*embargo.Customer{}
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, n, rows.Err()
}

// RemoveCustomer removes a customer. See embargo.WatchlistService.
func (s *Store) RemoveCustomer(ctx context.Context, list, id string) error {
	tx, err := s.beginSerial(ctx, "embargo:watchlists")
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var data string
	err = tx.QueryRowContext(ctx, s.q(`SELECT data FROM customers WHERE list = ? AND customer_id = ? AND removed_at IS NULL`), list, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return embargo.Errorf(embargo.ENOTFOUND, "customer %q not found in list %q", id, list)
	} else if err != nil {
		return s.Dialect.FormatError(err)
	}
	rev, err := s.watchRev(ctx, tx)
	if err != nil {
		return err
	}
	rev++
	now := formatFixed(s.now())
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE customers SET rev = ?, updated_at = ?, removed_at = ? WHERE list = ? AND customer_id = ?`), rev, now, now, list, id); err != nil {
		return s.Dialect.FormatError(err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO customer_changes (rev, list, customer_id, change, data, changed_at) VALUES (?, ?, ?, ?, ?, ?)`),
		rev, list, id, embargo.ChangeRemoved, data, now); err != nil {
		return s.Dialect.FormatError(err)
	}
	if err := tx.Commit(); err != nil {
		return s.Dialect.FormatError(err)
	}
	return nil
}

// Watchlists returns every list with customers. See embargo.WatchlistService.
func (s *Store) Watchlists(ctx context.Context) ([]*embargo.Watchlist, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT list, COUNT(*) FROM customers WHERE removed_at IS NULL GROUP BY list ORDER BY list`)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := []*embargo.Watchlist{}
	for rows.Next() {
		var w embargo.Watchlist
		if err := rows.Scan(&w.Name, &w.Customers); err != nil {
			return nil, err
		}
		out = append(out, &w)
	}
	return out, rows.Err()
}

func scanChange(sc scanner) (*embargo.CustomerChange, error) {
	var ch embargo.CustomerChange
	var data, at string
	if err := sc.Scan(&ch.Rev, &ch.Customer.List, &ch.Customer.ID, &ch.Change, &data, &at); err != nil {
		return nil, err
	}
	if err := unmarshalCustomer(data, &ch.Customer); err != nil {
		return nil, err
	}
	var err error
	if ch.ChangedAt, err = parseFixed(at); err != nil {
		return nil, fmt.Errorf("customer change %d: %w", ch.Rev, err)
	}
	ch.Customer.Rev, ch.Customer.UpdatedAt = ch.Rev, ch.ChangedAt
	return &ch, nil
}

const changeCols = `rev, list, customer_id, change, data, changed_at`

// CustomerChanges streams watchlist changes. See embargo.WatchlistService.
// fn must not use the store: the rows are open while it runs.
func (s *Store) CustomerChanges(ctx context.Context, since int64, fn func(*embargo.CustomerChange) error) error {
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT `+changeCols+` FROM customer_changes WHERE rev > ? ORDER BY rev`), since)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer rows.Close()
	for rows.Next() {
		ch, err := scanChange(rows)
		if err != nil {
			return err
		}
		if err := fn(ch); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CustomerHistory returns a customer's changes. See embargo.WatchlistService.
func (s *Store) CustomerHistory(ctx context.Context, list, id string) ([]*embargo.CustomerChange, error) {
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT `+changeCols+` FROM customer_changes WHERE list = ? AND customer_id = ? ORDER BY rev`), list, id)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	var out []*embargo.CustomerChange
	for rows.Next() {
		ch, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "customer %q not found in list %q", id, list)
	}
	return out, nil
}

// ---- Alerts and decisions ----

const alertCols = `id, list, customer_id, customer_name, customer_hash, entity_id, entity_hash, score, match, snapshot_id, cause, status, created_at, updated_at`

func scanAlert(sc scanner, extra ...any) (*embargo.Alert, error) {
	var a embargo.Alert
	var match, status, created, updated string
	dest := []any{&a.ID, &a.Customer.List, &a.Customer.ID, &a.Customer.Name, &a.CustomerHash, &a.EntityID, &a.EntityHash,
		&a.Score, &match, &a.SnapshotID, &a.Cause, &status, &created, &updated}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	a.Status = embargo.AlertStatus(status)
	if err := json.Unmarshal([]byte(match), &a.Match); err != nil {
		return nil, fmt.Errorf("alert %d: match: %w", a.ID, err)
	}
	var err error
	if a.CreatedAt, err = parseFixed(created); err != nil {
		return nil, fmt.Errorf("alert %d: %w", a.ID, err)
	}
	if a.UpdatedAt, err = parseFixed(updated); err != nil {
		return nil, fmt.Errorf("alert %d: %w", a.ID, err)
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
	var conds []string
	var args []any
	if filter.Status != nil {
		conds = append(conds, "status = ?")
		args = append(args, string(*filter.Status))
	}
	if filter.List != nil {
		conds = append(conds, "list = ?")
		args = append(args, *filter.List)
	}
	if filter.CustomerID != nil {
		conds = append(conds, "customer_id = ?")
		args = append(args, *filter.CustomerID)
	}
	if filter.EntityID != nil {
		conds = append(conds, "entity_id = ?")
		args = append(args, *filter.EntityID)
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM alerts`+where(conds)), args...).Scan(&n); err != nil {
		return nil, 0, s.Dialect.FormatError(err)
	}
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT `+alertCols+` FROM alerts`+where(conds)+` ORDER BY id DESC`+s.limitOffset(filter.Limit, filter.Offset)), args...)
	if err != nil {
		return nil, 0, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := []*embargo.Alert{}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, n, rows.Err()
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
	rows, err := s.DB.QueryContext(ctx, s.q(query+` ORDER BY id`), args...)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := []*embargo.Decision{}
	for rows.Next() {
		var d embargo.Decision
		var status, created string
		if err := rows.Scan(&d.ID, &d.AlertID, &d.Customer.List, &d.Customer.ID, &d.Customer.Name, &d.CustomerHash, &d.EntityID, &d.EntityHash,
			&status, &d.Note, &d.By, &created); err != nil {
			return nil, err
		}
		d.Status = embargo.AlertStatus(status)
		if d.CreatedAt, err = parseFixed(created); err != nil {
			return nil, fmt.Errorf("decision %d: %w", d.ID, err)
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}

const runCols = `id, source, from_snapshot, to_snapshot, to_seq, watch_rev, entities, customers, candidates, matches, alerts, suppressed, threshold, started_at, finished_at`

func scanRun(sc scanner) (*embargo.MonitorRun, error) {
	var r embargo.MonitorRun
	var started, finished string
	if err := sc.Scan(&r.ID, &r.Source, &r.FromSnapshot, &r.ToSnapshot, &r.ToSeq, &r.WatchRev, &r.Entities, &r.Customers, &r.Candidates,
		&r.Matches, &r.Alerts, &r.Suppressed, &r.Threshold, &started, &finished); err != nil {
		return nil, err
	}
	var err error
	if r.StartedAt, err = parseFixed(started); err != nil {
		return nil, fmt.Errorf("monitor run %d: %w", r.ID, err)
	}
	if r.FinishedAt, err = parseFixed(finished); err != nil {
		return nil, fmt.Errorf("monitor run %d: %w", r.ID, err)
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
	var conds []string
	var args []any
	if filter.Source != nil {
		conds = append(conds, "source = ?")
		args = append(args, *filter.Source)
	}
	if filter.Since != nil {
		conds = append(conds, "finished_at >= ?")
		args = append(args, formatFixed(*filter.Since))
	}
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT `+runCols+` FROM monitor_runs`+where(conds)+` ORDER BY id`), args...)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := []*embargo.MonitorRun{}
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ---- Audit log ----

// auditChunk is how many records one INSERT statement carries: 10
// parameters each stays far below both databases' limits.
const auditChunk = 100

// HoldAudit runs fn while no audit record is being written, and holds the
// next ones back until it returns: a task that needs a moment without
// writers (a checkpoint) gets one even while records keep coming.
func (s *Store) HoldAudit(fn func()) {
	s.auditMu.Lock()
	defer s.auditMu.Unlock()
	fn()
}

// Record appends records to the audit log. See embargo.Auditor.
func (s *Store) Record(ctx context.Context, recs ...*embargo.AuditRecord) error {
	return s.record(ctx, "", 0, recs)
}

// RecordJournaled appends records moved from a journal. See
// embargo.AuditJournalStore.
func (s *Store) RecordJournaled(ctx context.Context, journal string, seq int64, recs ...*embargo.AuditRecord) error {
	if journal == "" {
		return embargo.Errorf(embargo.EINVALID, "audit journal: no name")
	}
	return s.record(ctx, journal, seq, recs)
}

// JournalPosition returns a journal's position. See
// embargo.AuditJournalStore.
func (s *Store) JournalPosition(ctx context.Context, journal string) (int64, error) {
	var seq int64
	err := s.DB.QueryRowContext(ctx, s.q(`SELECT seq FROM audit_journals WHERE name = ?`), journal).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, s.Dialect.FormatError(err)
	}
	return seq, nil
}

// record appends records and, with a journal, sets its position to seq.
func (s *Store) record(ctx context.Context, journal string, seq int64, recs []*embargo.AuditRecord) (err error) {
	if len(recs) == 0 && journal == "" {
		return nil
	}
	// The statements are prepared once (a busy server records many small
	// groups, and parsing would cost more than writing), before the
	// connection is taken. The head row holds the chain's end; on
	// PostgreSQL, locking it serialises writers (SQLite's BEGIN IMMEDIATE
	// already has).
	head := auditHead + s.Dialect.ForUpdate
	var headSt, updateSt, insertOne, insertChunk, journalSt *sql.Stmt
	if headSt, err = s.prepare(ctx, head); err == nil {
		if updateSt, err = s.prepare(ctx, auditUpdateHead); err == nil {
			if insertOne, err = s.prepare(ctx, auditInsertOne); err == nil && len(recs) >= auditChunk {
				insertChunk, err = s.prepare(ctx, auditInsertChunk)
			}
		}
	}
	if err == nil && journal != "" {
		journalSt, err = s.prepare(ctx, auditJournalPosition)
	}
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	s.auditMu.Lock()
	defer s.auditMu.Unlock()
	if s.auditConn == nil {
		if s.auditConn, err = s.DB.Conn(ctx); err != nil {
			return s.Dialect.FormatError(err)
		}
	}
	defer func() {
		// After a failure the connection may be broken: the next record
		// takes a fresh one.
		if err != nil || !s.KeepAuditConn {
			s.auditConn.Close()
			s.auditConn = nil
		}
	}()
	// Marshal outside the transaction; it is the costly part.
	now := s.now()
	contents := make([][]byte, len(recs))
	for i, r := range recs {
		if r.Time.IsZero() {
			r.Time = now
		}
		r.Time = r.Time.UTC()
		b, err := embargo.AuditContent(r)
		if err != nil {
			return fmt.Errorf("audit record: %w", err)
		}
		contents[i] = b
	}
	tx, err := s.auditConn.BeginTx(ctx, nil)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer tx.Rollback()
	var lastID int64
	var lastHash string
	if err := tx.StmtContext(ctx, headSt).QueryRowContext(ctx).Scan(&lastID, &lastHash); err != nil {
		return s.Dialect.FormatError(err)
	}
	ids := make([]int64, len(recs))
	prevs := make([]string, len(recs))
	hashes := make([]string, len(recs))
	// Full chunks go auditChunk rows per statement, the rest one by one.
	args := make([]any, 0, 10*auditChunk)
	for start := 0; start < len(recs); {
		n, insert := auditChunk, insertChunk
		if len(recs)-start < auditChunk {
			n, insert = 1, insertOne
		}
		args = args[:0]
		for i := start; i < start+n; i++ {
			r := recs[i]
			lastID++
			ids[i], prevs[i] = lastID, lastHash
			lastHash = embargo.AuditHash(lastHash, lastID, contents[i])
			hashes[i] = lastHash
			var list, customer string
			if r.Customer != nil {
				list, customer = r.Customer.List, r.Customer.ID
			}
			args = append(args, ids[i], formatFixed(r.Time), r.Kind, r.Caller, r.BatchID, list, customer, string(contents[i]), prevs[i], hashes[i])
		}
		if _, err := tx.StmtContext(ctx, insert).ExecContext(ctx, args...); err != nil {
			return s.Dialect.FormatError(err)
		}
		start += n
	}
	if _, err := tx.StmtContext(ctx, updateSt).ExecContext(ctx, lastID, lastHash); err != nil {
		return s.Dialect.FormatError(err)
	}
	if journalSt != nil {
		if _, err := tx.StmtContext(ctx, journalSt).ExecContext(ctx, journal, seq); err != nil {
			return s.Dialect.FormatError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.Dialect.FormatError(err)
	}
	for i, r := range recs {
		r.ID, r.PrevHash, r.Hash = ids[i], prevs[i], hashes[i]
	}
	return nil
}

// The audit log's statements.
const (
	auditHead       = `SELECT last_id, last_hash FROM audit_head WHERE id = 1`
	auditUpdateHead = `UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1`
	// A journal's position only moves forward: a stale mover cannot set
	// it back.
	auditJournalPosition = `INSERT INTO audit_journals (name, seq) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > audit_journals.seq`
)

var auditInsertOne, auditInsertChunk = auditInsert(1), auditInsert(auditChunk)

// auditInsert returns the INSERT statement of n audit records.
func auditInsert(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO audit_log (id, recorded_at, kind, caller, batch_id, list, customer_id, data, prev_hash, hash) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	}
	return b.String()
}

func scanAudit(sc scanner) (*embargo.AuditRecord, error) {
	var r embargo.AuditRecord
	var id int64
	var data, prev, hash string
	if err := sc.Scan(&id, &data, &prev, &hash); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, fmt.Errorf("audit record %d: %w", id, err)
	}
	r.ID, r.PrevHash, r.Hash = id, prev, hash
	return &r, nil
}

// FindAuditRecordByID returns an audit record. See embargo.AuditService.
func (s *Store) FindAuditRecordByID(ctx context.Context, id int64) (*embargo.AuditRecord, error) {
	r, err := scanAudit(s.DB.QueryRowContext(ctx, s.q(`SELECT id, data, prev_hash, hash FROM audit_log WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "audit record %d not found", id)
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	return r, nil
}

// FindAuditRecords streams audit records. See embargo.AuditService. fn
// must not use the store: the rows are open while it runs.
func (s *Store) FindAuditRecords(ctx context.Context, f embargo.AuditFilter, fn func(*embargo.AuditRecord) error) error {
	var conds []string
	var args []any
	if !f.Since.IsZero() {
		conds = append(conds, "recorded_at >= ?")
		args = append(args, formatFixed(f.Since))
	}
	if !f.Until.IsZero() {
		conds = append(conds, "recorded_at < ?")
		args = append(args, formatFixed(f.Until))
	}
	if f.AfterID != 0 {
		conds = append(conds, "id > ?")
		args = append(args, f.AfterID)
	}
	if f.Kind != "" {
		conds = append(conds, "kind = ?")
		args = append(args, f.Kind)
	}
	if f.BatchID != "" {
		conds = append(conds, "batch_id = ?")
		args = append(args, f.BatchID)
	}
	if f.CustomerID != "" {
		conds = append(conds, "list = ? AND customer_id = ?")
		args = append(args, f.List, f.CustomerID)
	}
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT id, data, prev_hash, hash FROM audit_log`+where(conds)+` ORDER BY id`+s.limitOffset(f.Limit, 0)), args...)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PruneAudit deletes old audit records. See embargo.AuditService. It
// deletes a prefix of the log (every record up to the newest one older than
// before), so that what remains is one unbroken chain.
func (s *Store) PruneAudit(ctx context.Context, before time.Time) (int, error) {
	res, err := s.DB.ExecContext(ctx, s.q(`DELETE FROM audit_log WHERE id <= (SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE recorded_at < ?)`), formatFixed(before))
	if err != nil {
		return 0, s.Dialect.FormatError(err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// VerifyAudit checks the audit log's hash chain. See embargo.AuditService.
func (s *Store) VerifyAudit(ctx context.Context) (int, error) {
	var headID int64
	var headHash string
	if err := s.DB.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&headID, &headHash); err != nil {
		return 0, s.Dialect.FormatError(err)
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, data, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return 0, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	n := 0
	var lastID int64
	var lastHash string
	for rows.Next() {
		var id int64
		var data, prev, hash string
		if err := rows.Scan(&id, &data, &prev, &hash); err != nil {
			return n, err
		}
		// The first record left after pruning starts the chain; every
		// later one must follow the one before it without a gap.
		if n > 0 && (id != lastID+1 || prev != lastHash) {
			return n, embargo.Errorf(embargo.ECONFLICT, "audit record %d does not follow record %d: a record was removed or replaced", id, lastID)
		}
		if n == 0 && id == 1 && prev != "" {
			return n, embargo.Errorf(embargo.ECONFLICT, "audit record 1 does not start the chain")
		}
		if embargo.AuditHash(prev, id, []byte(data)) != hash {
			return n, embargo.Errorf(embargo.ECONFLICT, "audit record %d does not match its hash: it was altered", id)
		}
		lastID, lastHash = id, hash
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if n > 0 && (lastID != headID || lastHash != headHash) {
		return n, embargo.Errorf(embargo.ECONFLICT, "the audit log ends at record %d, but record %d was written: records were removed from its end", lastID, headID)
	}
	return n, nil
}

// ---- Webhooks ----

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
	rows, err := s.DB.QueryContext(ctx, `SELECT id, url, secret, created_at FROM webhooks WHERE deleted_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := []*embargo.Webhook{}
	for rows.Next() {
		var w embargo.Webhook
		var created string
		if err := rows.Scan(&w.ID, &w.URL, &w.Secret, &created); err != nil {
			return nil, err
		}
		if w.CreatedAt, err = parseFixed(created); err != nil {
			return nil, fmt.Errorf("webhook %d: %w", w.ID, err)
		}
		out = append(out, &w)
	}
	return out, rows.Err()
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
	rows, err := s.DB.QueryContext(ctx, s.q(query+` ORDER BY id`+s.limitOffset(limit, 0)), args...)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := []*embargo.WebhookDelivery{}
	for rows.Next() {
		var d embargo.WebhookDelivery
		var ok int
		var created string
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.AlertID, &d.Attempt, &ok, &d.StatusCode, &d.Error, &d.Duration, &created); err != nil {
			return nil, err
		}
		d.OK = ok != 0
		if d.CreatedAt, err = parseFixed(created); err != nil {
			return nil, fmt.Errorf("delivery %d: %w", d.ID, err)
		}
		out = append(out, &d)
	}
	return out, rows.Err()
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
	rows, err := s.DB.QueryContext(ctx, s.q(query), webhookID, webhookID, maxAttempts)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := []*embargo.PendingDelivery{}
	for rows.Next() {
		var p embargo.PendingDelivery
		a, err := scanAlert(rows, &p.Attempts)
		if err != nil {
			return nil, err
		}
		p.Alert = a
		out = append(out, &p)
	}
	return out, rows.Err()
}

// prefixCols qualifies every column of a comma-separated list.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, p := range parts {
		parts[i] = prefix + p
	}
	return strings.Join(parts, ", ")
}

// SQLDB returns the database connection, for tests that check what the
// schema itself refuses (updates of append-only tables).
func (s *Store) SQLDB() *sql.DB { return s.DB }
