package embargo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"
)

// Role is what an API key may do. Roles are ordered: each can do everything
// the ones before it can.
type Role string

// Roles, from least to most privileged.
const (
	// RoleViewer reads: entities, snapshots, diffs, timelines, and single
	// screenings through GET.
	RoleViewer Role = "viewer"
	// RoleAnalyst also screens in bulk (POST /api/v1/screen, the
	// /match compatibility API) and scans text.
	RoleAnalyst Role = "analyst"
	// RoleAdmin also changes the lists (imports).
	RoleAdmin Role = "admin"
)

// Roles lists every role from least to most privileged.
var Roles = []Role{RoleViewer, RoleAnalyst, RoleAdmin}

// ParseRole parses a role name. Returns EINVALID for an unknown name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if r.rank() == 0 {
		return "", Errorf(EINVALID, "unknown role %q (want viewer, analyst or admin)", s)
	}
	return r, nil
}

func (r Role) rank() int {
	for i, x := range Roles {
		if r == x {
			return i + 1
		}
	}
	return 0
}

// Allows reports whether r may do what needs at least role min.
func (r Role) Allows(min Role) bool {
	return r.rank() > 0 && r.rank() >= min.rank()
}

// APIKey is a key the HTTP API accepts. Only its SHA-256 hash is stored: the
// secret is shown once, when the key is created.
type APIKey struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Role Role   `json:"role"`
	// Prefix is the secret's first characters, to recognise a key in a list.
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// KeySecretPrefix starts every API key secret, so that leaked keys are easy
// to find with secret scanners.
const KeySecretPrefix = "emb_"

// NewKeySecret returns a new random API key secret: KeySecretPrefix and 32
// base32 characters (160 bits).
func NewKeySecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return KeySecretPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// HashKeySecret returns the hex SHA-256 of a key secret, as stored. A fast
// hash is enough: secrets are random and long, not passwords.
func HashKeySecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// SessionTokenPrefix starts every UI session token, which is not a key.
const SessionTokenPrefix = "embs_"

// NewSessionToken returns a new random session token (160 bits).
func NewSessionToken() string {
	return SessionTokenPrefix + strings.TrimPrefix(NewKeySecret(), KeySecretPrefix)
}

// KeyService manages API keys.
type KeyService interface {
	// CreateKey creates a key and returns it with its secret, which is not
	// stored and cannot be shown again. Returns EINVALID for an unknown role.
	CreateKey(ctx context.Context, name string, role Role) (*APIKey, string, error)

	// Authenticate returns the key whose secret this is. Returns
	// EUNAUTHORIZED if there is none or it was revoked.
	Authenticate(ctx context.Context, secret string) (*APIKey, error)

	// ListKeys returns every key, revoked ones included, by id.
	ListKeys(ctx context.Context) ([]*APIKey, error)

	// RevokeKey revokes a key. Returns ENOTFOUND if there is no such key
	// and ECONFLICT if it was already revoked.
	RevokeKey(ctx context.Context, id int64) error

	// CreateSession starts a web UI session of key keyID that lasts ttl
	// and returns its token; only the token's hash is stored.
	CreateSession(ctx context.Context, keyID int64, ttl time.Duration) (string, error)

	// SessionKey returns the key of a session token. Returns
	// EUNAUTHORIZED if there is no such session, or it expired or was
	// revoked, or its key was revoked.
	SessionKey(ctx context.Context, token string) (*APIKey, error)

	// RevokeSession ends a session (signing out); an unknown token is not
	// an error.
	RevokeSession(ctx context.Context, token string) error
}
