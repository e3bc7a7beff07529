package embargo_test

import (
	"strings"
	"testing"

	"github.com/embargo-dev/embargo"
)

func TestRole_Allows(t *testing.T) {
	for _, c := range []struct {
		role, need embargo.Role
		want       bool
	}{
		{embargo.RoleViewer, embargo.RoleViewer, true},
		{embargo.RoleViewer, embargo.RoleAnalyst, false},
		{embargo.RoleAnalyst, embargo.RoleViewer, true},
		{embargo.RoleAnalyst, embargo.RoleAdmin, false},
		{embargo.RoleAdmin, embargo.RoleAnalyst, true},
		{"", embargo.RoleViewer, false},
		{"root", embargo.RoleViewer, false},
	} {
		if got := c.role.Allows(c.need); got != c.want {
			t.Errorf("%q.Allows(%q) = %v, want %v", c.role, c.need, got, c.want)
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, s := range []string{"viewer", "Analyst", " admin "} {
		if _, err := embargo.ParseRole(s); err != nil {
			t.Errorf("ParseRole(%q): %v", s, err)
		}
	}
	if _, err := embargo.ParseRole("root"); embargo.ErrorCode(err) != embargo.EINVALID {
		t.Fatalf("ParseRole(root): err=%v, want EINVALID", err)
	}
}

func TestNewKeySecret(t *testing.T) {
	a, b := embargo.NewKeySecret(), embargo.NewKeySecret()
	if a == b || !strings.HasPrefix(a, embargo.KeySecretPrefix) || len(a) != len(embargo.KeySecretPrefix)+32 {
		t.Fatalf("secrets %q, %q", a, b)
	}
	if h := embargo.HashKeySecret(a); len(h) != 64 || h == embargo.HashKeySecret(b) {
		t.Fatalf("hash %q", h)
	}
}
