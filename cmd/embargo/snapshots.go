package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
)

func (m *Main) snapshotsCommand() *cobra.Command {
	var src string
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "snapshots [--source NAME]",
		Short: "List the stored snapshots",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := m.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			var filter embargo.SnapshotFilter
			if src != "" {
				filter.Source = &src
			}
			snaps, err := store.FindSnapshots(cmd.Context(), filter)
			if err != nil {
				return err
			}
			if jsonOut {
				type row struct {
					SnapshotID string `json:"snapshot_id"`
					Source     string `json:"source"`
					AsOf       string `json:"as_of"`
					ImportedAt string `json:"imported_at"`
					Entities   int    `json:"entities"`
				}
				rows := make([]row, 0, len(snaps))
				for _, s := range snaps {
					rows = append(rows, row{s.ID, s.Source, embargo.FormatAsOf(s.AsOf), s.ImportedAt.Format(time.RFC3339), s.Entities})
				}
				return writeJSON(m.Stdout, rows)
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SNAPSHOT\tSOURCE\tAS OF\tIMPORTED\tENTITIES\t")
			for _, s := range snaps {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t\n", s.ID, s.Source, embargo.FormatAsOf(s.AsOf), s.ImportedAt.Format(time.RFC3339), s.Entities)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&src, "source", "", "only this source")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	cmd.AddCommand(m.snapshotsRetractCommand(), m.snapshotsRetractionsCommand())
	return cmd
}

func (m *Main) snapshotsRetractCommand() *cobra.Command {
	var reason string
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "retract SNAPSHOT_ID --reason TEXT",
		Short: "Take back a source's latest snapshot (a bad import), recording why",
		Long: `Removes a source's latest snapshot as if it had never been imported: the
entities it added, changed or removed read as before it in history, diffs and
screening, and the next import of the source follows the snapshot before it.
The retraction is recorded with the user and the reason ('embargo snapshots
retractions'). Retract later snapshots first.`,
		Args: wrapArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if reason == "" {
				return &usageError{fmt.Errorf("--reason is required")}
			}
			store, err := m.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			r, err := store.RetractSnapshot(cmd.Context(), args[0], reason, m.callerName())
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(m.Stdout, r)
			}
			fmt.Fprintf(m.Stdout, "retracted %s (%d entities, imported %s): %s\n", r.Snapshot.ID, r.Snapshot.Entities, r.Snapshot.ImportedAt.Format(time.RFC3339), r.Reason)
			return nil
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why the snapshot is taken back (required; recorded)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func (m *Main) snapshotsRetractionsCommand() *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "retractions",
		Short: "List the retracted snapshots, with who retracted them and why",
		Args:  wrapArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := m.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			rs, err := store.FindRetractions(cmd.Context())
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(m.Stdout, rs)
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SNAPSHOT\tRETRACTED\tBY\tREASON\t")
			for _, r := range rs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", r.Snapshot.ID, r.At.Format(time.RFC3339), r.By, r.Reason)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}
