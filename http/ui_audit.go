package http

import (
	nethttp "net/http"
	"strconv"

	"github.com/embargo-dev/embargo"
)

// auditPage is the data of the audit log page.
type auditPage struct {
	Caller, Kind, Since, Until string
	Kinds                      []string
	Records                    []*embargo.AuditRecord
	// After is the id the page starts after (0: the first page); Next is
	// the address of the next page, "" at the end.
	After       int64
	Next, First string
	CSV, JSONL  string
	Error       string
}

// handleAuditLogPage serves GET /audit?caller=&kind=&since=&until=&after=
// [&format=csv|jsonl]: the audit log for admins (the role of GET
// /api/v1/audit), filtered by caller, kind and date, 100 records a page,
// each linked to its printable record; every selected record as CSV
// (formula-safe) or JSON lines.
func (s *Server) handleAuditLogPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	v := r.URL.Query()
	d := &auditPage{Caller: v.Get("caller"), Kind: v.Get("kind"), Since: v.Get("since"), Until: v.Get("until"),
		Kinds:   []string{"", embargo.AuditScreen, embargo.AuditBatch, embargo.AuditWatch, embargo.AuditMonitor, embargo.AuditRerun},
		Records: []*embargo.AuditRecord{}}
	kv := []string{"caller", d.Caller, "kind", d.Kind, "since", d.Since, "until", d.Until}
	d.CSV = "/audit" + queryString(append(kv, "format", "csv")...)
	d.JSONL = "/audit" + queryString(append(kv, "format", "jsonl")...)
	f, err := auditFilterOf(v)
	if err != nil {
		d.Error = embargo.ErrorMessage(err)
		s.render(w, r, nethttp.StatusBadRequest, "audit_log", "Audit log", "audit", d)
		return
	}
	if s.exportAudit(w, r, f) {
		return
	}
	d.After = f.AfterID
	f.Limit = defaultPage
	if err := s.Audit.FindAuditRecords(r.Context(), f, func(rec *embargo.AuditRecord) error {
		d.Records = append(d.Records, rec)
		return nil
	}); err != nil {
		s.uiError(w, r, err)
		return
	}
	if len(d.Records) == f.Limit {
		d.Next = "/audit" + queryString(append(kv, "after", strconv.FormatInt(d.Records[len(d.Records)-1].ID, 10))...)
	}
	if d.After != 0 {
		d.First = "/audit" + queryString(kv...)
	}
	s.render(w, r, nethttp.StatusOK, "audit_log", "Audit log", "audit", d)
}
