package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Bounds: a run never lasts or sends more than this.
const (
	maxDuration = 5 * time.Minute
	maxRequests = 10_000_000
	maxClients  = 256
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("embargo-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o Options
	fs.StringVar(&o.URL, "url", "http://127.0.0.1:8080", "the server's base URL (loopback only); several, comma-separated, share the clients round-robin")
	fs.IntVar(&o.Clients, "clients", 8, "concurrent clients, each with its own keep-alive connection")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "how long to measure (at most 5m)")
	fs.DurationVar(&o.Warmup, "warmup", time.Second, "unmeasured warm-up before")
	fs.IntVar(&o.Requests, "requests", 0, "stop after this many measured requests (0: duration only)")
	fs.Float64Var(&o.Rate, "rate", 0, "send this many requests per second in all, on a fixed schedule, and time each from when it was due (0: each client sends as fast as answered)")
	fs.StringVar(&o.Queries, "queries", "evaluation/testdata/dev-queries.csv", "names to screen: CSV with a name column, or one name per line")
	fs.StringVar(&o.Params, "params", "", "extra query parameters for every request, e.g. limit=5&type=person")
	fs.StringVar(&o.Key, "key", "", "API key to send (default $EMBARGO_API_KEY)")
	jsonOut := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.Key == "" {
		o.Key = os.Getenv("EMBARGO_API_KEY")
	}
	names, err := readNames(o.Queries)
	if err != nil {
		fmt.Fprintf(stderr, "embargo-load: %v\n", err)
		return 1
	}
	o.Names = names
	rep, err := Run(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "embargo-load: %v\n", err)
		return 1
	}
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		rep.Print(stdout)
	}
	if rep.Errors > 0 {
		return 1
	}
	return 0
}

// Options configure a run.
type Options struct {
	// URL is the server's base URL, or several replicas' separated by
	// commas: client i sends to URL i mod n.
	URL      string
	Clients  int
	Duration time.Duration
	Warmup   time.Duration
	Requests int
	// Rate, when above 0, makes the load open: requests are due on a
	// fixed schedule (Rate per second over all clients), and each one's
	// latency counts from when it was due, so that a server that falls
	// behind pays for the wait (no coordinated omission).
	Rate    float64
	Queries string
	Names   []string
	Params  string
	Key     string
}

// Report is what a run measured.
type Report struct {
	URL        string        `json:"url"`
	Clients    int           `json:"clients"`
	Rate       float64       `json:"target_rate,omitempty"`
	Requests   int           `json:"requests"`
	Errors     int           `json:"errors"`
	FirstError string        `json:"first_error,omitempty"`
	Elapsed    time.Duration `json:"elapsed_ns"`
	PerSecond  float64       `json:"requests_per_second"`
	P50        time.Duration `json:"p50_ns"`
	P90        time.Duration `json:"p90_ns"`
	P99        time.Duration `json:"p99_ns"`
	Max        time.Duration `json:"max_ns"`
	Bytes      int64         `json:"bytes"`
}

// Print writes the report for people.
func (r *Report) Print(w io.Writer) {
	target := ""
	if r.Rate > 0 {
		target = fmt.Sprintf(" (target %.0f req/s)", r.Rate)
	}
	fmt.Fprintf(w, "%d clients, %d requests in %.2fs: %.0f req/s%s\n", r.Clients, r.Requests, r.Elapsed.Seconds(), r.PerSecond, target)
	fmt.Fprintf(w, "latency p50 %s  p90 %s  p99 %s  max %s\n", ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max))
	fmt.Fprintf(w, "errors %d, %.1f KiB per response\n", r.Errors, float64(r.Bytes)/float64(max(r.Requests, 1))/1024)
	if r.FirstError != "" {
		fmt.Fprintf(w, "first error: %s\n", r.FirstError)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond)) }

