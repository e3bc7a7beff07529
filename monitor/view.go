package monitor

import (
	"context"

	"github.com/embargo-dev/embargo"
)

// CustomerAlerts is a watched customer with the alerts raised for it, as
// the API (GET /api/v1/watchlists/{list}/customers/{id}) and
// `embargo watch show --json` give it.
type CustomerAlerts struct {
	*embargo.Customer
	Alerts []*embargo.Alert `json:"alerts"`
}

// FindCustomerAlerts returns list's customer id with its alerts.
func FindCustomerAlerts(ctx context.Context, watch embargo.WatchlistService, alerts embargo.AlertService, list, id string) (*CustomerAlerts, error) {
	c, err := watch.FindCustomer(ctx, list, id)
	if err != nil {
		return nil, err
	}
	as, _, err := alerts.FindAlerts(ctx, embargo.AlertFilter{List: &list, CustomerID: &c.ID})
	if err != nil {
		return nil, err
	}
	return &CustomerAlerts{Customer: c, Alerts: as}, nil
}

// AlertDecisions is an alert with the decisions on it, oldest first, as the
// API (GET /api/v1/alerts/{id}) and `embargo alerts show --json` give it.
type AlertDecisions struct {
	*embargo.Alert
	Decisions []*embargo.Decision `json:"decisions"`
}

// FindAlertDecisions returns alert id with the decisions on it.
func FindAlertDecisions(ctx context.Context, alerts embargo.AlertService, id int64) (*AlertDecisions, error) {
	a, err := alerts.FindAlertByID(ctx, id)
	if err != nil {
		return nil, err
	}
	ds, err := alerts.FindDecisions(ctx, id, "", "")
	if err != nil {
		return nil, err
	}
	return &AlertDecisions{Alert: a, Decisions: ds}, nil
}
