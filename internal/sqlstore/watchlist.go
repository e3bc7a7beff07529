package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/embargo-dev/embargo"
)

// Watchlists: customers, their changes and revisions.

var _ embargo.WatchlistService = (*Store)(nil)

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
	var data string
	if err := sc.Scan(&c.List, &c.ID, &data, &c.Rev, storedTime{&c.CreatedAt}, storedTime{&c.UpdatedAt}, storedTime{&c.RemovedAt}); err != nil {
		return nil, err
	}
	if err := unmarshalCustomer(data, &c); err != nil {
		return nil, err
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
	w := where{conds: []string{"removed_at IS NULL"}}
	if filter.List != nil {
		w.and("list = ?", *filter.List)
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM customers`+w.String()), w.args...).Scan(&n); err != nil {
		return nil, 0, s.Dialect.FormatError(err)
	}
	out, err := queryAll(ctx, s, s.DB, scanCustomer, `SELECT `+customerCols+` FROM customers`+w.String()+` ORDER BY list, customer_id`+s.limitOffset(filter.Limit, filter.Offset), w.args...)
	return out, n, err
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
	return queryAll(ctx, s, s.DB, func(sc scanner) (*embargo.Watchlist, error) {
		var w embargo.Watchlist
		return &w, sc.Scan(&w.Name, &w.Customers)
	}, `SELECT list, COUNT(*) FROM customers WHERE removed_at IS NULL GROUP BY list ORDER BY list`)
}

func scanChange(sc scanner) (*embargo.CustomerChange, error) {
	var ch embargo.CustomerChange
	var data string
	if err := sc.Scan(&ch.Rev, &ch.Customer.List, &ch.Customer.ID, &ch.Change, &data, storedTime{&ch.ChangedAt}); err != nil {
		return nil, err
	}
	if err := unmarshalCustomer(data, &ch.Customer); err != nil {
		return nil, err
	}
	ch.Customer.Rev, ch.Customer.UpdatedAt = ch.Rev, ch.ChangedAt
	return &ch, nil
}

const changeCols = `rev, list, customer_id, change, data, changed_at`

// CustomerChanges streams watchlist changes. See embargo.WatchlistService.
// fn must not use the store: the rows are open while it runs.
func (s *Store) CustomerChanges(ctx context.Context, since int64, fn func(*embargo.CustomerChange) error) error {
	return queryEach(ctx, s, s.DB, scanChange, fn, `SELECT `+changeCols+` FROM customer_changes WHERE rev > ? ORDER BY rev`, since)
}

// CustomerHistory returns a customer's changes. See embargo.WatchlistService.
func (s *Store) CustomerHistory(ctx context.Context, list, id string) ([]*embargo.CustomerChange, error) {
	out, err := queryAll(ctx, s, s.DB, scanChange, `SELECT `+changeCols+` FROM customer_changes WHERE list = ? AND customer_id = ? ORDER BY rev`, list, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "customer %q not found in list %q", id, list)
	}
	return out, nil
}
