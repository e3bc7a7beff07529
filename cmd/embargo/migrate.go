package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
)

func (m *Main) migrateCommand() *cobra.Command {
	return m.storeCommand(&cobra.Command{
		Use:   "migrate",
		Short: "Create the database or bring its schema up to date",
		Args:  cobra.NoArgs,
	}, true, func(context.Context, embargo.Database, []string) error {
		fmt.Fprintf(m.Stdout, "%s: schema up to date\n", redactDSN(m.dsn()))
		return nil
	})
}

func (m *Main) copyCommand() *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "copy --to DSN",
		Short: "Copy every snapshot of every list into another database (e.g. SQLite to PostgreSQL)",
		Long: `Replays every snapshot of the database named by --db into the empty
database named by --to, in order, so the copy has the same snapshots,
versions, diffs and histories.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			from, err := m.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer from.Close()
			saved := m.dbPath
			m.dbPath = to
			dst, err := m.openStore(ctx, true)
			m.dbPath = saved
			if err != nil {
				return err
			}
			defer dst.Close()
			n, err := copyStore(ctx, from, dst)
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "copied %d snapshots to %s\n", n, redactDSN(to))
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "destination database (SQLite path or postgres:// URL)")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}

// copyStore replays every snapshot of from into dst.
func copyStore(ctx context.Context, from, dst embargo.Store) (int, error) {
	existing, err := dst.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		return 0, err
	}
	if len(existing) > 0 {
		return 0, embargo.Errorf(embargo.ECONFLICT, "the destination already holds %d snapshots; copy into an empty database", len(existing))
	}
	snaps, err := from.FindSnapshots(ctx, embargo.SnapshotFilter{})
	if err != nil {
		return 0, err
	}
	for i, snap := range snaps {
		ents, err := from.SnapshotEntities(ctx, snap)
		if err != nil {
			return i, err
		}
		if _, err := dst.ImportList(ctx, &embargo.ParsedList{Source: snap.Source, Entities: ents}, snap.AsOf); err != nil {
			return i, fmt.Errorf("copy %s: %w", snap.ID, err)
		}
	}
	return len(snaps), nil
}

// redactDSN hides a password in a database URL.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return u.Redacted()
		}
	}
	return dsn
}
