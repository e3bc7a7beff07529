package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
	"github.com/embargo-dev/embargo/monitor"
)

func (m *Main) alertsCommand() *cobra.Command {
	var status, list, customer, entity string
	var limit int
	var jsonOut, csvOut bool
	var f embargo.AlertFilter
	cmd := m.storeCommand(&cobra.Command{
		Use:   "alerts [--status open|true_match|false_positive|needs_review] [--list LIST] [--customer ID]",
		Short: "List the alerts raised for watched customers, newest first",
		Args:  cobra.NoArgs,
		PreRunE: func(cmd *cobra.Command, args []string) error {
			if status != "" {
				st, err := embargo.ParseAlertStatus(status)
				if err != nil {
					return &usageError{err}
				}
				f.Status = &st
			}
			f.List, f.CustomerID, f.EntityID, f.Limit = unlessEmpty(list), unlessEmpty(customer), unlessEmpty(entity), limit
			return nil
		},
	}, false, func(ctx context.Context, store embargo.Database, _ []string) error {
		alerts, n, err := store.FindAlerts(ctx, f)
		if err != nil {
			return err
		}
		if csvOut {
			return export.Alerts(export.NewWriter(m.Stdout), alerts)
		}
		if jsonOut {
			return writeJSON(m.Stdout, struct {
				Total  int              `json:"total"`
				Alerts []*embargo.Alert `json:"alerts"`
			}{n, alerts})
		}
		if len(alerts) == 0 {
			fmt.Fprintln(m.Stdout, "no alerts")
			return nil
		}
		if err := printAlerts(m.Stdout, alerts); err != nil {
			return err
		}
		if len(alerts) < n {
			fmt.Fprintf(m.Stdout, "(%d of %d; --limit 0 shows all)\n", len(alerts), n)
		}
		return nil
	})
	cmd.Flags().StringVar(&status, "status", "", "only alerts with this status")
	cmd.Flags().StringVar(&list, "list", "", "only alerts of this watchlist")
	cmd.Flags().StringVar(&customer, "customer", "", "only alerts of this customer id")
	cmd.Flags().StringVar(&entity, "entity", "", "only alerts on this entity id")
	cmd.Flags().IntVar(&limit, "limit", 100, "at most this many (0: all)")
	jsonFlag(cmd, &jsonOut)
	cmd.Flags().BoolVar(&csvOut, "csv", false, "print CSV")
	cmd.MarkFlagsMutuallyExclusive("json", "csv")
	addCommands(cmd, m.alertsShowCommand(), m.alertsDecideCommand())
	return cmd
}

// printAlerts prints alerts as a table.
func printAlerts(w io.Writer, alerts []*embargo.Alert) error {
	return printTable(w, []string{"ID", "STATUS", "CUSTOMER", "ENTITY", "SCORE", "SNAPSHOT", "CREATED"}, alerts, func(a *embargo.Alert) []any {
		return []any{a.ID, a.Status, a.Customer.List + "/" + a.Customer.ID + " " + a.Customer.Name,
			a.EntityID + " " + a.Match.Name, fmt.Sprintf("%.3f", a.Score), a.SnapshotID, a.CreatedAt}
	})
}

func (m *Main) alertsShowCommand() *cobra.Command {
	var id int64
	return resultCommand(m, &cobra.Command{
		Use:   "show ID",
		Short: "Show an alert: the match, its explanation and the decisions on it",
		Args:  oneID(&id, positive("alert id")),
	}, false, func(ctx context.Context, store embargo.Database, _ []string) (*monitor.AlertDecisions, error) {
		return monitor.FindAlertDecisions(ctx, store, id)
	}, printAlert)
}

// printAlert prints an alert and the decisions on it as text.
func printAlert(w io.Writer, v *monitor.AlertDecisions) error {
	a := v.Alert
	fmt.Fprintf(w, "alert %d (%s), raised %s by %s (%s)\n", a.ID, a.Status, a.CreatedAt.Format(time.RFC3339), a.SnapshotID, a.Cause)
	fmt.Fprintf(w, "customer: %s/%s %s\n", a.Customer.List, a.Customer.ID, a.Customer.Name)
	fmt.Fprintf(w, "entity:   %s %s (matched %q)\n", a.EntityID, a.Match.Name, a.Match.MatchedName)
	fmt.Fprintf(w, "score:    %.3f\n", a.Score)
	if a.Match.Explanation != nil {
		fmt.Fprintf(w, "why:      %s\n", a.Match.Explanation.Summary)
	}
	for _, d := range v.Decisions {
		fmt.Fprintf(w, "%s  %s by %s: %s\n", d.CreatedAt.Format(time.RFC3339), d.Status, d.By, d.Note)
	}
	return nil
}

func (m *Main) alertsDecideCommand() *cobra.Command {
	var id int64
	var status, note, by string
	var st embargo.AlertStatus
	var jsonOut bool
	cmd := m.storeCommand(&cobra.Command{
		Use:   "decide ID --status true_match|false_positive|needs_review --note TEXT [--by NAME]",
		Short: "Record an analyst's decision on an alert",
		Long: `Record a decision on an alert. Decisions are kept forever; a later one on the
same alert is added to them. A false positive (or a true match) is not raised
again for the same customer and entity until either of them changes.`,
		Args: oneID(&id, positive("alert id")),
		PreRunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if st, err = embargo.ParseAlertStatus(status); err != nil {
				return &usageError{err}
			}
			if by == "" {
				by = m.Getenv("USER")
			}
			return nil
		},
	}, false, func(ctx context.Context, store embargo.Database, _ []string) error {
		d := &embargo.Decision{AlertID: id, Status: st, Note: note, By: by}
		a, err := store.DecideAlert(ctx, d)
		if err != nil {
			return err
		}
		if jsonOut {
			return writeJSON(m.Stdout, d)
		}
		fmt.Fprintf(m.Stdout, "alert %d: %s (decision %d by %s)\n", a.ID, a.Status, d.ID, d.By)
		return nil
	})
	cmd.Flags().StringVar(&status, "status", "", "true_match, false_positive or needs_review (required)")
	cmd.Flags().StringVar(&note, "note", "", "why (required)")
	cmd.Flags().StringVar(&by, "by", "", "who decides (default $USER)")
	jsonFlag(cmd, &jsonOut)
	return cmd
}
