package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

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
	cmd.AddCommand(m.keysCreateCommand(), m.keysListCommand(), m.keysRevokeCommand())
	for _, c := range cmd.Commands() {
		c.Args = wrapArgs(c.Args)
	}
	return cmd
}

// keyService opens the store as a key service.
func (m *Main) keyService(cmd *cobra.Command, create bool) (embargo.KeyService, func(), error) {
	store, err := m.openStore(cmd.Context(), create)
	if err != nil {
		return nil, nil, err
	}
	return store, func() { store.Close() }, nil
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
			ks, closeFn, err := m.keyService(cmd, true)
			if err != nil {
				return err
			}
			defer closeFn()
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
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "viewer, analyst or admin")
	cmd.Flags().StringVar(&name, "name", "", "a name to recognise the key by")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func (m *Main) keysListCommand() *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the API keys (not the keys themselves)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ks, closeFn, err := m.keyService(cmd, false)
			if err != nil {
				return err
			}
			defer closeFn()
			keys, err := ks.ListKeys(cmd.Context())
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(m.Stdout, keys)
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tROLE\tPREFIX\tCREATED\tREVOKED\t")
			for _, k := range keys {
				revoked := ""
				if k.RevokedAt != nil {
					revoked = k.RevokedAt.Format(time.RFC3339)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s…\t%s\t%s\t\n", k.ID, displayName(k.Name), k.Role, k.Prefix, k.CreatedAt.Format(time.RFC3339), revoked)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
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
			ks, closeFn, err := m.keyService(cmd, false)
			if err != nil {
				return err
			}
			defer closeFn()
			if err := ks.RevokeKey(cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "revoked key %d\n", id)
			return nil
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
