package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
)

// crossLinkBatch is how many links one INSERT carries.
const crossLinkBatch = 200

// SaveCrossLinks stores a set of cross-list links, replacing one of the
// same key. See embargo.CrossLinkStore.
func (s *Store) SaveCrossLinks(ctx context.Context, set *embargo.CrossLinkSet) error {
	if set.Key == "" {
		return embargo.Errorf(embargo.EINVALID, "cross links: no snapshot key")
	}
	snaps, err := json.Marshal(set.Snapshots)
	if err != nil {
		return err
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return s.Dialect.FormatError(err)
	}
	defer tx.Rollback()
	var old int64
	switch err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM cross_link_sets WHERE snapshot_key = ?`), set.Key).Scan(&old); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return s.Dialect.FormatError(err)
	default:
		for _, q := range []string{`DELETE FROM cross_links WHERE set_id = ?`, `DELETE FROM cross_link_sets WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, s.q(q), old); err != nil {
				return s.Dialect.FormatError(err)
			}
		}
	}
	at := s.now().UTC()
	if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO cross_link_sets (snapshot_key, snapshots, as_of, computed_at) VALUES (?, ?, ?, ?) RETURNING id`),
		set.Key, string(snaps), set.AsOf.UTC().Format(timeLayout), at.Format(timeLayout)).Scan(&set.ID); err != nil {
		return s.Dialect.FormatError(err)
	}
	for start := 0; start < len(set.Links); start += crossLinkBatch {
		batch := set.Links[start:min(start+crossLinkBatch, len(set.Links))]
		var q strings.Builder
		q.WriteString(`INSERT INTO cross_links (set_id, entity_a, entity_b, reason, detail) VALUES `)
		args := make([]any, 0, 5*len(batch))
		for i, l := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?)")
			args = append(args, set.ID, l.A, l.B, l.Reason, l.Detail)
		}
		if _, err := tx.ExecContext(ctx, s.q(q.String()), args...); err != nil {
			return s.Dialect.FormatError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.Dialect.FormatError(err)
	}
	set.ComputedAt = at
	return nil
}

// FindCrossLinks returns the set of cross-list links stored under key.
// See embargo.CrossLinkStore.
func (s *Store) FindCrossLinks(ctx context.Context, key string) (*embargo.CrossLinkSet, error) {
	set := &embargo.CrossLinkSet{Key: key, Links: []embargo.CrossLink{}}
	var snaps, asOf, at string
	err := s.DB.QueryRowContext(ctx, s.q(`SELECT id, snapshots, as_of, computed_at FROM cross_link_sets WHERE snapshot_key = ?`), key).
		Scan(&set.ID, &snaps, &asOf, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, embargo.Errorf(embargo.ENOTFOUND, "no cross-list links for snapshots %s", key)
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	if err := json.Unmarshal([]byte(snaps), &set.Snapshots); err != nil {
		return nil, embargo.Errorf(embargo.EINTERNAL, "cross links %d: snapshots: %v", set.ID, err)
	}
	set.AsOf, _ = time.Parse(timeLayout, asOf)
	set.ComputedAt, _ = time.Parse(timeLayout, at)
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT entity_a, entity_b, reason, detail FROM cross_links WHERE set_id = ?`), set.ID)
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var l embargo.CrossLink
		if err := rows.Scan(&l.A, &l.B, &l.Reason, &l.Detail); err != nil {
			return nil, s.Dialect.FormatError(err)
		}
		set.Links = append(set.Links, l)
	}
	if err := rows.Err(); err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	// Sorted here: the databases' collations differ.
	sort.Slice(set.Links, func(i, j int) bool {
		a, b := set.Links[i], set.Links[j]
		return a.A < b.A || a.A == b.A && a.B < b.B
	})
	return set, nil
}
