package main

import (
	"context"
	"fmt"
	"io"

	"github.com/embargo-dev/embargo"
	"github.com/spf13/cobra"
)

func (m *Main) historyCommand() *cobra.Command {
	return resultCommand(m, &cobra.Command{
		Use:   "history ENTITY_ID",
		Short: "Show an entity's history: listed, changed, removed",
		Args:  cobra.ExactArgs(1),
	}, false, func(ctx context.Context, store embargo.Database, args []string) (*embargo.History, error) {
		return store.EntityHistory(ctx, args[0])
	}, printHistory)
}

// printHistory prints an entity's history as text.
func printHistory(w io.Writer, h *embargo.History) error {
	status := "listed"
	if !h.Listed {
		status = "not listed in the latest snapshot"
	}
	fmt.Fprintf(w, "%s  %s\nfirst seen %s, last seen %s (%s)\n%s\n\n", h.EntityID, h.Name, h.FirstSeen, h.LastSeen, status, h.Note)
	for _, ev := range h.Events {
		if ev.Between != nil {
			fmt.Fprintf(w, "%-22s %-8s %s: %s\n", ev.AsOf, ev.Change, ev.SnapshotID, ev.Between)
			continue
		}
		fmt.Fprintf(w, "%-22s %-8s %s\n", ev.AsOf, ev.Change, ev.SnapshotID)
		for _, f := range ev.Fields {
			fmt.Fprintf(w, "    %s: %s → %s\n", f.Field, formatValue(f.Before), formatValue(f.After))
		}
	}
	return nil
}
