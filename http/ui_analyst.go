package http

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	nethttp "net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/monitor"
)

// checkForm refuses a form posted from another site: a browser sends
// Origin (or Sec-Fetch-Site) with a POST, and it must name this server.
// The sign-in cookie is SameSite=Strict as well.
func checkForm(r *nethttp.Request) error {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return embargo.Errorf(embargo.EFORBIDDEN, "this form must be sent from this site's own pages")
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return embargo.Errorf(embargo.EFORBIDDEN, "this form must be sent from this site's own pages (Origin %s)", o)
		}
	}
	return nil
}

// uploadResult is what the watchlists page shows after an upload.
type uploadResult struct {
	List, File string
	// Errors are the rows that could not be read; nothing is saved when
	// there is one.
	Errors []string
	Result *monitor.WatchResult
}

// maxUploadErrors bounds the row errors listed.
const maxUploadErrors = 50

// handleUploadCustomersPage serves POST /watchlists: a CSV file of
// customers (id,name,type,dob,country,identifiers) for a watchlist, new or
// existing. Every row is checked first; with any error, none is saved and
// the page lists each bad row. Then the customers are screened and the
// page shows the alerts raised.
func (s *Server) handleUploadCustomersPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	if err := checkForm(r); err != nil {
		s.uiError(w, r, err)
		return
	}
	r.Body = nethttp.MaxBytesReader(w, r.Body, s.Config.MaxImportBytes)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var mbe *nethttp.MaxBytesError
		if errors.As(err, &mbe) {
			s.uiError(w, r, embargo.Errorf(embargo.ETOOLARGE, "file too large: the limit is %d bytes", mbe.Limit))
			return
		}
		s.uiError(w, r, embargo.Errorf(embargo.EINVALID, "cannot read the form: %v", err))
		return
	}
	up := &uploadResult{List: strings.TrimSpace(r.FormValue("list"))}
	f, fh, err := r.FormFile("file")
	switch {
	case up.List == "":
		up.Errors = []string{"Give the watchlist a name."}
	case err != nil:
		up.Errors = []string{"Choose a CSV file of customers."}
	default:
		defer f.Close()
		up.File = fh.Filename
		var customers []*embargo.Customer
		customers, up.Errors = readCustomerRows(f, fh.Filename, up.List)
		if len(up.Errors) == 0 {
			var err error
			if up.Result, err = s.Monitor.SaveCustomers(callerContext(r.Context()), customers); err != nil {
				s.uiError(w, r, err)
				return
			}
		}
	}
	status := nethttp.StatusOK
	if len(up.Errors) > 0 {
		status = nethttp.StatusBadRequest
	}
	d, err := s.watchlistsData(r, up.List)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	d.Upload = up
	s.render(w, r, status, "monitor_watchlists", "Watchlists", "watchlists", d)
}

// readCustomerRows reads a CSV of customers row by row, so that every bad
// row is reported (by its line), not only the first: each row is read
// with the header by monitor.ReadCustomers, as files and the API are.
func readCustomerRows(r io.Reader, name, list string) ([]*embargo.Customer, []string) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, []string{name + ": the file is empty: want a header (id,name,type,dob,country,identifiers) and a row per customer"}
	} else if err != nil {
		return nil, []string{err.Error()}
	}
	var out []*embargo.Customer
	var errs []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", name, err))
			break
		}
		line, _ := cr.FieldPos(0)
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(header)
		w.Write(rec)
		w.Flush()
		cs, err := monitor.ReadCustomers(&buf, name, list)
		var pe *embargo.ParseError
		switch {
		case errors.As(err, &pe):
			errs = append(errs, fmt.Sprintf("%s line %d: %s", name, line, pe.Msg))
		case err != nil:
			errs = append(errs, fmt.Sprintf("%s line %d: %v", name, line, err))
		default:
			out = append(out, cs...)
		}
		if len(errs) >= maxUploadErrors {
			errs = append(errs, "… (stopped after "+strconv.Itoa(maxUploadErrors)+" errors)")
			break
		}
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, name+": no customers: the file has a header but no rows")
	}
	return out, errs
}

// handleDecisionForm serves POST /alerts/{id}/decision from the alerts
// page: status (true_match, false_positive, needs_review) and a note. It
// returns to the page it came from (back, a local path).
func (s *Server) handleDecisionForm(w nethttp.ResponseWriter, r *nethttp.Request) {
	if err := checkForm(r); err != nil {
		s.uiError(w, r, err)
		return
	}
	r.Body = nethttp.MaxBytesReader(w, r.Body, 64<<10)
	id, err := alertID(r)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	status, err := embargo.ParseAlertStatus(r.PostFormValue("status"))
	if err == nil && status == embargo.AlertOpen {
		err = embargo.Errorf(embargo.EINVALID, "decide true_match, false_positive or needs_review")
	}
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	d := &embargo.Decision{AlertID: id, Status: status, Note: strings.TrimSpace(r.PostFormValue("note")), By: callerName(r.Context())}
	if _, err := s.Alerts.DecideAlert(r.Context(), d); err != nil {
		s.uiError(w, r, err)
		return
	}
	nethttp.Redirect(w, r, localPath(r.PostFormValue("back")), nethttp.StatusSeeOther)
}
