package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/embargo-dev/embargo"
)

// IndexCache returns the index stored under key. See embargo.Store.
func (s *Store) IndexCache(ctx context.Context, key string) ([]byte, error) {
	var data []byte
	err := s.DB.QueryRowContext(ctx, s.q(`SELECT data FROM index_cache WHERE key = ?`), key).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "no index cached under %s", key)
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	return data, nil
}

// PutIndexCache stores an index under key, in place of any other. See
// embargo.Store. It does not wait for another writer (Dialect.NoWait): a
// busy database returns ECONFLICT at once.
func (s *Store) PutIndexCache(ctx context.Context, key string, data []byte) error {
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer conn.Close()
	if s.Dialect.NoWait != nil {
		restore, err := s.Dialect.NoWait(ctx, conn)
		if err != nil {
			return s.Dialect.FormatError(err)
		}
		defer restore()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM index_cache`); err != nil {
		return s.Dialect.FormatError(err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO index_cache (key, data, created_at) VALUES (?, ?, ?)`), key, data, s.now().UTC().Format(timeLayout)); err != nil {
		return s.Dialect.FormatError(err)
	}
	if err := tx.Commit(); err != nil {
		return s.Dialect.FormatError(err)
	}
	return nil
}
