package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/monitor"
)

// watchHelp is the help of embargo watch.
const watchHelp = `Watchlists hold the customers to monitor. Each customer is screened against
every list when it is added or changed, and re-screened against what every
later import adds or changes. Matches become alerts ('embargo alerts').`

func (m *Main) watchAddCommand() *cobra.Command {
	var list string
	var noScreen, jsonOut bool
	var customers []*embargo.Customer
	cmd := m.storeCommand(&cobra.Command{
		Use:   "add --list LIST FILE|-",
		Short: "Add or update customers from a CSV or JSON lines file",
		Long: `Add customers to a watchlist, or update those whose id is in it already.
FILE is CSV with a header (id,name,type,dob,country[,identifiers]; id and name
required; identifiers as TYPE:VALUE[:COUNTRY] separated by ";") or JSON lines
with the same keys ("identifiers": [{"type", "value", "country"}]).

Customers added or changed are screened against every list at once (unless
--no-screen, for a first bulk load: they are then screened only against later
list changes), and matches become alerts.`,
		Args: cobra.ExactArgs(1),
		PreRunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlag("list", list); err != nil {
				return err
			}
			r, name, err := m.openInput(args[0])
			if err != nil {
				return err
			}
			defer r.Close()
			customers, err = monitor.ReadCustomers(r, name, list)
			return err
		},
	}, true, func(ctx context.Context, store embargo.Database, _ []string) error {
		ctx = m.callerContext(ctx)
		svc := m.monitorService(store, nil, discardLogger())
		if !noScreen {
			var err error
			if svc, _, err = m.screeningMonitor(ctx, store); err != nil {
				return err
			}
		}
		res, err := svc.SaveCustomers(ctx, customers)
		if err != nil {
			return err
		}
		if jsonOut {
			return writeJSON(m.Stdout, struct {
				List string `json:"list"`
				*monitor.WatchResult
			}{list, res})
		}
		fmt.Fprintf(m.Stdout, "%s: %d added, %d updated, %d unchanged; %d alert(s)\n", list, res.Added, res.Updated, res.Unchanged, len(res.Alerts))
		if len(res.Alerts) > 0 {
			return printAlerts(m.Stdout, res.Alerts)
		}
		return nil
	})
	cmd.Flags().StringVar(&list, "list", "", "watchlist name (required)")
	cmd.Flags().BoolVar(&noScreen, "no-screen", false, "do not screen the customers now, only against later list changes")
	jsonFlag(cmd, &jsonOut)
	return cmd
}

func (m *Main) watchListCommand() *cobra.Command {
	var list string
	var limit, offset int
	var jsonOut bool
	cmd := m.storeCommand(&cobra.Command{
		Use:   "list [--list LIST]",
		Short: "List the watchlists, or the customers of one",
		Args:  cobra.NoArgs,
	}, false, func(ctx context.Context, store embargo.Database, _ []string) error {
		if list == "" {
			lists, err := store.Watchlists(ctx)
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(m.Stdout, lists)
			}
			return printTable(m.Stdout, []string{"LIST", "CUSTOMERS"}, lists, func(l *embargo.Watchlist) []any {
				return []any{l.Name, l.Customers}
			})
		}
		cs, n, err := store.FindCustomers(ctx, embargo.CustomerFilter{List: &list, Limit: limit, Offset: offset})
		if err != nil {
			return err
		}
		if jsonOut {
			return writeJSON(m.Stdout, struct {
				List      string              `json:"list"`
				Total     int                 `json:"total"`
				Customers []*embargo.Customer `json:"customers"`
			}{list, n, cs})
		}
		err = printTable(m.Stdout, []string{"ID", "NAME", "TYPE", "DOB", "COUNTRY", "UPDATED"}, cs, func(c *embargo.Customer) []any {
			return []any{c.ID, c.Name, c.Schema, c.BirthDate, c.Country, c.UpdatedAt}
		})
		if err != nil {
			return err
		}
		if len(cs) < n {
			fmt.Fprintf(m.Stdout, "(%d of %d; --offset and --limit page)\n", len(cs), n)
		}
		return nil
	})
	cmd.Flags().StringVar(&list, "list", "", "list the customers of this watchlist")
	cmd.Flags().IntVar(&limit, "limit", 100, "customers per page (0: all)")
	cmd.Flags().IntVar(&offset, "offset", 0, "customers to skip")
	jsonFlag(cmd, &jsonOut)
	return cmd
}

// customerCommand is a watch subcommand on customers of one watchlist: it
// takes the watchlist as --list (required) and runs with the database open.
func (m *Main) customerCommand(use, short string, args cobra.PositionalArgs, run func(ctx context.Context, store embargo.Database, list string, ids []string) error) *cobra.Command {
	var list string
	cmd := m.storeCommand(&cobra.Command{
		Use:     use,
		Short:   short,
		Args:    args,
		PreRunE: func(cmd *cobra.Command, _ []string) error { return requireFlag("list", list) },
	}, false, func(ctx context.Context, store embargo.Database, ids []string) error {
		return run(ctx, store, list, ids)
	})
	cmd.Flags().StringVar(&list, "list", "", "watchlist name (required)")
	return cmd
}

