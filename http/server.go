package http

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	nethttp "net/http"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/embargo-dev/embargo"
	"github.com/embargo-dev/embargo/engine"
	"github.com/embargo-dev/embargo/export"
	"github.com/embargo-dev/embargo/ingest"
	"github.com/embargo-dev/embargo/monitor"
)

// Engine is what the server needs of the screening engine
// (*engine.Engine implements it).
type Engine interface {
	embargo.Screener
	// Ready reports whether the index has been loaded.
	Ready() bool
	// IndexSize returns the number of entity versions in the index.
	IndexSize() int
	// Snapshots returns each source's latest snapshot.
	Snapshots() map[string]*embargo.Snapshot
	// Load rebuilds the index from the store.
	Load(ctx context.Context) error
	// Scan finds listed names in a text.
	Scan(ctx context.Context, r io.Reader, opts engine.ScanOptions) (*engine.ScanResult, error)
	// Rerun screens a recorded screening again against its snapshots.
	monitor.Rerunner
	// OnImport reloads the index after an import (an observer of the
	// process's ingest.Importer).
	embargo.ImportObserver
}

// Config holds the server's settings. Zero values mean the defaults of
// DefaultConfig, except AuthReads and the rate limits, whose zero values
// mean "off".
type Config struct {
	// Addr is the address to listen on, e.g. "127.0.0.1:8080" or ":0".
	Addr string
	// AuthReads requires an API key (any role) for reads too. Writes and
	// bulk screening always need one.
	AuthReads bool
	// AnonRate and AnonBurst are the token-bucket rate limit of each
	// anonymous client IP address, in requests per second; 0 disables it.
	AnonRate  float64
	AnonBurst int
	// KeyRate and KeyBurst are the rate limit of each API key; 0 disables it.
	KeyRate  float64
	KeyBurst int
	// MaxBodyBytes bounds request bodies (JSON); MaxImportBytes bounds
	// uploaded list files.
	MaxBodyBytes   int64
	MaxImportBytes int64
	// MaxBatch bounds the queries of one POST /api/v1/screen or /match.
	MaxBatch int
	// KeyCacheTTL is how long a key check is remembered (default 10s):
	// a revoked key works that much longer. Negative: not at all.
	KeyCacheTTL time.Duration
	// ShutdownTimeout bounds how long Close waits for requests in flight.
	ShutdownTimeout time.Duration
	// LogRequests logs every request at Info level (else at Debug).
	LogRequests bool
	// BodyTimeout is how long a request body may take to arrive, and
	// MinBodyRate (bytes per second) the rate that earns a body more time:
	// a 100 MB upload at 1 MB/s is not cut off, a trickle is after
	// BodyTimeout. Negative BodyTimeout: no limit.
	BodyTimeout time.Duration
	MinBodyRate int64
	// AuthFailRate and AuthFailBurst bound the failed authentications of
	// each client address, per second: beyond them requests with a key
	// answer 429 without a database lookup. 0 disables it.
	AuthFailRate  float64
	AuthFailBurst int
	// MaxDecompressedBytes bounds an uploaded list file once decompressed
	// (0: source.DefaultMaxBytes).
	MaxDecompressedBytes int64
	// MaxEntities bounds the entities of an uploaded list (0:
	// source.DefaultMaxEntities).
	MaxEntities int
	// AnonScanBytesRate and AnonScanBytesBurst are the scanning budget of
	// each anonymous address, in bytes of text per second (POST
	// /api/v1/scan); KeyScanBytesRate and KeyScanBytesBurst each key's.
	// 0 disables it.
	AnonScanBytesRate  float64
	AnonScanBytesBurst int
	KeyScanBytesRate   float64
	KeyScanBytesBurst  int
	// AnonScanShare is the share of one core that anonymous scans may use
	// together: they run one at a time, and each pauses between the
	// chunks of its text so as to keep to it. AnonScanQueue is how many
	// anonymous scans may wait for their turn (beyond, 429). A share of 0
	// runs anonymous scans like keyed ones.
	AnonScanShare float64
	AnonScanQueue int
	// AnonScanMentions bounds the mentions an anonymous scan reports (the
	// answer says truncated beyond): the work and memory of a scan grow
	// with its mentions, and a text can be names from end to end. 0
	// keeps the engine's bound (engine.DefaultMaxMentions).
	AnonScanMentions int
	// SessionTTL is how long a web UI sign-in lasts (default 12h).
	SessionTTL time.Duration
	// MaxSourceAge, when positive, is how old a source may grow (since its
	// latest snapshot, or its last successful update check) before /readyz
	// turns amber and the server logs a warning.
	MaxSourceAge time.Duration
}

