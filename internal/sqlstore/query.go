package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// fixedTime is the layout of the monitoring tables' times: fixed width, so
// that string order is time order and range filters work in SQL.
const fixedTime = "2006-01-02T15:04:05.000000000Z"

func formatFixed(t time.Time) string { return t.UTC().Format(fixedTime) }

func parseFixed(s string) (time.Time, error) { return time.Parse(fixedTime, s) }

// storedTime is a Scan destination for a time stored as fixedTime text: it
// parses it into *t (and into nothing for NULL, when t is a **time.Time).
type storedTime struct{ t any }

// Scan implements sql.Scanner.
func (st storedTime) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	case nil:
		if p, ok := st.t.(**time.Time); ok {
			*p = nil
			return nil
		}
		return errors.New("time is NULL")
	default:
		return fmt.Errorf("time stored as %T, want text", v)
	}
	t, err := parseFixed(s)
	if err != nil {
		return err
	}
	switch p := st.t.(type) {
	case *time.Time:
		*p = t
	case **time.Time:
		*p = &t
	}
	return nil
}

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

// where builds a WHERE clause: conditions with ? placeholders, joined by
// AND, and their arguments.
type where struct {
	conds []string
	args  []any
}

// and adds a condition and its arguments.
func (w *where) and(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// String returns the clause, empty when there is no condition.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// prefixCols qualifies every column of a comma-separated list.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, p := range parts {
		parts[i] = prefix + p
	}
	return strings.Join(parts, ", ")
}

// queryAll runs query on q and returns its rows, each read by scan: an
// empty slice, not nil, when there are none.
func queryAll[T any](ctx context.Context, s *Store, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	out := []T{}
	err := queryEach(ctx, s, q, scan, func(v T) error {
		out = append(out, v)
		return nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// queryEach runs query on q and calls fn with each row, read by scan. fn
// must not use the store: the rows are open while it runs.
func queryEach[T any](ctx context.Context, s *Store, q querier, scan func(scanner) (T, error), fn func(T) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}
