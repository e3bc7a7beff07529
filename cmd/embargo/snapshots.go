package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

func (m *Main) snapshotsCommand() *cobra.Command {
	var src string
	cmd := listCommand(m, "snapshots [--source NAME]", "List the stored snapshots",
		func(ctx context.Context, store embargo.Database) ([]export.SnapshotRow, error) {
			snaps, err := store.FindSnapshots(ctx, embargo.SnapshotFilter{Source: unlessEmpty(src)})
			return export.SnapshotRows(snaps), err
		},
		[]string{"SNAPSHOT", "SOURCE", "AS OF", "IMPORTED", "ENTITIES"}, func(s export.SnapshotRow) []any {
			return []any{s.SnapshotID, s.Source, s.AsOf, s.ImportedAt, s.Entities}
		})
	cmd.Flags().StringVar(&src, "source", "", "only this source")
	addCommands(cmd, m.snapshotsRetractCommand(), m.snapshotsRetractionsCommand())
	return cmd
}

func (m *Main) snapshotsRetractCommand() *cobra.Command {
	var reason string
	cmd := resultCommand(m, &cobra.Command{
		Use:   "retract SNAPSHOT_ID --reason TEXT",
		Short: "Take back a source's latest snapshot (a bad import), recording why",
		Long: `Removes a source's latest snapshot as if it had never been imported: the
entities it added, changed or removed read as before it in history, diffs and
screening, and the next import of the source follows the snapshot before it.
The retraction is recorded with the user and the reason ('embargo snapshots
retractions'). Retract later snapshots first.`,
		Args:    cobra.ExactArgs(1),
		PreRunE: func(*cobra.Command, []string) error { return requireFlag("reason", reason) },
	}, false, func(ctx context.Context, store embargo.Database, args []string) (*embargo.SnapshotRetraction, error) {
		return store.RetractSnapshot(ctx, args[0], reason, m.callerName())
	}, func(w io.Writer, r *embargo.SnapshotRetraction) error {
		_, err := fmt.Fprintf(w, "retracted %s (%d entities, imported %s): %s\n", r.Snapshot.ID, r.Snapshot.Entities, r.Snapshot.ImportedAt.Format(time.RFC3339), r.Reason)
		return err
	})
	cmd.Flags().StringVar(&reason, "reason", "", "why the snapshot is taken back (required; recorded)")
	return cmd
}

func (m *Main) snapshotsRetractionsCommand() *cobra.Command {
	return listCommand(m, "retractions", "List the retracted snapshots, with who retracted them and why",
		func(ctx context.Context, store embargo.Database) ([]*embargo.SnapshotRetraction, error) {
			return store.FindRetractions(ctx)
		},
		[]string{"SNAPSHOT", "RETRACTED", "BY", "REASON"}, func(r *embargo.SnapshotRetraction) []any {
			return []any{r.Snapshot.ID, r.At, r.By, r.Reason}
		})
}
