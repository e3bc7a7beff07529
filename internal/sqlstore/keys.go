package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/embargo-dev/embargo"
)

var _ embargo.KeyService = (*Store)(nil)

// keyPrefixLen is how much of a secret is kept in clear to recognise a key:
// "emb_" and four characters, far too little to guess the rest.
const keyPrefixLen = len(embargo.KeySecretPrefix) + 4

// CreateKey creates an API key. See embargo.KeyService.
func (s *Store) CreateKey(ctx context.Context, name string, role embargo.Role) (*embargo.APIKey, string, error) {
	role, err := embargo.ParseRole(string(role))
	if err != nil {
		return nil, "", err
	}
	secret := embargo.NewKeySecret()
	k := &embargo.APIKey{Name: name, Role: role, Prefix: secret[:keyPrefixLen], CreatedAt: s.now()}
	// RETURNING works on SQLite (3.35+) and PostgreSQL alike.
	err = s.DB.QueryRowContext(ctx, s.q(`INSERT INTO api_keys (name, role, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		k.Name, string(k.Role), k.Prefix, embargo.HashKeySecret(secret), k.CreatedAt.Format(timeLayout)).Scan(&k.ID)
	if err != nil {
		return nil, "", s.Dialect.FormatError(err)
	}
	return k, secret, nil
}

const keyCols = `id, name, role, prefix, created_at, revoked_at`

func scanKey(sc scanner) (*embargo.APIKey, error) {
	var k embargo.APIKey
	var role, created string
	var revoked sql.NullString
	if err := sc.Scan(&k.ID, &k.Name, &role, &k.Prefix, &created, &revoked); err != nil {
		return nil, err
	}
	k.Role = embargo.Role(role)
	var err error
	if k.CreatedAt, err = time.Parse(timeLayout, created); err != nil {
		return nil, fmt.Errorf("key %d: created_at: %w", k.ID, err)
	}
	if revoked.Valid {
		t, err := time.Parse(timeLayout, revoked.String)
		if err != nil {
			return nil, fmt.Errorf("key %d: revoked_at: %w", k.ID, err)
		}
		k.RevokedAt = &t
	}
	return &k, nil
}

// Authenticate finds the key of a secret. See embargo.KeyService.
func (s *Store) Authenticate(ctx context.Context, secret string) (*embargo.APIKey, error) {
	k, err := scanKey(s.DB.QueryRowContext(ctx, s.q(`SELECT `+keyCols+` FROM api_keys WHERE hash = ?`), embargo.HashKeySecret(secret)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, embargo.Errorf(embargo.EUNAUTHORIZED, "invalid API key")
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	if k.RevokedAt != nil {
		return nil, embargo.Errorf(embargo.EUNAUTHORIZED, "API key %d was revoked", k.ID)
	}
	return k, nil
}

// ListKeys returns every key. See embargo.KeyService.
func (s *Store) ListKeys(ctx context.Context) ([]*embargo.APIKey, error) {
	return queryAll(ctx, s, s.DB, scanKey, `SELECT `+keyCols+` FROM api_keys ORDER BY id`)
}

// RevokeKey revokes a key. See embargo.KeyService.
func (s *Store) RevokeKey(ctx context.Context, id int64) error {
	k, err := scanKey(s.DB.QueryRowContext(ctx, s.q(`SELECT `+keyCols+` FROM api_keys WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return embargo.Errorf(embargo.ENOTFOUND, "API key %d not found", id)
	} else if err != nil {
		return s.Dialect.FormatError(err)
	}
	if k.RevokedAt != nil {
		return embargo.Errorf(embargo.ECONFLICT, "API key %d was already revoked on %s", id, k.RevokedAt.Format(time.RFC3339))
	}
	if _, err := s.DB.ExecContext(ctx, s.q(`UPDATE api_keys SET revoked_at = ? WHERE id = ?`), s.now().Format(timeLayout), id); err != nil {
		return s.Dialect.FormatError(err)
	}
	return nil
}

// CreateSession starts a UI session. See embargo.KeyService.
func (s *Store) CreateSession(ctx context.Context, keyID int64, ttl time.Duration) (string, error) {
	token := embargo.NewSessionToken()
	now := s.now().UTC()
	if _, err := s.DB.ExecContext(ctx, s.q(`INSERT INTO sessions (hash, key_id, created_at, expires_at) VALUES (?, ?, ?, ?)`),
		embargo.HashKeySecret(token), keyID, now.Format(timeLayout), now.Add(ttl).Format(timeLayout)); err != nil {
		return "", s.Dialect.FormatError(err)
	}
	return token, nil
}

// SessionKey returns a session's key. See embargo.KeyService.
func (s *Store) SessionKey(ctx context.Context, token string) (*embargo.APIKey, error) {
	var expires string
	var revoked sql.NullString
	var keyID int64
	err := s.DB.QueryRowContext(ctx, s.q(`SELECT key_id, expires_at, revoked_at FROM sessions WHERE hash = ?`), embargo.HashKeySecret(token)).Scan(&keyID, &expires, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, embargo.Errorf(embargo.EUNAUTHORIZED, "invalid session")
	} else if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	if t, err := time.Parse(timeLayout, expires); err != nil || !s.now().Before(t) || revoked.Valid {
		return nil, embargo.Errorf(embargo.EUNAUTHORIZED, "the session has ended; sign in again")
	}
	k, err := scanKey(s.DB.QueryRowContext(ctx, s.q(`SELECT `+keyCols+` FROM api_keys WHERE id = ?`), keyID))
	if err != nil {
		return nil, s.Dialect.FormatError(err)
	}
	if k.RevokedAt != nil {
		return nil, embargo.Errorf(embargo.EUNAUTHORIZED, "API key %d was revoked", k.ID)
	}
	return k, nil
}

// RevokeSession ends a session. See embargo.KeyService.
func (s *Store) RevokeSession(ctx context.Context, token string) error {
	if _, err := s.DB.ExecContext(ctx, s.q(`UPDATE sessions SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL`),
		s.now().UTC().Format(timeLayout), embargo.HashKeySecret(token)); err != nil {
		return s.Dialect.FormatError(err)
	}
	return nil
}
