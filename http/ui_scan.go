package http

import (
	"errors"
	nethttp "net/http"
	"strings"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// maxScanPageBytes bounds the text of the scan page's form.
const maxScanPageBytes = 1 << 20

// handleScanPage serves GET and POST /scan: a form to paste a text, and the
// text back with the listed names it mentions highlighted and linked.
func (s *Server) handleScanPage(w nethttp.ResponseWriter, r *nethttp.Request) {
	data := scanPage{}
	if r.Method == nethttp.MethodPost {
		r.Body = nethttp.MaxBytesReader(w, r.Body, maxScanPageBytes)
		if err := r.ParseForm(); err != nil {
			var mbe *nethttp.MaxBytesError
			if errors.As(err, &mbe) {
				s.renderError(w, r, nethttp.StatusRequestEntityTooLarge, "The text is too large for this page (1 MB); use POST /api/v1/scan or embargo scan.")
				return
			}
			s.renderError(w, r, nethttp.StatusBadRequest, "The form could not be read.")
			return
		}
		data.Text = strings.ReplaceAll(r.PostForm.Get("text"), "\r\n", "\n")
		data.AsOf, data.Threshold = r.PostForm.Get("as_of"), r.PostForm.Get("threshold")
		opts, err := scanOptions(r)
		if err != nil {
			data.Error = embargo.ErrorMessage(err)
		} else if strings.TrimSpace(data.Text) != "" {
			// The page scans within the same limits as POST /api/v1/scan.
			if err := s.chargeScan(w, r, len(data.Text)); err != nil {
				s.renderError(w, r, ErrorStatus(embargo.ErrorCode(err)), embargo.ErrorMessage(err))
				return
			}
			start := time.Now()
			res, err := s.scan(w, r, strings.NewReader(data.Text), opts)
			if err != nil {
				switch embargo.ErrorCode(err) {
				case embargo.EINTERNAL:
					s.Error(w, r, err)
					return
				case embargo.ERATELIMIT:
					s.renderError(w, r, nethttp.StatusTooManyRequests, embargo.ErrorMessage(err))
					return
				}
				data.Error = embargo.ErrorMessage(err)
			} else {
				if wantCSV(r) {
					s.writeCSV(w, r, "scan", func(cw *export.Writer) error { return export.Mentions(cw, res.Mentions) })
					return
				}
				data.Scanned, data.Result, data.Took = true, res, time.Since(start)
				data.Segments = segments(data.Text, res)
				data.Groups = s.groupMentions(r.Context(), res)
			}
		}
	}
	s.render(w, r, nethttp.StatusOK, "scan", "Scan text", "scan", data)
}
