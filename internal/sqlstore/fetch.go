package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/embargo-dev/embargo"
)

var _ embargo.FetchStateStore = (*Store)(nil)

// FetchStates returns source's download states by URL.
func (s *Store) FetchStates(ctx context.Context, source string) (map[string]embargo.FetchState, error) {
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT url, etag, last_modified, sha256, fetched_at FROM fetch_state WHERE source = ?`), source)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	out := map[string]embargo.FetchState{}
	for rows.Next() {
		var st embargo.FetchState
		var at string
		if err := rows.Scan(&st.URL, &st.ETag, &st.LastModified, &st.SHA256, &at); err != nil {
			return nil, err
		}
		if st.FetchedAt, err = time.Parse(timeLayout, at); err != nil {
			return nil, fmt.Errorf("fetch state %s: %w", st.URL, err)
		}
		out[st.URL] = st
	}
	return out, rows.Err()
}

// SaveFetchStates replaces source's download states.
func (s *Store) SaveFetchStates(ctx context.Context, source string, states []embargo.FetchState) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM fetch_state WHERE source = ?`), source); err != nil {
		return s.Dialect.FormatError(err)
	}
	for _, st := range states {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO fetch_state (source, url, etag, last_modified, sha256, fetched_at) VALUES (?, ?, ?, ?, ?, ?)`),
			source, st.URL, st.ETag, st.LastModified, st.SHA256, st.FetchedAt.UTC().Format(timeLayout)); err != nil {
			return s.Dialect.FormatError(err)
		}
	}
	return s.Dialect.FormatError(tx.Commit())
}