// Run sends the load and measures it.
func Run(ctx context.Context, o Options) (*Report, error) {
	var bases []*url.URL
	for _, u := range strings.Split(o.URL, ",") {
		base, err := url.Parse(strings.TrimRight(strings.TrimSpace(u), "/"))
		if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
			return nil, fmt.Errorf("url %q: want http://HOST:PORT", u)
		}
		if err := checkLoopback(ctx, base.Hostname()); err != nil {
			return nil, err
		}
		if base.Scheme != "http" {
			return nil, fmt.Errorf("url %q: only http:// (loopback needs no TLS)", u)
		}
		bases = append(bases, base)
	}
	switch {
	case o.Clients < 1 || o.Clients > maxClients:
		return nil, fmt.Errorf("clients %d: want 1 to %d", o.Clients, maxClients)
	case o.Duration <= 0 || o.Duration > maxDuration:
		return nil, fmt.Errorf("duration %s: want more than 0 and at most %s", o.Duration, maxDuration)
	case o.Requests < 0 || o.Requests > maxRequests:
		return nil, fmt.Errorf("requests %d: want 0 to %d", o.Requests, maxRequests)
	case o.Rate < 0 || o.Rate > 1e6:
		return nil, fmt.Errorf("rate %g: want 0 to 1000000", o.Rate)
	case len(o.Names) == 0:
		return nil, errors.New("no names to screen")
	}
	// The requests are built once per server, and sent by a minimal
	// HTTP/1.1 client (see conn): the generator shares the CPU with the
	// server and should spend as little of it as it can.
	reqsOf := make([][][]byte, len(bases))
	for b, base := range bases {
		reqs := make([][]byte, len(o.Names))
		for i, n := range o.Names {
			target := "/api/v1/screen?name=" + url.QueryEscape(n)
			if o.Params != "" {
				target += "&" + strings.TrimPrefix(o.Params, "&")
			}
			r := "GET " + target + " HTTP/1.1\r\nHost: " + base.Host + "\r\nUser-Agent: embargo-load\r\n"
			if o.Key != "" {
				r += "Authorization: Bearer " + o.Key + "\r\n"
			}
			reqs[i] = []byte(r + "\r\n")
		}
		reqsOf[b] = reqs
	}

	var measuring atomic.Bool
	var sent atomic.Int64
	var errCount atomic.Int64
	var firstErr atomic.Pointer[string]
	limit := int64(o.Requests)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	lat := make([][]time.Duration, o.Clients)
	bytes := make([]int64, o.Clients)
	var wg sync.WaitGroup
	for c := range o.Clients {
		wg.Go(func() {
			reqs := reqsOf[c%len(bases)]
			cn := &conn{addr: bases[c%len(bases)].Host}
			defer cn.close()
			i := c * len(reqs) / o.Clients
			// With a rate, client c's requests are due every interval,
			// the clients' schedules staggered across one interval.
			var interval time.Duration
			var due time.Time
			if o.Rate > 0 {
				interval = time.Duration(float64(o.Clients) / o.Rate * float64(time.Second))
				due = time.Now().Add(interval * time.Duration(c) / time.Duration(o.Clients))
			}
			for ctx.Err() == nil {
				start := time.Now()
				if interval > 0 {
					if wait := time.Until(due); wait > 0 {
						select {
						case <-time.After(wait):
						case <-ctx.Done():
							return
						}
					}
					start = due
					due = due.Add(interval)
				}
				measured := measuring.Load()
				if measured && limit > 0 && sent.Add(1) > limit {
					cancel()
					return
				}
				req := reqs[i%len(reqs)]
				i++
				n, err := cn.do(req)
				d := time.Since(start)
				if ctx.Err() != nil {
					return // cut off by the end of the run: not a sample
				}
				if err != nil {
					if errCount.Add(1) == 1 {
						s := err.Error()
						firstErr.Store(&s)
					}
					continue
				}
				if measured {
					lat[c] = append(lat[c], d)
					bytes[c] += n
				}
			}
		})
	}
	select {
	case <-time.After(o.Warmup):
	case <-ctx.Done():
	}
	errCount.Store(0)
	firstErr.Store(nil)
	start := time.Now()
	measuring.Store(true)
	select {
	case <-time.After(o.Duration):
	case <-ctx.Done():
	}
	elapsed := time.Since(start)
	cancel()
	wg.Wait()

	var all []time.Duration
	urls := make([]string, len(bases))
	for i, b := range bases {
		urls[i] = b.String()
	}
	rep := &Report{URL: strings.Join(urls, ","), Clients: o.Clients, Rate: o.Rate, Elapsed: elapsed}
	for c := range lat {
		all = append(all, lat[c]...)
		rep.Bytes += bytes[c]
	}
	slices.Sort(all)
	rep.Requests = len(all)
	rep.Errors = int(errCount.Load())
	if p := firstErr.Load(); p != nil {
		rep.FirstError = *p
	}
	rep.PerSecond = float64(rep.Requests) / elapsed.Seconds()
	if len(all) > 0 {
		pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
		rep.P50, rep.P90, rep.P99, rep.Max = pct(.50), pct(.90), pct(.99), all[len(all)-1]
	}
	return rep, nil
}

