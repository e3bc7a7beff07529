package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/monitor"
)

func (m *Main) webhooksCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhooks",
		Short: "Endpoints that new alerts are posted to",
		Long: `New alerts are posted as JSON ({"event": "alert.created", "delivery", "alert"})
to every webhook, signed in the header ` + monitor.SignatureHeader + `: sha256=HEX, the
HMAC-SHA256 of the body keyed with the webhook's secret. A failed delivery is
retried with exponential backoff, ` + strconv.Itoa(monitor.DefaultMaxAttempts) + ` attempts at most; every attempt
is recorded ('embargo webhooks deliveries').`,
	}
	cmd.AddCommand(m.webhooksAddCommand(), m.webhooksListCommand(), m.webhooksRemoveCommand(),
		m.webhooksDeliveriesCommand(), m.webhooksDeliverCommand())
	for _, c := range cmd.Commands() {
		c.Args = wrapArgs(c.Args)
	}
	return cmd
}

func (m *Main) webhooksAddCommand() *cobra.Command {
	var secret string
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "add URL --secret SECRET",
		Short: "Add a webhook",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if secret == "" {
				secret = m.Getenv("EMBARGO_WEBHOOK_SECRET")
			}
			if secret == "" {
				return &usageError{fmt.Errorf("--secret is required (or set EMBARGO_WEBHOOK_SECRET)")}
			}
			store, err := m.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			if err := monitor.CheckWebhookURL(cmd.Context(), args[0], m.privateWebhooks()); err != nil {
				return err
			}
			w := &embargo.Webhook{URL: args[0], Secret: secret}
			if err := store.CreateWebhook(cmd.Context(), w); err != nil {
				return err
			}
			w.URL = monitor.RedactURL(w.URL)
			if jsonOut {
				return writeJSON(m.Stdout, w)
			}
			fmt.Fprintf(m.Stdout, "webhook %d: %s\n", w.ID, w.URL)
			return nil
		},
	}
	cmd.Flags().StringVar(&secret, "secret", "", "shared secret the deliveries are signed with (default $EMBARGO_WEBHOOK_SECRET)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func (m *Main) webhooksListCommand() *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the webhooks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := m.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			hooks, err := store.FindWebhooks(cmd.Context())
			if err != nil {
				return err
			}
			// A URL's password is a credential: listings do not show it.
			for _, w := range hooks {
				w.URL = monitor.RedactURL(w.URL)
			}
			if jsonOut {
				return writeJSON(m.Stdout, hooks)
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tURL\tCREATED\t")
			for _, w := range hooks {
				fmt.Fprintf(tw, "%d\t%s\t%s\t\n", w.ID, w.URL, w.CreatedAt.Format(time.RFC3339))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func (m *Main) webhooksRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Remove a webhook (its delivery records stay)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return &usageError{fmt.Errorf("webhook id %q: want a number", args[0])}
			}
			store, err := m.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			if err := store.DeleteWebhook(cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "webhook %d removed\n", id)
			return nil
		},
	}
}

func (m *Main) webhooksDeliveriesCommand() *cobra.Command {
	var webhook int64
	var limit int
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "deliveries [--webhook ID]",
		Short: "List delivery attempts, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := m.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			ds, err := store.FindDeliveries(cmd.Context(), webhook, limit)
			if err != nil {
				return err
			}
			if jsonOut {
				return writeJSON(m.Stdout, ds)
			}
			tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "TIME\tWEBHOOK\tALERT\tATTEMPT\tRESULT\tMS\t")
			for _, d := range ds {
				result := "ok"
				if !d.OK {
					result = "failed: " + d.Error
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%.0f\t\n", d.CreatedAt.Format(time.RFC3339), d.WebhookID, d.AlertID, d.Attempt, result, d.Duration)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().Int64Var(&webhook, "webhook", 0, "only this webhook's deliveries")
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many (0: all)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func (m *Main) webhooksDeliverCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "deliver",
		Short: "Post the alerts the webhooks have not received yet",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := m.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			n := monitor.NewNotifier(store, m.privateWebhooks())
			n.Logger = discardLogger()
			ok, failed, err := n.Flush(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "%d delivered, %d failed\n", ok, failed)
			return nil
		},
	}
}
