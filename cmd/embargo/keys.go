package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
)

// keysHelp is the help of embargo keys.
const keysHelp = `API keys carry a role: viewer (reads, when the server runs with --auth-reads),
analyst (also bulk screening: POST /api/v1/screen and /match) or admin (also
imports). Only a key's SHA-256 hash is stored; the key itself is printed once,
when it is created.`

func (m *Main) keysCreateCommand() *cobra.Command {
	var role, name string
	var r embargo.Role
	cmd := resultCommand(m, &cobra.Command{
		Use:   "create --role viewer|analyst|admin [--name NAME]",
		Short: "Create an API key and print it (once)",
		Args:  cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, args []string) error {
			if role == "" {
				return &usageError{fmt.Errorf("keys create: --role is required (viewer, analyst or admin)")}
			}
			var err error
			if r, err = embargo.ParseRole(role); err != nil {
				return &usageError{err}
			}
			return nil
		},
	}, true, func(ctx context.Context, store embargo.Database, _ []string) (*createdKey, error) {
		k, secret, err := store.CreateKey(ctx, name, r)
		if err != nil {
			return nil, err
		}
		return &createdKey{k, secret}, nil
	}, func(w io.Writer, k *createdKey) error {
		fmt.Fprintf(w, "%s\n", k.Key)
		fmt.Fprintf(m.Stderr, "embargo: created key %d (%s, role %s). It is shown only now: store it safely.\n", k.ID, displayName(k.Name), k.Role)
		return nil
	})
	cmd.Flags().StringVar(&role, "role", "", "viewer, analyst or admin")
	cmd.Flags().StringVar(&name, "name", "", "a name to recognise the key by")
	return cmd
}

// createdKey is a new API key with the key itself, which is shown once.
type createdKey struct {
	*embargo.APIKey
	Key string `json:"key"`
}

func (m *Main) keysListCommand() *cobra.Command {
	return listCommand(m, "list", "List the API keys (not the keys themselves)",
		func(ctx context.Context, store embargo.Database) ([]*embargo.APIKey, error) {
			return store.ListKeys(ctx)
		},
		[]string{"ID", "NAME", "ROLE", "PREFIX", "CREATED", "REVOKED"}, func(k *embargo.APIKey) []any {
			var revoked any = ""
			if k.RevokedAt != nil {
				revoked = *k.RevokedAt
			}
			return []any{k.ID, displayName(k.Name), k.Role, k.Prefix + "…", k.CreatedAt, revoked}
		})
}

func (m *Main) keysRevokeCommand() *cobra.Command {
	return m.idCommand("revoke ID", "Revoke an API key", number("key id %q: want the number shown by 'embargo keys list'"),
		func(ctx context.Context, store embargo.Database, id int64) error { return store.RevokeKey(ctx, id) }, "revoked key %d\n")
}

func displayName(name string) string {
	if name == "" {
		return "unnamed"
	}
	return name
}
