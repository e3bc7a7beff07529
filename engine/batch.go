package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/export"
)

// BatchOptions tune a batch screening.
type BatchOptions struct {
	embargo.ScreenOptions
	// Name names the input in error messages.
	Name string
	// Workers is how many queries are screened at once (0: one per CPU).
	Workers int
	// Progress, when set, is called now and then with the rows done so far.
	Progress func(done int)
	// BatchID names the batch in the audit log; a random one is made
	// when it is empty.
	BatchID string
	// CSV writes the results as CSV (export.ScreenHeader, a row per
	// match) instead of JSON lines.
	CSV bool
}

// rowEncoder encodes rows' results, as JSON lines or CSV rows, through
// one buffer that a worker reuses: a row's line is then one allocation of
// its exact size.
type rowEncoder struct {
	csv  bool
	buf  bytes.Buffer
	json *json.Encoder
}

func newRowEncoder(csv bool) *rowEncoder {
	e := &rowEncoder{csv: csv}
	e.json = json.NewEncoder(&e.buf)
	e.json.SetEscapeHTML(false)
	return e
}

// encode returns the encoding of one row's result.
func (e *rowEncoder) encode(res *embargo.ScreenResult) ([]byte, error) {
	e.buf.Reset()
	if e.csv {
		w := export.NewWriter(&e.buf)
		if err := export.ScreenResult(w, res); err != nil {
			return nil, err
		}
		if err := w.Flush(); err != nil {
			return nil, err
		}
	} else if err := e.json.Encode(res); err != nil {
		return nil, err
	}
	return bytes.Clone(e.buf.Bytes()), nil
}

// row is one input row: a query, or the error that made it unreadable.
type row struct {
	n     int
	query embargo.Query
	err   error
}