// DefaultConfig returns the default settings.
func DefaultConfig() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		AnonRate:        50,
		AnonBurst:       100,
		KeyRate:         500,
		KeyBurst:        1000,
		MaxBodyBytes:    1 << 20,
		MaxImportBytes:  256 << 20,
		MaxBatch:        1000,
		ShutdownTimeout: 10 * time.Second,
		BodyTimeout:     30 * time.Second,
		MinBodyRate:     64 << 10,
		AuthFailRate:    1,
		AuthFailBurst:   20,
		SessionTTL:      12 * time.Hour,
		// An anonymous client scans 1 MiB every 4 s; a key 16 times more.
		AnonScanBytesRate:  256 << 10,
		AnonScanBytesBurst: 1 << 20,
		KeyScanBytesRate:   4 << 20,
		KeyScanBytesBurst:  16 << 20,
		// Anonymous scans of dense texts (a name every few words) run at
		// about 6 MiB/s of one core: a quarter of it is about 1.5 MiB/s
		// for all anonymous clients together.
		AnonScanShare:    0.25,
		AnonScanQueue:    4,
		AnonScanMentions: 1000,
	}
}

// Server is the HTTP server: the API, the UI and the operational endpoints.
// Set its fields, then call Open.
type Server struct {
	Config Config
	Engine Engine
	Store  embargo.Store
	// Watchlists, Alerts and Audit serve the monitoring routes and pages;
	// Monitor screens the customers saved through them. Built once where
	// the process is wired, like the rest.
	Watchlists embargo.WatchlistService
	Alerts     embargo.AlertService
	Audit      embargo.AuditService
	Monitor    *monitor.Service
	// CrossLinks gives the links between lists (the same party's entries)
	// kept for each set of snapshots; nil shows no links.
	CrossLinks embargo.CrossLinker
	// Importer stores uploaded lists and tells the process's observers
	// (the index reload, monitoring).
	Importer *ingest.Importer
	// LastChecked, when set, returns when a source was last checked for
	// updates successfully (zero if never), for source ages.
	LastChecked func(source string) time.Time
	// Keys checks API keys; nil means no key is valid (keyed routes answer
	// 401).
	Keys embargo.KeyService
	// Registry receives the server's metrics and is served at /metrics; nil
	// makes a new one.
	Registry *prometheus.Registry
	Logger   *slog.Logger
	// Version is shown in the UI footer and the OpenAPI document.
	Version string
	// Now returns the current time; tests replace it.
	Now func() time.Time

	ln     net.Listener
	srv    *nethttp.Server
	mux    *nethttp.ServeMux
	routes []route

	metrics *metrics
	limiter *limiter
	// crossOrigin refuses state-changing UI requests from other sites.
	crossOrigin *nethttp.CrossOriginProtection
	// scanBytes holds each client's scanning budget, in bytes.
	scanBytes *limiter
	// anonScans runs anonymous scans (nil: AnonScanShare is 0).
	anonScans *scanLane
	// authFails counts failed authentications by client address.
	authFails *limiter
	keys      *keyCache
	pages     *pages
	openAPI   []byte // the OpenAPI document, with the routes' security

	// status says what the server waits for before it is ready ("importing
	// the demo lists, 12 of 308"); empty once it is.
	status atomic.Pointer[string]

	links     *lru[string, *linkIndex]
	timelines *lru[string, *timelineData]
	diffs     *lru[string, *embargo.Diff]
	// diffRowCache holds diffs' rows with programs and countries.
	diffRowCache *lru[string, []export.DiffRow]
	// cross holds the cross-list link index of the latest snapshots.
	cross *lru[string, *crossIndex]
}

