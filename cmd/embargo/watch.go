package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/monitor"
)

// callerName names the user of the command line in the audit log.
func (m *Main) callerName() string {
	if u := m.Getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

// callerContext returns ctx carrying the command-line user as the caller.
func (m *Main) callerContext(ctx context.Context) context.Context {
	return embargo.NewContextWithCaller(ctx, embargo.Caller{Name: m.callerName()})
}

// auditEngine makes the engine record its screenings in the database's
// audit log, in the name of the command-line user.
func (m *Main) auditEngine(eng *engine.Engine, db embargo.Database) {
	eng.Audit, eng.DefaultCaller = db, m.callerName()
}

// monitorService returns the monitoring service over db; screener, when
// not nil, screens customers as they are saved.
func (m *Main) monitorService(db embargo.Database, screener embargo.Screener, logger *slog.Logger) *monitor.Service {
	return monitor.New(db, screener, m.privateWebhooks(), logger)
}

// screeningMonitor returns the monitoring service over db with a loaded
// screening engine, so that customers saved are screened against every
// list.
func (m *Main) screeningMonitor(ctx context.Context, db embargo.Database) (*monitor.Service, *engine.Engine, error) {
	eng := engine.New(db)
	eng.Logger = discardLogger()
	m.auditEngine(eng, db)
	if err := eng.Load(ctx); err != nil {
		return nil, nil, err
	}
	return m.monitorService(db, eng, eng.Logger), eng, nil
}

// importer returns the import workflow of a command: the lists go into
// db, then the watchlists are re-screened against what changed.
func (m *Main) importer(db embargo.Database) *ingest.Importer {
	return &ingest.Importer{Store: db, Observers: []embargo.ImportObserver{
		cliMonitor{m, m.monitorService(db, nil, discardLogger())},
	}}
}

// cliMonitor re-screens the watchlists after a command's imports and says
// on stderr what that raised.
type cliMonitor struct {
	m   *Main
	svc *monitor.Service
}

func (c cliMonitor) OnImport(ctx context.Context, created []*embargo.ImportResult) error {
	out, err := c.svc.CatchUpImports(c.m.callerContext(ctx), created)
	if err != nil {
		return fmt.Errorf("re-screening the watchlists failed (it catches up at the next import, or run 'embargo watch rescreen'): %w", err)
	}
	c.m.reportMonitoring(out)
	return nil
}

// reportMonitoring says on stderr what monitoring raised, if anything.
func (m *Main) reportMonitoring(out *monitor.Result) {
	if len(out.Alerts) > 0 {
		fmt.Fprintf(m.Stderr, "embargo: %d new alert(s) for watched customers; see 'embargo alerts --status open'\n", len(out.Alerts))
	}
	if out.Failed > 0 {
		fmt.Fprintf(m.Stderr, "embargo: %d webhook delivery(ies) failed; see 'embargo webhooks deliveries'\n", out.Failed)
	}
}

func (m *Main) watchCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Watchlists: customers re-screened whenever a list changes",
		Long: `Watchlists hold the customers to monitor. Each customer is screened against
every list when it is added or changed, and re-screened against what every
later import adds or changes. Matches become alerts ('embargo alerts').`,
	}
	cmd.AddCommand(m.watchAddCommand(), m.watchListCommand(), m.watchShowCommand(), m.watchRemoveCommand(),
		m.watchHistoryCommand(), m.watchRescreenCommand())
	for _, c := range cmd.Commands() {
		c.Args = wrapArgs(c.Args)
	}
	return cmd
}

