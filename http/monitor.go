package http

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"mime"
	nethttp "net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
	"github.com/embargo-dev/embargo/monitor"
)

// Paging of the monitoring lists.
const (
	defaultPage = 100
	maxPage     = 10000
)

// callerName names the API key of a request in the audit log and in
// decisions.
func callerName(ctx context.Context) string {
	if k := keyFromContext(ctx); k != nil {
		return keyCallerPrefix(k.ID) + k.Name + ")"
	}
	return "api"
}

// keyCallerPrefix begins the caller name of API key id: "api:key 3 (".
func keyCallerPrefix(id int64) string { return "api:key " + strconv.FormatInt(id, 10) + " (" }

// mayRerun allows key to rerun rec when key made rec, or is an admin's.
// Returns EFORBIDDEN otherwise.
func mayRerun(key *embargo.APIKey, rec *embargo.AuditRecord) error {
	if key != nil && key.Role.Allows(embargo.RoleAdmin) {
		return nil
	}
	if key != nil && strings.HasPrefix(rec.Caller, keyCallerPrefix(key.ID)) {
		return nil
	}
	return embargo.Errorf(embargo.EFORBIDDEN, "Audit record %d was made by another caller; only that caller or an admin may rerun it.", rec.ID)
}

// callerContext returns ctx carrying the request's caller for the audit log.
func callerContext(ctx context.Context) context.Context {
	return embargo.NewContextWithCaller(ctx, embargo.Caller{Name: callerName(ctx)})
}

// pageParams reads offset and limit parameters.
func pageParams(v url.Values) (offset, limit int, err error) {
	limit = defaultPage
	for _, p := range []struct {
		name string
		dst  *int
	}{{"offset", &offset}, {"limit", &limit}} {
		if s := v.Get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return 0, 0, embargo.Errorf(embargo.EINVALID, "%s %q: want a number from 0", p.name, s)
			}
			*p.dst = n
		}
	}
	if limit == 0 || limit > maxPage {
		return 0, 0, embargo.Errorf(embargo.EINVALID, "limit %d: want 1 to %d", limit, maxPage)
	}
	return offset, limit, nil
}

// handleWatchlists serves GET /api/v1/watchlists: every watchlist with its
// number of customers.
func (s *Server) handleWatchlists(w nethttp.ResponseWriter, r *nethttp.Request) error {
	lists, err := s.Watchlists.Watchlists(r.Context())
	return s.reply(w, r, lists, err)
}

// handleCustomers serves GET /api/v1/watchlists/{list}/customers?offset=&limit=:
// a page of the list's customers, by id, and their total.
func (s *Server) handleCustomers(w nethttp.ResponseWriter, r *nethttp.Request) error {
	offset, limit, err := pageParams(r.URL.Query())
	if err != nil {
		return err
	}
	list := r.PathValue("list")
	cs, n, err := s.Watchlists.FindCustomers(r.Context(), embargo.CustomerFilter{List: &list, Offset: offset, Limit: limit})
	if err != nil {
		return err
	}
	s.writeJSON(w, r, nethttp.StatusOK, struct {
		List      string              `json:"list"`
		Total     int                 `json:"total"`
		Customers []*embargo.Customer `json:"customers"`
	}{list, n, cs})
	return nil
}

// handleSaveCustomers serves POST /api/v1/watchlists/{list}/customers: adds
// customers, or updates those whose id is in the list. The body is a JSON
// array of customers (or one customer object: {"id", "name", "type", "dob",
// "country", "identifiers"}), or with Content-Type text/csv or
// application/x-ndjson a file as `embargo watch add` reads it. Customers
// added or changed are screened against every list; the answer counts what
// changed and holds the alerts raised.
func (s *Server) handleSaveCustomers(w nethttp.ResponseWriter, r *nethttp.Request) error {
	list := r.PathValue("list")
	customers, err := readCustomersBody(w, r, list, s.Config.MaxImportBytes)
	if err != nil {
		return err
	}
	res, err := s.Monitor.SaveCustomers(callerContext(r.Context()), customers)
	if err != nil {
		return err
	}
	status := nethttp.StatusOK
	if res.Added > 0 {
		status = nethttp.StatusCreated
	}
	s.writeJSON(w, r, status, struct {
		List string `json:"list"`
		*monitor.WatchResult
	}{list, res})
	return nil
}

