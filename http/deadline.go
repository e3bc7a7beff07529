package http

import (
	"errors"
	"io"
	nethttp "net/http"
	"os"
	"time"

	"github.com/embargo-dev/embargo"
)

// bodyDeadline bounds how long a request body may take to arrive: its
// connection's read deadline is Config.BodyTimeout after the request began,
// and each byte received moves it on by 1/Config.MinBodyRate seconds. A
// client that trickles a body (a byte every two seconds) is cut off after
// BodyTimeout; one that uploads a large list at a fair rate is not.
// http.Server.ReadTimeout cannot do this: one value would either cut large
// uploads short or let slow bodies hold connections for as long.
func (s *Server) bodyDeadline(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		if r.Body == nil || r.Body == nethttp.NoBody || s.Config.BodyTimeout < 0 {
			next.ServeHTTP(w, r)
			return
		}
		rc := nethttp.NewResponseController(w)
		b := &deadlineBody{ReadCloser: r.Body, rc: rc, start: time.Now(), timeout: s.Config.BodyTimeout, rate: s.Config.MinBodyRate}
		// Set at once: a handler that answers without reading (401) must
		// not leave the server draining a trickling body without a limit.
		if err := b.extend(); err != nil {
			next.ServeHTTP(w, r) // not a plain connection (tests' recorders)
			return
		}
		r.Body = b
		next.ServeHTTP(w, r)
	})
}

// deadlineBody is a request body whose reads move its read deadline.
type deadlineBody struct {
	io.ReadCloser
	rc      *nethttp.ResponseController
	start   time.Time
	timeout time.Duration
	rate    int64 // bytes per second that earn more time; 0: none
	n       int64
}

func (b *deadlineBody) extend() error {
	d := b.timeout
	if b.rate > 0 {
		d += time.Duration(float64(b.n) / float64(b.rate) * float64(time.Second))
	}
	return b.rc.SetReadDeadline(b.start.Add(d))
}

// Read reads, after moving the deadline by what has arrived.
func (b *deadlineBody) Read(p []byte) (int, error) {
	b.extend()
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		return n, embargo.Errorf(embargo.EINVALID, "request body too slow: %d bytes in %s (the limit is body_timeout %s, plus 1 s per %d bytes received)",
			b.n, time.Since(b.start).Round(time.Millisecond), b.timeout, b.rate)
	}
	return n, err
}
