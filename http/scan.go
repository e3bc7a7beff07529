package http

import (
	"bytes"
	"io"
	nethttp "net/http"
	"time"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/export"
)

// scanOptions reads as_of, threshold and source from the query string.
func scanOptions(r *nethttp.Request) (engine.ScanOptions, error) {
	q := r.URL.Query()
	if r.Method == nethttp.MethodPost && r.Form != nil {
		q = r.Form
	}
	var opts engine.ScanOptions
	var err error
	opts.Sources, opts.AsOf, opts.Threshold, err = readParams(q)
	return opts, err
}

// handleScan serves POST /api/v1/scan?as_of=&threshold=&source=: the body
// is the text (any content type; at most max_body_bytes), the answer the
// listed names found in it with byte offsets, as `embargo scan --json`.
func (s *Server) handleScan(w nethttp.ResponseWriter, r *nethttp.Request) error {
	opts, err := scanOptions(r)
	if err != nil {
		return err
	}
	// Scanning costs by the byte: the text is charged to the client's scan
	// budget before it is read when its length is declared, so that a
	// client over its budget costs no read of a large body, and after it
	// is read (at most max_body_bytes) otherwise.
	n := r.ContentLength
	if n > s.Config.MaxBodyBytes {
		return embargo.Errorf(embargo.ETOOLARGE, "text too large: the limit is %d bytes", s.Config.MaxBodyBytes)
	}
	if n >= 0 {
		if err := s.chargeScan(w, r, int(n)); err != nil {
			closeAfter(w)
			return err
		}
	}
	text, err := io.ReadAll(nethttp.MaxBytesReader(w, r.Body, s.Config.MaxBodyBytes))
	if err != nil {
		return tooLarge(err, "text")
	}
	if n < 0 {
		if err := s.chargeScan(w, r, len(text)); err != nil {
			return err
		}
	}
	res, err := s.scan(w, r, bytes.NewReader(text), opts)
	if err != nil {
		return err
	}
	if wantCSV(r) {
		s.writeCSV(w, r, "scan", func(cw *export.Writer) error { return export.Mentions(cw, res.Mentions) })
		return nil
	}
	s.writeJSON(w, r, nethttp.StatusOK, res)
	return nil
}

// closeAfter asks for the connection to be closed after the response, so
// that a body left unread is not read to reuse it.
func closeAfter(w nethttp.ResponseWriter) {
	w.Header().Set("Connection", "close")
}

// scan scans text for the request's client, its budget already charged: a
// keyed client's scan runs at once, an anonymous client's in the anonymous
// lane (one at a time, paced to Config.AnonScanShare of one core, and
// reporting at most Config.AnonScanMentions mentions), or is refused with
// ERATELIMIT when Config.AnonScanQueue scans already wait.
func (s *Server) scan(w nethttp.ResponseWriter, r *nethttp.Request, text io.Reader, opts engine.ScanOptions) (*engine.ScanResult, error) {
	if keyFromContext(r.Context()) != nil || s.anonScans == nil {
		return s.Engine.Scan(r.Context(), text, opts)
	}
	if m := s.Config.AnonScanMentions; m > 0 && (opts.MaxMentions <= 0 || opts.MaxMentions > m) {
		opts.MaxMentions = m
	}
	if !s.anonScans.admit() {
		w.Header().Set("Retry-After", "1")
		return nil, embargo.Errorf(embargo.ERATELIMIT, "Too many anonymous scans waiting (%d); retry in 1 s, or use an API key.", s.anonScans.queue)
	}
	var res *engine.ScanResult
	err := s.anonScans.run(r.Context(), func(pause func()) (err error) {
		opts.Pause = pause
		res, err = s.Engine.Scan(r.Context(), text, opts)
		return err
	})
	return res, err
}

// chargeScan takes n bytes (at least 1 KiB) from the scan budget of the
// request's client: its key's, or its address's when anonymous. It returns
// ERATELIMIT, with Retry-After set, when the budget is spent.
func (s *Server) chargeScan(w nethttp.ResponseWriter, r *nethttp.Request, n int) error {
	rate, burst := s.Config.AnonScanBytesRate, s.Config.AnonScanBytesBurst
	bk := bucketKey{ip: clientAddr(r)}
	if k := keyFromContext(r.Context()); k != nil {
		rate, burst = s.Config.KeyScanBytesRate, s.Config.KeyScanBytesBurst
		bk = bucketKey{keyID: k.ID}
	}
	if rate <= 0 {
		return nil
	}
	ok, wait := s.scanBytes.allowN(bk, float64(max(n, 1024)), rate, burst)
	if ok {
		return nil
	}
	if n > burst {
		return embargo.Errorf(embargo.ETOOLARGE, "text of %d bytes is over the scan burst of %d bytes for this client", n, burst)
	}
	secs := int(wait/time.Second) + 1
	w.Header().Set("Retry-After", itoa(secs))
	return embargo.Errorf(embargo.ERATELIMIT, "Scan limit exceeded (%g bytes per second, bursts of %d bytes); retry in %d s.", rate, burst, secs)
}

// scanPage is the scan page's data.
type scanPage struct {
	Text      string
	AsOf      string
	Threshold string
	Scanned   bool
	Segments  []scanSegment
	Result    *engine.ScanResult
	// Groups are the mentions per entity.
	Groups []*scanGroup
	Error  string
	Took   time.Duration
}

// scanSegment is a run of the text: plain, or a mention.
type scanSegment struct {
	Text    string
	Mention *scanMention
}

type scanMention struct {
	EntityID, Name, MatchedName, DelistedOn, Rule string
	Score                                         float64
	Listed                                        bool
	// Between is, for a delisted entity, the interval of its removal.
	Between *embargo.Interval
}

// segments cuts text at the mentions' byte offsets. Mentions may not
// overlap; a mention overlapping an earlier one is left out.
func segments(text string, res *engine.ScanResult) []scanSegment {
	var out []scanSegment
	pos := 0
	for _, m := range res.Mentions {
		start, end := int(m.Start), int(m.End)
		if start < pos || end > len(text) || start >= end {
			continue
		}
		if start > pos {
			out = append(out, scanSegment{Text: text[pos:start]})
		}
		out = append(out, scanSegment{Text: text[start:end], Mention: &scanMention{EntityID: m.EntityID, Name: m.Name,
			MatchedName: m.MatchedName, DelistedOn: m.DelistedOn, Rule: m.Rule, Score: m.Score, Listed: m.Listed, Between: m.Between}})
		pos = end
	}
	if pos < len(text) {
		out = append(out, scanSegment{Text: text[pos:]})
	}
	return out
}
