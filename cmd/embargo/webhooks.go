package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/monitor"
)

// webhooksHelp is the help of embargo webhooks.
var webhooksHelp = `New alerts are posted as JSON ({"event": "alert.created", "delivery", "alert"})
to every webhook, signed in the header ` + monitor.SignatureHeader + `: sha256=HEX, the
HMAC-SHA256 of the body keyed with the webhook's secret. A failed delivery is
retried with exponential backoff, ` + strconv.Itoa(monitor.DefaultMaxAttempts) + ` attempts at most; every attempt
is recorded ('embargo webhooks deliveries').`

func (m *Main) webhooksAddCommand() *cobra.Command {
	var secret string
	cmd := resultCommand(m, &cobra.Command{
		Use:   "add URL --secret SECRET",
		Short: "Add a webhook",
		Args:  cobra.ExactArgs(1),
		PreRunE: func(cmd *cobra.Command, args []string) error {
			if secret == "" {
				secret = m.Getenv("EMBARGO_WEBHOOK_SECRET")
			}
			if secret == "" {
				return &usageError{fmt.Errorf("--secret is required (or set EMBARGO_WEBHOOK_SECRET)")}
			}
			return nil
		},
	}, true, func(ctx context.Context, store embargo.Database, args []string) (*embargo.Webhook, error) {
		if err := monitor.CheckWebhookURL(ctx, args[0], m.privateWebhooks()); err != nil {
			return nil, err
		}
		w := &embargo.Webhook{URL: args[0], Secret: secret}
		if err := store.CreateWebhook(ctx, w); err != nil {
			return nil, err
		}
		w.URL = monitor.RedactURL(w.URL)
		return w, nil
	}, func(out io.Writer, w *embargo.Webhook) error {
		_, err := fmt.Fprintf(out, "webhook %d: %s\n", w.ID, w.URL)
		return err
	})
	cmd.Flags().StringVar(&secret, "secret", "", "shared secret the deliveries are signed with (default $EMBARGO_WEBHOOK_SECRET)")
	return cmd
}

func (m *Main) webhooksListCommand() *cobra.Command {
	return listCommand(m, "list", "List the webhooks",
		func(ctx context.Context, store embargo.Database) ([]*embargo.Webhook, error) {
			hooks, err := store.FindWebhooks(ctx)
			// A URL's password is a credential: listings do not show it.
			for _, w := range hooks {
				w.URL = monitor.RedactURL(w.URL)
			}
			return hooks, err
		},
		[]string{"ID", "URL", "CREATED"}, func(w *embargo.Webhook) []any {
			return []any{w.ID, w.URL, w.CreatedAt}
		})
}

func (m *Main) webhooksRemoveCommand() *cobra.Command {
	return m.idCommand("remove ID", "Remove a webhook (its delivery records stay)", number("webhook id %q: want a number"),
		func(ctx context.Context, store embargo.Database, id int64) error { return store.DeleteWebhook(ctx, id) }, "webhook %d removed\n")
}

func (m *Main) webhooksDeliveriesCommand() *cobra.Command {
	var webhook int64
	var limit int
	cmd := listCommand(m, "deliveries [--webhook ID]", "List delivery attempts, oldest first",
		func(ctx context.Context, store embargo.Database) ([]*embargo.WebhookDelivery, error) {
			return store.FindDeliveries(ctx, webhook, limit)
		},
		[]string{"TIME", "WEBHOOK", "ALERT", "ATTEMPT", "RESULT", "MS"}, func(d *embargo.WebhookDelivery) []any {
			result := "ok"
			if !d.OK {
				result = "failed: " + d.Error
			}
			return []any{d.CreatedAt, d.WebhookID, d.AlertID, d.Attempt, result, fmt.Sprintf("%.0f", d.Duration)}
		})
	cmd.Flags().Int64Var(&webhook, "webhook", 0, "only this webhook's deliveries")
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many (0: all)")
	return cmd
}

func (m *Main) webhooksDeliverCommand() *cobra.Command {
	return m.storeCommand(&cobra.Command{
		Use:   "deliver",
		Short: "Post the alerts the webhooks have not received yet",
		Args:  cobra.NoArgs,
	}, false, func(ctx context.Context, store embargo.Database, _ []string) error {
		n := monitor.NewNotifier(store, m.privateWebhooks())
		n.Logger = discardLogger()
		ok, failed, err := n.Flush(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%d delivered, %d failed\n", ok, failed)
		return nil
	})
}