// ScreenBatch screens every row of in (CSV with a header, or JSON lines)
// and writes one JSON line per row to out, in input order, streaming: memory
// stays bounded however long the input. A row that cannot be screened gets
// a result carrying its error; the batch goes on. It returns the number of
// rows read.
func (e *Engine) ScreenBatch(ctx context.Context, in io.Reader, out io.Writer, opts BatchOptions) (int, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	br := bufio.NewReaderSize(in, 1<<16)
	next, err := rowReader(br, opts.Name)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Rows go to the workers through jobs; results come back with their row
	// number and the writer puts them back in order. The window bounds how
	// far results may run ahead of the slowest row.
	const window = 4096
	jobs := make(chan row, window)
	results := make(chan row2, window)
	var readErr error
	go func() {
		defer close(jobs)
		for {
			r, ok, err := next()
			if err != nil {
				readErr = err
				return
			}
			if !ok {
				return
			}
			select {
			case jobs <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	batchID := opts.BatchID
	if e.Audit != nil && batchID == "" {
		batchID = NewBatchID()
	}
	// Workers screen, encode the result line and seal its audit record,
	// so that the writer, which must go in row order, only stores and
	// writes.
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			enc := newRowEncoder(opts.CSV)
			for r := range jobs {
				res, indexed := e.screenRow(r, opts.ScreenOptions)
				out := row2{n: r.n}
				if e.Audit != nil {
					out.rec = e.auditRecord(ctx, embargo.AuditBatch, res, opts.ScreenOptions, indexed)
					out.rec.BatchID, out.rec.Row = batchID, r.n+1
					var id string
					if id, out.err = sealAuditID(out.rec); out.err == nil {
						res.AuditID = &id
					}
				}
				if out.err == nil {
					out.line, out.err = enc.encode(res)
				}
				results <- out
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	bw := bufio.NewWriterSize(out, 1<<16)
	if opts.CSV {
		w := export.NewWriter(bw)
		if err := w.Write(export.ScreenHeader...); err != nil {
			return 0, err
		}
		if err := w.Flush(); err != nil {
			return 0, err
		}
	}
	cw := e.startCommitter(ctx, bw, cancel)
	pending := map[int]row2{}
	done := 0
	var writeErr error
	for r := range results {
		pending[r.n] = r
		for {
			r, ok := pending[done]
			if !ok {
				break
			}
			delete(pending, done)
			if writeErr == nil {
				writeErr = r.err
			}
			if writeErr == nil {
				writeErr = cw.add(r)
			}
			done++
			if opts.Progress != nil && done%1000 == 0 {
				opts.Progress(done)
			}
		}
		if writeErr != nil {
			cancel()
		}
	}
	if err := cw.close(); writeErr == nil {
		writeErr = err
	}
	if writeErr != nil {
		return done, fmt.Errorf("write results: %w", writeErr)
	}
	if err := bw.Flush(); err != nil {
		return done, fmt.Errorf("write results: %w", err)
	}
	if opts.Progress != nil {
		opts.Progress(done)
	}
	if readErr != nil {
		return done, readErr
	}
	return done, ctx.Err()
}

// row2 is a screened row: its result line (JSON and a newline) and, with
// an audit log, its sealed record.
type row2 struct {
	n    int
	line []byte
	rec  *embargo.AuditRecord
	err  error // encoding failed
}

func (e *Engine) screenRow(r row, opts embargo.ScreenOptions) (*embargo.ScreenResult, map[string]string) {
	var id *string
	if r.query.ID != "" {
		s := r.query.ID
		id = &s
	}
	if r.err != nil {
		return &embargo.ScreenResult{ID: id, Query: r.query, Matches: []embargo.Match{}, Error: r.err.Error()}, nil
	}
	res, indexed, err := e.screen(r.query, opts)
	if err != nil {
		return &embargo.ScreenResult{ID: id, Query: r.query, Matches: []embargo.Match{}, Error: embargo.ErrorMessage(err)}, indexed
	}
	return res, indexed
}

// rowReader returns a function yielding the input's rows: JSON lines when
// the first non-blank byte is '{', else CSV with a header naming the columns.
func rowReader(br *bufio.Reader, name string) (func() (row, bool, error), error) {
	if name == "" {
		name = "input"
	}
	first, err := peekNonSpace(br)
	if err == io.EOF {
		return func() (row, bool, error) { return row{}, false, nil }, nil
	} else if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	n := 0
	if first == '{' {
		line := 0
		return func() (row, bool, error) {
			for {
				b, err := br.ReadBytes('\n')
				if len(b) == 0 && err == io.EOF {
					return row{}, false, nil
				} else if err != nil && err != io.EOF {
					return row{}, false, fmt.Errorf("read %s: %w", name, err)
				}
				line++
				if len(bytes.TrimSpace(b)) == 0 {
					continue
				}
				r := row{n: n}
				n++
				if !utf8.Valid(b) {
					r.err = &embargo.ParseError{File: name, Line: line, Msg: "invalid UTF-8"}
				} else if err := json.Unmarshal(b, &r.query); err != nil {
					r.err = &embargo.ParseError{File: name, Line: line, Msg: "invalid JSON: " + err.Error()}
				}
				return r, true, nil
			}
		}, nil
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, &embargo.ParseError{File: name, Line: 1, Msg: "header: " + err.Error()}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	nameCol, ok := col["name"]
	if !ok {
		return nil, &embargo.ParseError{File: name, Line: 1, Msg: "no 'name' column in the header (want id,name,type,dob,country)"}
	}
	get := func(rec []string, key string) string {
		if i, ok := col[key]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	return func() (row, bool, error) {
		rec, err := cr.Read()
		if err == io.EOF {
			return row{}, false, nil
		}
		line, _ := cr.FieldPos(0)
		r := row{n: n}
		n++
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if pe.Err == csv.ErrFieldCount {
				err = nil
			} else {
				// A broken quote swallows the rest of the file; stop with a
				// clear error rather than guessing.
				return row{}, false, &embargo.ParseError{File: name, Line: pe.Line, Msg: pe.Err.Error()}
			}
		} else if err != nil {
			return row{}, false, fmt.Errorf("read %s: %w", name, err)
		}
		r.query = embargo.Query{
			ID:        get(rec, "id"),
			Schema:    embargo.ParseSchema(get(rec, "type")),
			BirthDate: get(rec, "dob"),
			Country:   get(rec, "country"),
		}
		if nameCol < len(rec) {
			r.query.Name = rec[nameCol]
		}
		if !utf8.ValidString(r.query.Name) {
			r.err = &embargo.ParseError{File: name, Line: line, Msg: "name is not valid UTF-8"}
		}
		return r, true, nil
	}, nil
}

func peekNonSpace(br *bufio.Reader) (byte, error) {
	for i := 1; ; i++ {
		b, err := br.Peek(i)
		if err != nil {
			return 0, err
		}
		c := b[i-1]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0xef && c != 0xbb && c != 0xbf {
			return c, nil
		}
		if i > 4096 {
			return c, nil
		}
	}
}
