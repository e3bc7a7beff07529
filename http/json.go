package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	nethttp "net/http"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/embargo-dev/embargo"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Header values set by direct map assignment: no canonicalisation and no
// allocation per response.
var (
	jsonContentType = []string{"application/json; charset=utf-8"}
	htmlContentType = []string{"text/html; charset=utf-8"}
	noSniff         = []string{"nosniff"}
)

// writeJSON writes v as JSON with status. Responses are encoded into a
// pooled buffer first, so an encoding error can still become a 500 and the
// Content-Length is known. ?pretty=1 indents.
func (s *Server) writeJSON(w nethttp.ResponseWriter, r *nethttp.Request, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			bufPool.Put(buf)
		}
	}()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	// A substring test first: parsing the query again costs more than
	// the rest of this function on the screening path.
	pretty := r != nil && strings.Contains(r.URL.RawQuery, "pretty=") && r.URL.Query().Get("pretty") != ""
	if pretty {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		s.logger().Error("internal error", "err", fmt.Errorf("encode response: %w", err))
		buf.Reset()
		buf.WriteString(`{"error":"Internal error.","code":"internal"}` + "\n")
		status = nethttp.StatusInternalServerError
	}
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["X-Content-Type-Options"] = noSniff
	h["Content-Length"] = []string{strconv.Itoa(buf.Len())}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// decodeJSON reads a JSON request body of at most limit bytes into v. Its
// errors are EINVALID with a message that says what is wrong and where, or
// ETOOLARGE.
func decodeJSON(w nethttp.ResponseWriter, r *nethttp.Request, limit int64, v any) error {
	data, err := readBody(nethttp.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return err
	}
	return unmarshalJSON(data, v)
}

// readBody reads a request body that a MaxBytesReader limits. Its errors
// are ETOOLARGE or EINVALID.
func readBody(body io.Reader) ([]byte, error) {
	data, err := io.ReadAll(body)
	var mbe *nethttp.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, tooLarge(err, "request body")
	} else if err != nil {
		return nil, embargo.Errorf(embargo.EINVALID, "cannot read the request body: %v", err)
	}
	return data, nil
}

// tooLarge returns err, or the ETOOLARGE error that names what ("upload",
// "request body") and the limit when err is a body over its limit.
func tooLarge(err error, what string) error {
	var mbe *nethttp.MaxBytesError
	if errors.As(err, &mbe) {
		return embargo.Errorf(embargo.ETOOLARGE, "%s too large: the limit is %d bytes", what, mbe.Limit)
	}
	return err
}

// unmarshalJSON decodes data into v with errors a client can act on.
func unmarshalJSON(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return embargo.Errorf(embargo.EINVALID, "request body is empty: want JSON")
	}
	// encoding/json turns invalid UTF-8 into U+FFFD without a word; the
	// same text sent in a URL is refused, and so is it here.
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		line, col := position(data, int64(off))
		return embargo.Errorf(embargo.EINVALID, "request body is not valid UTF-8 (line %d, column %d)", line, col)
	}
	err := json.Unmarshal(data, v)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se) && se.Offset >= int64(len(data)):
		return embargo.Errorf(embargo.EINVALID, "malformed JSON: the body ends before the JSON value does")
	case errors.As(err, &se):
		// Offset counts the bytes read, the offending one included.
		line, col := position(data, se.Offset-1)
		return embargo.Errorf(embargo.EINVALID, "malformed JSON at line %d, column %d: %s", line, col, se.Error())
	case errors.As(err, &te):
		where := "at the top level"
		if te.Field != "" {
			where = "in field " + strconv.Quote(te.Field)
		}
		line, col := position(data, te.Offset)
		return embargo.Errorf(embargo.EINVALID, "invalid JSON %s (line %d, column %d): got a JSON %s, want %s", where, line, col, te.Value, jsonTypeName(te.Type.Kind().String()))
	}
	return embargo.Errorf(embargo.EINVALID, "invalid JSON: %v", err)
}

// jsonTypeName names a Go kind the way a JSON user would.
func jsonTypeName(kind string) string {
	switch kind {
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "float64", "float32", "int", "int64", "int32", "uint", "uint64":
		return "a number"
	}
	return kind
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	line, col = 1, 1
	for _, c := range data[:offset] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

func itoa(n int) string { return strconv.Itoa(n) }