// readCustomersBody reads the customers of a POST body.
func readCustomersBody(w nethttp.ResponseWriter, r *nethttp.Request, list string, limit int64) ([]*embargo.Customer, error) {
	body := nethttp.MaxBytesReader(w, r.Body, limit)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "text/csv", "application/x-ndjson", "application/jsonl", "application/json-lines":
		cs, err := monitor.ReadCustomers(body, "body", list)
		return cs, tooLarge(err, "request body")
	}
	data, err := readBody(body)
	if err != nil {
		return nil, err
	}
	// One object or an array of them; read through the file reader so
	// that the checks and messages are the same as for files.
	var raw []json.RawMessage
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		raw = []json.RawMessage{trimmed}
	} else if err := unmarshalJSON(data, &raw); err != nil {
		return nil, err
	}
	var lines bytes.Buffer
	for _, m := range raw {
		var compact bytes.Buffer
		if err := json.Compact(&compact, m); err != nil {
			return nil, embargo.Errorf(embargo.EINVALID, "invalid JSON: %v", err)
		}
		lines.Write(compact.Bytes())
		lines.WriteByte('\n')
	}
	cs, err := monitor.ReadCustomers(bufio.NewReader(&lines), "body", list)
	var pe *embargo.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		// Lines are the array's items here.
		return nil, embargo.Errorf(embargo.EINVALID, "customer %d: %s", pe.Line, pe.Msg)
	}
	return cs, err
}

// handleCustomer serves GET /api/v1/watchlists/{list}/customers/{id}: the
// customer and its alerts.
func (s *Server) handleCustomer(w nethttp.ResponseWriter, r *nethttp.Request) error {
	v, err := monitor.FindCustomerAlerts(r.Context(), s.Watchlists, s.Alerts, r.PathValue("list"), r.PathValue("id"))
	return s.reply(w, r, v, err)
}

// handleRemoveCustomer serves DELETE /api/v1/watchlists/{list}/customers/{id}:
// removes the customer from its list; its history stays.
func (s *Server) handleRemoveCustomer(w nethttp.ResponseWriter, r *nethttp.Request) error {
	if err := s.Watchlists.RemoveCustomer(r.Context(), r.PathValue("list"), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(nethttp.StatusNoContent)
	return nil
}

// handleCustomerTimeline serves GET /api/v1/watchlists/{list}/customers/{id}/timeline:
// the customer's evidence, oldest first: registration and changes,
// screenings, re-screenings, alerts and decisions.
func (s *Server) handleCustomerTimeline(w nethttp.ResponseWriter, r *nethttp.Request) error {
	tl, err := s.Monitor.Timeline(r.Context(), r.PathValue("list"), r.PathValue("id"))
	return s.reply(w, r, tl, err)
}

// handleAlerts serves GET /api/v1/alerts?status=&list=&customer=&entity=&offset=&limit=:
// alerts, newest first, and their total.
func (s *Server) handleAlerts(w nethttp.ResponseWriter, r *nethttp.Request) error {
	var err error
	v := r.URL.Query()
	var f embargo.AlertFilter
	if f.Offset, f.Limit, err = pageParams(v); err != nil {
		return err
	}
	if st := v.Get("status"); st != "" {
		status, err := embargo.ParseAlertStatus(st)
		if err != nil {
			return err
		}
		f.Status = &status
	}
	for _, p := range []struct {
		name string
		dst  **string
	}{{"list", &f.List}, {"customer", &f.CustomerID}, {"entity", &f.EntityID}} {
		if val := v.Get(p.name); val != "" {
			*p.dst = &val
		}
	}
	csv := wantCSV(r)
	if csv && v.Get("limit") == "" {
		f.Limit = 0 // an export has every alert the filter selects
	}
	alerts, n, err := s.Alerts.FindAlerts(r.Context(), f)
	if err != nil {
		return err
	}
	if csv {
		s.writeCSV(w, r, "alerts", func(cw *export.Writer) error { return export.Alerts(cw, alerts) })
		return nil
	}
	s.writeJSON(w, r, nethttp.StatusOK, struct {
		Total  int              `json:"total"`
		Alerts []*embargo.Alert `json:"alerts"`
	}{n, alerts})
	return nil
}

func alertID(r *nethttp.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, embargo.Errorf(embargo.ENOTFOUND, "alert %q not found", r.PathValue("id"))
	}
	return id, nil
}

// handleAlert serves GET /api/v1/alerts/{id}: the alert and the decisions
// on it, oldest first.
func (s *Server) handleAlert(w nethttp.ResponseWriter, r *nethttp.Request) error {
	id, err := alertID(r)
	if err != nil {
		return err
	}
	v, err := monitor.FindAlertDecisions(r.Context(), s.Alerts, id)
	return s.reply(w, r, v, err)
}

// decisionRequest is the body of POST /api/v1/alerts/{id}/decision.
type decisionRequest struct {
	Status string `json:"status"`
	Note   string `json:"note"`
	// By names the analyst; the API key is recorded with it.
	By string `json:"by"`
}

// handleDecision serves POST /api/v1/alerts/{id}/decision with
// {"status": "true_match"|"false_positive"|"needs_review", "note", "by"}:
// records the decision and answers it (201). The decider recorded is "by"
// with the API key, or the key alone.
func (s *Server) handleDecision(w nethttp.ResponseWriter, r *nethttp.Request) error {
	id, err := alertID(r)
	if err != nil {
		return err
	}
	var req decisionRequest
	if err := decodeJSON(w, r, s.Config.MaxBodyBytes, &req); err != nil {
		return err
	}
	status, err := embargo.ParseAlertStatus(req.Status)
	if err != nil {
		return err
	}
	by := callerName(r.Context())
	if b := strings.TrimSpace(req.By); b != "" {
		by = b + " (" + by + ")"
	}
	d := &embargo.Decision{AlertID: id, Status: status, Note: req.Note, By: by}
	if _, err := s.Alerts.DecideAlert(r.Context(), d); err != nil {
		return err
	}
	s.writeJSON(w, r, nethttp.StatusCreated, d)
	return nil
}