// route is one registered pattern and who may use it.
type route struct {
	pattern string
	// role is the least role needed; read routes are open to anonymous
	// clients unless Config.AuthReads.
	role embargo.Role
	read bool
	// public routes (the login page) need no key at all.
	public bool
	// api routes answer errors in JSON, the others in HTML.
	api bool
	// ops routes (/healthz, /readyz, /metrics) are not guarded.
	ops bool
	// form routes are the UI's forms that write (analyst): they take the
	// sign-in cookie, and check that they come from this site (checkForm).
	form bool
}

// NewServer returns a server with the default configuration.
func NewServer() *Server {
	return &Server{Config: DefaultConfig(), Logger: slog.Default()}
}

// SetStatus sets what the server is waiting for, shown by /readyz and the UI
// while the engine is not ready ("importing the demo lists…"); "" clears it.
func (s *Server) SetStatus(msg string) {
	s.status.Store(&msg)
}

// ready reports whether the server is fully ready: the index is loaded and
// nothing is pending.
func (s *Server) ready() bool {
	return s.Engine.Ready() && s.statusText() == ""
}

func (s *Server) statusText() string {
	if p := s.status.Load(); p != nil {
		return *p
	}
	return ""
}

// SourceAges returns each source's age: the time since its latest
// snapshot's date or, when later, its last successful update check.
func (s *Server) SourceAges() map[string]time.Duration {
	now := s.now()
	out := map[string]time.Duration{}
	for src, snap := range s.Engine.Snapshots() {
		fresh := snap.AsOf
		if s.LastChecked != nil {
			if t := s.LastChecked(src); t.After(fresh) {
				fresh = t
			}
		}
		// A snapshot dated in the future (imported before dates were
		// checked) has age 0, not a negative or saturated duration;
		// /readyz names it.
		out[src] = max(0, now.Sub(fresh))
	}
	return out
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// init builds the routes and middleware; Open calls it.
func (s *Server) init() error {
	if s.Engine == nil || s.Store == nil || s.Watchlists == nil || s.Alerts == nil || s.Audit == nil || s.Monitor == nil || s.Importer == nil {
		return errors.New("http: server needs an Engine, a Store, Watchlists, Alerts, Audit, Monitor and an Importer")
	}
	d := DefaultConfig()
	if s.Config.MaxBodyBytes <= 0 {
		s.Config.MaxBodyBytes = d.MaxBodyBytes
	}
	if s.Config.MaxImportBytes <= 0 {
		s.Config.MaxImportBytes = d.MaxImportBytes
	}
	if s.Config.MaxBatch <= 0 {
		s.Config.MaxBatch = d.MaxBatch
	}
	if s.Config.ShutdownTimeout <= 0 {
		s.Config.ShutdownTimeout = d.ShutdownTimeout
	}
	if s.Config.BodyTimeout == 0 {
		s.Config.BodyTimeout = d.BodyTimeout
	}
	if s.Config.SessionTTL <= 0 {
		s.Config.SessionTTL = d.SessionTTL
	}
	s.crossOrigin = nethttp.NewCrossOriginProtection()
	if s.Config.MinBodyRate <= 0 {
		s.Config.MinBodyRate = d.MinBodyRate
	}
	if s.Registry == nil {
		s.Registry = prometheus.NewRegistry()
	}
	m, err := newMetrics(s.Registry, s)
	if err != nil {
		return err
	}
	s.metrics = m
	s.limiter = newLimiter(s.now)
	s.authFails = newLimiter(s.now)
	s.scanBytes = newLimiter(s.now)
	if s.Config.AnonScanShare > 0 {
		s.anonScans = newScanLane(s.Config.AnonScanShare, s.Config.AnonScanQueue)
	}
	ttl := s.Config.KeyCacheTTL
	if ttl == 0 {
		ttl = 10 * time.Second
	}
	s.keys = newKeyCache(s.Keys, ttl, s.now)
	if s.pages, err = loadPages(); err != nil {
		return err
	}
	s.links = newLRU[string, *linkIndex](8)
	s.timelines = newLRU[string, *timelineData](16)
	s.diffs = newLRU[string, *embargo.Diff](16)
	s.diffRowCache = newLRU[string, []export.DiffRow](8)
	s.cross = newLRU[string, *crossIndex](8)

	s.mux = nethttp.NewServeMux()
	s.routes = nil
	// Operational endpoints: no keys, no rate limits.
	s.handleOps("GET /healthz", nethttp.HandlerFunc(s.handleHealthz))
	s.handleOps("GET /readyz", nethttp.HandlerFunc(s.handleReadyz))
	s.handleOps("GET /metrics", promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{}))
	s.mux.Handle("GET /static/", staticHandler())

	if err := s.parseMonitorPages(); err != nil {
		return err
	}
	s.registerRoutes()
	s.mux.HandleFunc("/api/", s.handleAPINotFound)
	if s.openAPI, err = openAPIDocument(s.routes, s.Config.AuthReads); err != nil {
		return err
	}
	return nil
}

