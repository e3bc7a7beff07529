package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
)

func (m *Main) keysCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage the API keys of the HTTP server",
		Long: `API keys carry a role: viewer (reads, when the server runs with --auth-reads),
analyst (also bulk screening: POST /api/v1/screen and /match) or admin (also
imports). Only a key's SHA-256 hash is stored; the key itself is printed once,
when it is created.`,
	}
	addCommands(cmd, m.keysCreateCommand(), m.keysListCommand(), m.keysRevokeCommand())
	return cmd
}

func (m *Main) keysCreateCommand() *cobra.Command {
	var role, name string
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "create --role viewer|analyst|admin [--name NAME]",
		Short: "Create an API key and print it (once)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if role == "" {
				return &usageError{fmt.Errorf("keys create: --role is required (viewer, analyst or admin)")}
			}
			r, err := embargo.ParseRole(role)
			if err != nil {
				return &usageError{err}
			}
			return m.withStore(cmd.Context(), true, func(ks embargo.Database) error {
				k, secret, err := ks.CreateKey(cmd.Context(), name, r)
				if err != nil {
					return err
				}
				if jsonOut {
					return writeJSON(m.Stdout, struct {
						*embargo.APIKey
						Key string `json:"key"`
					}{k, secret})
				}
				fmt.Fprintf(m.Stdout, "%s\n", secret)
				fmt.Fprintf(m.Stderr, "embargo: created key %d (%s, role %s). It is shown only now: store it safely.\n", k.ID, displayName(k.Name), k.Role)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "viewer, analyst or admin")
	cmd.Flags().StringVar(&name, "name", "", "a name to recognise the key by")
	jsonFlag(cmd, &jsonOut)
	return cmd
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
	cmd := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return &usageError{fmt.Errorf("key id %q: want the number shown by 'embargo keys list'", args[0])}
			}
			return m.withStore(cmd.Context(), false, func(ks embargo.Database) error {
				if err := ks.RevokeKey(cmd.Context(), id); err != nil {
					return err
				}
				fmt.Fprintf(m.Stdout, "revoked key %d\n", id)
				return nil
			})
		},
	}
	return cmd
}

func displayName(name string) string {
	if name == "" {
		return "unnamed"
	}
	return name
}