// handleAudit serves GET /api/v1/audit?since=&until=&kind=&caller=&batch=&list=&customer=&after=&limit=:
// audit records in id order, at most limit (default 100, at most 10000),
// with next_after, the id to pass as after for the next page (0 at the end).
// With format=jsonl, every selected record streams as JSON lines.
func (s *Server) handleAudit(w nethttp.ResponseWriter, r *nethttp.Request) error {
	v := r.URL.Query()
	f, err := auditFilterOf(v)
	if err != nil {
		return err
	}
	if s.exportAudit(w, r, f) {
		return nil
	}
	if _, f.Limit, err = pageParams(v); err != nil {
		return err
	}
	recs := []*embargo.AuditRecord{}
	if err := s.Audit.FindAuditRecords(r.Context(), f, func(rec *embargo.AuditRecord) error {
		recs = append(recs, rec)
		return nil
	}); err != nil {
		return err
	}
	var next int64
	if len(recs) == f.Limit {
		next = recs[len(recs)-1].ID
	}
	s.writeJSON(w, r, nethttp.StatusOK, struct {
		Records   []*embargo.AuditRecord `json:"records"`
		NextAfter int64                  `json:"next_after"`
	}{recs, next})
	return nil
}

// auditFilterOf reads an audit filter from a query: since, until (dates or
// times; until a date means the end of it), kind, caller, batch, list,
// customer, after.
func auditFilterOf(v url.Values) (embargo.AuditFilter, error) {
	var err error
	f := embargo.AuditFilter{Kind: strings.TrimSpace(v.Get("kind")), Caller: strings.TrimSpace(v.Get("caller")),
		BatchID: v.Get("batch"), List: v.Get("list"), CustomerID: v.Get("customer")}
	for _, p := range []struct {
		name     string
		dst      *time.Time
		endOfDay bool
	}{{"since", &f.Since, false}, {"until", &f.Until, true}} {
		if val := strings.TrimSpace(v.Get(p.name)); val != "" {
			if *p.dst, err = embargo.ParseAsOf(val, p.endOfDay); err != nil {
				return f, embargo.Errorf(embargo.EINVALID, "%s %q: want a date (YYYY-MM-DD) or a time (RFC 3339)", p.name, val)
			}
		}
	}
	if a := v.Get("after"); a != "" {
		if f.AfterID, err = strconv.ParseInt(a, 10, 64); err != nil {
			return f, embargo.Errorf(embargo.EINVALID, "after %q: want a record id", a)
		}
	}
	return f, nil
}

// exportAudit answers the records f selects, all of them, as CSV
// (formula-safe) or JSON lines when the request asks for either, and
// reports whether it did.
func (s *Server) exportAudit(w nethttp.ResponseWriter, r *nethttp.Request, f embargo.AuditFilter) bool {
	if wantCSV(r) {
		s.streamCSV(w, r, "audit", func(cw *export.Writer) error {
			if err := cw.Write(export.AuditHeader...); err != nil {
				return err
			}
			return s.Audit.FindAuditRecords(r.Context(), f, func(rec *embargo.AuditRecord) error { return export.AuditRecord(cw, rec) })
		})
		return true
	}
	if r.URL.Query().Get("format") != "jsonl" {
		return false
	}
	h := w.Header()
	h.Set("Content-Type", "application/x-ndjson")
	h["X-Content-Type-Options"] = noSniff
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		h.Set("Content-Disposition", `attachment; filename="audit.jsonl"`)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := s.Audit.FindAuditRecords(r.Context(), f, func(rec *embargo.AuditRecord) error { return enc.Encode(rec) }); err != nil {
		// The status is sent; the client sees a cut stream.
		s.logger().Error("internal error", "path", r.URL.Path, "err", err)
	}
	bw.Flush()
	return true
}

// handleAuditRerun serves POST /api/v1/audit/{id}/rerun: screens a recorded
// screening again against its snapshots and answers whether the result is
// the same ({"record", "matches", "same", "differences"}).
func (s *Server) handleAuditRerun(w nethttp.ResponseWriter, r *nethttp.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return embargo.Errorf(embargo.ENOTFOUND, "audit record %q not found", r.PathValue("id"))
	}
	// A record holds another caller's query, date of birth and identity:
	// only its own caller, or an admin, may have it screened again.
	rec, err := s.Audit.FindAuditRecordByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := mayRerun(keyFromContext(r.Context()), rec); err != nil {
		return err
	}
	if !s.Engine.Ready() {
		return errNotReady
	}
	res, err := s.Monitor.Rerun(callerContext(r.Context()), id, s.Engine)
	return s.reply(w, r, res, err)
}
