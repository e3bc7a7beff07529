package http

import (
	"fmt"
	"html/template"
	nethttp "net/http"
	"net/url"
	"strconv"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// monitorPages are the monitoring pages of the UI; each is
// html/NAME.tmpl in the layout.
var monitorPages = []string{"monitor_watchlists", "monitor_alerts", "monitor_customer", "audit_log"}

// customerURL is the UI page of a watched customer.
func customerURL(list, id string) string {
	return "/watchlists/" + url.PathEscape(list) + "/customers/" + url.PathEscape(id)
}

// parseMonitorPages parses the monitoring pages into the server's
// templates (their routes are in registerRoutes).
func (s *Server) parseMonitorPages() error {
	for _, name := range monitorPages {
		t, err := template.New(name).Funcs(templateFuncs).Funcs(template.FuncMap{"customerURL": customerURL}).
			ParseFS(htmlFS, "html/layout.tmpl", "html/"+name+".tmpl")
		if err != nil {
			return fmt.Errorf("parse template %s: %w", name, err)
		}
		s.pages.tmpl[name] = t
	}
	return nil
}

// watchlistsPage is the data of the watchlists page.
type watchlistsPage struct {
	// Upload is the outcome of a customer upload, when one was posted.
	Upload *uploadResult
	// CanWrite is set for keys that may upload and decide (analyst).
	CanWrite  bool
	Lists     []*embargo.Watchlist
	List      string
	Total     int
	Customers []*embargo.Customer
	Offset    int
	// Prev and Next are the offsets of the neighbouring pages ("" for none).
	Prev, Next string
}

// handleWatchlistsPage serves GET /watchlists[?list=&offset=]: the
// watchlists, and a page of one's customers.
func (s *Server) handleWatchlistsPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	d, err := s.watchlistsData(r, r.URL.Query().Get("list"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.render(w, r, nethttp.StatusOK, "monitor_watchlists", "Watchlists", "watchlists", d)
}

// watchlistsData gathers the watchlists and a page of list's customers.
func (s *Server) watchlistsData(r *nethttp.Request, list string) (*watchlistsPage, error) {
	var err error
	d := &watchlistsPage{List: list, CanWrite: canWrite(r)}
	if d.Lists, err = s.Watchlists.Watchlists(r.Context()); err != nil {
		return nil, err
	}
	if d.List != "" {
		var limit int
		if d.Offset, limit, err = pageParams(r.URL.Query()); err != nil {
			return nil, err
		}
		if d.Customers, d.Total, err = s.Watchlists.FindCustomers(r.Context(), embargo.CustomerFilter{List: &d.List, Offset: d.Offset, Limit: limit}); err != nil {
			return nil, err
		}
		if d.Offset > 0 {
			d.Prev = strconv.Itoa(max(0, d.Offset-limit))
		}
		if d.Offset+limit < d.Total {
			d.Next = strconv.Itoa(d.Offset + limit)
		}
	}
	return d, nil
}

// canWrite reports whether the request's key may upload customers and
// decide alerts.
func canWrite(r *nethttp.Request) bool {
	k := keyFromContext(r.Context())
	return k != nil && k.Role.Allows(embargo.RoleAnalyst)
}

// handleCustomerPage serves GET /watchlists/{list}/customers/{id}: a
// customer and its evidence.
func (s *Server) handleCustomerPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	tl, err := s.Monitor.Timeline(r.Context(), r.PathValue("list"), r.PathValue("id"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.render(w, r, nethttp.StatusOK, "monitor_customer", tl.Customer.Name, "watchlists", tl)
}

// alertsPage is the data of the alerts page.
type alertsPage struct {
	// CanWrite is set for keys that may decide (analyst); Back is this
	// page's address, to return to after a decision.
	CanWrite bool
	Back     string
	Statuses []string
	Status   string
	Total    int
	Alerts   []*embargo.Alert
}

// handleAlertsPage serves GET /alerts[?status=][&format=csv]: the latest
// alerts, or all of them (with the status) as CSV.
func (s *Server) handleAlertsPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	var err error
	d := &alertsPage{Statuses: []string{"", "open", "needs_review", "true_match", "false_positive"}, CanWrite: canWrite(r), Back: r.URL.RequestURI()}
	f := embargo.AlertFilter{Limit: defaultPage}
	if st := r.URL.Query().Get("status"); st != "" {
		status, err := embargo.ParseAlertStatus(st)
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		f.Status, d.Status = &status, string(status)
	}
	csv := wantCSV(r)
	if csv {
		f.Limit = 0
	}
	if d.Alerts, d.Total, err = s.Alerts.FindAlerts(r.Context(), f); err != nil {
		s.uiError(w, r, err)
		return
	}
	if csv {
		s.writeCSV(w, r, "alerts", func(cw *export.Writer) error { return export.Alerts(cw, d.Alerts) })
		return
	}
	s.render(w, r, nethttp.StatusOK, "monitor_alerts", "Alerts", "alerts", d)
}