// handle registers an API or UI route behind the access checks.
func (s *Server) handle(pattern string, rt route, h nethttp.HandlerFunc) {
	rt.pattern = pattern
	s.routes = append(s.routes, rt)
	s.mux.Handle(pattern, s.guard(rt, h))
}

// handleOps registers an operational route: no keys, no rate limit.
func (s *Server) handleOps(pattern string, h nethttp.Handler) {
	s.routes = append(s.routes, route{pattern: pattern, ops: true})
	s.mux.Handle(pattern, h)
}

// Routes returns the patterns of the registered routes (API, UI and
// operational; not the static files), sorted.
func (s *Server) Routes() []string {
	out := make([]string, 0, len(s.routes))
	for _, rt := range s.routes {
		out = append(out, rt.pattern)
	}
	sort.Strings(out)
	return out
}

// Handler returns the server's root handler, for tests and embedding.
// Call Open (or use the server's URL) for a listening server.
func (s *Server) Handler() nethttp.Handler {
	return s.observe(s.recoverPanics(s.bodyDeadline(s.mux)))
}

// Open starts listening on Config.Addr and serves in a goroutine.
func (s *Server) Open() error {
	if err := s.init(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", s.Config.Addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.srv = &nethttp.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.logger().Handler(), slog.LevelWarn),
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, nethttp.ErrServerClosed) {
			s.logger().Error("serve", "err", err)
		}
	}()
	return nil
}

// Close shuts the server down gracefully: it stops accepting connections
// and waits (up to Config.ShutdownTimeout) for requests in flight.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.Config.ShutdownTimeout)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		s.srv.Close()
		return err
	}
	return nil
}

// URL returns the server's base URL, e.g. "http://127.0.0.1:8080". With a
// wildcard address it names the loopback address.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	addr := s.ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
		if addr.IP.To4() == nil {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, itoa(addr.Port))
}

// Port returns the port the server listens on.
func (s *Server) Port() int {
	if s.ln == nil {
		return 0
	}
	return s.ln.Addr().(*net.TCPAddr).Port
}

// isAPIPath reports whether a path gets JSON errors.
func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/match/")
}

// handleAPINotFound answers unknown API paths and methods in JSON: 405 with
// an Allow header when the path exists with other methods, else 404.
func (s *Server) handleAPINotFound(w nethttp.ResponseWriter, r *nethttp.Request) {
	var allow []string
	for _, m := range []string{nethttp.MethodGet, nethttp.MethodPost} {
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, p := s.mux.Handler(r2); p != "" && p != "/api/" && p != "/match/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.writeError(w, r, nethttp.StatusMethodNotAllowed, codeMethodNotAllowed, "method "+r.Method+" not allowed here (allowed: "+strings.Join(allow, ", ")+")")
		return
	}
	s.Error(w, r, embargo.Errorf(embargo.ENOTFOUND, "no such API route: %s %s (see /api/v1/openapi.json)", r.Method, r.URL.Path))
}