// conn is one keep-alive HTTP/1.1 connection: just enough of a client to
// send a GET and read a response with a Content-Length, which is what the
// server sends.
type conn struct {
	addr string
	c    net.Conn
	r    *bufio.Reader
	body []byte
}

// do sends a request and reads its response; a status other than 200 is
// an error. It returns the body's length.
func (cn *conn) do(req []byte) (int64, error) {
	if cn.c == nil {
		c, err := net.DialTimeout("tcp", cn.addr, 5*time.Second)
		if err != nil {
			return 0, err
		}
		cn.c, cn.r = c, bufio.NewReaderSize(c, 64<<10)
	}
	cn.c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := cn.c.Write(req); err != nil {
		cn.close()
		return 0, err
	}
	status, n, keep, err := cn.readResponse()
	if err != nil {
		cn.close()
		return 0, err
	}
	if !keep {
		cn.close()
	}
	if status != 200 {
		return n, fmt.Errorf("status %d: %s", status, truncate(cn.body, 200))
	}
	return n, nil
}

func (cn *conn) readResponse() (status int, n int64, keep bool, err error) {
	line, err := cn.r.ReadSlice('\n')
	if err != nil {
		return 0, 0, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, 0, false, fmt.Errorf("bad status line %q", line)
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, 0, false, fmt.Errorf("bad status line %q", line)
	}
	length := int64(-1)
	keep = true
	for {
		line, err := cn.r.ReadSlice('\n')
		if err != nil {
			return 0, 0, false, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		k, v, _ := bytes.Cut(line, []byte(":"))
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(v), 10, 64); err != nil {
				return 0, 0, false, fmt.Errorf("bad Content-Length %q", v)
			}
		case bytes.EqualFold(k, []byte("Connection")) && bytes.EqualFold(v, []byte("close")):
			keep = false
		case bytes.EqualFold(k, []byte("Transfer-Encoding")):
			return 0, 0, false, fmt.Errorf("chunked responses are not supported")
		}
	}
	if length < 0 {
		return 0, 0, false, fmt.Errorf("response without Content-Length")
	}
	if int64(cap(cn.body)) < length {
		cn.body = make([]byte, length)
	}
	cn.body = cn.body[:length]
	if _, err := io.ReadFull(cn.r, cn.body); err != nil {
		return 0, 0, false, err
	}
	return status, length, keep, nil
}

func (cn *conn) close() {
	if cn.c != nil {
		cn.c.Close()
		cn.c = nil
	}
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// checkLoopback refuses any host that is not a loopback address.
func checkLoopback(ctx context.Context, host string) error {
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return fmt.Errorf("resolve %s: %w", host, err)
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return fmt.Errorf("%s is not a loopback address: embargo-load only loads a server on this machine", host)
		}
	}
	return nil
}

// readNames reads the names to screen: the name column of a CSV with a
// header, or one name per line.
func readNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	first, _, _ := strings.Cut(string(data), "\n")
	var names []string
	if strings.Contains(first, ",") {
		r := csv.NewReader(strings.NewReader(string(data)))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		col := slices.Index(recs[0], "name")
		if col < 0 {
			return nil, fmt.Errorf("%s: no name column in the header", path)
		}
		for _, rec := range recs[1:] {
			if col < len(rec) && strings.TrimSpace(rec[col]) != "" {
				names = append(names, rec[col])
			}
		}
	} else {
		for _, l := range strings.Split(string(data), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				names = append(names, l)
			}
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no names", path)
	}
	return names, nil
}