func (m *Main) watchShowCommand() *cobra.Command {
	var jsonOut bool
	cmd := m.customerCommand("show --list LIST ID", "Show a customer and its alerts", cobra.ExactArgs(1),
		func(ctx context.Context, store embargo.Database, list string, ids []string) error {
			v, err := monitor.FindCustomerAlerts(ctx, store, store, list, ids[0])
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(m.Stdout, v)
			}
			c, alerts := v.Customer, v.Alerts
			fmt.Fprintf(m.Stdout, "%s/%s  %s\n", c.List, c.ID, c.Name)
			for _, kv := range [][2]string{{"type", string(c.Schema)}, {"dob", c.BirthDate}, {"country", c.Country}} {
				if kv[1] != "" {
					fmt.Fprintf(m.Stdout, "%s: %s\n", kv[0], kv[1])
				}
			}
			for _, id := range c.Identifiers {
				fmt.Fprintf(m.Stdout, "identifier: %s %s %s\n", id.Type, id.Value, id.Country)
			}
			fmt.Fprintf(m.Stdout, "added %s, updated %s (rev %d)\n", c.CreatedAt.Format(time.RFC3339), c.UpdatedAt.Format(time.RFC3339), c.Rev)
			if len(alerts) == 0 {
				fmt.Fprintln(m.Stdout, "no alerts")
				return nil
			}
			fmt.Fprintln(m.Stdout)
			return printAlerts(m.Stdout, alerts)
		})
	jsonFlag(cmd, &jsonOut)
	return cmd
}

func (m *Main) watchRemoveCommand() *cobra.Command {
	return m.customerCommand("remove --list LIST ID...", "Remove customers from a watchlist (their history stays)", cobra.MinimumNArgs(1),
		func(ctx context.Context, store embargo.Database, list string, ids []string) error {
			for _, id := range ids {
				if err := store.RemoveCustomer(ctx, list, id); err != nil {
					return err
				}
				fmt.Fprintf(m.Stdout, "removed %s/%s\n", list, id)
			}
			return nil
		})
}

func (m *Main) watchHistoryCommand() *cobra.Command {
	var jsonOut bool
	cmd := m.customerCommand("history --list LIST ID", "Show a customer's timeline: screenings, re-screenings, alerts, decisions", cobra.ExactArgs(1),
		func(ctx context.Context, store embargo.Database, list string, ids []string) error {
			tl, err := m.monitorService(store, nil, discardLogger()).Timeline(ctx, list, ids[0])
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(m.Stdout, tl)
			}
			status := "watched"
			if tl.Current == nil {
				status = "removed"
			}
			fmt.Fprintf(m.Stdout, "%s/%s  %s (%s)\n\n", tl.Customer.List, tl.Customer.ID, tl.Customer.Name, status)
			return printTable(m.Stdout, nil, tl.Events, func(ev monitor.TimelineEvent) []any {
				return []any{ev.Time, ev.Kind, ev.Summary}
			})
		})
	jsonFlag(cmd, &jsonOut)
	return cmd
}

func (m *Main) watchRescreenCommand() *cobra.Command {
	var sources string
	cmd := resultCommand(m, &cobra.Command{
		Use:   "rescreen [--source NAME,...]",
		Short: "Re-screen the watchlists against list changes not screened yet",
		Long: `Re-screen the watchlists against every snapshot not screened yet (imports
do it themselves; this catches up after a failure), then post pending alerts
to the webhooks.`,
		Args: cobra.NoArgs,
	}, false, func(ctx context.Context, store embargo.Database, _ []string) (*monitor.Result, error) {
		ctx = m.callerContext(ctx)
		svc := m.monitorService(store, nil, discardLogger())
		var names []string
		var err error
		if sources != "" {
			names = strings.Split(sources, ",")
		} else if names, err = store.Sources(ctx); err != nil {
			return nil, err
		}
		all := &monitor.Result{Alerts: []*embargo.Alert{}}
		for _, src := range names {
			out, err := svc.CatchUp(ctx, strings.TrimSpace(src))
			if err != nil {
				return nil, err
			}
			all.Runs = append(all.Runs, out.Runs...)
			all.Alerts = append(all.Alerts, out.Alerts...)
			all.Delivered += out.Delivered
			all.Failed += out.Failed
		}
		return all, nil
	}, func(w io.Writer, all *monitor.Result) error {
		fmt.Fprintf(w, "%d snapshot(s) screened, %d new alert(s), %d webhook delivery(ies)\n", len(all.Runs), len(all.Alerts), all.Delivered)
		if len(all.Alerts) > 0 {
			return printAlerts(w, all.Alerts)
		}
		return nil
	})
	cmd.Flags().StringVar(&sources, "source", "", "comma-separated sources (default: all)")
	return cmd
}
