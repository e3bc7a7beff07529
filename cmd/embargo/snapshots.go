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
	return cmd
}
