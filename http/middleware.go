package http

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"net"
	nethttp "net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/embargo-dev/embargo"
)

// statusWriter records the status of a response.
type statusWriter struct {
	nethttp.ResponseWriter
	status int
	bytes  int64
}

var statusWriterPool = sync.Pool{New: func() any { return new(statusWriter) }}

// WriteHeader records the status.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = nethttp.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() nethttp.ResponseWriter { return w.ResponseWriter }

// Flush implements http.Flusher.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(nethttp.Flusher); ok {
		f.Flush()
	}
}

// Hijack implements http.Hijacker.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := w.ResponseWriter.(nethttp.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("hijack not supported")
}

// observe counts and times every request by route pattern and status, and
// logs it (at Debug level unless Config.LogRequests).
func (s *Server) observe(next nethttp.Handler) nethttp.Handler {
	level := slog.LevelDebug
	if s.Config.LogRequests {
		level = slog.LevelInfo
	}
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		start := time.Now()
		sw := statusWriterPool.Get().(*statusWriter)
		*sw = statusWriter{ResponseWriter: w}
		defer func() {
			*sw = statusWriter{}
			statusWriterPool.Put(sw)
		}()
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		status := sw.status
		if status == 0 {
			status = nethttp.StatusOK
		}
		// The mux sets the matched pattern on the request it was given.
		s.metrics.observe(r.Pattern, status, d)
		lvl := level
		if d > time.Second {
			lvl = slog.LevelWarn
		}
		if l := s.logger(); l.Enabled(r.Context(), lvl) {
			l.LogAttrs(r.Context(), lvl, "request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("route", r.Pattern),
				slog.Int("status", status),
				slog.Int64("bytes", sw.bytes),
				slog.Duration("duration", d),
				slog.String("remote", r.RemoteAddr))
		}
	})
}

// recoverPanics turns a panic in a handler into a 500 "Internal error."
// response; the panic and its stack go to the log only.
func (s *Server) recoverPanics(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == nethttp.ErrAbortHandler {
				panic(v)
			}
			s.logger().Error("internal error", "method", r.Method, "path", r.URL.Path,
				"err", fmt.Errorf("panic: %v", v), "stack", string(debug.Stack()))
			if sw, ok := w.(*statusWriter); ok && sw.status != 0 {
				// Too late for an error response: cut the connection so
				// the client sees a failure rather than a truncated body.
				panic(nethttp.ErrAbortHandler)
			}
			if isAPIPath(r.URL.Path) {
				s.writeError(w, r, nethttp.StatusInternalServerError, embargo.EINTERNAL, "Internal error.")
			} else {
				s.renderError(w, r, nethttp.StatusInternalServerError, "Internal error.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
