package main

import (
	"fmt"

	"github.com/embargo-dev/embargo"
	"github.com/spf13/cobra"
)

func (m *Main) historyCommand() *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "history ENTITY_ID",
		Short: "Show an entity's history: listed, changed, removed",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.withStore(cmd.Context(), false, func(store embargo.Database) error {
				h, err := store.EntityHistory(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				if jsonOut {
					return writeJSON(m.Stdout, h)
				}
				status := "listed"
				if !h.Listed {
					status = "not listed in the latest snapshot"
				}
				fmt.Fprintf(m.Stdout, "%s  %s\nfirst seen %s, last seen %s (%s)\n%s\n\n", h.EntityID, h.Name, h.FirstSeen, h.LastSeen, status, h.Note)
				for _, ev := range h.Events {
					if ev.Between != nil {
						fmt.Fprintf(m.Stdout, "%-22s %-8s %s: %s\n", ev.AsOf, ev.Change, ev.SnapshotID, ev.Between)
						continue
					}
					fmt.Fprintf(m.Stdout, "%-22s %-8s %s\n", ev.AsOf, ev.Change, ev.SnapshotID)
					for _, f := range ev.Fields {
						fmt.Fprintf(m.Stdout, "    %s: %s → %s\n", f.Field, formatValue(f.Before), formatValue(f.After))
					}
				}
				return nil
			})
		},
	}
	jsonFlag(cmd, &jsonOut)
	return cmd
}
