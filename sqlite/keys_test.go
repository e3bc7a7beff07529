package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/internal/testutil"
)

func TestKeyService(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustSQLite(t)
	now := time.Date(2026, 2, 27, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }

	k, secret, err := db.CreateKey(ctx, "ci", embargo.RoleAnalyst)
	if err != nil {
		t.Fatal(err)
	}
	if k.ID != 1 || k.Role != embargo.RoleAnalyst || k.Name != "ci" || !k.CreatedAt.Equal(now) || !strings.HasPrefix(secret, k.Prefix) || len(secret) < 30 {
		t.Fatalf("key %+v, secret %q", k, secret)
	}

	t.Run("OnlyTheHashIsStored", func(t *testing.T) {
		var stored string
		if err := db.DB.QueryRowContext(ctx, `SELECT hash FROM api_keys WHERE id = 1`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != embargo.HashKeySecret(secret) || strings.Contains(stored, secret[len(k.Prefix):]) {
			t.Fatalf("stored %q", stored)
		}
	})
	t.Run("Authenticate", func(t *testing.T) {
		got, err := db.Authenticate(ctx, secret)
		if err != nil || got.ID != k.ID || got.Role != embargo.RoleAnalyst {
			t.Fatalf("Authenticate = %+v, %v", got, err)
		}
		if _, err := db.Authenticate(ctx, secret+"x"); embargo.ErrorCode(err) != embargo.EUNAUTHORIZED {
			t.Fatalf("wrong secret: err=%v, want EUNAUTHORIZED", err)
		}
	})
	t.Run("ErrInvalidRole", func(t *testing.T) {
		if _, _, err := db.CreateKey(ctx, "x", "root"); embargo.ErrorCode(err) != embargo.EINVALID {
			t.Fatalf("err=%v, want EINVALID", err)
		}
	})
	t.Run("Revoke", func(t *testing.T) {
		if err := db.RevokeKey(ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, secret); embargo.ErrorCode(err) != embargo.EUNAUTHORIZED {
			t.Fatalf("revoked key: err=%v, want EUNAUTHORIZED", err)
		}
		if err := db.RevokeKey(ctx, k.ID); embargo.ErrorCode(err) != embargo.ECONFLICT {
			t.Fatalf("revoke twice: err=%v, want ECONFLICT", err)
		}
		if err := db.RevokeKey(ctx, 99); embargo.ErrorCode(err) != embargo.ENOTFOUND {
			t.Fatalf("revoke unknown: err=%v, want ENOTFOUND", err)
		}
	})
	t.Run("List", func(t *testing.T) {
		if _, _, err := db.CreateKey(ctx, "", embargo.RoleViewer); err != nil {
			t.Fatal(err)
		}
		keys, err := db.ListKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) != 2 || keys[0].RevokedAt == nil || !keys[0].RevokedAt.Equal(now) || keys[1].RevokedAt != nil || keys[1].Role != embargo.RoleViewer {
			t.Fatalf("keys %+v", keys)
		}
	})
}