func (m *Main) watchAddCommand() *cobra.Command {
	var list string
	var noScreen, jsonOut bool
	cmd := &cobra.Command{
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
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := m.callerContext(cmd.Context())
			if list == "" {
				return &usageError{fmt.Errorf("--list is required")}
			}
			var r io.Reader = m.Stdin
			name := "stdin"
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return embargo.Errorf(embargo.EINVALID, "%s: %v", args[0], unwrapErr(err))
				}
				defer f.Close()
				r, name = f, args[0]
			}
			customers, err := monitor.ReadCustomers(r, name, list)
			if err != nil {
				return err
			}
			store, err := m.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer store.Close()
			svc := m.monitorService(store, nil, discardLogger())
			if !noScreen {
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
		},
	}
	cmd.Flags().StringVar(&list, "list", "", "watchlist name (required)")
	cmd.Flags().BoolVar(&noScreen, "no-screen", false, "do not screen the customers now, only against later list changes")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func (m *Main) watchListCommand() *cobra.Command {
	var list string
	var limit, offset int
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "list [--list LIST]",
		Short: "List the watchlists, or the customers of one",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			store, err := m.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer store.Close()
			if list == "" {
				lists, err := store.Watchlists(ctx)
				if err != nil {
					return err
				}
				if jsonOut {
					return writeJSON(m.Stdout, lists)
				}
				tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "LIST\tCUSTOMERS\t")
				for _, l := range lists {
					fmt.Fprintf(tw, "%s\t%d\t\n", l.Name, l.Customers)
				}
				return tw.Flush()
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
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tTYPE\tDOB\tCOUNTRY\tUPDATED\t")
			for _, c := range cs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", c.ID, c.Name, c.Schema, c.BirthDate, c.Country, c.UpdatedAt.Format(time.RFC3339))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(cs) < n {
				fmt.Fprintf(m.Stdout, "(%d of %d; --offset and --limit page)\n", len(cs), n)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&list, "list", "", "list the customers of this watchlist")
	cmd.Flags().IntVar(&limit, "limit", 100, "customers per page (0: all)")
	cmd.Flags().IntVar(&offset, "offset", 0, "customers to skip")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func (m *Main) watchShowCommand() *cobra.Command {
	var list string
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "show --list LIST ID",
		Short: "Show a customer and its alerts",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if list == "" {
				return &usageError{fmt.Errorf("--list is required")}
			}
			store, err := m.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer store.Close()
			c, err := store.FindCustomer(ctx, list, args[0])
			if err != nil {
				return err
			}
			alerts, _, err := store.FindAlerts(ctx, embargo.AlertFilter{List: &list, CustomerID: &c.ID})
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(m.Stdout, struct {
					*embargo.Customer
					Alerts []*embargo.Alert `json:"alerts"`
				}{c, alerts})
			}
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
		},
	}
	cmd.Flags().StringVar(&list, "list", "", "watchlist name (required)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func (m *Main) watchRemoveCommand() *cobra.Command {
	var list string
	cmd := &cobra.Command{
		Use:   "remove --list LIST ID...",
		Short: "Remove customers from a watchlist (their history stays)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if list == "" {
				return &usageError{fmt.Errorf("--list is required")}
			}
			store, err := m.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer store.Close()
			for _, id := range args {
				if err := store.RemoveCustomer(ctx, list, id); err != nil {
					return err
				}
				fmt.Fprintf(m.Stdout, "removed %s/%s\n", list, id)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&list, "list", "", "watchlist name (required)")
	return cmd
}

func (m *Main) watchHistoryCommand() *cobra.Command {
	var list string
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "history --list LIST ID",
		Short: "Show a customer's timeline: screenings, re-screenings, alerts, decisions",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if list == "" {
				return &usageError{fmt.Errorf("--list is required")}
			}
			store, err := m.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer store.Close()
			svc := m.monitorService(store, nil, discardLogger())
			tl, err := svc.Timeline(ctx, list, args[0])
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
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			for _, ev := range tl.Events {
				fmt.Fprintf(tw, "%s\t%s\t%s\t\n", ev.Time.Format(time.RFC3339), ev.Kind, ev.Summary)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&list, "list", "", "watchlist name (required)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func (m *Main) watchRescreenCommand() *cobra.Command {
	var sources string
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "rescreen [--source NAME,...]",
		Short: "Re-screen the watchlists against list changes not screened yet",
		Long: `Re-screen the watchlists against every snapshot not screened yet (imports
do it themselves; this catches up after a failure), then post pending alerts
to the webhooks.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := m.callerContext(cmd.Context())
			store, err := m.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer store.Close()
			svc := m.monitorService(store, nil, discardLogger())
			var names []string
			if sources != "" {
				names = strings.Split(sources, ",")
			} else if names, err = store.Sources(ctx); err != nil {
				return err
			}
			all := &monitor.Result{Alerts: []*embargo.Alert{}}
			for _, src := range names {
				out, err := svc.CatchUp(ctx, strings.TrimSpace(src))
				if err != nil {
					return err
				}
				all.Runs = append(all.Runs, out.Runs...)
				all.Alerts = append(all.Alerts, out.Alerts...)
				all.Delivered += out.Delivered
				all.Failed += out.Failed
			}
			if jsonOut {
				return writeJSON(m.Stdout, all)
			}
			fmt.Fprintf(m.Stdout, "%d snapshot(s) screened, %d new alert(s), %d webhook delivery(ies)\n", len(all.Runs), len(all.Alerts), all.Delivered)
			if len(all.Alerts) > 0 {
				return printAlerts(m.Stdout, all.Alerts)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&sources, "source", "", "comma-separated sources (default: all)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}
